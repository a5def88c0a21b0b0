import { EventEmitter } from 'node:events';

export interface NotificationEvent {
  userId: string;
  /** The ShareNotification as the API shows it. */
  notification: unknown;
}

/**
 * Carries new notifications to open SSE streams. In one process an EventEmitter does;
 * with PostgreSQL several processes share one bus through LISTEN/NOTIFY.
 */
export interface NotificationBus {
  publish(events: NotificationEvent[]): Promise<void>;
  subscribe(userId: string, listener: (notification: unknown) => void): () => void;
  close(): Promise<void>;
}

export class LocalNotificationBus implements NotificationBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  async publish(events: NotificationEvent[]): Promise<void> {
    for (const event of events) this.deliver(event);
  }

  /** Hands an event to this process's subscribers. */
  deliver(event: NotificationEvent): void {
    this.emitter.emit(event.userId, event.notification);
  }

  subscribe(userId: string, listener: (notification: unknown) => void): () => void {
    this.emitter.on(userId, listener);
    return () => this.emitter.off(userId, listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
