import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { isUuid } from '../../lib/ids.js';
import type { ShareNotification } from '../../presenters/notification.presenter.js';
import { unreadNotificationsAfter } from '../../repositories/notifications.repository.js';
import { presentNotifications } from '../../services/notifications.service.js';

/** Browsers reconnect after this long when a stream drops. */
export const RETRY_MS = 5000;
/** Proxies close idle connections; a comment line every so often keeps the stream open. */
export const KEEP_ALIVE_MS = 25_000;
/** A client this far behind (bytes waiting in the socket) is dropped; it reconnects and replays. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** At most this many missed notifications are replayed on reconnection. */
const REPLAY_LIMIT = 200;
/** How long `ready` waits for the bus to hear other processes (it is sent regardless after that). */
const BUS_READY_WAIT_MS = 3000;

const eventText = (notification: ShareNotification) =>
  `id: ${notification.id}\nevent: notification\ndata: ${JSON.stringify(notification)}\n\n`;

export interface StreamRequest {
  userId: string;
  /** When the credential that opened the stream stops being valid: the stream ends then. */
  endsAt: Date | undefined;
  /** The last notification id the client saw (Last-Event-ID), to replay what it missed. */
  lastEventId: string | undefined;
}

/**
 * The open notification streams of one app. Each is a hijacked response written by hand;
 * all of them end when the app closes, so shutdown never waits on a browser tab.
 */
export class NotificationStreams {
  private readonly open = new Set<() => void>();

  constructor(private readonly ctx: AppContext) {}

  get size(): number {
    return this.open.size;
  }

  async serve(request: FastifyRequest, reply: FastifyReply, stream: StreamRequest): Promise<void> {
    reply.hijack();
    const res = reply.raw;
    // Headers set so far (security headers) go out too: a hijacked reply does not send them itself.
    const earlier = Object.fromEntries(
      Object.entries(reply.getHeaders()).filter(
        (entry): entry is [string, string | number | string[]] => entry[1] !== undefined,
      ),
    );
    res.writeHead(200, {
      ...earlier,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });

    const closers = this.open;
    let ended = false;
    // Until live, new notifications queue up while missed ones are replayed; ids dedupe the two.
    let live = false;
    const queued: ShareNotification[] = [];
    const sent = new Set<string>();
    const write = (text: string) => {
      if (ended) return;
      res.write(text);
      if (res.writableLength > MAX_BUFFERED_BYTES) end();
    };
    const send = (notification: ShareNotification) => {
      if (!live) {
        if (sent.has(notification.id)) return;
        sent.add(notification.id);
      }
      write(eventText(notification));
    };

    const unsubscribe = this.ctx.notifications.subscribe(stream.userId, (notification) => {
      if (live) send(notification);
      else queued.push(notification);
    });
    const keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();
    const expiry =
      stream.endsAt === undefined
        ? undefined
        : setTimeout(end, Math.max(0, stream.endsAt.getTime() - this.ctx.clock.now().getTime()));
    expiry?.unref();

    function end() {
      if (ended) return;
      ended = true;
      unsubscribe();
      clearInterval(keepAlive);
      clearTimeout(expiry);
      closers.delete(end);
      res.end();
    }
    closers.add(end);
    request.raw.on('close', end);
    res.on('close', end);
    res.on('error', end);

    write(`retry: ${RETRY_MS}\n\n`);
    await this.busReady();
    write('event: ready\ndata: {}\n\n');
    try {
      if (stream.lastEventId && isUuid(stream.lastEventId)) {
        const missed = await unreadNotificationsAfter(
          this.ctx.db.kysely,
          stream.userId,
          stream.lastEventId.toLowerCase(),
          REPLAY_LIMIT,
        );
        for (const notification of await presentNotifications(this.ctx, missed)) send(notification);
      }
    } catch (error) {
      this.ctx.log.error({ err: error }, 'could not replay missed notifications');
    }
    for (const notification of queued.splice(0)) send(notification);
    live = true;
    sent.clear();
  }

  /** Waits (a bounded time) until the bus delivers other processes' notifications too. */
  private async busReady(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.ctx.notifications.ready(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, BUS_READY_WAIT_MS);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  /** Ends every open stream (the app is closing). */
  closeAll(): void {
    for (const end of [...this.open]) end();
  }
}
