import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { Clock } from './lib/clock.js';
import type { NotificationBus } from './services/notification-bus.js';

/** What services depend on: passed explicitly, one object for the whole app. */
export interface AppContext {
  config: Config;
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
  keys: {
    /** Signs access tokens and link access tokens (HS256). */
    jwt: Uint8Array;
    /** Seals link tokens so an owner can see a link again. */
    seal: Buffer;
  };
  notifications: NotificationBus;
  /** Work to finish before the process exits (write-behind buffers, running jobs). */
  onShutdown(task: () => Promise<void>): void;
}
