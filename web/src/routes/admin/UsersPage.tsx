import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { adminKeys, deleteUser, fetchUsers, updateUser } from '../../api/admin';
import { describeError } from '../../api/errors';
import type { Role, UserChanges, UserDetail } from '../../api/types';
import { NewUserDialog } from '../../components/admin/NewUserDialog';
import { ResetPasswordDialog } from '../../components/admin/ResetPasswordDialog';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState, ErrorState, InlineError, LoadMore } from '../../components/Feedback';
import { Icon } from '../../components/Icon';
import { useDebounced } from '../../hooks/use-debounced';
import { usePagedList } from '../../hooks/use-paged-list';
import { useCurrentUser } from '../../hooks/use-session';
import { ROLES, roleLabel } from '../../lib/account-rules';
import { formatDate, pluralize } from '../../lib/format';
import { toast } from '../../lib/toast-store';

type UserDialog = { kind: 'new' } | { kind: 'reset' | 'delete' | 'disable'; user: UserDetail } | null;

function changeMessage(user: UserDetail, changes: UserChanges): string {
  if (changes.role) return `${user.username} is now ${roleLabel(changes.role).toLowerCase()}.`;
  if (changes.disabled === true) return `${user.username} is disabled and was signed out everywhere.`;
  return `${user.username} can sign in again.`;
}

/** Administrators: everyone's account, by name; roles, sign-in, passwords, removal. */
export function UsersPage() {
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim().slice(0, 64), 250);
  const list = usePagedList(adminKeys.users(q), (offset) => fetchUsers(q, offset));
  const [dialog, setDialog] = useState<UserDialog>(null);

  const refresh = (userId: string) => {
    void queryClient.invalidateQueries({ queryKey: adminKeys.allUsers });
    // One's own role may have changed: the navigation follows it.
    if (userId === me.id) void queryClient.invalidateQueries({ queryKey: ['me'] });
  };
  const change = useMutation({
    mutationFn: ({ user, changes }: { user: UserDetail; changes: UserChanges }) =>
      updateUser(user.id, changes),
    // Said in the confirmation dialog when it comes from there, in a toast otherwise.
    meta: { silent: true },
    onError: (error, { changes }) => {
      if (changes.disabled !== true) toast.error(describeError(error));
    },
    onSuccess: (_updated, { user, changes }) => {
      toast.success(changeMessage(user, changes));
      setDialog(null);
    },
    onSettled: (_data, _error, { user }) => refresh(user.id),
  });
  const remove = useMutation({
    mutationFn: (user: UserDetail) => deleteUser(user.id),
    meta: { silent: true },
    onSuccess: (_data, user) => {
      toast.success(`Deleted ${user.username} and everything they owned.`);
      setDialog(null);
      refresh(user.id);
    },
  });
  const busyId = change.isPending ? change.variables.user.id : null;
  const target = dialog && dialog.kind !== 'new' ? dialog.user : null;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Users</h1>
          <p className="subtitle" aria-live="polite">
            {list.isSuccess ? pluralize(list.total, q ? 'match' : 'user', q ? 'matches' : 'users') : '\u00a0'}
          </p>
        </div>
        <div className="actions">
          <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'new' })}>
            <Icon name="plus" size={18} /> New user
          </button>
        </div>
      </div>
      <div className="toolbar">
        <div className="search-box inline-search">
          <Icon name="search" size={18} />
          <label htmlFor="user-search" className="visually-hidden">
            Find users
          </label>
          <input
            id="user-search"
            className="input"
            type="search"
            placeholder="Find by username"
            autoComplete="off"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
      </div>
      {list.isPending ? <div className="skeleton" style={{ height: 240 }} aria-hidden="true" /> : null}
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && list.items.length === 0 ? (
        <EmptyState icon="users" title={q ? `Nobody matches “${q}”` : 'No users'} />
      ) : null}
      {list.items.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table users-table">
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((user) => (
                <tr key={user.id}>
                  <th scope="row">
                    <span className="user-cell">
                      <span className="avatar" aria-hidden="true">
                        {user.username.slice(0, 2)}
                      </span>
                      <span className="truncate">{user.username}</span>
                      {user.id === me.id ? <span className="badge primary">You</span> : null}
                    </span>
                  </th>
                  <td data-label="Role">
                    <select
                      className="select auto"
                      aria-label={`Role of ${user.username}`}
                      value={user.role}
                      disabled={busyId === user.id}
                      onChange={(event) =>
                        change.mutate({ user, changes: { role: event.target.value as Role } })
                      }
                    >
                      {ROLES.map((option) => (
                        <option key={option.value} value={option.value}>
                          {option.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td data-label="Status">
                    <span className={`badge ${user.disabled ? 'danger' : 'ok'}`}>
                      {user.disabled ? 'Disabled' : 'Active'}
                    </span>
                  </td>
                  <td data-label="Created">
                    <time dateTime={user.created_at}>{formatDate(user.created_at)}</time>
                  </td>
                  <td className="col-actions">
                    <span className="row-actions">
                      {user.disabled ? (
                        <button
                          type="button"
                          className="btn btn-sm"
                          disabled={busyId === user.id}
                          onClick={() => change.mutate({ user, changes: { disabled: false } })}
                        >
                          Enable
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="btn btn-sm"
                          onClick={() => {
                            change.reset();
                            setDialog({ kind: 'disable', user });
                          }}
                        >
                          Disable
                        </button>
                      )}
                      <button
                        type="button"
                        className="btn btn-ghost btn-icon btn-sm"
                        aria-label={`Reset the password of ${user.username}`}
                        title="Reset password"
                        onClick={() => setDialog({ kind: 'reset', user })}
                      >
                        <Icon name="key" size={16} />
                      </button>
                      <button
                        type="button"
                        className="btn btn-ghost btn-icon btn-sm"
                        aria-label={`Delete ${user.username}`}
                        title="Delete"
                        onClick={() => {
                          remove.reset();
                          setDialog({ kind: 'delete', user });
                        }}
                      >
                        <Icon name="trash" size={16} />
                      </button>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <LoadMore list={list} />

      <NewUserDialog open={dialog?.kind === 'new'} onClose={() => setDialog(null)} />
      <ResetPasswordDialog
        user={dialog?.kind === 'reset' ? dialog.user : null}
        onClose={() => setDialog(null)}
      />
      <ConfirmDialog
        open={dialog?.kind === 'disable'}
        title={`Disable ${target?.username ?? ''}?`}
        confirmLabel="Disable"
        danger
        busy={change.isPending}
        onConfirm={() => target && change.mutate({ user: target, changes: { disabled: true } })}
        onClose={() => setDialog(null)}
      >
        <p>
          They are signed out everywhere and cannot sign in until enabled again. Nothing of theirs is deleted.
        </p>
        <InlineError error={change.variables?.changes.disabled === true ? change.error : null} />
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog?.kind === 'delete'}
        title={`Delete ${target?.username ?? ''}?`}
        confirmLabel="Delete for good"
        danger
        busy={remove.isPending}
        onConfirm={() => target && remove.mutate(target)}
        onClose={() => setDialog(null)}
      >
        <p>
          Their media, collections, tags, saved searches and shares are deleted with them, and they leave
          every group. This cannot be undone.
        </p>
        <InlineError error={remove.error} />
      </ConfirmDialog>
    </>
  );
}
