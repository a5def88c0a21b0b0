import { useQuery } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from 'react-router';
import { fetchSetupStatus } from '../../api/auth';
import { useSession } from '../../hooks/use-session';
import { Spinner } from '../Feedback';

/** Pages behind sign-in: without a session, go to setup (first run) or to sign-in. */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  const setup = useQuery({
    queryKey: ['setup'],
    queryFn: fetchSetupStatus,
    enabled: !session,
    staleTime: 0,
    meta: { silent: true },
  });
  if (session) return <Outlet />;
  if (setup.isPending) {
    return (
      <div className="center-page">
        <Spinner />
      </div>
    );
  }
  if (setup.data?.needs_setup) return <Navigate to="/setup" replace />;
  const next = `${location.pathname}${location.search}`;
  return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
}
