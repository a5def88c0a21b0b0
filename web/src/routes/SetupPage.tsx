import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { createFirstAdmin, fetchSetupStatus } from '../api/auth';
import { ApiError } from '../api/errors';
import { PasswordFields } from '../components/admin/PasswordFields';
import { ErrorState, InlineError, Spinner } from '../components/Feedback';
import { useSession } from '../hooks/use-session';
import { newPasswordProblems, usernameProblem } from '../lib/account-rules';
import { AuthLayout } from './AuthLayout';
import { fieldErrorsFrom } from './field-errors';

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
  const [repeat, setRepeat] = useState('');
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
    const next: Record<string, string> = { ...newPasswordProblems(password, repeat) };
    const nameProblem = usernameProblem(username);
    if (nameProblem) next.username = nameProblem;
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
        <PasswordFields
          password={password}
          repeat={repeat}
          onPasswordChange={setPassword}
          onRepeatChange={setRepeat}
          problems={problems}
        />
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
