// webhooks.test.mjs — webhooks to the host product: the secret shown once, signatures checked by
// an independent HMAC (RFC 2104 over SHA-256, written here), events from the outbox delivered in
// order per ordering key while the receiver is down and after it is back, the delivery log,
// secret rotation, and delivery after the server is SIGKILLed between a change and its delivery.
import assert from 'node:assert/strict';
import { createHash, timingSafeEqual } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { recordEvent } from '../../web/server/services/events.mjs';
import { ADMIN_KEY, errorBody, request, spawnServer, startServer, tempDir, until } from './helpers.mjs';

// HMAC-SHA256 by its definition: H((K ^ opad) || H((K ^ ipad) || m)), K padded to 64 bytes.
function hmacSha256(key, message) {
  let k = Buffer.from(key, 'utf8');
  if (k.length > 64) k = createHash('sha256').update(k).digest();
  const block = Buffer.alloc(64);
  k.copy(block);
  const pad = (byte) => Buffer.from(block.map((b) => b ^ byte));
  const inner = createHash('sha256').update(pad(0x36)).update(message).digest();
  return createHash('sha256').update(pad(0x5c)).update(inner).digest('hex');
}

/** Whether `header` (Embedhub-Signature) signs `raw` with `secret`, at a time within 5 minutes. */
function verifies(header, raw, secret) {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m || Math.abs(Date.now() / 1000 - Number(m[1])) > 300) return false;
  const expected = Buffer.from(hmacSha256(secret, `${m[1]}.${raw}`));
  return timingSafeEqual(expected, Buffer.from(m[2]));
}

