// durability.test.mjs — the server as a child process: SIGKILL in the middle of a stream of
// writes loses no acknowledged write and leaves a sound database; restarts keep the secret,
// the schema and the seed as they were; bad flags exit 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { ADMIN_KEY, ENGINE, MAIN, SECRET, request, serverEnv, spawnServer, tempDir } from './helpers.mjs';
import { MIGRATIONS } from '../../web/server/db/migrations/index.mjs';

const admin = (url, method, path, body) => request(url, method, path, { admin: ADMIN_KEY, body });

test('SIGKILL mid-stream: every acknowledged write survives and integrity_check is ok', async (t) => {
  const dataDir = tempDir();
  // One user writes hundreds of connections as fast as it can: no rate limit, no cap here.
  const env = { ...process.env, EMBEDHUB_SECRET: SECRET, EMBEDHUB_ADMIN_KEY: ADMIN_KEY, EMBEDHUB_RATE_LIMIT_USER: 'off', EMBEDHUB_MAX_CONNECTIONS_PER_USER: '100000' };
  try {
    let srv = await spawnServer(dataDir, env);
    const dir = (await admin(srv.url, 'GET', '/admin/hubs')).body.hubs.find((h) => h.name === 'Acme CRM');
    const { token } = (await admin(srv.url, 'POST', '/admin/tokens', { hubId: dir.id, externalId: 'alice@acme.test' })).body;
    const conns = `/hubs/${dir.id}/users/alice@acme.test/connections`;
    const all = (await request(srv.url, 'GET', `/embed/${dir.id}/users/alice@acme.test/integrations?first=100`, { token })).body.integrations;
    const zendesk = all.find((i) => i.name === 'Zendesk');
    const [template] = (await request(srv.url, 'GET', `/embed/${dir.id}/users/alice@acme.test/integrations/${zendesk.id}`, { token })).body.connectionTemplates;
    const connectorIds = [template.connectorId, template.connectorId];

    // Eight writers in parallel: connections (two status changes in one transaction) and
    // integrations (a row and two templates in one transaction). Once 400 writes are
    // acknowledged, the next writer to send a request kills the server while it is in flight.
    const acked = { connections: [], integrations: [] };
    let failures = 0;
    let n = 0;
    let killed = false;
    const send = (w, i) => (i % 3 === 2
      ? admin(srv.url, 'POST', `/admin/hubs/${dir.id}/integrations`, {
        name: `Durable ${w}-${i}`, isDeployed: true, connectionTemplates: connectorIds.map((connectorId) => ({ connectorId })),
      }).then((r) => r.status === 201 && acked.integrations.push(r.body.id))
      : request(srv.url, 'POST', conns, { token, body: { templateId: template.id, apiKey: `key-${i}` } })
        .then((r) => r.status === 201 && acked.connections.push(r.body.id)));
    const writer = async (w) => {
      while (!killed) {
        const pending = send(w, n++);
        if (acked.connections.length + acked.integrations.length >= 400 && !killed) {
          killed = true;
          srv.child.kill('SIGKILL');
        }
        try {
          await pending;
        } catch {
          failures++; // in flight when the process died: never acknowledged, so nothing promised
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
    assert.deepEqual(await srv.exited, { code: null, signal: 'SIGKILL' });

    srv = await spawnServer(dataDir, env);
    const listed = [];
    for (let after = ''; ;) {
      const page = (await request(srv.url, 'GET', `${conns}?first=100${after}`, { token })).body;
      listed.push(...page.connections);
      if (!page.next) break;
      after = `&after=${encodeURIComponent(page.next)}`;
    }
    const byId = new Map(listed.map((c) => [c.id, c]));
    for (const id of acked.connections) {
      assert.ok(byId.has(id), `acknowledged connection ${id} is missing`);
      assert.equal(byId.get(id).status, 'active');
    }
    const stopped = srv.exited;
    srv.child.kill('SIGTERM');
    assert.deepEqual(await stopped, { code: 0, signal: null });

    if (ENGINE === 'sqlite') {
      // The file itself (PostgreSQL checks its pages and foreign keys itself).
      const db = new Database(join(dataDir, 'embedhub.sqlite'), { readonly: true });
      try {
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
        assert.deepEqual(db.pragma('foreign_key_check'), []);
      } finally {
        db.close();
      }
    }
    const { sql } = srv;
    const count = async (text, params) => (await sql(text, params))[0].n;
    for (const id of acked.integrations) {
      assert.equal(await count('SELECT count(*) AS n FROM connection_templates WHERE integration_id = ?', [id]), 2, `integration ${id} lost its templates`);
    }
    // Atomicity also for the writes cut short: no integration half written.
    const partial = await sql(`SELECT i.id FROM integrations i WHERE i.name LIKE 'Durable %'
      AND (SELECT count(*) FROM connection_templates t WHERE t.integration_id = i.id) <> 2`);
    assert.deepEqual(partial, []);
    assert.deepEqual((await sql('SELECT version FROM schema_version ORDER BY version')).map((r) => r.version),
      MIGRATIONS.map((m) => m.version), 'each migration applied once');
    assert.equal(await count("SELECT count(*) AS n FROM integrations WHERE name = 'Salesforce'"), 2, 'seeded once (two hubs offer it)');
    t.diagnostic(`acknowledged before the kill: ${acked.connections.length} connections, ${acked.integrations.length} integrations; ${failures} requests cut off`);
    assert.ok(acked.connections.length > 100 && acked.integrations.length > 50);
    assert.ok(failures > 0, 'the kill landed in the middle of the stream');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('without EMBEDHUB_SECRET and EMBEDHUB_ADMIN_KEY both are generated once, owner-only, and kept across restarts', async () => {
  const dataDir = tempDir();
  const env = { ...process.env };
  delete env.EMBEDHUB_SECRET;
  delete env.EMBEDHUB_ADMIN_KEY;
  delete env.EMBEDHUB_ENCRYPTION_KEY;
  if (ENGINE === 'postgres') {
    // Instances share a PostgreSQL database: keys generated per data directory would differ,
    // so the server refuses to start without them (exit 2, one sentence naming each).
    try {
      for (const given of [{}, { EMBEDHUB_SECRET: SECRET, EMBEDHUB_ADMIN_KEY: ADMIN_KEY }]) {
        const full = await serverEnv(dataDir, { ...env, ...given });
        delete full.EMBEDHUB_ENCRYPTION_KEY;
        const r = spawnSync(process.execPath, [MAIN, '--port', '0', '--data', dataDir], { env: full, encoding: 'utf8', timeout: 30_000 });
        assert.equal(r.status, 2, r.stderr);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
        assert.match(r.stderr, /EMBEDHUB_ENCRYPTION_KEY/);
        if (!given.EMBEDHUB_SECRET) assert.match(r.stderr, /EMBEDHUB_SECRET, EMBEDHUB_ADMIN_KEY, EMBEDHUB_ENCRYPTION_KEY/);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    return;
  }
  try {
    let srv = await spawnServer(dataDir, env);
    const file = join(dataDir, 'secret');
    for (const f of ['secret', 'admin.key', 'encryption.key', 'embedhub.sqlite']) assert.equal(statSync(join(dataDir, f)).mode & 0o777, 0o600, f);
    const adminKey = readFileSync(join(dataDir, 'admin.key'), 'utf8').trim();
    assert.ok(srv.stderr().includes(adminKey), 'the banner shows the admin key for the demo');
    assert.equal((await request(srv.url, 'GET', '/admin/hubs', { admin: adminKey })).status, 200);
    assert.equal((await request(srv.url, 'GET', '/admin/hubs', { admin: readFileSync(file, 'utf8').trim() })).status, 401,
      'the token secret is not an admin key');
    assert.equal(statSync(dataDir).mode & 0o077, 0, 'the data directory is private too');
    const secret = readFileSync(file, 'utf8').trim();
    assert.ok(secret.length >= 43);
    const token = srv.stderr().trim().split('\n').at(-1);
    srv.child.kill('SIGTERM');
    await srv.exited;
    srv = await spawnServer(dataDir, env);
    assert.equal(readFileSync(file, 'utf8').trim(), secret);
    assert.equal(readFileSync(join(dataDir, 'admin.key'), 'utf8').trim(), adminKey);
    const hubId = /hub ([0-9A-Z]{26})/.exec(srv.stderr())[1];
    const r = await request(srv.url, 'GET', `/embed/${hubId}/users/alice@acme.test/integrations?first=1`, { token });
    assert.equal(r.status, 200, 'a token from before the restart still works');
    srv.child.kill('SIGTERM');
    await srv.exited;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('bad flags and settings exit with status 2 and say why', () => {
  const cases = [
    [['--port', 'eighty'], /PORT must be/],
    [['--bogus'], /unknown argument '--bogus'/],
    [['--port'], /--port needs a value/],
    [['--secret', 'short'], /at least 32 bytes/],
    [['--origins', 'app.example.com'], /not an origin/],
    [['--synchronous', 'off'], /normal or full/],
  ];
  for (const [args, says] of cases) {
    const r = spawnSync(process.execPath, [MAIN, '--data', tempDir(), ...args], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, says);
  }
});

test('an admin key equal to the token secret is warned about, not refused', async () => {
  const dataDir = tempDir();
  try {
    const srv = await spawnServer(dataDir, { ...process.env, EMBEDHUB_SECRET: SECRET, EMBEDHUB_ADMIN_KEY: SECRET });
    assert.match(srv.stderr(), /warning: EMBEDHUB_ADMIN_KEY equals EMBEDHUB_SECRET/);
    srv.child.kill('SIGTERM');
    await srv.exited;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('two servers starting at once on one fresh data directory both start, and migrate and seed once', async () => {
  const dataDir = tempDir();
  try {
    const env = { ...process.env, EMBEDHUB_SECRET: SECRET, EMBEDHUB_ADMIN_KEY: ADMIN_KEY, EMBEDHUB_DEMO_PROVIDER: 'off' };
    const both = await Promise.all([spawnServer(dataDir, env), spawnServer(dataDir, env)]);
    for (const srv of both) assert.equal((await request(srv.url, 'GET', '/healthz')).status, 200);
    const hubs = (await admin(both[0].url, 'GET', '/admin/hubs')).body.hubs;
    assert.equal(hubs.filter((h) => h.name === 'Acme CRM').length, 1, 'seeded once');
    for (const srv of both) {
      srv.child.kill('SIGTERM');
      await srv.exited;
    }
    // (On PostgreSQL both started on one fresh database: the migrations' advisory lock.)
    assert.deepEqual((await both[0].sql('SELECT version FROM schema_version ORDER BY version')).map((r) => r.version),
      MIGRATIONS.map((m) => m.version));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
