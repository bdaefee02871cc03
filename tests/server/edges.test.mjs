// edges.test.mjs — start-up failures (exit 2, one sentence, no stack trace), a full disk (503
// storage_unavailable, and /healthz says so), a 20 MB body answered 413 the client can read, a
// static path too long (404), and SIGTERM within 10 s while a client trickles bytes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { ADMIN_KEY, ENCRYPTION_KEY, ENGINE, MAIN, SECRET, TEST_DATABASE_URL, errorBody, spawnServer, startServer, tempDir } from './helpers.mjs';

const ENV = { ...process.env, EMBEDHUB_SECRET: SECRET, EMBEDHUB_ADMIN_KEY: ADMIN_KEY, EMBEDHUB_SEED: 'none', EMBEDHUB_DEMO_PROVIDER: 'off' };
// Permission bits do not stop root: those cases run the server as nobody.
const asRoot = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };

function start(dataDir, extra = {}) {
  return spawnSync(process.execPath, [MAIN, '--port', '0', '--data', dataDir], { env: ENV, encoding: 'utf8', timeout: 30_000, ...extra });
}

function assertOneSentence(r, says) {
  assert.equal(r.status, 2, `exit status; stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, not a stack trace: ${r.stderr}`);
  assert.match(lines[0], /^embedhub server: /);
  assert.match(lines[0], says);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

test('an unusable data directory or database exits 2 with one clear sentence', () => {
  const root = tempDir();
  try {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a directory');
    assertOneSentence(start(file), /is not a directory/);
    assertOneSentence(start(join(file, 'below')), /is not a directory/);

    const corrupt = join(root, 'corrupt');
    mkdirSync(corrupt);
    writeFileSync(join(corrupt, 'embedhub.sqlite'), Buffer.alloc(8192, 0x5a));
    assertOneSentence(start(corrupt), /embedhub\.sqlite is not a SQLite database/);

    if (asRoot) {
      chmodSync(root, 0o755);
      const readOnly = join(root, 'read-only');
      mkdirSync(readOnly, { mode: 0o555 });
      chownSync(readOnly, 0, 0);
      assertOneSentence(start(readOnly, NOBODY), /permission denied/);
      const parent = join(root, 'locked');
      mkdirSync(parent, { mode: 0o555 });
      assertOneSentence(start(join(parent, 'data'), NOBODY), /permission denied/);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a PostgreSQL that cannot be used exits 2 with one clear sentence', () => {
  const root = tempDir();
  try {
    const env = { ...ENV, EMBEDHUB_ENCRYPTION_KEY: ENCRYPTION_KEY };
    const run = (url) => spawnSync(process.execPath, [MAIN, '--port', '0', '--data', root], { env: { ...env, EMBEDHUB_DATABASE_URL: url }, encoding: 'utf8', timeout: 30_000 });
    // Port 1 on loopback: nothing listens there.
    assertOneSentence(run('postgres://postgres@127.0.0.1:1/embedhub'), /nothing accepts connections .* is PostgreSQL running there/);
    assertOneSentence(run('mysql://127.0.0.1/embedhub'), /must be a postgres:\/\/ or postgresql:\/\/ URL/);
    if (TEST_DATABASE_URL) {
      const missing = new URL(TEST_DATABASE_URL);
      missing.pathname = '/embedhub_no_such_database';
      assertOneSentence(run(missing.href), /does not exist: create it first/);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('PostgreSQL ending the server\'s connections (a restart, a failover) is a 503 with Retry-After, then it serves again', async (t) => {
  if (ENGINE !== 'postgres') {
    t.skip('PostgreSQL only: SQLite is a file in the process, it has no connections to lose');
    return;
  }
  const s = await startServer();
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    const hubId = s.hubs['Acme CRM'].id;
    const alice = await s.tokenFor('Acme CRM', 'alice@acme.test');
    const path = `/embed/${hubId}/users/alice@acme.test/integrations?first=3`;
    // Requests keep coming while the database server ends the connections, several times over.
    const name = new URL(s.databaseUrl).pathname.slice(1);
    const answers = [];
    let ending = true;
    const workers = Array.from({ length: 4 }, async () => {
      while (ending) answers.push(await s.get(path, { token: alice.token }));
    });
    let ended = 0;
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 40));
      const q = await admin.query('SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      ended += Number(q.rows[0].n);
    }
    ending = false;
    await Promise.all(workers);
    assert.ok(ended >= 1, 'connections were ended');
    for (const r of answers) {
      assert.ok(r.status === 200 || r.status === 503, `${r.status} ${r.text}`);
      if (r.status === 503) {
        assert.equal(errorBody(r).code, 'database_unavailable');
        assert.ok(Number(r.headers.get('retry-after')) >= 1);
      }
    }
    answers.push(await s.get(path, { token: alice.token }));
    t.diagnostic(`${ended} connections ended; ${answers.filter((r) => r.status === 503).length} of ${answers.length} requests answered 503`);
    assert.equal(answers.at(-1).status, 200, 'the pool reconnects');
  } finally {
    await admin.end();
    await s.close();
  }
});

test('a full disk answers 503 storage_unavailable, /healthz says so, and both recover', async (t) => {
  if (ENGINE === 'postgres') {
    t.skip('SQLite file: max_page_count makes the file refuse to grow as a full disk does; PostgreSQL has no such knob (disk_full 53100 maps to the same 503 in db/errors.mjs)');
    return;
  }
  const s = await startServer();
  try {
    const { db } = s.app.store.db; // the better-sqlite3 Database under the engine
    const pages = db.pragma('page_count', { simple: true });
    const limit = db.pragma('max_page_count', { simple: true });
    db.pragma(`max_page_count = ${pages}`); // SQLite refuses to grow the file: as a full disk does
    let r;
    for (let i = 0; i < 50; i++) {
      r = await s.admin('POST', '/admin/orgs', { name: `Org ${'x'.repeat(100)} ${i}` });
      if (r.status !== 201) break;
    }
    assert.equal(r.status, 503, r.text);
    assert.equal(errorBody(r).code, 'storage_unavailable');
    assert.ok(r.headers.get('retry-after'));
    const health = await s.get('/healthz');
    assert.equal(health.status, 503);
    assert.equal(errorBody(health).code, 'storage_unavailable');
    db.pragma(`max_page_count = ${limit}`);
    assert.equal((await s.get('/healthz')).status, 200);
    assert.equal((await s.admin('POST', '/admin/orgs', { name: 'Org after' })).status, 201);
  } finally {
    await s.close();
  }
});

test('a 20 MB body is answered 413, and the client reads the answer', async () => {
  const s = await startServer();
  try {
    const body = Buffer.alloc(20 * 1024 * 1024, 0x20);
    // Declared by Content-Length, and streamed without one.
    const declared = await fetch(`${s.url}/admin/orgs`, { method: 'POST', headers: { authorization: `Admin ${ADMIN_KEY}`, 'content-type': 'application/json' }, body });
    assert.equal(declared.status, 413);
    assert.equal((await declared.json()).code, 'body_too_large');
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(body.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024));
        c.close();
      },
    });
    const streamed = await fetch(`${s.url}/admin/orgs`, {
      method: 'POST', headers: { authorization: `Admin ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: stream, duplex: 'half',
    });
    assert.equal(streamed.status, 413);
    assert.equal((await streamed.json()).code, 'body_too_large');
    assert.equal((await s.get('/healthz')).status, 200, 'the server carries on');
  } finally {
    await s.close();
  }
});

test('a static path too long for the file system is a 404', async () => {
  const s = await startServer();
  try {
    for (const path of [`/demo/${'a'.repeat(300)}.js`, `/src/${'b/'.repeat(3000)}x.mjs`, `/demo/${'c'.repeat(5000)}`]) {
      const r = await s.get(path);
      assert.equal(r.status, 404, `${path.length} characters`);
      assert.equal(errorBody(r).code, 'not_found');
    }
  } finally {
    await s.close();
  }
});

test('SIGTERM ends the server within 10 s while a client trickles a request', async () => {
  const dataDir = tempDir();
  try {
    const srv = await spawnServer(dataDir, { ...ENV });
    const { port } = new URL(srv.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => {});
    socket.write('POST /admin/orgs HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{');
    const trickle = setInterval(() => socket.write(' '), 200);
    await new Promise((r) => setTimeout(r, 500));
    const started = Date.now();
    srv.child.kill('SIGTERM');
    const { code, signal } = await srv.exited;
    clearInterval(trickle);
    socket.destroy();
    const took = Date.now() - started;
    assert.ok(took < 10_000, `took ${took} ms`);
    assert.ok(code === 0 || code === 1, `exit ${code ?? signal}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
