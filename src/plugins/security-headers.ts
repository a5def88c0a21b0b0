import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

/** One year, subdomains included: what browsers' HSTS preload lists ask for. */
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/**
 * Response headers every answer carries (helmet): a CSP that forbids framing and plugins,
 * `nosniff`, `Referrer-Policy: no-referrer` (a link page must never leak its token to the sites
 * it links to), and same-origin resource policy.
 *
 * HSTS is sent only on requests that arrived over HTTPS (`request.protocol` believes
 * `X-Forwarded-Proto` only from trusted proxies): over plain HTTP the header means nothing, and
 * sending it from a LAN address would pin browsers to an HTTPS that may not exist.
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
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
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS_VALUE);
  });
}
