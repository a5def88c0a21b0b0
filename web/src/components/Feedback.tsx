import type { ReactNode } from 'react';
import { describeError } from '../api/errors';
import { Icon, type IconName } from './Icon';

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}

export function EmptyState({
  icon,
  title,
  children,
  action,
}: {
  icon: IconName;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <section className="empty-state" aria-label={title}>
      <div className="empty-icon">
        <Icon name={icon} size={30} />
      </div>
      <h2>{title}</h2>
      {children ? <div className="muted">{children}</div> : null}
      {action ? <div className="empty-action">{action}</div> : null}
    </section>
  );
}

/** An error from the API, in its own words, with a way to try again. */
export function ErrorState({
  error,
  onRetry,
  title = 'This could not be loaded',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <div className="alert error error-state" role="alert">
      <div className="row">
        <Icon name="alert" size={18} />
        <strong>{title}</strong>
      </div>
      <p>{describeError(error)}</p>
      {onRetry ? (
        <button type="button" className="btn btn-sm" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function InlineError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="alert error" role="alert">
      {describeError(error)}
    </p>
  );
}

/** What an infinite query offers for loading its next page. */
interface NextPages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** The button under a paged list that loads its next page; nothing once there is none. */
export function LoadMore({ list, label = 'Show more' }: { list: NextPages; label?: string }) {
  if (!list.hasNextPage) return null;
  return (
    <div className="grid-more">
      <button
        type="button"
        className="btn"
        onClick={() => void list.fetchNextPage()}
        disabled={list.isFetchingNextPage}
      >
        {list.isFetchingNextPage ? 'Loading…' : label}
      </button>
    </div>
  );
}
