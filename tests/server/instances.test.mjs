// instances.test.mjs — two hub servers (in this process) on one PostgreSQL database, as two
// instances behind a load balancer: the rate limit is held by both together (429 with
// Retry-After from each), each due job is claimed by one of them (SKIP LOCKED), and each
// webhook delivery is sent once. SQLite has no such setup (one process serves a file).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { recordEvent } from '../../web/server/services/events.mjs';
import { createTestDatabase, ENCRYPTION_KEY, ENGINE, startServer } from './helpers.mjs';

const SKIP = 'PostgreSQL only: several instances share a database there; on SQLite one process serves a file';

/** Two servers on one fresh database; `config` for both. */
async function twoInstances(config = {}) {
  const database = await createTestDatabase();
  const both = { databaseUrl: database.url, encryptionKey: ENCRYPTION_KEY, demoProvider: 'off', ...config };
  let a;
  let b;
  try {
    a = await startServer({ config: both });
    b = await startServer({ config: both });
  } catch (err) {
    await a?.close();
    await database.drop();
    throw err;
  }
  return {
    a, b,
    async close() {
      await a.close();
      await b.close();
      await database.drop();
    },
  };
}

test('the rate limit is held by both instances together, and each answers 429 with Retry-After', { skip: ENGINE !== 'postgres' && SKIP }, async () => {
  const { a, b, close } = await twoInstances({ rateLimitUser: '1,20' });
  try {
    const hubId = a.hubs['Acme CRM'].id;
    const alice = await a.tokenFor('Acme CRM', 'alice@acme.test');
    const path = `/embed/${hubId}/users/alice@acme.test/integrations?first=1`;
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 80 }, (_, i) => (i % 2 ? b : a).get(path, { token: alice.token })
      .then((r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), instance: i % 2 }))));
    const seconds = (Date.now() - started) / 1000;
    const ok = answers.filter((r) => r.status === 200).length;
    const limited = answers.filter((r) => r.status === 429);
    // One bucket of 20 plus what 1/s refills meanwhile; two separate buckets would pass 40.
    assert.ok(ok >= 20 && ok <= 20 + Math.ceil(seconds) + 1, `${ok} of 80 passed in ${seconds} s`);
    assert.equal(ok + limited.length, 80);
    for (const instance of [0, 1]) {
      const mine = limited.filter((r) => r.instance === instance);
      assert.ok(mine.length > 0, `instance ${instance} refused some`);
      assert.ok(mine.every((r) => Number(r.retryAfter) >= 1), 'each 429 says when to come back');
    }
  } finally {
    await close();
  }
});

test('due refreshes, retries and health checks are claimed by one instance each (SKIP LOCKED)', { skip: ENGINE !== 'postgres' && SKIP }, async () => {
  const { a, b, close } = await twoInstances({ seed: 'none', connectionTiming: { tickMs: 3_600_000 } });
  try {
    const org = (await a.admin('POST', '/admin/orgs', { name: 'Org' })).body;
    const hub = (await a.admin('POST', `/admin/orgs/${org.id}/hubs`, { name: 'Hub' })).body;
    const ids = [];
    for (let i = 0; i < 120; i++) {
      const r = await a.admin('POST', '/admin/tokens', { hubId: hub.id, externalId: `u${i}` });
      ids.push(r.body.user.primaryConnection.id);
    }
    for (const id of ids) {
      await a.sql(`INSERT INTO connection_credentials (connection_id, kind, sealed, expires_at, refresh_at, updated_at, check_at)
        VALUES (?, 'oauth2', 'x', 0, 0, 'now', 0)`, [id]);
      await a.sql("INSERT INTO connection_retries (connection_id, step, attempts, due_at) VALUES (?, 'verify', 1, 0)", [id]);
    }
    const now = Date.now();
    for (const kind of ['claimDueRefreshes', 'claimDueRetries', 'claimDueChecks']) {
      // Both instances claim in batches of 7, two claimers each at once, until nothing is left.
      const claimer = async (s) => {
        const got = [];
        for (;;) {
          const batch = await s.app.store.connections[kind](now, 7, now + 60_000);
          if (!batch.length) return got;
          got.push(...batch);
        }
      };
      const runs = await Promise.all([a, b, a, b].map(claimer));
      const x = [...runs[0], ...runs[2]];
      const y = [...runs[1], ...runs[3]];
      const all = [...x, ...y];
      assert.equal(all.length, ids.length, `${kind}: every job claimed once (${x.length} + ${y.length})`);
      assert.deepEqual([...new Set(all)].sort(), [...ids].sort(), kind);
      assert.ok(x.length > 0 && y.length > 0, `${kind}: both instances took some`);
    }
  } finally {
    await close();
  }
});

test('webhook deliveries are sent once each across the instances, in order per ordering key', { skip: ENGINE !== 'postgres' && SKIP }, async () => {
  const got = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      got.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  const { a, b, close } = await twoInstances({ webhookTiming: { tickMs: 50 } }).catch((err) => {
    receiver.close();
    throw err;
  });
  try {
    const hubId = a.hubs['Acme CRM'].id;
    const hook = await a.admin('POST', `/admin/hubs/${hubId}/webhooks`, { url: `http://127.0.0.1:${receiver.address().port}/hook`, events: ['connection.status_changed'] });
    assert.equal(hook.status, 201, hook.text);
    const sent = [];
    for (let i = 0; i < 60; i++) {
      const s = i % 2 ? b : a;
      const key = `conn-${i % 6}`;
      const data = { connectionId: key, userId: 'u', from: 'active', to: `step-${i}`, lastError: null };
      sent.push(await s.app.store.tx((t) => recordEvent(t, { type: 'connection.status_changed', hubId, data, orderingKey: key })));
    }
    for (let i = 0; i < 200 && got.length < sent.length; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(got.length, sent.length, 'every event arrived');
    assert.deepEqual(got.map((e) => e.id).sort(), [...sent].sort(), 'each once');
    for (let k = 0; k < 6; k++) {
      const steps = got.filter((e) => e.data.connectionId === `conn-${k}`).map((e) => Number(e.data.to.slice(5)));
      assert.deepEqual(steps, [...steps].sort((x, y) => x - y), `in order for conn-${k}`);
    }
  } finally {
    await close();
    receiver.close();
  }
});
