// server-setup.mjs — for bench/server.mjs: hub server processes (web/server/main.mjs) on SQLite or
// on PostgreSQL, a throwaway PostgreSQL cluster (scripts/pg.sh), and the benchmark's data made
// through the admin API (so it is the same on both engines): a hub of 38 integrations, a hub of
// 10 000, and integrations to activate (one each per request) with an API-key connection.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { helpdesk } from '../web/server/seed/schemas.mjs';

const MAIN = fileURLToPath(new URL('../web/server/main.mjs', import.meta.url));
const PG_SH = fileURLToPath(new URL('../scripts/pg.sh', import.meta.url));

export const SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
export const ADMIN_KEY = 'bench-admin-key-0123456789-abcdefghijklmnop';
const ENCRYPTION_KEY = randomBytes(32).toString('base64');

/** A throwaway cluster: {url (of a fresh database `bench`), integrations() (how many it holds), stop()}. */
export async function startCluster() {
  const dir = execFileSync('bash', [PG_SH, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const stop = () => execFileSync('bash', [PG_SH, 'stop', dir], { stdio: 'inherit' });
  try {
    const admin = execFileSync('bash', [PG_SH, 'url', dir], { encoding: 'utf8' }).trim();
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query('CREATE DATABASE bench');
    await client.end();
    const url = admin.replace(/\/postgres$/, '/bench');
    const integrations = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return Number((await c.query('SELECT count(*) AS n FROM integrations')).rows[0].n);
      } finally {
        await c.end();
      }
    };
    return { url, integrations, stop };
  } catch (err) {
    stop();
    throw err;
  }
}

/**
 * A server process; `databaseUrl` selects PostgreSQL, else SQLite in its own data directory
 * (`dataDir` shares one). Resolves with {url, errors(), stop()} once it listens.
 */
export async function startInstance({ databaseUrl, dataDir, pool } = {}) {
  const own = dataDir ?? mkdtempSync(join(tmpdir(), 'embedhub-bench-'));
  const env = {
    ...process.env,
    EMBEDHUB_SECRET: SECRET, EMBEDHUB_ADMIN_KEY: ADMIN_KEY, EMBEDHUB_ENCRYPTION_KEY: ENCRYPTION_KEY,
    EMBEDHUB_SEED: 'none', EMBEDHUB_DEMO_PROVIDER: 'off',
    // Throughput, not the limits: one bench user sends far more than an end user's 10/s.
    EMBEDHUB_RATE_LIMIT_USER: 'off', EMBEDHUB_RATE_LIMIT_ADMIN: 'off',
  };
  if (databaseUrl) env.EMBEDHUB_DATABASE_URL = databaseUrl;
  if (pool) env.EMBEDHUB_DATABASE_POOL = String(pool);
  const child = spawn(process.execPath, [MAIN, '--port', '0', '--data', own], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Of the request log (stdout) only the errors' first lines are kept, to say why answers failed.
  const errors = new Map(); // first line → how many
  let partial = '';
  child.stdout.on('data', (d) => {
    const lines = (partial + d).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      if (!line.includes('"level":"error"')) continue;
      const { error = '', msg = '' } = JSON.parse(line);
      const key = `${msg}: ${String(error).split('\n')[0]}`;
      errors.set(key, (errors.get(key) ?? 0) + 1);
    }
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      const m = /hub server on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) resolve(m[1]);
    });
    exited.then(() => reject(new Error(`the server exited:\n${err}`)));
  });
  return {
    url,
    /** The errors the instance logged: ['N× message', …]. */
    errors: () => [...errors].map(([key, n]) => `${n}× ${key}`),
    async stop() {
      child.kill('SIGTERM');
      await exited;
      if (!dataDir) rmSync(own, { recursive: true, force: true });
    },
  };
}

async function call(base, method, path, body, auth = `Admin ${ADMIN_KEY}`) {
  const res = await fetch(base + path, {
    method, headers: { authorization: auth, 'content-type': 'application/json' }, body: body && JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Runs `count` calls of `fn(k)` with `limit` at once; their results in order. */
async function many(count, fn, limit = 8) {
  const out = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < count) {
      const k = next++;
      out[k] = await fn(k);
    }
  }));
  return out;
}

/**
 * The data, made on the server at `base`: {small, big (each {hubId, userId, token}),
 * activations: {token, userId, items: [{integrationId, templateId}], connectionId}}.
 */
export async function prepare(base, { bigSize = 10_000, activations = 4000 } = {}) {
  const org = await call(base, 'POST', '/admin/orgs', { name: 'Bench Org' });
  const hub = async (name, count, body) => {
    const h = await call(base, 'POST', `/admin/orgs/${org.id}/hubs`, { name });
    const ids = await many(count, (k) => call(base, 'POST', `/admin/hubs/${h.id}/integrations`, body(k, h)));
    const userId = `user-of-${name.replace(/\W/g, '-').toLowerCase()}`;
    const { token } = await call(base, 'POST', '/admin/tokens', { hubId: h.id, externalId: userId, ttlSeconds: 24 * 3600 });
    return { hubId: h.id, userId, token, ids };
  };
  const plain = (k) => ({ name: `Integration ${String(k).padStart(5, '0')}`, description: 'bench', isDeployed: k % 4 !== 0, connectionTemplates: [] });
  const small = await hub('Bench 38', 38, (k) => ({ ...plain(k), isDeployed: true }));
  const big = await hub('Bench 10k', bigSize, plain);
  const actHub = await call(base, 'POST', `/admin/orgs/${org.id}/hubs`, { name: 'Bench activations' });
  const connector = await call(base, 'POST', `/admin/hubs/${actHub.id}/connectors`, { name: 'Zendesk', authenticationMethod: 'api_key' });
  const items = await many(activations, async (k) => {
    const it = await call(base, 'POST', `/admin/hubs/${actHub.id}/integrations`, {
      name: `Help desk ${k}`, description: 'bench', isDeployed: true, variablesSchema: helpdesk, connectionTemplates: [{ connectorId: connector.id }],
    });
    return { integrationId: it.id, templateId: it.connectionTemplates[0].id };
  });
  const userId = 'bench-activator';
  const { token } = await call(base, 'POST', '/admin/tokens', { hubId: actHub.id, externalId: userId, ttlSeconds: 24 * 3600 });
  const conn = await call(base, 'POST', `/hubs/${actHub.id}/users/${userId}/connections`,
    { templateId: items[0].templateId, apiKey: 'live-key' }, `JWT ${token}`);
  return { small, big, activations: { token, userId, items, connectionId: conn.id } };
}
