import { EventEmitter } from 'node:events';
import type { ShareNotification } from '../presenters/notification.presenter.js';
import type { SameStatementNotify } from '../repositories/notifications.repository.js';

export interface NotificationEvent {
  userId: string;
  /** The ShareNotification as the API shows it. */
  notification: ShareNotification;
}

export type NotificationListener = (notification: ShareNotification) => void;

/**
 * Carries new notifications to open SSE streams. In one process an EventEmitter does;
 * with PostgreSQL several processes share one bus through LISTEN/NOTIFY
 * (src/services/pg-notification-bus.ts).
 */
export interface NotificationBus {
  publish(events: NotificationEvent[]): Promise<void>;
  /**
   * Publishes events as `write` stores them: `write` is given what it must NOTIFY in its own
   * statement (a bus across processes on PostgreSQL; null otherwise), which saves a round trip.
   * This process's subscribers get the events once `write` succeeds, and nobody if it fails.
   */
  publishWritten(
    events: NotificationEvent[],
    write: (notify: SameStatementNotify | null) => Promise<void>,
  ): Promise<void>;
  subscribe(userId: string, listener: NotificationListener): () => void;
  /** Resolves once the bus delivers what other processes publish (at once for a local bus). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export class LocalNotificationBus implements NotificationBus {
  private readonly emitter = new EventEmitter();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {
    this.emitter.setMaxListeners(0);
  }

  async publish(events: NotificationEvent[]): Promise<void> {
    for (const event of events) this.deliver(event);
  }

  async publishWritten(
    events: NotificationEvent[],
    write: (notify: SameStatementNotify | null) => Promise<void>,
  ): Promise<void> {
    await write(null);
    await this.publish(events);
  }

  /** Hands an event to this process's subscribers. */
  deliver(event: NotificationEvent): void {
    this.emitter.emit(event.userId, event.notification);
  }

  /** Does anyone in this process listen for any of these users? */
  hasSubscribers(userIds?: readonly string[]): boolean {
    if (!userIds) return this.emitter.eventNames().length > 0;
    return userIds.some((userId) => this.emitter.listenerCount(userId) > 0);
  }

  subscribe(userId: string, listener: NotificationListener): () => void {
    // One failing subscriber must not keep the event from the others (or from the publisher).
    const guarded: NotificationListener = (notification) => {
      try {
        listener(notification);
      } catch (error) {
        this.onListenerError(error);
      }
    };
    this.emitter.on(userId, guarded);
    return () => this.emitter.off(userId, guarded);
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
