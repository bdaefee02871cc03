// auth.mjs — end-user tokens (HS256 JWTs verified with jose) and the admin secret check.
import { createHash, createSecretKey, timingSafeEqual } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { ApiError } from './http/errors.mjs';

export const DEFAULT_TTL_SECONDS = 3600;
export const MAX_TTL_SECONDS = 30 * 24 * 3600;

const unauthenticated = (code, message) =>
  new ApiError(401, code, message, { headers: { 'www-authenticate': 'Bearer realm="embedhub", charset="UTF-8"' } });

/** Token minting and checking with one secret. */
export function createAuth(secret) {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const adminDigest = createHash('sha256').update(secret).digest();

  return {
    /** Signs a token for user `sub` of hub `hub` in org `org`, valid for `ttlSeconds`. */
    async mint({ sub, hub, org, ttlSeconds = DEFAULT_TTL_SECONDS }) {
      const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
      const token = await new SignJWT({ hub, org })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },

    /**
     * The claims {sub, hub, org} of the request's `Authorization: JWT <token>` (or `Bearer`).
     * Only HS256 is accepted, so a token cannot pick a weaker algorithm (or `none`) itself.
     */
    async user(req) {
      const match = /^(JWT|Bearer) +([^ ]+)$/i.exec(req.headers.authorization ?? '');
      if (!match) throw unauthenticated('unauthenticated', 'send Authorization: JWT <token> (or Bearer <token>)');
      let payload;
      try {
        ({ payload } = await jwtVerify(match[2], key, {
          algorithms: ['HS256'],
          requiredClaims: ['sub', 'hub', 'org', 'exp'],
          clockTolerance: 5,
        }));
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw unauthenticated('token_expired', 'the token has expired');
        if (err instanceof joseErrors.JOSEError) throw unauthenticated('token_invalid', `the token is not valid: ${err.message}`);
        throw err;
      }
      const { sub, hub, org } = payload;
      if (typeof sub !== 'string' || typeof hub !== 'string' || typeof org !== 'string') {
        throw unauthenticated('token_invalid', 'the token is not valid: sub, hub and org must be strings');
      }
      return { sub, hub, org };
    },

    /** Throws 401 unless the request carries `Authorization: Admin <secret>`. */
    admin(req) {
      const match = /^Admin +(.+)$/.exec(req.headers.authorization ?? '');
      // Comparing fixed-length digests in constant time says nothing about the secret's length.
      const given = createHash('sha256').update(match?.[1] ?? '').digest();
      if (!match || !timingSafeEqual(given, adminDigest)) {
        throw new ApiError(401, 'unauthenticated', 'admin endpoints need Authorization: Admin <server secret>');
      }
    },
  };
}
