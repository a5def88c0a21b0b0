import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { fetchSetupStatus, signIn } from '../api/auth';
import { sessionEndReason } from '../api/session';
import { InlineError } from '../components/Feedback';
import { useSession } from '../hooks/use-session';
import { AuthLayout } from './AuthLayout';

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}

export function LoginPage() {
  const session = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const next = safeNext(params.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const setup = useQuery({
    queryKey: ['setup'],
    queryFn: fetchSetupStatus,
    staleTime: 0,
    meta: { silent: true },
  });
  const login = useMutation({
    mutationFn: () => signIn(username.trim(), password),
    meta: { silent: true },
    onSuccess: () => {
      queryClient.clear();
      void navigate(next, { replace: true });
    },
  });

  if (session && !login.isPending) return <Navigate to={next} replace />;
  if (setup.data?.needs_setup) return <Navigate to="/setup" replace />;

  const ended = sessionEndReason() === 'expired';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) return;
    login.mutate();
  };

  return (
    <AuthLayout title="Sign in" subtitle="Your library and everything shared with you.">
      {ended && !login.error ? (
        <p className="alert info" role="status">
          Your session ended. Sign in again to continue.
        </p>
      ) : null}
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor="login-username">Username</label>
          <input
            id="login-username"
            className="input"
            autoComplete="username"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            required
            autoFocus
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
            className="input"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
        </div>
        <InlineError error={login.error} />
        <button type="submit" className="btn btn-primary" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