/** A receiver on `port` (0: any): {url, got: [{headers, raw, body}], close(), status(code)}. */
async function receiver(port = 0) {
  const got = [];
  let answer = 200;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      got.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.writeHead(answer, { 'content-type': 'text/plain' });
      res.end(answer === 200 ? 'thanks' : 'not now');
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hook`,
    port: server.address().port,
    got,
    status: (code) => { answer = code; },
    close: () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }),
  };
}

/** A port nothing listens on (for now). */
async function closedPort() {
  const r = await receiver();
  await r.close();
  return r.port;
}


let s, hubRow, alice, integrationId;
before(async () => {
  s = await startServer({ config: { webhookTiming: { tickMs: 50, baseMs: 100, capMs: 400 } } });
  hubRow = s.hubs['Acme CRM'];
  alice = await s.tokenFor('Acme CRM', 'alice@acme.test');
  const it = await s.admin('POST', `/admin/hubs/${hubRow.id}/integrations`, { name: 'Webhook Test', isDeployed: true, connectionTemplates: [] });
  assert.equal(it.status, 201, it.text);
  integrationId = it.body.id;
});
after(() => s.close());

const activate = () => s.post('/activations', { token: alice.token, body: { userId: 'alice@acme.test', integrationId, connections: [] } });

test('a webhook gets signed activation events; the secret is shown once and can be rotated', async () => {
  const rx = await receiver();
  try {
    const created = await s.admin('POST', `/admin/hubs/${hubRow.id}/webhooks`, { url: rx.url, events: ['activation.created', 'activation.deleted'] });
    assert.equal(created.status, 201, created.text);
    const { id, secret } = created.body;
    assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = (await s.admin('GET', `/admin/hubs/${hubRow.id}/webhooks`)).body.webhooks;
    assert.deepEqual(listed.map((w) => w.id), [id]);
    assert.equal(listed[0].secret, undefined, 'the secret is not shown again');
    assert.equal(JSON.stringify(await s.sql('SELECT * FROM webhooks')).includes(secret), false, 'stored sealed');

    const a = await activate();
    assert.equal(a.status, 200, a.text);
    assert.equal((await s.del(`/activations/${a.body.id}`, { token: alice.token })).status, 204);
    await until('two deliveries', () => rx.got.length >= 2);
    const [first, second] = rx.got;
    for (const g of rx.got) {
      assert.ok(verifies(g.headers['embedhub-signature'], g.raw, secret), `signature of ${g.raw}`);
      assert.equal(verifies(g.headers['embedhub-signature'], g.raw, `${secret}x`), false);
      assert.equal(g.headers['embedhub-event-id'], g.body.id);
      assert.deepEqual(Object.keys(g.body).sort(), ['createdAt', 'data', 'hubId', 'id', 'type']);
      assert.equal(g.body.hubId, hubRow.id);
      assert.deepEqual(g.body.data, { activationId: a.body.id, userId: alice.user.id, integrationId });
    }
    assert.deepEqual([first.body.type, second.body.type], ['activation.created', 'activation.deleted']);

    const rotated = await s.admin('POST', `/admin/hubs/${hubRow.id}/webhooks/${id}/rotate-secret`);
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.body.secret, secret);
    const again = await activate();
    await until('a third delivery', () => rx.got.length >= 3);
    assert.ok(verifies(rx.got[2].headers['embedhub-signature'], rx.got[2].raw, rotated.body.secret));
    assert.equal(verifies(rx.got[2].headers['embedhub-signature'], rx.got[2].raw, secret), false, 'the old secret no longer signs');
    await s.del(`/activations/${again.body.id}`, { token: alice.token });
    await until('a fourth delivery', () => rx.got.length >= 4);

    assert.equal((await s.admin('DELETE', `/admin/hubs/${hubRow.id}/webhooks/${id}`)).status, 204);
    assert.equal((await s.admin('DELETE', `/admin/hubs/${hubRow.id}/webhooks/${id}`)).status, 404);
  } finally {
    await rx.close();
  }
});

test('bad webhook requests are clear 4xx answers', async () => {
  const cases = [
    [{ url: 'ftp://example.com/x' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ url: 'https://example.com/x', events: ['connection.exploded'] }, 'events'],
    [{ url: 'https://example.com/x', extra: 1 }, 'extra'],
    [{ url: 'http://example.com/x' }, 'url'],
    [{ url: 'https://user:pass@example.com/x' }, 'url'],
  ];
  for (const [body, field] of cases) {
    const r = await s.admin('POST', `/admin/hubs/${hubRow.id}/webhooks`, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.ok(errorBody(r).fields.some((f) => f.field === field), r.text);
  }
  assert.equal((await request(s.url, 'GET', `/admin/hubs/${hubRow.id}/webhooks`, { token: alice.token })).status, 401);
  assert.equal((await s.admin('GET', '/admin/webhooks/01ARZ3NDEKTSV4RRFFQ69G5FAV/deliveries')).status, 404);
  assert.equal((await s.admin('GET', '/admin/webhooks/nope/deliveries')).status, 400);
});

test('a receiver that is down for a while gets every event, in order per ordering key, once it is back', async () => {
  const port = await closedPort();
  const created = await s.admin('POST', `/admin/hubs/${hubRow.id}/webhooks`, { url: `http://127.0.0.1:${port}/hook`, events: ['connection.status_changed'] });
  const { id, secret } = created.body;
  const statuses = ['connecting', 'active', 'needs_reauth', 'connecting', 'active', 'needs_reauth', 'connecting', 'active'];
  // Two connections' histories, interleaved, recorded as a service would: in its transaction.
  const expected = { c1: [], c2: [] };
  for (let i = 1; i < statuses.length; i++) {
    for (const key of ['c1', 'c2']) {
      const data = { connectionId: key, userId: alice.user.id, from: statuses[i - 1], to: statuses[i], lastError: null };
      await s.app.store.tx((t) => recordEvent(t, { type: 'connection.status_changed', hubId: hubRow.id, data, orderingKey: key }));
      expected[key].push(`${data.from}>${data.to}`);
    }
  }
  // Down: refused connections, then a 503, then back.
  await until('failed attempts', async () => {
    const log = (await s.admin('GET', `/admin/webhooks/${id}/deliveries`)).body.deliveries;
    return log.some((d) => d.attempts.length >= 2);
  });
  const rx = await receiver(port);
  try {
    rx.status(503);
    await until('a 503 answer', () => rx.got.length >= 1);
    rx.status(200);
    await until('every event', () => new Set(rx.got.map((g) => g.body.id)).size >= 14);
    for (const g of rx.got) assert.ok(verifies(g.headers['embedhub-signature'], g.raw, secret));
    const delivered = rx.got.filter((g, i) => i > 0 || rx.got.length === 14); // the 503'd one came again
    for (const key of ['c1', 'c2']) {
      const seen = [];
      for (const g of delivered.filter((x) => x.body.data.connectionId === key)) {
        const step = `${g.body.data.from}>${g.body.data.to}`;
        if (seen.at(-1) !== step) seen.push(step);
      }
      assert.deepEqual(seen, expected[key], `in order for ${key}`);
    }
    const log = (await s.admin('GET', `/admin/webhooks/${id}/deliveries?first=100`)).body.deliveries;
    assert.equal(log.length, 14);
    assert.ok(log.every((d) => d.status === 'delivered'));
    const attempts = log.flatMap((d) => d.attempts);
    assert.ok(attempts.some((a) => a.statusCode === null && a.error), 'refused attempts are logged');
    assert.ok(attempts.some((a) => a.statusCode === 503 && a.answer === 'not now'), 'answers are logged');
    assert.ok(attempts.some((a) => a.statusCode === 200 && a.answer === 'thanks'));
  } finally {
    await rx.close();
    await s.admin('DELETE', `/admin/hubs/${hubRow.id}/webhooks/${id}`);
  }
});

