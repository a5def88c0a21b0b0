import { Link, Outlet } from 'react-router';
import { useCurrentUser } from '../../hooks/use-session';
import { EmptyState } from '../Feedback';

/** Administration pages: others are told so (the API refuses them anyway). */
export function RequireAdmin() {
  const me = useCurrentUser();
  if (me.role === 'admin') return <Outlet />;
  return (
    <EmptyState
      icon="lock"
      title="For administrators only"
      action={
        <Link className="btn" to="/">
          Go to the library
        </Link>
      }
    >
      Ask an administrator if you need a change to people or groups.
    </EmptyState>
  );
}
