import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** A connection younger than this that has sent nothing yet is a request on its way in. */
const FRESH_MS = 2_000;
/** No new connection for this long: the kernel's accept queue is empty. */
const QUIET_MS = 250;
const POLL_MS = 25;

/**
 * Closing a listening socket resets every connection the kernel accepted that Node has not
 * picked up yet, and Node drops accepted connections whose first request it has not read yet
 * (to it they are idle). Under load both can hold requests a client has already sent. This
 * watches connections from the start, so that at shutdown the server can keep serving until
 * connections have stopped arriving and every fresh one has delivered its request.
 */
export class ConnectionDrain {
  private lastArrival = 0;
  /** Accepted connections that have not sent a request yet, with when they arrived. */
  private readonly waiting = new Map<Socket, number>();

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.lastArrival = Date.now();
      this.waiting.set(socket, this.lastArrival);
      socket.once('close', () => this.waiting.delete(socket));
    });
    server.on('request', (request: { socket: Socket }) => this.waiting.delete(request.socket));
  }

  private settled(now: number): boolean {
    if (now - this.lastArrival < QUIET_MS) return false;
    for (const arrivedAt of this.waiting.values()) if (now - arrivedAt < FRESH_MS) return false;
    return true;
  }

  /** Resolves once nothing is on its way in, or after `maxMs` whatever happens. */
  async settle(maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    while (Date.now() < deadline) {
      // After the poll phase, so connections and bytes that arrived meanwhile are counted.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.settled(Date.now())) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
