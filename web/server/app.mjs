// app.mjs — assembles the hub server: configuration, database, core, routes, and the HTTP server.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { load } from '../src/node.mjs';
import { createAuth } from './auth.mjs';
import { ConfigError, loadConfig } from './config.mjs';
import { createCore, toApiError } from './core.mjs';
import { dbErrorKind } from './db/errors.mjs';
import { openEngine } from './db/open.mjs';
import { createBodyChecks } from './http/bodies.mjs';
import { applyCors } from './http/cors.mjs';
import { ApiError } from './http/errors.mjs';
import { sendJson } from './http/io.mjs';
import { createRouter } from './http/router.mjs';
import { createLogger } from './log.mjs';
import { missingKeyIds } from './security/rotate.mjs';
import { openSecrets } from './security/secrets.mjs';
import { activationRoutes } from './routes/activations.mjs';
import { adminRoutes } from './routes/admin.mjs';
import { connectionRoutes } from './routes/connections.mjs';
import { embedRoutes } from './routes/embed.mjs';
import { staticRoutes } from './routes/static.mjs';
import { webhookRoutes } from './routes/webhooks.mjs';
import { seedDemo } from './seed/seed.mjs';
import { createAccess } from './services/access.mjs';
import { createActivations } from './services/activations.mjs';
import { createConnections } from './services/connections.mjs';
import { startHubDemoProvider } from './demo-idp/hub.mjs';
import { createDirectory } from './services/directory.mjs';
import { createWebhookWorker } from './services/webhook-worker.mjs';
import { createWebhooks } from './services/webhooks.mjs';
import { createStore } from './store/index.mjs';
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

/**
 * Creates the hub server (not yet listening). `options`: {argv, env, config: overrides for
 * loadConfig, core: a loaded core (default: load()), logStream, log: false to stay quiet}.
 * Returns {server, config, store, auth, core, directory, connections, activations, listen(),
 * close(), url}; `core` is the adapter of core.mjs (its `core.core` the loaded WebAssembly core).
 */
