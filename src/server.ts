import type { Server } from 'node:http';
import { buildApp } from './app.js';
import type { Config } from './config.js';

/** How long no new connection may arrive before the listener closes, and the most we wait for that. */
const ACCEPT_QUIET_MS = 250;
const ACCEPT_WAIT_MAX_MS = 3_000;
const SHUTDOWN_TIMEOUT_MS = 15_000;

/**
 * Closing the listening socket resets every connection the kernel has accepted but Node has
 * not yet picked up, and Node drops accepted connections whose request it has not read yet.
 * Under load both can hold requests a client already sent, so the listener keeps serving
 * until connections have stopped arriving for a moment (bounded), then closes.
 */
async function waitForAcceptQueue(server: Server): Promise<void> {
  let lastArrival = Date.now();
  const onConnection = () => {
    lastArrival = Date.now();
  };
  server.on('connection', onConnection);
  const deadline = Date.now() + ACCEPT_WAIT_MAX_MS;
  try {
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, ACCEPT_QUIET_MS / 5));
      // After the poll phase: connections that became readable meanwhile have been accepted.
      await new Promise((resolve) => setImmediate(resolve));
      if (Date.now() - lastArrival >= ACCEPT_QUIET_MS) return;
    }
  } finally {
    server.off('connection', onConnection);
  }
}

/** Starts listening and closes gracefully: in-flight requests drain, buffers flush. */
export async function serve(config: Config): Promise<void> {
  const { app } = await buildApp({ config });
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    try {
      await waitForAcceptQueue(app.server);
      // Stops listening, answers 503 to new requests on open connections, waits for the
      // requests in flight, then runs the shutdown tasks (buffers flush) and closes the database.
      await app.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
}
