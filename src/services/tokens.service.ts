import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { AppContext } from '../context.js';

const ISSUER = 'pinakes';
const ALGORITHMS = ['HS256'];

/** Who a token is for; a token minted for one audience is refused by every other. */
export type TokenAudience = 'pinakes:api' | 'pinakes:link';

export interface VerifiedToken {
  sub: string;
  claims: Record<string, unknown>;
}

export async function signToken(
  ctx: Pick<AppContext, 'keys' | 'clock'>,
  audience: TokenAudience,
  subject: string,
  ttlSeconds: number,
  claims: Record<string, unknown> = {},
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(ctx.clock.now().getTime() / 1000);
  const expiresAt = new Date((issuedAt + ttlSeconds) * 1000);
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setSubject(subject)
    .setIssuedAt(issuedAt)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(ctx.keys.jwt);
  return { token, expiresAt };
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
  try {
    const { payload } = await jwtVerify(token, ctx.keys.jwt, {
      algorithms: ALGORITHMS,
      issuer: ISSUER,
      audience,
      currentDate: ctx.clock.now(),
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (typeof payload.sub !== 'string') return null;
    return { sub: payload.sub, claims: payload };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return null;
    throw error;
  }
}
