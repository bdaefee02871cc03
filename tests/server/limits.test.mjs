// limits.test.mjs — token-bucket rate limits per end user and per admin key (429 with
// Retry-After, honoured by the HubClient), the cap on connections per user (409), and the
// connection list paged with sealed cursors through 2,500 connections.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { HubClient } from '../../web/src/client.mjs';
import { LIMIT_DEFAULTS } from '../../web/server/config.mjs';
import { errorBody, startServer } from './helpers.mjs';

/** Inserts `n` connections of `userId` to the hub's primary connector, straight into the table. */
async function addConnections(s, userId, hubId, n) {
  const [{ id: connector }] = await s.sql('SELECT id FROM connectors WHERE hub_id = ? AND is_primary = 1', [hubId]);
  const ids = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 1000).toISOString(); // ties on created_at too
    const id = randomUUID();
    await s.sql(`INSERT INTO connections (id, user_id, connector_id, authentication_method, status, created_at, updated_at)
      VALUES (?, ?, ?, 'oauth2', 'active', ?, ?)`, [id, userId, connector, at, at]);
    ids.push(id);
  }
  return ids;
}

test('the defaults: 10 requests a second with a burst of 100 per user, 100/1000 per admin key, 100 connections per user', () => {
  assert.deepEqual(LIMIT_DEFAULTS, { user: '10,100', admin: '100,1000', connectionsPerUser: 100 });
});

test('an end user beyond the burst gets 429 with Retry-After; other users do not; the bucket refills', async () => {
  // 0.5 a second: the eight requests fit well inside the two seconds one token takes, whichever the engine.
  const s = await startServer({ config: { rateLimitUser: '0.5,5' } });
  try {
    const hubId = s.hubs['Acme CRM'].id;
    const alice = await s.tokenFor('Acme CRM', 'alice@acme.test');
    const bob = await s.tokenFor('Acme CRM', 'bob@acme.test');
    const path = (who) => `/embed/${hubId}/users/${who}/integrations?first=1`;
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await s.get(path('alice@acme.test'), { token: alice.token }));
    assert.deepEqual(answers.map((r) => r.status), [200, 200, 200, 200, 200, 429, 429, 429]);
    const refused = answers[5];
    assert.equal(errorBody(refused).code, 'rate_limited');
    const wait = Number(refused.headers.get('retry-after'));
    assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 2, `Retry-After ${wait}`);
    assert.equal((await s.get(path('bob@acme.test'), { token: bob.token })).status, 200, 'bob has his own bucket');
    await new Promise((r) => setTimeout(r, wait * 1000));
    assert.equal((await s.get(path('alice@acme.test'), { token: alice.token })).status, 200, 'after Retry-After it works again');
  } finally {
    await s.close();
  }
});

test('the HubClient honours Retry-After: every call succeeds, spread over the refill', async () => {
  const s = await startServer({ config: { rateLimitUser: '4,2' } });
  try {
    const hubId = s.hubs['Acme CRM'].id;
    const alice = await s.tokenFor('Acme CRM', 'alice@acme.test');
    let refused = 0;
    const client = new HubClient({
      apiBase: s.url, hubId, userId: 'alice@acme.test', token: alice.token, retries: 5,
      fetch: async (...a) => {
        const res = await fetch(...a);
        if (res.status === 429) refused++;
        return res;
      },
    });
    const started = Date.now();
    const pages = [];
    for (let i = 0; i < 6; i++) pages.push(await client.listIntegrations({ first: 1 }));
    assert.equal(pages.length, 6);
    assert.ok(pages.every((p) => p.integrations.length === 1));
    assert.ok(refused >= 1, 'the server refused some');
    assert.ok(Date.now() - started >= 900, 'the client waited as told');
  } finally {
    await s.close();
  }
});

test('an admin key beyond its burst gets 429 too', async () => {
  const s = await startServer({ config: { rateLimitAdmin: '1,3' } });
  try {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await s.admin('GET', '/admin/hubs')).status);
    assert.deepEqual(statuses.slice(-2), [429, 429]);
  } finally {
    await s.close();
  }
});