test('SIGKILL between a change and its delivery: the event is still delivered after a restart', async () => {
  const dataDir = tempDir();
  const port = await closedPort();
  let srv = await spawnServer(dataDir);
  let rx;
  try {
    const admin = (method, path, body) => request(srv.url, method, path, { admin: ADMIN_KEY, body });
    const hubs = (await admin('GET', '/admin/hubs')).body.hubs;
    const hub = hubs.find((h) => h.name === 'Acme CRM');
    await admin('POST', `/admin/hubs/${hub.id}/webhooks`, { url: `http://127.0.0.1:${port}/hook` });
    const it = (await admin('POST', `/admin/hubs/${hub.id}/integrations`, { name: 'Kill Test', isDeployed: true, connectionTemplates: [] })).body;
    const { token } = (await admin('POST', '/admin/tokens', { hubId: hub.id, externalId: 'kill@acme.test' })).body;
    const a = await request(srv.url, 'POST', '/activations', { token, body: { userId: 'kill@acme.test', integrationId: it.id, connections: [] } });
    assert.equal(a.status, 200, a.text);
    srv.child.kill('SIGKILL');
    await srv.exited;
    rx = await receiver(port);
    srv = await spawnServer(dataDir);
    const got = await until('the delivery after the restart', () => rx.got.find((g) => g.body.data.activationId === a.body.id), 30_000);
    assert.equal(got.body.type, 'activation.created');
  } finally {
    srv.child.kill('SIGKILL');
    await srv.exited;
    await rx?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('PATCH /activations/{id} saves new settings (a secret left out is kept) and reports activation.settings_changed', async () => {
  const rx = await receiver();
  try {
    const hook = await s.admin('POST', `/admin/hubs/${hubRow.id}/webhooks`, { url: rx.url, events: ['activation.settings_changed'] });
    const schema = {
      type: 'object', required: ['region'],
      properties: { region: { enum: ['eu', 'us'] }, apiSecret: { type: 'string', writeOnly: true, minLength: 8 }, note: { type: 'string' } },
    };
    const it = (await s.admin('POST', `/admin/hubs/${hubRow.id}/integrations`, { name: 'Settings Test', isDeployed: true, connectionTemplates: [], variablesSchema: schema })).body;
    const a = await s.post('/activations', { token: alice.token, body: {
      userId: 'alice@acme.test', integrationId: it.id, connections: [], dynamicVariables: { region: 'eu', apiSecret: 'first-secret-1' },
    } });
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.body.integrationSettings.map((x) => [x.configkey, x.configvalue]), [['region', 'eu'], ['apiSecret', '********'], ['note', null]]);
    const patch = (body) => s.patch(`/activations/${a.body.id}`, { token: alice.token, body });
    const updated = await patch({ dynamicVariables: { region: 'us', note: 'hello' } });
    assert.equal(updated.status, 200, updated.text);
    assert.deepEqual(updated.body.integrationSettings.map((x) => [x.configkey, x.configvalue]), [['region', 'us'], ['apiSecret', '********'], ['note', 'hello']]);
    const row = await s.app.store.activations.one(a.body.id);
    assert.equal(s.app.store.activations.secretSettings(row).apiSecret, 'first-secret-1', 'the left-out secret is kept');
    assert.equal((await patch({ dynamicVariables: { region: 'us', apiSecret: 'second-secret-2' } })).status, 200);
    assert.equal(s.app.store.activations.secretSettings(await s.app.store.activations.one(a.body.id)).apiSecret, 'second-secret-2');
    const bad = await patch({ dynamicVariables: { region: 'mars' } });
    assert.equal(bad.status, 400);
    assert.equal(errorBody(bad).code, 'variables_invalid');
    assert.deepEqual(errorBody(bad).fields.map((f) => f.field), ['dynamicVariables.region']);
    assert.equal((await patch({ variables: {} })).status, 400);
    const bob = await s.tokenFor('Acme CRM', 'bob@acme.test');
    assert.equal((await s.patch(`/activations/${a.body.id}`, { token: bob.token, body: { dynamicVariables: { region: 'eu' } } })).status, 404);
    await until('two settings_changed deliveries', () => rx.got.length >= 2);
    assert.deepEqual(rx.got.map((g) => g.body.type), ['activation.settings_changed', 'activation.settings_changed']);
    assert.ok(rx.got.every((g) => verifies(g.headers['embedhub-signature'], g.raw, hook.body.secret)));
    assert.deepEqual(rx.got[0].body.data, { activationId: a.body.id, userId: alice.user.id, integrationId: it.id });
  } finally {
    await rx.close();
  }
});

test('finished deliveries and their events are forgotten after the retention time, pending ones never', async () => {
  const { events } = s.app.store;
  const port = await closedPort();
  const hook = (await s.admin('POST', `/admin/hubs/${hubRow.id}/webhooks`, { url: `http://127.0.0.1:${port}/x`, events: ['connection.deleted'] })).body;
  const data = { connectionId: 'gone', userId: alice.user.id, from: 'active', to: null, lastError: null };
  await s.app.store.tx((t) => recordEvent(t, { type: 'connection.deleted', hubId: hubRow.id, data, orderingKey: 'gone' }));
  await s.app.store.tx((t) => recordEvent(t, { type: 'connection.deleted', hubId: hubRow.id, data, orderingKey: 'gone2' }));
  const [{ seq: first }] = await s.sql('SELECT seq FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq', [hook.id]);
  await s.sql("UPDATE webhook_deliveries SET status = 'delivered' WHERE seq = ?", [first]);
  const later = new Date(Date.now() + 60_000).toISOString();
  await events.prune(later);
  const left = (await s.sql('SELECT status FROM webhook_deliveries WHERE webhook_id = ?', [hook.id])).map((r) => r.status);
  assert.deepEqual(left, ['pending'], 'the finished one is gone, the pending one stays');
  assert.deepEqual(await s.sql("SELECT count(*) AS n FROM events WHERE ordering_key = 'gone'"), [{ n: 0 }]);
  assert.deepEqual(await s.sql("SELECT count(*) AS n FROM events WHERE ordering_key = 'gone2'"), [{ n: 1 }]);
  await s.admin('DELETE', `/admin/hubs/${hubRow.id}/webhooks/${hook.id}`);
});

test('connection events from the connections service reach a webhook, signed and in order', async () => {
  const { connectionWorld } = await import('./support/connections.mjs');
  const w = await connectionWorld({ config: { webhookTiming: { tickMs: 50, baseMs: 100, capMs: 400 } } });
  const rx = await receiver();
  try {
    const hook = (await w.s.admin('POST', `/admin/hubs/${w.hubId}/webhooks`, { url: rx.url })).body;
    const created = await w.connect('Stripe', { apiKey: 'live-webhook-key-0123' });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id;
    await until('the connection to settle', async () => ['active', 'post_install_error', 'validation_error'].includes((await w.get(id)).body.status));
    const del = await w.s.del(`${w.path}/${id}`, { token: w.token });
    assert.equal(del.status, 204, del.text);
    await until('connection.deleted', () => rx.got.some((g) => g.body.type === 'connection.deleted'));
    const mine = rx.got.filter((g) => g.body.data.connectionId === id);
    for (const g of mine) assert.ok(verifies(g.headers['embedhub-signature'], g.raw, hook.secret));
    const types = mine.map((g) => g.body.type);
    assert.equal(types[0], 'connection.created');
    assert.equal(types.at(-1), 'connection.deleted');
    // Each status change follows from the one before: delivered in the order it happened.
    for (let i = 1; i < mine.length; i++) {
      const prev = mine[i - 1].body.data;
      assert.equal(mine[i].body.data.from, prev.to, `${types[i - 1]} → ${types[i]}`);
    }
    assert.deepEqual(Object.keys(mine[0].body.data).sort(), ['connectionId', 'from', 'lastError', 'to', 'userId']);
  } finally {
    await rx.close();
    await w.close();
  }
});

test('deleting an integration reports each of its activations as activation.deleted', async () => {
  const rx = await receiver();
  try {
    const hook = (await s.admin('POST', `/admin/hubs/${hubRow.id}/webhooks`, { url: rx.url, events: ['activation.deleted'] })).body;
    const it = (await s.admin('POST', `/admin/hubs/${hubRow.id}/integrations`, { name: 'Doomed', isDeployed: true, connectionTemplates: [] })).body;
    const bob = await s.tokenFor('Acme CRM', 'bob@acme.test');
    const ids = [];
    for (const [who, ext] of [[alice, 'alice@acme.test'], [bob, 'bob@acme.test']]) {
      const a = await s.post('/activations', { token: who.token, body: { userId: ext, integrationId: it.id, connections: [] } });
      assert.equal(a.status, 200, a.text);
      ids.push(a.body.id);
    }
    assert.equal((await s.admin('DELETE', `/admin/integrations/${it.id}`)).status, 204);
    await until('two activation.deleted', () => rx.got.length >= 2);
    assert.deepEqual(rx.got.map((g) => g.body.data.activationId).sort(), [...ids].sort());
    assert.ok(rx.got.every((g) => g.body.type === 'activation.deleted' && g.body.data.integrationId === it.id));
    assert.ok(rx.got.every((g) => verifies(g.headers['embedhub-signature'], g.raw, hook.secret)));
  } finally {
    await rx.close();
  }
});
