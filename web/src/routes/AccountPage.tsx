import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { changeOwnPassword } from '../api/admin';
import { ApiError } from '../api/errors';
import { PasswordFields } from '../components/admin/PasswordFields';
import { InlineError } from '../components/Feedback';
import { useCurrentUser } from '../hooks/use-session';
import { newPasswordProblems, roleLabel } from '../lib/account-rules';
import { toast } from '../lib/toast-store';
import { fieldErrorsFrom } from './field-errors';

type Problems = { current?: string; password?: string; repeat?: string };

/** The signed-in person's account: who they are, and a new password. */
export function AccountPage() {
  const me = useCurrentUser();
  const formId = useId();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<Problems>({});

  const change = useMutation({
    mutationFn: () => changeOwnPassword(current, password),
    meta: { silent: true },
    onSuccess: () => {
      setCurrent('');
      setPassword('');
      setRepeat('');
      setProblems({});
      toast.success('Password changed. Your other sessions were signed out; this one stays.');
    },
    onError: (error) => {
      const fields = fieldErrorsFrom(error);
      // Here a 401 is the server's way of saying the current password is wrong.
      const wrongCurrent = error instanceof ApiError && error.status === 401 ? error.message : undefined;
      setProblems({ current: wrongCurrent ?? fields.current_password, password: fields.new_password });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Problems = { ...newPasswordProblems(password, repeat) };
    if (!current) next.current = 'Type your current password.';
    else if (!next.password && password === current) {
      next.password = 'Choose a password different from the current one.';
    }
    setProblems(next);
    if (!next.current && !next.password && !next.repeat) change.mutate();
  };
  const unplaced = change.error && !problems.current && !problems.password ? change.error : null;

  return (
    <div className="account-page">
      <div className="page-header">
        <div>
          <h1>Your account</h1>
          <p className="subtitle">
            Signed in as <strong>{me.username}</strong> · {roleLabel(me.role)}
          </p>
        </div>
      </div>
      <section className="card pad stack" aria-labelledby={`${formId}-heading`}>
        <h2 id={`${formId}-heading`}>Change password</h2>
        <form className="stack" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`${formId}-current`}>Current password</label>
            <input
              id={`${formId}-current`}
              className="input"
              type="password"
              autoComplete="current-password"
              value={current}
              onChange={(event) => setCurrent(event.target.value)}
              aria-invalid={problems.current ? true : undefined}
              aria-describedby={problems.current ? `${formId}-current-error` : undefined}
            />
            {problems.current ? (
              <p id={`${formId}-current-error`} className="field-error" role="alert">
                {problems.current}
              </p>
            ) : null}
          </div>
          <PasswordFields
            label="New password"
            password={password}
            repeat={repeat}
            onPasswordChange={setPassword}
            onRepeatChange={setRepeat}
            problems={problems}
          />
          <InlineError error={unplaced} />
          <button type="submit" className="btn btn-primary align-start" disabled={change.isPending}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </button>
        </form>
      </section>
    </div>
  );
}
