import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { createFirstAdmin, fetchSetupStatus } from '../api/auth';
import { ApiError } from '../api/errors';
import { ErrorState, InlineError, Spinner } from '../components/Feedback';
import { useSession } from '../hooks/use-session';
import { AuthLayout } from './AuthLayout';
import { fieldErrorsFrom } from './field-errors';

const USERNAME_RULE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** First run: create the administrator, who is then signed in. */
export function SetupPage() {
  const session = useSession();
  const navigate = useNavigate();
  const status = useQuery({
    queryKey: ['setup'],
    queryFn: fetchSetupStatus,
    staleTime: 0,
    meta: { silent: true },
  });
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const setup = useMutation({
    mutationFn: () => createFirstAdmin(username.trim(), password),
    meta: { silent: true },
    onSuccess: () => void navigate('/', { replace: true }),
    onError: (error) => setProblems(fieldErrorsFrom(error)),
  });

  if (status.isPending) {
    return (
      <AuthLayout title="Welcome">
        <Spinner />
      </AuthLayout>
    );
  }
  if (status.isError) {
    return (
      <AuthLayout title="Welcome">
        <ErrorState error={status.error} onRetry={() => void status.refetch()} />
      </AuthLayout>
    );
  }
  if (!status.data.needs_setup && !setup.isSuccess) {
    if (session) return <Navigate to="/" replace />;
    return (
      <AuthLayout title="Already set up" subtitle="This server has its administrator.">
        <Link className="btn btn-primary" to="/login">
          Go to sign in
        </Link>
      </AuthLayout>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!USERNAME_RULE.test(username.trim())) {
      next.username =
        'Use letters, digits, dots, dashes or underscores (up to 64), starting with a letter or digit.';
    }
    if (password.length < 8) next.password = 'The password needs at least 8 characters.';
    else if (password !== confirm) next.confirm = 'The two passwords differ.';
    setProblems(next);
    if (Object.keys(next).length === 0) setup.mutate();
  };

  return (
    <AuthLayout
      title="Set up Pinakes"
      subtitle="Create the administrator account. You can invite others afterwards."
    >
      <form className="stack" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="setup-username">Username</label>
          <input
            id="setup-username"
            className="input"
            autoComplete="username"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            aria-invalid={problems.username ? true : undefined}
            aria-describedby={problems.username ? 'setup-username-error' : undefined}
            required
          />
          {problems.username ? (
            <p id="setup-username-error" className="field-error">
              {problems.username}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="setup-password">Password</label>
          <input
            id="setup-password"
            className="input"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={problems.password ? true : undefined}
            aria-describedby="setup-password-hint"
            required
          />
          <p id="setup-password-hint" className={problems.password ? 'field-error' : 'field-hint'}>
            {problems.password ?? 'At least 8 characters.'}
          </p>
        </div>
        <div className="field">
          <label htmlFor="setup-confirm">Repeat the password</label>
          <input
            id="setup-confirm"
            className="input"
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(event) => setConfirm(event.target.value)}
            aria-invalid={problems.confirm ? true : undefined}
            aria-describedby={problems.confirm ? 'setup-confirm-error' : undefined}
            required
          />
          {problems.confirm ? (
            <p id="setup-confirm-error" className="field-error">
              {problems.confirm}
            </p>
          ) : null}
        </div>
        {setup.error && !(setup.error instanceof ApiError && setup.error.details.length > 0) ? (
          <InlineError error={setup.error} />
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={setup.isPending}>
          {setup.isPending ? 'Creating…' : 'Create administrator'}
        </button>
      </form>
    </AuthLayout>
  );
}
