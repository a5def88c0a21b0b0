import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { adminKeys, createGroup, deleteGroup, fetchGroupPage, updateGroup } from '../../api/admin';
import type { Group } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState, ErrorState, InlineError, LoadMore } from '../../components/Feedback';
import { Icon } from '../../components/Icon';
import { NameDialog } from '../../components/NameDialog';
import { usePagedList } from '../../hooks/use-paged-list';
import { pluralize } from '../../lib/format';
import { toast } from '../../lib/toast-store';

type GroupDialog = { kind: 'new' } | { kind: 'edit' | 'delete'; group: Group } | null;

/** Administrators: the groups people can share with, and who is in them. */
export function GroupsPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const list = usePagedList(adminKeys.groupList, (offset) => fetchGroupPage(offset));
  const [dialog, setDialog] = useState<GroupDialog>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: adminKeys.groups });

  const create = useMutation({
    mutationFn: ({ name, description }: { name: string; description: string }) =>
      createGroup(name, description || null),
    meta: { silent: true },
    onSuccess: (group) => {
      refresh();
      setDialog(null);
      toast.success(`Created the group “${group.name}”. Add its members here.`);
      void navigate(`/admin/groups/${group.id}`);
    },
  });
  const edit = useMutation({
    mutationFn: ({ id, name, description }: { id: string; name: string; description: string }) =>
      updateGroup(id, { name, description: description || null }),
    meta: { silent: true },
    onSuccess: (group) => {
      refresh();
      setDialog(null);
      toast.success(`Saved “${group.name}”.`);
    },
  });
  const remove = useMutation({
    mutationFn: (group: Group) => deleteGroup(group.id),
    meta: { silent: true },
    onSuccess: (_data, group) => {
      refresh();
      setDialog(null);
      toast.success(`Deleted the group “${group.name}”; its shares ended with it.`);
    },
  });
  const target = dialog && dialog.kind !== 'new' ? dialog.group : null;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Groups</h1>
          <p className="subtitle">{list.isSuccess ? pluralize(list.total, 'group') : '\u00a0'}</p>
        </div>
        <div className="actions">
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              create.reset();
              setDialog({ kind: 'new' });
            }}
          >
            <Icon name="plus" size={18} /> New group
          </button>
        </div>
      </div>
      {list.isPending ? <div className="skeleton" style={{ height: 160 }} aria-hidden="true" /> : null}
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && list.items.length === 0 ? (
        <EmptyState
          icon="users"
          title="No groups yet"
          action={
            <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'new' })}>
              New group
            </button>
          }
        >
          A group lets people share with a whole team or family at once.
        </EmptyState>
      ) : null}
      {list.items.length > 0 ? (
        <ul className="card-grid wide" aria-label="Groups">
          {list.items.map((group) => (
            <li key={group.id} className="card entity-card">
              <Link to={`/admin/groups/${group.id}`} className="entity-link">
                <span className="entity-icon" aria-hidden="true">
                  <Icon name="users" size={20} />
                </span>
                <span className="stack" style={{ gap: 0, minWidth: 0 }}>
                  <strong className="truncate">{group.name}</strong>
                  <span className="muted small">{pluralize(group.member_count, 'member')}</span>
                  {group.description ? (
                    <span className="faint small truncate">{group.description}</span>
                  ) : null}
                </span>
              </Link>
              <button
                type="button"
                className="btn btn-ghost btn-icon btn-sm"
                aria-label={`Rename ${group.name}`}
                onClick={() => {
                  edit.reset();
                  setDialog({ kind: 'edit', group });
                }}
              >
                <Icon name="edit" size={16} />
              </button>
              <button
                type="button"
                className="btn btn-ghost btn-icon btn-sm"
                aria-label={`Delete ${group.name}`}
                onClick={() => {
                  remove.reset();
                  setDialog({ kind: 'delete', group });
                }}
              >
                <Icon name="trash" size={16} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <LoadMore list={list} />

      <NameDialog
        open={dialog?.kind === 'new'}
        title="New group"
        label="Name"
        descriptionLabel="Description (optional)"
        submitLabel="Create"
        maxLength={100}
        busy={create.isPending}
        error={create.error}
        onSubmit={(name, description) => create.mutate({ name, description })}
        onClose={() => setDialog(null)}
      />
      <NameDialog
        open={dialog?.kind === 'edit'}
        title="Rename group"
        label="Name"
        descriptionLabel="Description (optional)"
        submitLabel="Save"
        maxLength={100}
        initialName={target?.name ?? ''}
        initialDescription={target?.description ?? ''}
        busy={edit.isPending}
        error={edit.error}
        onSubmit={(name, description) => target && edit.mutate({ id: target.id, name, description })}
        onClose={() => setDialog(null)}
      />
      <ConfirmDialog
        open={dialog?.kind === 'delete'}
        title={`Delete the group “${target?.name ?? ''}”?`}
        confirmLabel="Delete"
        danger
        busy={remove.isPending}
        onConfirm={() => target && remove.mutate(target)}
        onClose={() => setDialog(null)}
      >
        <p>Its members stay; what was shared with the group is no longer shared with them.</p>
        <InlineError error={remove.error} />
      </ConfirmDialog>
    </>
  );
}
