import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  addGroupMember,
  adminKeys,
  deleteGroup,
  fetchGroup,
  removeGroupMember,
  updateGroup,
} from '../../api/admin';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState, ErrorState, InlineError, Spinner } from '../../components/Feedback';
import { Icon } from '../../components/Icon';
import { NameDialog } from '../../components/NameDialog';
import { RecipientPicker } from '../../components/share/RecipientPicker';
import { pluralize } from '../../lib/format';
import { toast } from '../../lib/toast-store';

/** One group: its name and description, and its members (added through the user lookup). */
export function GroupPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const group = useQuery({ queryKey: adminKeys.group(id), queryFn: () => fetchGroup(id) });
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const refreshLists = () => void queryClient.invalidateQueries({ queryKey: adminKeys.groups });

  const edit = useMutation({
    mutationFn: ({ name, description }: { name: string; description: string }) =>
      updateGroup(id, { name, description: description || null }),
    meta: { silent: true },
    onSuccess: (updated) => {
      queryClient.setQueryData(adminKeys.group(id), updated);
      refreshLists();
      setDialog(null);
      toast.success(`Saved “${updated.name}”.`);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteGroup(id),
    meta: { silent: true },
    onSuccess: () => {
      toast.success(`Deleted the group “${group.data?.name ?? ''}”; its shares ended with it.`);
      queryClient.removeQueries({ queryKey: adminKeys.group(id) });
      refreshLists();
      void navigate('/admin/groups');
    },
  });
  const addMember = useMutation({
    mutationFn: (member: { id: string; name: string }) => addGroupMember(id, member.id),
    onSuccess: (updated, member) => {
      queryClient.setQueryData(adminKeys.group(id), updated);
      refreshLists();
      toast.success(`Added ${member.name} to “${updated.name}”.`);
    },
  });
  const removeMember = useMutation({
    mutationFn: (member: { id: string; username: string }) => removeGroupMember(id, member.id),
    onSuccess: (_data, member) => {
      toast.success(`Took ${member.username} out of “${group.data?.name ?? ''}”.`);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.group(id) });
      refreshLists();
    },
  });

  if (group.isPending) return <Spinner />;
  if (group.isError) {
    return (
      <>
        <ErrorState error={group.error} title="This group cannot be shown" />
        <Link to="/admin/groups">Back to groups</Link>
      </>
    );
  }
  const data = group.data;
  const members = data.members ?? [];
  const memberIds = new Set(members.map((member) => member.id));

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/admin/groups">Groups</Link>
      </nav>
      <div className="page-header">
        <div>
          <h1>{data.name}</h1>
          <p className="subtitle">
            {data.description ? `${data.description} · ` : ''}
            {pluralize(data.member_count, 'member')}
          </p>
        </div>
        <div className="actions">
          <button
            type="button"
            className="btn"
            onClick={() => {
              edit.reset();
              setDialog('edit');
            }}
          >
            <Icon name="edit" size={18} /> Rename
          </button>
          <button
            type="button"
            className="btn btn-danger"
            onClick={() => {
              remove.reset();
              setDialog('delete');
            }}
          >
            <Icon name="trash" size={18} /> Delete
          </button>
        </div>
      </div>
      <section className="card pad stack group-members" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <RecipientPicker
          label="Add a member"
          hint="Type part of a username, then pick the person."
          value={null}
          onChange={(person) => {
            if (person) addMember.mutate(person);
          }}
          excludeIds={memberIds}
        />
        {addMember.isPending ? <Spinner label="Adding" /> : null}
        {members.length === 0 ? (
          <EmptyState icon="users" title="Nobody in it yet">
            Find people by name above.
          </EmptyState>
        ) : (
          <ul className="member-list" aria-label={`Members of ${data.name}`}>
            {members.map((member) => (
              <li key={member.id}>
                <span className="avatar" aria-hidden="true">
                  {member.username.slice(0, 2)}
                </span>
                <span className="member-name truncate">{member.username}</span>
                <button
                  type="button"
                  className="btn btn-sm btn-ghost"
                  aria-label={`Remove ${member.username} from ${data.name}`}
                  disabled={removeMember.isPending && removeMember.variables.id === member.id}
                  onClick={() => removeMember.mutate(member)}
                >
                  <Icon name="close" size={16} /> Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <NameDialog
        open={dialog === 'edit'}
        title="Rename group"
        label="Name"
        descriptionLabel="Description (optional)"
        submitLabel="Save"
        maxLength={100}
        initialName={data.name}
        initialDescription={data.description ?? ''}
        busy={edit.isPending}
        error={edit.error}
        onSubmit={(name, description) => edit.mutate({ name, description })}
        onClose={() => setDialog(null)}
      />
      <ConfirmDialog
        open={dialog === 'delete'}
        title={`Delete the group “${data.name}”?`}
        confirmLabel="Delete"
        danger
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setDialog(null)}
      >
        <p>Its members stay; what was shared with the group is no longer shared with them.</p>
        <InlineError error={remove.error} />
      </ConfirmDialog>
    </>
  );
}
