import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import {
  findNotificationsByIds,
  type SameStatementNotify,
} from '../repositories/notifications.repository.js';
import {
  LocalNotificationBus,
  type NotificationBus,
  type NotificationEvent,
  type NotificationListener,
} from './notification-bus.js';
import { presentNotifications } from './notifications.service.js';

/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more; stay well below. */
export const MAX_PAYLOAD_BYTES = 7500;
const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 30_000;

/** What travels in one NOTIFY: whole events, or (when one is too large) only notification ids to reload. */
type Payload = { o: string; events: NotificationEvent[] } | { o: string; ids: string[] };

/**
 * The channel of one database schema, so apps on different schemas of one database (parallel
 * test runs, several installations) never hear each other. PostgreSQL identifiers stop at 63 bytes.
 */
export function notificationChannel(schema: string | undefined): string {
  const name = `pinakes_notifications_${schema ?? 'public'}`;
  return name.length <= 63
    ? name
    : `pinakes_notifications_${crypto.createHash('sha256').update(name).digest('hex').slice(0, 32)}`;
}

/**
 * Packs events into as few payloads as fit, in order; an event too large on its own travels as
 * its id. Each event is serialised once and a payload is its parts joined (linear in the events).
 */
export function packPayloads(origin: string, events: readonly NotificationEvent[]): string[] {
  const payloads: string[] = [];
  const packer = (key: 'events' | 'ids') => {
    const start = `{"o":${JSON.stringify(origin)},"${key}":[`;
    const emptyBytes = Buffer.byteLength(start) + ']}'.length;
    let parts: string[] = [];
    let size = emptyBytes;
    const flush = () => {
      if (parts.length > 0) payloads.push(`${start}${parts.join(',')}]}`);
      parts = [];
      size = emptyBytes;
    };
    return {
      flush,
      fitsAlone: (part: string) => emptyBytes + Buffer.byteLength(part) <= MAX_PAYLOAD_BYTES,
      add(part: string) {
        const partBytes = Buffer.byteLength(part);
        if (parts.length > 0 && size + 1 + partBytes > MAX_PAYLOAD_BYTES) flush();
        size += (parts.length > 0 ? 1 : 0) + partBytes;
        parts.push(part);
      },
    };
  };
  const whole = packer('events');
  const byId = packer('ids');
  for (const event of events) {
    const json = JSON.stringify(event);
    if (whole.fitsAlone(json)) whole.add(json);
    else byId.add(JSON.stringify(event.notification.id));
  }
  whole.flush();
  byId.flush();
  return payloads;
}

export interface PostgresBusOptions {
  db: Db;
  url: string;
  schema: string | undefined;
  log: FastifyBaseLogger;
}

/**
 * Notifications across processes through PostgreSQL LISTEN/NOTIFY. A publisher hands events to
 * its own subscribers at once and NOTIFYs the others; each process keeps one dedicated LISTEN
 * connection, reconnecting with backoff when the database restarts (events published while it
 * is down reach only their own process; a reconnecting stream replays what it missed). The
 * connection opens with the first subscriber.
 */
export class PostgresNotificationBus implements NotificationBus {
  readonly channel: string;
  private readonly origin = crypto.randomUUID();
  /** How this process's own payloads begin (see packPayloads): it skips them without parsing. */
  private readonly ownPayloadStart = `{"o":${JSON.stringify(this.origin)},`;
  private readonly local: LocalNotificationBus;
  private client: pg.Client | undefined;
  private listening = false;
  private closed = false;
  private attempts = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private waiters: Array<() => void> = [];
  private started = false;

  constructor(private readonly options: PostgresBusOptions) {
    this.channel = notificationChannel(options.schema);
    this.local = new LocalNotificationBus((error) =>
      options.log.error({ err: error }, 'notification subscriber failed'),
    );
  }

