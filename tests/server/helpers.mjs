// helpers.mjs — shared by the hub server tests: servers on ephemeral ports with temporary data
// directories, in this process or as a child process, and a small HTTP client.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createHubServer } from '../../web/server/app.mjs';
import { postgresEngine } from '../../web/server/db/postgres.mjs';
import { sqliteEngine } from '../../web/server/db/sqlite.mjs';
import { load } from '../../web/src/node.mjs';
import { createConformance } from '../support/conformance.mjs';

export const SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
/** The admin key: a different value from the token-signing SECRET, as the server expects. */
export const ADMIN_KEY = 'test-admin-key-9876543210-zyxwvutsrqponmlkjihgfedcba';
export const MAIN = fileURLToPath(new URL('../../web/server/main.mjs', import.meta.url));

/**
 * With EMBEDHUB_TEST_DATABASE_URL (a superuser URL to a throwaway PostgreSQL cluster) every
 * server here runs on PostgreSQL, each on a database of its own; without it, on SQLite.
 */
export const TEST_DATABASE_URL = process.env.EMBEDHUB_TEST_DATABASE_URL || null;
/** 'postgres' or 'sqlite': the engine this run's servers use. */
export const ENGINE = TEST_DATABASE_URL ? 'postgres' : 'sqlite';
/** The encryption key spawned servers get on PostgreSQL (every key must be configured there). */
export const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

/**
 * A fresh PostgreSQL database on the test cluster: {url, name, drop()} (drop() ends whatever
 * still uses it). Throws without EMBEDHUB_TEST_DATABASE_URL.
 */
