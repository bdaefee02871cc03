// auth.mjs — end-user tokens (HS256 JWTs verified with jose, signed with EMBEDHUB_SECRET) and the
// admin check (EMBEDHUB_ADMIN_KEY): two separate keys, so an admin header cannot mint tokens.
import { createHash, createSecretKey, timingSafeEqual } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { ApiError } from './http/errors.mjs';
import { createRateLimiter } from './security/rate-limit.mjs';

export const DEFAULT_TTL_SECONDS = 3600;
export const MAX_TTL_SECONDS = 30 * 24 * 3600;
/** Clock skew allowed between the token's issuer and this server. */
export const LEEWAY_SECONDS = 60;

const unauthenticated = (code, message) =>
  new ApiError(401, code, message, { headers: { 'www-authenticate': 'Bearer realm="embedhub", charset="UTF-8"' } });

const digest = (text) => createHash('sha256').update(text, 'utf8').digest();

const limited = (wait) => new ApiError(429, 'rate_limited', `too many requests: try again in ${wait} s`, { headers: { 'retry-after': String(wait) } });

/**
 * A limiter for `rate` ({rps, burst} or null): in this process's memory, or, with `shared`
 * (store.rates: buckets in the database, for several instances on one PostgreSQL), held by all
 * instances together. `take(key)` resolves 0 when allowed, else the seconds to wait.
 */
function limiter(rate, shared, prefix) {
  if (!rate || !shared) {
    const local = createRateLimiter(rate);
    return { take: async (key) => local.take(key) };
  }
  let calls = 0;
  return {
    take(key) {
      // Now and then, buckets idle long enough to be full again are dropped (as in memory).
      if (++calls % 4096 === 0) shared.prune(prefix, Date.now() - (rate.burst / rate.rps) * 1000 - 60_000).catch(() => {});
      return shared.take(`${prefix}:${key}`, rate);
    },
  };
}

/**
 * Token minting and checking with `secret`; `adminKeys` (a list) authorise admin requests.
 * `limits` {user, admin}: token-bucket rates ({rps, burst} or null) per end user and per admin
 * key; `rates`: the store's shared buckets (PostgreSQL), else each process counts alone.
 */
export function createAuth(secret, { adminKeys = [], limits = {}, rates = null } = {}) {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const adminDigests = adminKeys.map(digest);
  const userLimit = limiter(limits.user ?? null, rates, 'user');
  const adminLimit = limiter(limits.admin ?? null, rates, 'admin');

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
          clockTolerance: LEEWAY_SECONDS,
        }));
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw unauthenticated('token_expired', 'the token has expired');
        if (err instanceof joseErrors.JOSEError) throw unauthenticated('token_invalid', `the token is not valid: ${err.message}`);
        throw err;
      }
      const now = Math.floor(Date.now() / 1000);
      if (payload.exp > now + MAX_TTL_SECONDS + LEEWAY_SECONDS) {
        throw unauthenticated('token_invalid', 'the token is not valid: exp is more than 30 days ahead');
      }
      if (payload.iat !== undefined && (typeof payload.iat !== 'number' || payload.iat > now + LEEWAY_SECONDS)) {
        throw unauthenticated('token_invalid', 'the token is not valid: iat is in the future');
      }
      const { sub, hub, org } = payload;
      if (typeof sub !== 'string' || typeof hub !== 'string' || typeof org !== 'string') {
        throw unauthenticated('token_invalid', 'the token is not valid: sub, hub and org must be strings');
      }
      const wait = await userLimit.take(`${hub}/${sub}`);
      if (wait) throw limited(wait);
      return { sub, hub, org };
    },

    /**
     * The admin key the request carries (`Authorization: Admin <key>`), or a 401. Every key is
     * compared, each as a fixed-length digest in constant time: neither which key matched nor
     * any key's length shows in the timing. Resolves the key's id.
     */
    async admin(req) {
      const match = /^Admin +(.+)$/.exec(req.headers.authorization ?? '');
      const given = digest(match?.[1] ?? '');
      let found = -1;
      adminDigests.forEach((d, i) => {
        if (timingSafeEqual(given, d) && match) found = i;
      });
      if (found < 0) throw new ApiError(401, 'unauthenticated', 'admin endpoints need Authorization: Admin <admin key>');
      const id = adminDigests[found].toString('hex').slice(0, 16);
      const wait = await adminLimit.take(id);
      if (wait) throw limited(wait);
      return id;
    },
  };
}
