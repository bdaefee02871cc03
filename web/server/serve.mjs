// serve.mjs — the hub's HTTP server around its router: the Host check, CORS, one JSON log line
// per request, errors as wire Error bodies (database failures named the same on both engines),
// timeouts, and answers to requests Node's parser refuses.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { toApiError } from './core.mjs';
import { dbErrorKind } from './db/errors.mjs';
import { applyCors } from './http/cors.mjs';
import { ApiError, databaseBusy } from './http/errors.mjs';
import { sendJson } from './http/io.mjs';
import { ulid } from './ulid.mjs';

// Query parameters whose values are credentials of a kind: logged as "…".
const SECRET_PARAMS = /^(state|code|token|access_token|key|api_key|secret)$/i;

function logPath(url) {
  const params = [...url.searchParams].map(([k, v]) => `${k}=${SECRET_PARAMS.test(k) ? '…' : v}`);
  return params.length ? `${url.pathname}?${params.join('&')}` : url.pathname;
}

const LOOPBACK = /^(localhost|[a-z0-9-]+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * A check of the Host header (DNS rebinding: a page on evil.example whose name resolves to this
 * machine must not reach the API): the public URL's host, a loopback name, or the address the
 * server is bound to when that is a specific one.
 */
function allowedHosts(config) {
  const names = new Set();
  if (config.publicUrl) names.add(new URL(config.publicUrl).hostname.toLowerCase());
  const bound = config.host.includes(':') ? `[${config.host}]` : config.host;
  if (!['0.0.0.0', '[::]'].includes(bound)) names.add(bound.toLowerCase());
  return (header) => {
    if (typeof header !== 'string') return false;
    let hostname;
    try {
      hostname = new URL(`http://${header}`).hostname.toLowerCase();
    } catch {
      return false;
    }
    return LOOPBACK.test(hostname) || names.has(hostname);
  };
}

/** The ApiError a request's failure `err` is answered with (`storage` learns of a full disk). */
function errorAnswer(err, { config, log, storage, reqId }) {
  const e = toApiError(err);
  const kind = err instanceof ApiError ? null : dbErrorKind(err);
  if (kind === 'connection_limit') {
    // Two creates raced for the last place under the cap: the database refused the second.
    return new ApiError(409, 'connection_limit_reached', `this user already has ${config.limits.connectionsPerUser} connections, the most a user may have; delete one first`);
  }
  if (kind === 'foreign_key' || kind === 'unique') {
    // A row the request refers to went away (or appeared) in a concurrent request: the same
    // answer on either engine, and the client may send it again.
    return new ApiError(409, 'conflict', 'a concurrent change got in the way of this request; send it again');
  }
  if (kind === 'unavailable' || /Connection terminated/.test(err?.message ?? '')) {
    // PostgreSQL cannot be reached (restarting, failing over, out of connections).
    return new ApiError(503, 'database_unavailable', 'the server cannot reach its database; try again shortly',
      { headers: { 'retry-after': '5' } });
  }
  if (kind === 'busy') {
    // A deadlock or serialization failure of one statement outside a transaction (store.tx
    // answers its own): nothing was written.
    return databaseBusy();
  }
  if (kind === 'storage_full') {
    // A full disk: the request did nothing, and may be sent again once there is room.
    storage.failedAt = Date.now();
    return new ApiError(503, 'storage_unavailable', 'the server cannot write to its database: the disk is full; try again later',
      { headers: { 'retry-after': '30' } });
  }
  if (!(e instanceof ApiError)) {
    log.error({ reqId, msg: 'unhandled error', error: err?.stack ?? String(err) });
    return new ApiError(500, 'internal', `something went wrong on the server; quote request id ${reqId}`);
  }
  return e;
}

// Requests Node's parser refuses never reach a handler: answer them with an Error body too.
function answerClientError(err, socket) {
  if (!socket.writable) return socket.destroy();
  const [status, code, message] = {
    ERR_HTTP_REQUEST_TIMEOUT: ['408 Request Timeout', 'request_timeout', 'the request took too long to arrive'],
    HPE_HEADER_OVERFLOW: ['431 Request Header Fields Too Large', 'headers_too_large', 'the request headers are too large'],
  }[err.code] ?? ['400 Bad Request', 'request_invalid', 'the request is not valid HTTP/1.1'];
  const body = JSON.stringify({ code, message });
  socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

/**
 * The HTTP server (not yet listening) answering with `route` (http/router.mjs). `storage`:
 * {failedAt} of /healthz, set when a write fails for a full disk.
 */
export function createHttpServer({ config, log, route, storage }) {
  const hostAllowed = allowedHosts(config);
  async function handle(req, res, url, reqId) {
    if (!url) throw new ApiError(400, 'path_invalid', 'the request target is not a valid path');
    if (!hostAllowed(req.headers.host)) {
      throw new ApiError(421, 'host_not_allowed', 'this server answers only to its public host (EMBEDHUB_PUBLIC_URL) and loopback names');
    }
    if (applyCors(req, res, config.origins)) return;
    const { handler, params } = route(req.method, url.pathname);
    const answer = await handler({ req, res, url, params, reqId });
    if (answer) sendJson(res, answer.status, answer.body, { 'cache-control': 'no-store', ...answer.headers });
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    const reqId = ulid();
    let url = null;
    try {
      // Prefixed rather than resolved, so '//x' stays a path instead of becoming a host.
      if (req.url.startsWith('/')) url = new URL(`http://hub.invalid${req.url}`);
    } catch {
      // answered 400 by handle()
    }
    res.on('finish', () => {
      const path = url ? logPath(url) : '(not a path)';
      log.info({ reqId, method: req.method, path, status: res.statusCode, ms: +(performance.now() - started).toFixed(2) });
    });
    res.setHeader('x-request-id', reqId);
    res.setHeader('x-content-type-options', 'nosniff');
    handle(req, res, url, reqId).catch((err) => {
      const e = errorAnswer(err, { config, log, storage, reqId });
      if (res.headersSent) return res.destroy();
      // A refused body may still be arriving: don't keep the connection for another request.
      const close = e.status === 413 || e.status === 415 ? { connection: 'close' } : {};
      sendJson(res, e.status, e.toJSON(), { 'cache-control': 'no-store', ...close, ...e.headers });
    });
  });
  // Slow or stuck clients cannot hold connections open forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  server.on('clientError', answerClientError);
  return server;
}

/** Starts `server` listening on config.port and config.host; resolves with its base URL (the real port). */
export function listenOn(server, config) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      const { port } = server.address();
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      resolve(`http://${host}:${port}`);
    });
  });
}

/**
 * Stops accepting connections and ends idle ones. Requests in progress get a few seconds; then
 * every connection is closed, so clients that trickle bytes cannot hold a shutdown past 10 s.
 */
export function closeServer(server) {
  return new Promise((resolve) => {
    server.close(resolve);
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5000).unref();
  });
}