export async function createTestDatabase() {
  if (!TEST_DATABASE_URL) throw new Error('createTestDatabase: EMBEDHUB_TEST_DATABASE_URL is not set');
  const name = `embedhub_t_${randomBytes(6).toString('hex')}`;
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  let dropped = null;
  return { url: url.href, name, drop: () => (dropped ??= admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}

// Spawned servers' databases, by data directory: a restart on the directory finds its database.
const spawnedDatabases = new Map();
// Connections the tests opened to read a database (sqlOn), closed when the file's tests end.
const readers = new Set();
after(async () => {
  for (const r of readers) await r.close().catch(() => {});
  for (const db of spawnedDatabases.values()) await (await db).drop().catch(() => {});
});

/** The PostgreSQL database of data directory `dataDir`'s spawned servers (created on first use). */
export function databaseOf(dataDir) {
  if (!spawnedDatabases.has(dataDir)) spawnedDatabases.set(dataDir, createTestDatabase());
  return spawnedDatabases.get(dataDir);
}

/** Drops data directory `dataDir`'s PostgreSQL database, if it has one. */
export async function forget(dataDir) {
  const db = spawnedDatabases.get(dataDir);
  spawnedDatabases.delete(dataDir);
  if (db) await (await db).drop();
}

/**
 * `sql(text, params)` on a server's database whichever the engine: `{url}` (PostgreSQL) or
 * `{file}` (SQLite), with `?` parameters; resolves the rows. Closed when the file's tests end.
 */
export function sqlOn({ url, file }) {
  const engine = url ? postgresEngine(url, { max: 2 }) : sqliteEngine(new Database(file));
  readers.add(engine);
  return (text, params) => engine.query(text, params);
}

/** `env` for a spawned server of `dataDir`, with its PostgreSQL database on this run's engine. */
export async function serverEnv(dataDir, env) {
  if (!TEST_DATABASE_URL) return env;
  const { url } = await databaseOf(dataDir);
  const out = { ...env, EMBEDHUB_DATABASE_URL: url };
  if (out.EMBEDHUB_ENCRYPTION_KEY === undefined && out.EMBEDHUB_SECRET && out.EMBEDHUB_ADMIN_KEY) out.EMBEDHUB_ENCRYPTION_KEY = ENCRYPTION_KEY;
  return out;
}

/** Every answer `request()` gets, in every server test, is checked against the reference API's
 * OpenAPI (issue 12); the file fails if one breaks it outside the listed differences. */
export const conformance = createConformance();
after(() => conformance.assertConformant());

let hubPromise;
/** The core, loaded once per test file. */
export const loadHub = () => (hubPromise ??= load());

export const tempDir = () => mkdtempSync(join(tmpdir(), 'embedhub-test-'));

/**
 * Sends one request: {status, headers, body (parsed JSON, or the text), text}. `token` sends
 * `Authorization: JWT …`, `admin` the admin secret; `body` is sent as JSON unless `raw` is given.
 */
export async function request(base, method, path, { token, admin, body, raw, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization ??= `JWT ${token}`;
  if (admin) h.authorization ??= `Admin ${admin}`;
  let payload = raw;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  let parsed = text;
  if ((res.headers.get('content-type') ?? '').startsWith('application/json') && text) parsed = JSON.parse(text);
  await conformance.check(method, new URL(path, base).pathname, res.status, parsed);
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Asserts the wire Error body shape and returns it. */
export function errorBody(res) {
  const b = res.body;
  if (typeof b !== 'object' || typeof b.code !== 'string' || typeof b.message !== 'string') {
    throw new Error(`expected an Error body, got ${res.status} ${res.text}`);
  }
  for (const k of Object.keys(b)) {
    if (!['code', 'message', 'fields', 'details', 'position', 'data'].includes(k)) throw new Error(`unexpected Error member ${k}`);
  }
  if (b.details !== undefined && typeof b.details !== 'string') throw new Error(`details is text (the reference API's Error), got ${JSON.stringify(b.details)}`);
  for (const f of b.fields ?? []) {
    if (typeof f.field !== 'string' || typeof f.message !== 'string') throw new Error(`bad field entry ${JSON.stringify(f)}`);
  }
  return b;
}

/**
 * A seeded hub server in this process on 127.0.0.1:0 with a fresh data directory. Returns
 * {url, app, dataDir, dir (the seeded directory), get/post/del helpers, tokenFor, close}.
 */
export async function startServer({ config = {}, log = false, logStream } = {}) {
  const dataDir = config.dataDir ?? tempDir();
  // On PostgreSQL each server gets a fresh database, dropped on close (after its pool ended); a
  // server started again on a data directory it was given finds that directory's database.
  const database = TEST_DATABASE_URL && config.databaseUrl === undefined ? await databaseOf(dataDir) : null;
  let app;
  try {
    app = await createHubServer({
      core: await loadHub(),
      env: {},
      config: {
        port: 0, host: '127.0.0.1', secret: SECRET, adminKey: ADMIN_KEY, dataDir, rateLimitUser: '1000,100000',
        ...(database ? { databaseUrl: database.url, singleInstance: true } : {}),
        ...config,
      },
      log,
      logStream,
    });
  } catch (err) {
    if (!config.dataDir) await forget(dataDir);
    throw err;
  }
  const url = await app.listen();
  const call = (method) => (path, options) => request(url, method, path, options);
  const s = {
    url,
    app,
    dataDir,
    get: call('GET'),
    post: call('POST'),
    del: call('DELETE'),
    patch: call('PATCH'),
    admin: (method, path, body) => request(url, method, path, { admin: ADMIN_KEY, body }),
    /** One SQL statement on the server's database, either engine (`?` parameters): its rows. */
    sql: (text, params) => app.store.db.query(text, params),
    /** 'sqlite' or 'postgres'. */
    engine: app.store.kind,
    /** The PostgreSQL database's URL (null on SQLite). */
    databaseUrl: database?.url ?? config.databaseUrl ?? null,
    async close() {
      await app.close();
      if (!config.dataDir) {
        await forget(dataDir);
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
  /** The seeded hubs by name: {id, orgId, users: {externalId: {id, …}}}. */
  const { body } = await s.admin('GET', '/admin/hubs');
  s.hubs = Object.fromEntries(body.hubs.map((h) => [h.name, { ...h, users: Object.fromEntries(h.users.map((u) => [u.externalId, u])) }]));
  /** A token (and the user) for `externalId` in hub `hubName` (created if new). */
  s.tokenFor = async (hubName, externalId, extra = {}) => {
    const r = await s.admin('POST', '/admin/tokens', { hubId: s.hubs[hubName].id, externalId, ...extra });
    if (r.status !== 201) throw new Error(`token: ${r.status} ${r.text}`);
    return r.body;
  };
  return s;
}

/**
 * The server as a child process (`node web/server/main.mjs`) with the environment `env` (on
 * PostgreSQL plus the data directory's database, serverEnv()), for kills and restarts. Resolves
 * with {url, child, stderr(), exited, sql(text, params)} once it has printed its banner (one
 * write, so one chunk: it is shorter than a pipe's atomic size).
 */
export async function spawnServer(dataDir, env = { ...process.env, EMBEDHUB_SECRET: SECRET, EMBEDHUB_ADMIN_KEY: ADMIN_KEY }) {
  const full = await serverEnv(dataDir, env);
  const child = spawn(process.execPath, [MAIN, '--port', '0', '--data', dataDir], { env: full, stdio: ['ignore', 'ignore', 'pipe'] });
  let reader = null;
  const sql = (text, params) => {
    reader ??= sqlOn(full.EMBEDHUB_DATABASE_URL ? { url: full.EMBEDHUB_DATABASE_URL } : { file: join(dataDir, 'embedhub.sqlite') });
    return reader(text, params);
  };
  let err = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      const m = /hub server on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m && err.endsWith('\n')) resolve({ url: m[1], child, stderr: () => err, exited, sql });
    });
    exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before listening:\n${err}`)));
  });
}

/** Resolves with `check()`'s first truthy answer, polled every 50 ms; throws after `ms`. */
export async function until(what, check, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
