// cors.mjs — CORS limited to the configured origins, preflights included.
import { ApiError } from './errors.mjs';

const ALLOW_HEADERS = 'authorization, content-type, x-request-id';
const EXPOSE_HEADERS = 'x-request-id, retry-after';

/**
 * Checks the request's Origin and sets the CORS headers on `res`. Returns true when the request
 * was a preflight and has been answered. Same-origin requests (the demo page) need no listing.
 * A request from any other origin is refused with 403 before it runs: CORS alone only stops the
 * browser from reading an answer, not the server from acting on a request.
 */
export function applyCors(req, res, origins) {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  const sameOrigin = req.headers.host !== undefined && (origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`);
  if (!sameOrigin && !origins.has(origin)) {
    throw new ApiError(403, 'origin_forbidden', `the origin ${origin} is not allowed: add it to EMBEDHUB_ORIGINS`);
  }
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
    'access-control-allow-headers': ALLOW_HEADERS,
    'access-control-max-age': '600',
    'content-length': 0,
  });
  res.end();
  return true;
}
