// support.mjs — several hub server processes (web/server/main.mjs) on one PostgreSQL database,
// for the multi-instance tests: each test gets its own database (createTestDatabase), a real
// authorization server (oidc-provider) in this process, and an org, hub, connectors, integrations
// and an end user made through the admin API. Needs EMBEDHUB_TEST_DATABASE_URL (a superuser URL;
// scripts/test.sh starts a throwaway cluster with scripts/pg.sh): without it every test fails.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { ADMIN_KEY, createTestDatabase, MAIN, request, SECRET, tempDir } from '../server/helpers.mjs';
import { CLIENT } from '../server/support/connections.mjs';
import { authorize, startIdp } from '../server/support/idp.mjs';

export { authorize };

/** A fresh database on the test cluster: {url, drop()}; a clear failure without one. */
export async function testDatabase() {
  if (!process.env.EMBEDHUB_TEST_DATABASE_URL) {
    throw new Error('the multi-instance tests need PostgreSQL: set EMBEDHUB_TEST_DATABASE_URL to a superuser URL '
      + '(scripts/test.sh starts a throwaway cluster with scripts/pg.sh)');
  }
  return createTestDatabase();
}

/** A TCP port that nothing listens on right now. */
export async function freePort() {
  const s = createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/**
 * `node web/server/main.mjs` on a port chosen here: behind a balancer the banner shows the
 * public URL, not the instance's own address (helpers' spawnServer listens on port 0 and reads
 * the port from the banner). Resolves like spawnServer: {url, child, stderr(), exited}.
 */
export async function spawnInstance(dataDir, env) {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN, '--port', String(port), '--data', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // The request log on stdout: only its error lines are kept (errors()), for a failing test to show.
  const errors = [];
  let partial = '';
  child.stdout.on('data', (d) => {
    const lines = (partial + d).split('\n');
    partial = lines.pop();
    for (const line of lines) if (line.includes('"level":"error"') && errors.length < 50) errors.push(line);
  });
  let err = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      if (/hub server on /.test(err) && err.endsWith('\n')) resolve();
    });
    exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before listening:\n${err}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, stderr: () => err, errors: () => errors, exited };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value; throws naming `what` after `ms`. */
export async function until(what, check, { ms = 30_000, every = 50 } = {}) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}

const must = async (p, what) => {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.body;
};

/**
 * Starts `instances` servers on one new database, behind one public URL (EMBEDHUB_PUBLIC_URL, a
 * balancer's address where nothing listens: the test is the balancer, sending each request to the
 * instance it chooses with `at(i)` and `on(i, url)`). `env` adds to every instance's
 * environment. Returns the world: {servers: [{url, child, stderr(), exited}], db (a pg.Pool on
 * the database), idp, hubId, token, user, connectors, integrations, templates, connectionsPath,
 * at(i), on(i, url), call(i, method, path, options), admin(i, method, path, body), kill(i),
 * publicUrl, start(), close()}.
 */
