// app.mjs — assembles the hub server: configuration, database, core, routes, and the HTTP server.
import { createHmac } from 'node:crypto';
import { load } from '../src/node.mjs';
import { createAuth } from './auth.mjs';
import { ConfigError, loadConfig } from './config.mjs';
import { createCore } from './core.mjs';
import { openEngine } from './db/open.mjs';
import { createBodyChecks } from './http/bodies.mjs';
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
import { closeServer, createHttpServer, listenOn } from './serve.mjs';
import { createAccess } from './services/access.mjs';
import { createActivations } from './services/activations.mjs';
import { createConnections } from './services/connections.mjs';
import { startHubDemoProvider } from './demo-idp/hub.mjs';
import { createDirectory } from './services/directory.mjs';
import { createWebhookWorker } from './services/webhook-worker.mjs';
import { createWebhooks } from './services/webhooks.mjs';
import { createStore } from './store/index.mjs';

/** The engine and the store on it; refuses (ConfigError) a database sealed under a key it lacks. */
async function openDatabase(config) {
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
  return { secrets, db, store };
}

/**
 * The services on an open database: {app (what the routes are given), webhookWorker}.
 * `demoIssuer()`: the demo authorization server's issuer once it listens, else null.
 */
function createServices({ config, log, loaded, secrets, db, store, baseUrl, demoIssuer }) {
  // Several instances share a PostgreSQL database: their rate limits are held there together.
  const auth = createAuth(config.secret, { adminKeys: config.admin.keys, limits: config.limits, rates: db.kind === 'postgres' ? store.rates : null });
  if (config.admin.keys.includes(config.secret)) {
    log.warn({ msg: 'EMBEDHUB_ADMIN_KEY equals EMBEDHUB_SECRET: whoever sees an admin header can mint any user\'s token; give them different values' });
  }
  // Cursors are sealed with a key derived from the secret, so they outlive restarts too.
  const cursorKey = new Uint8Array(createHmac('sha256', config.secret).update('cursor').digest().subarray(0, 16));
  const core = createCore(loaded, { cursorKey });
  const bodies = createBodyChecks(core);
  const connections = createConnections({
    core, store, secrets, baseUrl, log, timing: config.connectionTiming, demoProvider: demoIssuer,
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
  return { app, webhookWorker };
}

const routesOf = (app) => createRouter([
  ...embedRoutes(app),
  ...activationRoutes(app),
  ...connectionRoutes(app),
  ...adminRoutes(app),
  ...webhookRoutes(app),
  ...staticRoutes(app),
]);

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
  const { secrets, db, store } = await openDatabase(config);
  let base = config.publicUrl;
  let demoIdp = null; // the demo's authorization server, once listening (config.demoProvider)
  const { app, webhookWorker } = createServices({
    config, log, loaded, secrets, db, store, baseUrl: () => base, demoIssuer: () => demoIdp?.issuer ?? null,
  });
  const { core, auth, directory, connections, activations, webhooks, bodies } = app;

  if (config.seed === 'demo' && await seedDemo(app)) log.info({ msg: 'seeded the demo data', dataDir: config.dataDir });

  const server = createHttpServer({ config, log, route: routesOf(app), storage: app.storage });

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
    async listen() {
      const bound = await listenOn(server, config);
      base ??= bound;
      const url = base;
      if (config.demoProvider === 'on') {
        demoIdp = await startHubDemoProvider({ connections, baseUrl: url, host: config.host === '::1' ? '::1' : '127.0.0.1', port: config.demoProviderPort });
      }
      connections.start();
      webhookWorker.start();
      return url;
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
      await closeServer(server);
      bodies.free();
      await db.close();
    },
  };
}
