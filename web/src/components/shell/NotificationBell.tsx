import { useNavigate } from 'react-router';
import {
  useMarkAllRead,
  useMarkRead,
  useNotificationStream,
  useUnreadNotifications,
  notificationHref,
} from '../../hooks/use-notifications';
import { usePopover } from '../../hooks/use-popover';
import { formatRelative } from '../../lib/format';
import { ErrorState, Spinner } from '../Feedback';
import { Icon } from '../Icon';

export function NotificationBell() {
  useNotificationStream();
  const notifications = useUnreadNotifications();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const popover = usePopover();
  const navigate = useNavigate();
  const unread = notifications.data?.length ?? 0;
  const label = unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;

  return (
    <div className="menu-anchor" ref={popover.anchorRef}>
      <button
        type="button"
        className="btn btn-ghost btn-icon bell"
        aria-label={label}
        {...popover.triggerProps}
      >
        <Icon name="bell" />
        {unread > 0 ? (
          <span className="bell-count" aria-hidden="true" data-testid="unread-count">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {popover.open ? (
        <div
          className="popover notifications-panel"
          id={popover.panelId}
          role="region"
          aria-label="Notifications"
        >
          <header>
            <h2>Notifications</h2>
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              disabled={unread === 0 || markAll.isPending}
              onClick={() => markAll.mutate()}
            >
              Mark all read
            </button>
          </header>
          {notifications.isPending ? (
            <div className="panel-center">
              <Spinner />
            </div>
          ) : notifications.isError ? (
            <div className="panel-pad">
              <ErrorState error={notifications.error} onRetry={() => void notifications.refetch()} />
            </div>
          ) : unread === 0 ? (
            <p className="panel-pad muted">You are all caught up.</p>
          ) : (
            <ul>
              {notifications.data.map((notification) => (
                <li key={notification.id}>
                  <button
                    type="button"
                    className="notification"
                    onClick={() => {
                      markRead.mutate(notification.id);
                      popover.close(false);
                      void navigate(notificationHref(notification));
                    }}
                  >
                    <span className="dot" aria-hidden="true" />
                    <span className="stack" style={{ gap: 2 }}>
                      <span>{notification.message}</span>
                      <span className="faint" style={{ fontSize: '0.8rem' }}>
                        {formatRelative(notification.created_at)}
                      </span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
