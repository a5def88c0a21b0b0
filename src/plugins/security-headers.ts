import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** One year, subdomains included: what browsers' HSTS preload lists ask for. */
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

const HELMET_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      mediaSrc: ["'self'", 'blob:'],
      styleSrc: ["'self'", "'unsafe-inline'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      // Upgrading would break a server reached over plain HTTP on a LAN; HSTS covers HTTPS.
      upgradeInsecureRequests: null,
    },
  },
  strictTransportSecurity: false,
  // The legacy twin of frame-ancestors 'none', for browsers that ignore CSP.
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
};

/**
 * The headers helmet sets for these options. None of them depends on the request, so helmet
 * runs once, against a response that only records them; every answer then gets the same
 * object. (Running helmet per request, as its Fastify plugin does, rebuilt its whole
 * configuration each time: 13 % of the CPU of a public-link visit.)
 */
export function helmetHeaders(options: Readonly<HelmetOptions> = HELMET_OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string) {
      headers[name.toLowerCase()] = value;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  // Helmet throws on bad options (since 8.1) and calls `next` once its headers are set.
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  return headers;
}

/**
 * Response headers every answer carries (helmet's): a CSP that forbids framing and plugins,
 * `nosniff`, `Referrer-Policy: no-referrer` (a link page must never leak its token to the sites
 * it links to), and same-origin resource policy.
 *
 * HSTS is sent only on requests that arrived over HTTPS (`request.protocol` believes
 * `X-Forwarded-Proto` only from trusted proxies): over plain HTTP the header means nothing, and
 * sending it from a LAN address would pin browsers to an HTTPS that may not exist.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  const headers = helmetHeaders();
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS_VALUE);
    done();
  });
}