test('a user at the connection cap gets 409 connection_limit_reached', async () => {
  const s = await startServer({ config: { maxConnectionsPerUser: 5 } });
  try {
    const hubId = s.hubs['Acme CRM'].id;
    const alice = await s.tokenFor('Acme CRM', 'alice@acme.test');
    await addConnections(s, alice.user.id, hubId, 4); // and the primary one: 5
    const it = (await s.get(`/embed/${hubId}/users/alice@acme.test/integrations?first=100`, { token: alice.token })).body.integrations[0];
    const full = (await s.get(`/embed/${hubId}/users/alice@acme.test/integrations/${it.id}`, { token: alice.token })).body;
    const r = await s.post(`/hubs/${hubId}/users/alice@acme.test/connections`, { token: alice.token, body: { templateId: full.connectionTemplates[0].id } });
    assert.equal(r.status, 409, r.text);
    assert.equal(errorBody(r).code, 'connection_limit_reached');
    // The database holds the line too (another process on the same file cannot pass it).
    await assert.rejects(addConnections(s, alice.user.id, hubId, 1), /connection_limit_reached/);
  } finally {
    await s.close();
  }
});

test('the connection list pages through 2,500 connections with sealed cursors, both ways', async () => {
  const s = await startServer({ config: { maxConnectionsPerUser: 3000 } });
  try {
    const hubId = s.hubs['Acme CRM'].id;
    const alice = await s.tokenFor('Acme CRM', 'alice@acme.test');
    await addConnections(s, alice.user.id, hubId, 2500);
    const base = `/hubs/${hubId}/users/alice@acme.test/connections`;
    const first = await s.get(base, { token: alice.token });
    assert.equal(first.status, 200);
    assert.equal(first.body.totalCount, 2501);
    assert.equal(first.body.connections.length, 100, 'an unpaged request gets a page of 100');
    assert.ok(first.body.text === undefined && first.text.length < 200_000, `${first.text.length} bytes`);
    const seen = [];
    let r = await s.get(`${base}?first=100`, { token: alice.token });
    const pages = [];
    for (;;) {
      assert.equal(r.status, 200, r.text);
      pages.push(r.body);
      seen.push(...r.body.connections.map((c) => c.id));
      if (!r.body.next) break;
      r = await s.get(`${base}?first=100&after=${encodeURIComponent(r.body.next)}`, { token: alice.token });
    }
    assert.equal(seen.length, 2501);
    assert.equal(new Set(seen).size, 2501, 'each once');
    const order = pages.flatMap((p) => p.connections).map((c) => [c.created_at, c.id]);
    const sorted = [...order].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    assert.deepEqual(order, sorted, '(created_at, id) order');
    // Backwards from the last page.
    const back = [];
    let p = pages.at(-1);
    back.unshift(...p.connections.map((c) => c.id));
    while (p.prev) {
      p = (await s.get(`${base}?first=100&before=${encodeURIComponent(p.prev)}`, { token: alice.token })).body;
      back.unshift(...p.connections.map((c) => c.id));
    }
    assert.deepEqual(back, seen);
    const tampered = pages[0].next.slice(0, -2) + (pages[0].next.endsWith('AA') ? 'BB' : 'AA');
    const bad = await s.get(`${base}?after=${encodeURIComponent(tampered)}`, { token: alice.token });
    assert.equal(bad.status, 400);
    assert.equal((await s.get(`${base}?first=1000`, { token: alice.token })).status, 400);
  } finally {
    await s.close();
  }
});

test('concurrent creates racing for the last place under the cap: exactly one wins, the others are 409', async () => {
  const { connectionWorld } = await import('./support/connections.mjs');
  const w = await connectionWorld({ config: { maxConnectionsPerUser: 2 } }); // the primary connection, and one more
  try {
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => w.connect('Stripe', { apiKey: `live-race-key-${i}` })));
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409], answers.map((r) => r.text).join('\n'));
    for (const r of answers.filter((x) => x.status === 409)) assert.equal(errorBody(r).code, 'connection_limit_reached');
  } finally {
    await w.close();
  }
});
