import { Link } from 'react-router';
import { EmptyState } from '../components/Feedback';

export function NotFoundPage() {
  return (
    <EmptyState
      icon="alert"
      title="Nothing here"
      action={
        <Link className="btn btn-primary" to="/">
          Back to the library
        </Link>
      }
    >
      The address does not lead to a page of Pinakes.
    </EmptyState>
  );
}
