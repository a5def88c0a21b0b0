import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { adminKeys, createUser } from '../../api/admin';
import { ApiError } from '../../api/errors';
import type { Role } from '../../api/types';
import { newPasswordProblems, ROLES, roleLabel, usernameProblem } from '../../lib/account-rules';
import { toast } from '../../lib/toast-store';
import { fieldErrorsFrom } from '../../routes/field-errors';
import { Dialog } from '../Dialog';
import { InlineError } from '../Feedback';
import { PasswordFields } from './PasswordFields';

type Problems = { username?: string; password?: string; repeat?: string };

/** An administrator adds a person: name, role and a first password to hand over. */
export function NewUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const formId = useId();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<Problems>({});

  const create = useMutation({
    mutationFn: () => createUser({ username: username.trim(), password, role }),
    meta: { silent: true },
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.allUsers });
      toast.success(`Created ${user.username} (${roleLabel(user.role)}).`);
      onClose();
    },
    onError: (error) => {
      const fields = fieldErrorsFrom(error);
      // A taken name is a conflict without field details: it still belongs next to the name.
      if (error instanceof ApiError && error.status === 409) fields.username = error.message;
      setProblems({ username: fields.username, password: fields.password });
    },
  });

  const { reset } = create;
  useEffect(() => {
    if (!open) return;
    // A dialog opened again starts empty: no fields, and no error left from the last attempt.
    setUsername('');
    setRole('editor');
    setPassword('');
    setRepeat('');
    setProblems({});
    reset();
  }, [open, reset]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Problems = { ...newPasswordProblems(password, repeat) };
    const nameProblem = usernameProblem(username);
    if (nameProblem) next.username = nameProblem;
    setProblems(next);
    if (!next.username && !next.password && !next.repeat) create.mutate();
  };
  const unplaced = create.error && !problems.username && !problems.password ? create.error : null;

  return (
    <Dialog
      open={open}
      title="New user"
      onClose={onClose}
      size="sm"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create user'}
          </button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${formId}-username`}>Username</label>
          <input
            id={`${formId}-username`}
            className="input"
            autoComplete="off"
            value={username}
            maxLength={64}
            onChange={(event) => setUsername(event.target.value)}
            aria-invalid={problems.username ? true : undefined}
            aria-describedby={problems.username ? `${formId}-username-error` : undefined}
            data-autofocus
          />
          {problems.username ? (
            <p id={`${formId}-username-error`} className="field-error">
              {problems.username}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={`${formId}-role`}>Role</label>
          <select
            id={`${formId}-role`}
            className="select"
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
            aria-describedby={`${formId}-role-hint`}
          >
            {ROLES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <p id={`${formId}-role-hint`} className="field-hint">
            {ROLES.find((option) => option.value === role)?.hint}
          </p>
        </div>
        <PasswordFields
          password={password}
          repeat={repeat}
          onPasswordChange={setPassword}
          onRepeatChange={setRepeat}
          problems={problems}
        />
        <InlineError error={unplaced} />
      </form>
    </Dialog>
  );
}
