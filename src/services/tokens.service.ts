import crypto from 'node:crypto';
import type { AppContext } from '../context.js';

/*
 * Compact JWS, HS256 only, over node:crypto's HMAC: synchronous and a few microseconds a token
 * (WebCrypto imports the key and runs the HMAC as a thread-pool job on every call, 20-30 times
 * slower, and every authenticated request and every link visit pays for a token).
 * The rules are jose's `jwtVerify` with `algorithms: ['HS256']`: the header must name exactly
 * HS256 and carry no `crit`/`b64`; the signature is compared in constant time before the
 * payload is read; iss, aud, sub, exp and iat must be present; exp is refused at or after its
 * second, nbf before its second. Tokens are byte-compatible with jose's in both directions.
 */

const ISSUER = 'pinakes';
const ALGORITHM = 'HS256';
const HEADER = Buffer.from(JSON.stringify({ alg: ALGORITHM, typ: 'JWT' })).toString('base64url');
const SIGNATURE_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** A header longer than this is not one we issued (ours is 36 characters). */
const MAX_HEADER_CHARS = 1024;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Who a token is for; a token minted for one audience is refused by every other. */
export type TokenAudience = 'pinakes:api' | 'pinakes:link';

export interface VerifiedToken {
  sub: string;
  claims: Record<string, unknown>;
}

/** One KeyObject per key: creating it once saves copying the secret on every HMAC. */
const keyObjects = new WeakMap<Uint8Array, crypto.KeyObject>();
function keyObject(key: Uint8Array): crypto.KeyObject {
  let found = keyObjects.get(key);
  if (!found) {
    found = crypto.createSecretKey(key);
    keyObjects.set(key, found);
  }
  return found;
}

const hmac = (key: Uint8Array, input: string): Buffer =>
  crypto.createHmac('sha256', keyObject(key)).update(input, 'ascii').digest();

export async function signToken(
  ctx: Pick<AppContext, 'keys' | 'clock'>,
  audience: TokenAudience,
  subject: string,
  ttlSeconds: number,
  claims: Record<string, unknown> = {},
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(ctx.clock.now().getTime() / 1000);
  const expiresAt = new Date((issuedAt + ttlSeconds) * 1000);
  const payload = {
    ...claims,
    iss: ISSUER,
    aud: audience,
    sub: subject,
    iat: issuedAt,
    exp: issuedAt + ttlSeconds,
  };
  const input = `${HEADER}.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
  return { token: `${input}.${hmac(ctx.keys.jwt, input).toString('base64url')}`, expiresAt };
}

function parseObject(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(strictUtf8.decode(Buffer.from(segment, 'base64url')));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const audienceMatches = (aud: unknown, audience: TokenAudience) =>
  aud === audience || (Array.isArray(aud) && aud.includes(audience));

/** A numeric-date claim: absent is allowed only when not required; present must be a number. */
function numericDate(
  claims: Record<string, unknown>,
  name: string,
  required: boolean,
): number | null | false {
  if (!Object.hasOwn(claims, name)) return required ? false : null;
  const value = claims[name];
  return typeof value === 'number' ? value : false;
}

/** The header we accept: a JSON object naming exactly HS256, with no critical extensions. */
function headerAcceptable(segment: string): boolean {
  if (segment === HEADER) return true;
  if (segment.length > MAX_HEADER_CHARS) return false;
  const header = parseObject(segment);
  return (
    header !== null &&
    header.alg === ALGORITHM &&
    !Object.hasOwn(header, 'crit') &&
    !Object.hasOwn(header, 'b64')
  );
}

/**
 * Verifies signature (HS256 only: `none` and key confusion are refused), issuer, audience,
 * expiry and `nbf` against the app clock. Returns null for any token that is not good.
 */
export async function verifyToken(
  ctx: Pick<AppContext, 'keys' | 'clock'>,
  audience: TokenAudience,
  token: string,
): Promise<VerifiedToken | null> {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header = '', body = '', signature = ''] = parts;
  if (!BASE64URL.test(header) || !BASE64URL.test(body) || !BASE64URL.test(signature)) return null;
  if (!headerAcceptable(header)) return null;
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== SIGNATURE_BYTES) return null;
  if (!crypto.timingSafeEqual(given, hmac(ctx.keys.jwt, `${header}.${body}`))) return null;

  const claims = parseObject(body);
  if (!claims) return null;
  for (const required of ['iss', 'aud', 'sub', 'exp', 'iat'])
    if (!Object.hasOwn(claims, required)) return null;
  if (claims.iss !== ISSUER || !audienceMatches(claims.aud, audience)) return null;
  const now = Math.floor(ctx.clock.now().getTime() / 1000);
  const exp = numericDate(claims, 'exp', true);
  const nbf = numericDate(claims, 'nbf', false);
  const iat = numericDate(claims, 'iat', true);
  if (exp === false || nbf === false || iat === false) return null;
  if (nbf !== null && nbf > now) return null;
  if (exp === null || exp <= now) return null;
  if (typeof claims.sub !== 'string') return null;
  return { sub: claims.sub, claims };
}