export async function createHubServer(options = {}) {
  const config = loadConfig({ argv: options.argv, env: options.env, overrides: options.config });
  const loaded = options.core ?? (await load());
  const log = createLogger({ stream: options.logStream, enabled: options.log !== false });
  const secrets = openSecrets(config);
  const db = await openEngine(config, { secrets });
  const store = createStore(db, { secrets });
  await store.connectionPages.enforceCap(config.limits.connectionsPerUser);
  const missing = await missingKeyIds(store, secrets);
  if (missing.length) {
    await db.close();
    throw new ConfigError(`the database holds secrets sealed under key ${missing.join(', ')}, which this server does not have: `
      + 'give it that key in EMBEDHUB_ENCRYPTION_KEY_PREVIOUS (or restore DATA/encryption.key), then run rotate-key');
  }
  // Several instances share a PostgreSQL database: their rate limits are held there together.
  const auth = createAuth(config.secret, { adminKeys: config.admin.keys, limits: config.limits, rates: db.kind === 'postgres' ? store.rates : null });
  if (config.admin.keys.includes(config.secret)) {
    log.warn({ msg: 'EMBEDHUB_ADMIN_KEY equals EMBEDHUB_SECRET: whoever sees an admin header can mint any user\'s token; give them different values' });
  }
  // Cursors are sealed with a key derived from the secret, so they outlive restarts too.
  const cursorKey = new Uint8Array(createHmac('sha256', config.secret).update('cursor').digest().subarray(0, 16));
  let base = config.publicUrl;
  const baseUrl = () => base;
  const core = createCore(loaded, { cursorKey });
  const bodies = createBodyChecks(core);
  let demoIdp = null; // the demo's authorization server, once listening (config.demoProvider)
  const connections = createConnections({
    core, store, secrets, baseUrl, log, timing: config.connectionTiming, demoProvider: () => demoIdp?.issuer ?? null,
  });
  const directory = createDirectory({ core, store, connections });
  const activations = createActivations({ core, store, directory, baseUrl });
  const access = createAccess({ store, core });
  // After a write failed for a full disk, /healthz says so until a small write succeeds again.
  const storage = {
    failedAt: 0,
    async probe() {
      if (!(await store.probeWrite())) return false;
      storage.failedAt = 0;
      return true;
    },
  };
  const webhooks = createWebhooks({ store, secrets });
  const webhookWorker = createWebhookWorker({ store, secrets, log, timing: config.webhookTiming });
  const app = { core, store, secrets, auth, access, bodies, connections, directory, activations, webhooks, storage, baseUrl, config };

  if (config.seed === 'demo' && await seedDemo(app)) log.info({ msg: 'seeded the demo data', dataDir: config.dataDir });


  const route = createRouter([
    ...embedRoutes(app),
    ...activationRoutes(app),
    ...connectionRoutes(app),
    ...adminRoutes(app),
    ...webhookRoutes(app),
    ...staticRoutes(app),
  ]);

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
      let e = toApiError(err);
      const kind = err instanceof ApiError ? null : dbErrorKind(err);
      if (kind === 'connection_limit') {
        // Two creates raced for the last place under the cap: the database refused the second.
        e = new ApiError(409, 'connection_limit_reached', `this user already has ${config.limits.connectionsPerUser} connections, the most a user may have; delete one first`);
      } else if (kind === 'foreign_key' || kind === 'unique') {
        // A row the request refers to went away (or appeared) in a concurrent request: the same
        // answer on either engine, and the client may send it again.
        e = new ApiError(409, 'conflict', 'a concurrent change got in the way of this request; send it again');
      } else if (kind === 'unavailable' || /Connection terminated/.test(err?.message ?? '')) {
        // PostgreSQL cannot be reached (restarting, failing over, out of connections).
        e = new ApiError(503, 'database_unavailable', 'the server cannot reach its database; try again shortly',
          { headers: { 'retry-after': '5' } });
      } else if (kind === 'storage_full') {
        // A full disk: the request did nothing, and may be sent again once there is room.
        storage.failedAt = Date.now();
        e = new ApiError(503, 'storage_unavailable', 'the server cannot write to its database: the disk is full; try again later',
          { headers: { 'retry-after': '30' } });
      } else if (!(e instanceof ApiError)) {
        log.error({ reqId, msg: 'unhandled error', error: err?.stack ?? String(err) });
        e = new ApiError(500, 'internal', `something went wrong on the server; quote request id ${reqId}`);
      }
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
  // Requests Node's parser refuses never reach a handler: answer them with an Error body too.
  server.on('clientError', (err, socket) => {
    if (!socket.writable) return socket.destroy();
    const [status, code, message] = {
      ERR_HTTP_REQUEST_TIMEOUT: ['408 Request Timeout', 'request_timeout', 'the request took too long to arrive'],
      HPE_HEADER_OVERFLOW: ['431 Request Header Fields Too Large', 'headers_too_large', 'the request headers are too large'],
    }[err.code] ?? ['400 Bad Request', 'request_invalid', 'the request is not valid HTTP/1.1'];
    const body = JSON.stringify({ code, message });
    socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });

  return {
    server,
    config,
    store,
    secrets,
    auth,
    core,
    directory,
    connections,
    activations,
    webhooks,
    webhookWorker,
    /** The connections service under its former name (tests/server/connections.test.mjs). */
    connect: connections,
    /** Starts listening; resolves with the base URL (the real port when config.port is 0). */
    listen() {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const { port } = server.address();
          const host = config.host.includes(':') ? `[${config.host}]` : config.host;
          base ??= `http://${host}:${port}`;
          resolve(base);
        });
      }).then(async (url) => {
        if (config.demoProvider === 'on') {
          demoIdp = await startHubDemoProvider({ connections, baseUrl: url, host: config.host === '::1' ? '::1' : '127.0.0.1', port: config.demoProviderPort });
        }
        connections.start();
        webhookWorker.start();
        return url;
      });
    },
    /** The demo's authorization server ({issuer, provider, outage(), close()}), or null. */
    get demoProvider() {
      return demoIdp;
    },
    get url() {
      return base;
    },
    /** Stops accepting connections, ends idle ones, and closes the database. */
    async close() {
      webhookWorker.stop();
      await connections.stop();
      await demoIdp?.close();
      // Requests in progress get a few seconds; then every connection is closed, so clients that
      // trickle bytes cannot hold a shutdown past 10 s.
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5000).unref();
      });
      bodies.free();
      await db.close();
    },
  };
}
