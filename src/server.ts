import { buildApp } from './app.js';
import type { Config } from './config.js';
import { ConnectionDrain } from './lib/connection-drain.js';
import { webBuildProblem, webDistDir } from './plugins/web-page.js';

/** The most a shutdown waits for requests still on their way in before it stops listening. */
const ACCEPT_WAIT_MAX_MS = 8_000;
const SHUTDOWN_TIMEOUT_MS = 20_000;

/** Starts listening and closes gracefully: in-flight requests drain, buffers flush. */
export async function serve(config: Config): Promise<void> {
  // Said on stderr as well as in the page, so that whoever starts the server sees it.
  const webProblem = webBuildProblem(webDistDir());
  if (webProblem) process.stderr.write(`${webProblem}\n`);
  const { app } = await buildApp({ config });
  const drain = new ConnectionDrain(app.server);
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
      // Requests a client has already sent are served, not reset by the closing listener.
      await drain.settle(ACCEPT_WAIT_MAX_MS);
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
