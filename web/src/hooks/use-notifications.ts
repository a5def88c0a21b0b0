import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { freshAccessToken } from '../api/session';
import { fetchNotifications, markAllNotificationsRead, markNotificationRead, shareKeys } from '../api/shares';
import type { ShareNotification } from '../api/types';
import { toast } from '../lib/toast-store';
import { useSession } from './use-session';

/** Where a notification leads: the incoming share, or the owner's view of their link. */
export function notificationHref(
  notification: Pick<ShareNotification, 'notification_type' | 'share_id'>,
): string {
  const { notification_type: type, share_id: shareId } = notification;
  if (type === 'share_accessed') return shareId ? `/shared/by-me/${shareId}` : '/shared/by-me';
  if (type === 'share_revoked' || !shareId) return '/shared/with-me';
  return `/shared/with-me/${shareId}`;
}

function isNotification(value: unknown): value is ShareNotification {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.id === 'string' &&
    typeof candidate.message === 'string' &&
    typeof candidate.notification_type === 'string'
  );
}

function applyIncoming(queryClient: QueryClient, notification: ShareNotification): void {
  queryClient.setQueryData<ShareNotification[]>(shareKeys.notifications, (previous) => {
    const rest = (previous ?? []).filter((item) => item.id !== notification.id);
    return notification.is_read ? rest : [notification, ...rest];
  });
  // What the notification is about has changed: lists and open pages refetch.
  if (notification.notification_type === 'share_accessed') {
    void queryClient.invalidateQueries({ queryKey: shareKeys.outgoing });
    if (notification.share_id)
      void queryClient.invalidateQueries({ queryKey: shareKeys.activity(notification.share_id) });
  } else {
    void queryClient.invalidateQueries({ queryKey: ['shares'] });
    if (notification.notification_type === 'share_revoked')
      void queryClient.invalidateQueries({ queryKey: ['media'] });
  }
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Listens to the notification stream (Server-Sent Events) while signed in. The access token
 * travels in the URL because EventSource cannot send headers; when the stream is refused
 * (an expired token), it reconnects with a fresh one, backing off while the server is away.
 */
export function useNotificationStream(): void {
  const session = useSession();
  const userId = session?.user.id;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;

  useEffect(() => {
    if (!userId || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let stopped = false;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const scheduleReconnect = () => {
      if (stopped) return;
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
      attempt += 1;
      timer = setTimeout(() => void connect(), delay);
    };

    const connect = async () => {
      let token: string | null = null;
      try {
        token = await freshAccessToken();
      } catch {
        token = null;
      }
      if (stopped || !token) {
        if (!stopped && token === null) scheduleReconnect();
        return;
      }
      const stream = new EventSource(
        `/api/v1/notifications/stream?access_token=${encodeURIComponent(token)}`,
      );
      source = stream;
      stream.addEventListener('open', () => {
        attempt = 0;
      });
      // `ready`: the server now pushes everything new. Whatever arrived before (while the list
      // was loading, or while disconnected) is in the list: fetch it once more.
      stream.addEventListener('ready', () => {
        void queryClient.invalidateQueries({ queryKey: shareKeys.notifications });
      });
      stream.addEventListener('notification', (event) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse((event as MessageEvent<string>).data);
        } catch {
          return;
        }
        if (!isNotification(parsed)) return;
        applyIncoming(queryClient, parsed);
        const href = notificationHref(parsed);
        toast.info(parsed.message, { label: 'Open', run: () => void navigateRef.current(href) });
      });
      stream.addEventListener('error', () => {
        // CONNECTING: the browser retries by itself. CLOSED: it gave up (e.g. 401): we retry.
        if (stream.readyState === EventSource.CLOSED) {
          stream.close();
          scheduleReconnect();
        }
      });
    };

    void connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      source?.close();
    };
  }, [userId, queryClient]);
}

export function useUnreadNotifications() {
  return useQuery({ queryKey: shareKeys.notifications, queryFn: fetchNotifications, staleTime: 60_000 });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markNotificationRead,
    onMutate: async (id: string) => {
      await queryClient.cancelQueries({ queryKey: shareKeys.notifications });
      const previous = queryClient.getQueryData<ShareNotification[]>(shareKeys.notifications);
      queryClient.setQueryData<ShareNotification[]>(shareKeys.notifications, (list) =>
        list?.filter((item) => item.id !== id),
      );
      return { previous };
    },
    onError: (_error, _id, context) => {
      if (context?.previous) queryClient.setQueryData(shareKeys.notifications, context.previous);
    },
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markAllNotificationsRead,
    onMutate: async () => {
      await queryClient.cancelQueries({ queryKey: shareKeys.notifications });
      const previous = queryClient.getQueryData<ShareNotification[]>(shareKeys.notifications);
      queryClient.setQueryData<ShareNotification[]>(shareKeys.notifications, []);
      return { previous };
    },
    onError: (_error, _variables, context) => {
      if (context?.previous) queryClient.setQueryData(shareKeys.notifications, context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: shareKeys.notifications }),
  });
}