export async function multiWorld({ instances = 2, env = {}, idpOptions = {} } = {}) {
  const database = await testDatabase();
  const idp = await startIdp({ scopes: ['tasks:read'], ...idpOptions });
  const publicUrl = `http://127.0.0.1:${await freePort()}`;
  const dirs = [];
  const shared = {
    ...process.env,
    EMBEDHUB_DATABASE_URL: database.url,
    EMBEDHUB_SECRET: SECRET,
    EMBEDHUB_ADMIN_KEY: ADMIN_KEY,
    EMBEDHUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    EMBEDHUB_PUBLIC_URL: publicUrl,
    EMBEDHUB_SEED: 'none',
    EMBEDHUB_DEMO_PROVIDER: 'off',
    EMBEDHUB_RATE_LIMIT_USER: 'off',
    EMBEDHUB_RATE_LIMIT_ADMIN: 'off',
    EMBEDHUB_MAX_CONNECTIONS_PER_USER: '5000',
    ...env,
  };

  const w = { servers: [], publicUrl, idp, database, db: new pg.Pool({ connectionString: database.url, max: 4 }) };
  /** One more instance (its own, unused, data directory). */
  w.start = async () => {
    const dir = tempDir();
    dirs.push(dir);
    const s = await spawnInstance(dir, shared);
    w.servers.push(s);
    return s;
  };
  /** Every instance's logged errors, for an assertion's message. */
  w.errors = () => w.servers.flatMap((s, i) => s.errors().map((line) => `instance ${i}: ${line}`)).join('\n');
  w.at = (i) => w.servers[i % w.servers.length].url;
  /** `url` (the public URL's, as a provider redirects to it) sent to instance `i`. */
  w.on = (i, url) => { const u = new URL(url); return w.at(i) + u.pathname + u.search; };
  w.call = (i, method, path, options) => request(w.at(i), method, path, options);
  w.admin = (i, method, path, body) => request(w.at(i), method, path, { admin: ADMIN_KEY, body });
  w.kill = async (i) => {
    w.servers[i].child.kill('SIGKILL');
    await w.servers[i].exited;
  };
  w.close = async () => {
    for (const s of w.servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
    await Promise.all(w.servers.map((s) => s.exited));
    await w.db.end();
    await idp.close();
    await database.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  };
  try {
    // All at once: the migrations run under the database's lock, the others wait for them.
    await Promise.all(Array.from({ length: instances }, () => w.start()));
    await setUp(w);
  } catch (err) {
    await w.close().catch(() => {});
    throw err;
  }
  return w;
}

// An org, a hub, an OAuth2 connector (Asana: discovery, verify with the token) and an API-key
// one (Stripe: verify), an integration each plus one without templates (Plain), and a user.
async function setUp(w) {
  await w.idp.addClient({ client_id: CLIENT.id, client_secret: CLIENT.secret, redirect_uris: [`${w.publicUrl}/oauth2/callback`], client_name: 'Embedhub multi' });
  const org = await must(w.admin(0, 'POST', '/admin/orgs', { name: 'Multi org' }), 'org');
  const hub = await must(w.admin(1, 'POST', `/admin/orgs/${org.id}/hubs`, { name: 'Multi hub' }), 'hub');
  w.hubId = hub.id;
  const bodies = {
    Asana: {
      name: 'Asana', authenticationMethod: 'oauth2',
      oauth2: { issuer: w.idp.issuer, clientId: CLIENT.id, clientSecret: CLIENT.secret, scopes: ['openid', 'tasks:read'] },
      verify: { url: `${w.idp.issuer}/api/me`, auth: 'bearer' },
    },
    Stripe: { name: 'Stripe', authenticationMethod: 'api_key', verify: { url: `${w.idp.issuer}/api/me`, auth: 'header:X-Api-Key' } },
  };
  w.connectors = {};
  w.integrations = {};
  w.templates = {};
  for (const [name, body] of Object.entries(bodies)) {
    w.connectors[name] = await must(w.admin(0, 'POST', `/admin/hubs/${hub.id}/connectors`, body), `connector ${name}`);
    const it = await must(w.admin(1, 'POST', `/admin/hubs/${hub.id}/integrations`, {
      name: `${name} sync`, isDeployed: true, connectionTemplates: [{ connectorId: w.connectors[name].id }],
    }), `integration ${name}`);
    w.integrations[name] = it;
    w.templates[name] = it.connectionTemplates[0].id;
  }
  w.integrations.Plain = await must(w.admin(0, 'POST', `/admin/hubs/${hub.id}/integrations`, { name: 'Plain', isDeployed: true, connectionTemplates: [] }), 'integration Plain');
  const minted = await must(w.admin(1, 'POST', '/admin/tokens', { hubId: hub.id, externalId: 'ada@test' }), 'token');
  w.token = minted.token;
  w.user = minted.user;
  w.connectionsPath = `/hubs/${hub.id}/users/ada@test/connections`;
}

/**
 * An OAuth2 (Asana) connection of the world's user started on instance `i` and finished by a
 * callback on instance `j`: signs in and consents at the provider like a browser. → its id.
 */
export async function oauthConnection(w, i, j = i) {
  const c = await must(w.call(i, 'POST', w.connectionsPath, { token: w.token, body: { templateId: w.templates.Asana } }), 'connect');
  const back = await authorize(c.authorizeUrl);
  const res = await fetch(w.on(j, back), { headers: { accept: 'text/html' }, redirect: 'manual' });
  await res.text();
  if (res.status >= 400) throw new Error(`callback on instance ${j}: ${res.status}`);
  return c.id;
}

/** Runs `jobs` (functions returning promises) at most `limit` at once; resolves with their results. */
export async function pool(jobs, limit) {
  const out = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const k = next++;
      out[k] = await jobs[k]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}
