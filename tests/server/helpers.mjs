// helpers.mjs — shared by the hub server tests: servers on ephemeral ports with temporary data
// directories, in this process or as a child process, and a small HTTP client.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createHubServer } from '../../web/server/app.mjs';
import { load } from '../../web/src/node.mjs';
import { createConformance } from '../support/conformance.mjs';

export const SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
/** The admin key: a different value from the token-signing SECRET, as the server expects. */
export const ADMIN_KEY = 'test-admin-key-9876543210-zyxwvutsrqponmlkjihgfedcba';
export const MAIN = fileURLToPath(new URL('../../web/server/main.mjs', import.meta.url));

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
  const app = await createHubServer({
    core: await loadHub(),
    env: {},
    config: { port: 0, host: '127.0.0.1', secret: SECRET, adminKey: ADMIN_KEY, dataDir, rateLimitUser: '1000,100000', ...config },
    log,
    logStream,
  });
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
    async close() {
      await app.close();
      if (!config.dataDir) rmSync(dataDir, { recursive: true, force: true });
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
 * The server as a child process (`node web/server/main.mjs`) with exactly the environment
 * `env`, for kills and restarts. Resolves with {url, child, stderr(), exited} once it has
 * printed its banner (one write, so one chunk: it is shorter than a pipe's atomic size).
 */
export function spawnServer(dataDir, env = { ...process.env, EMBEDHUB_SECRET: SECRET, EMBEDHUB_ADMIN_KEY: ADMIN_KEY }) {
  const child = spawn(process.execPath, [MAIN, '--port', '0', '--data', dataDir], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      const m = /hub server on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m && err.endsWith('\n')) resolve({ url: m[1], child, stderr: () => err, exited });
    });
    exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before listening:\n${err}`)));
  });
}