  /**
   * Starts listening in the background. Called by the first subscriber, so a process that never
   * streams (a CLI command) never holds a LISTEN connection.
   */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    void this.connect();
  }

  /** The server process id of the LISTEN connection (operators and tests can find it by this). */
  get listenerPid(): number | undefined {
    if (!this.listening || !this.client) return undefined;
    // pg sets processID once connected; its type declarations leave it out.
    const pid: unknown = Reflect.get(this.client, 'processID');
    return typeof pid === 'number' ? pid : undefined;
  }

  async publish(events: NotificationEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.local.publish(events).catch(() => {});
    const payloads = packPayloads(this.origin, events);
    try {
      await sql`select pg_notify(${this.channel}, payload) from unnest(${payloads}::text[]) as payload`.execute(
        this.options.db.kysely,
      );
    } catch (error) {
      // The notifications are written; only other processes' live streams miss them.
      this.options.log.error({ err: error }, 'could not publish notifications to other processes');
    }
  }

  async publishWritten(
    events: NotificationEvent[],
    write: (notify: SameStatementNotify | null) => Promise<void>,
  ): Promise<void> {
    try {
      await write({ channel: this.channel, payloads: packPayloads(this.origin, events) });
    } catch (error) {
      // The statement failed as a whole, notifications included. Should the NOTIFY have been the
      // cause (its queue full behind a stuck listener), the notifications still deserve storing:
      // written again without it, only other processes' live streams miss them (as in publish).
      this.options.log.error(
        { err: error },
        'could not write notifications with their NOTIFY; writing them alone',
      );
      await write(null);
    }
    await this.local.publish(events);
  }

  subscribe(userId: string, listener: NotificationListener): () => void {
    this.start();
    return this.local.subscribe(userId, listener);
  }

  ready(): Promise<void> {
    this.start();
    if (this.listening || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.wake();
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    await client?.end().catch(() => {});
    await this.local.close();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.options.url,
      keepAlive: true,
      application_name: 'pinakes-listen',
    });
    this.client = client;
    let failed = false;
    const fail = (error?: unknown) => {
      if (failed) return;
      failed = true;
      if (this.client === client) {
        this.client = undefined;
        this.listening = false;
      }
      client.end().catch(() => {});
      if (this.closed) return;
      this.options.log.warn({ err: error }, 'notification listener lost its connection; reconnecting');
      this.scheduleReconnect();
    };
    client.on('error', fail);
    client.on('end', () => fail());
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload) void this.receive(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      fail(error);
      return;
    }
    if (failed || this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.attempts = 0;
    this.listening = true;
    this.wake();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    const backoff = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** this.attempts);
    this.attempts += 1;
    // Jitter, so processes do not all reconnect at the same instant after a restart.
    this.reconnectTimer = setTimeout(() => void this.connect(), backoff / 2 + Math.random() * (backoff / 2));
    this.reconnectTimer.unref();
  }

  private async receive(text: string): Promise<void> {
    try {
      if (text.startsWith(this.ownPayloadStart)) return;
      const payload = JSON.parse(text) as Payload;
      if ('events' in payload) {
        for (const event of payload.events) this.local.deliver(event);
        return;
      }
      if (!this.local.hasSubscribers()) return;
      const rows = await findNotificationsByIds(this.options.db.kysely, payload.ids);
      const listened = rows.filter((row) => this.local.hasSubscribers([row.user_id]));
      const presented = await presentNotifications(this.options, listened);
      presented.forEach((notification, index) => {
        const row = listened[index];
        if (row) this.local.deliver({ userId: row.user_id, notification });
      });
    } catch (error) {
      this.options.log.error({ err: error }, 'could not deliver a notification from another process');
    }
  }
}

/** The bus for this database: LISTEN/NOTIFY on PostgreSQL, in-process on SQLite. */
export function notificationBusFor(config: Config, db: Db, log: FastifyBaseLogger): NotificationBus {
  if (db.dialect !== 'postgres' || !config.databaseUrl) {
    return new LocalNotificationBus((error) => log.error({ err: error }, 'notification subscriber failed'));
  }
  return new PostgresNotificationBus({ db, url: config.databaseUrl, schema: config.databaseSchema, log });
}
