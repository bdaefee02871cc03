// contention.test.mjs — the data layer under contention, on either engine (PostgreSQL with
// EMBEDHUB_TEST_DATABASE_URL): many concurrent activations of one user, many concurrent changes
// of one connection (each event starts where the one before ended: the row lock), concurrent
// first tokens of one new user (one user, no 409), a transaction that keeps losing
// serialization races (503 database_busy, never 500), and a webhook whose outcome could not be
// recorded after a successful send (recorded later, not sent again). The failures are injected
// by triggers (PostgreSQL), so nothing here depends on timing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { receiver } from '../multi/receiver.mjs';
import { ENGINE, startServer, until } from './helpers.mjs';

const pgOnly = ENGINE === 'postgres' ? false : 'the failures are injected with PL/pgSQL triggers';

let s, hub, ada;
before(async () => {
  s = await startServer({ config: { testHooks: true, webhookTiming: { tickMs: 50 } } });
  hub = s.hubs['Acme CRM'];
  ada = await s.tokenFor('Acme CRM', 'ada@contention.test');
});
after(() => s.close());

const integration = async (name) => {
  const r = await s.admin('POST', `/admin/hubs/${hub.id}/integrations`, { name, isDeployed: true, connectionTemplates: [] });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
};
const activate = (integrationId) =>
  s.post('/activations', { token: ada.token, body: { userId: 'ada@contention.test', integrationId, connections: [] } });


test('24 concurrent activations of one user: 16 distinct integrations all 200; of 8 for one more, exactly one 200 and 7 × 409', async () => {
  const distinct = [];
  for (let k = 0; k < 16; k++) distinct.push(await integration(`Contention ${k}`));
  const same = await integration('Contention, the same one');
  const answers = await Promise.all([...distinct.map(activate), ...Array.from({ length: 8 }, () => activate(same))]);
  const statuses = answers.map((r) => r.status);
  assert.deepEqual(statuses.slice(0, 16), Array(16).fill(200), `statuses: ${statuses.join(' ')}`);
  const rest = answers.slice(16);
  assert.equal(rest.filter((r) => r.status === 200).length, 1, `statuses: ${statuses.join(' ')}`);
  assert.deepEqual(rest.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.body.code}`), Array(7).fill('409 already_activated'));
  const rows = await s.sql('SELECT integration_id FROM activations WHERE user_id = ?', [ada.user.id]);
  assert.equal(rows.filter((r) => r.integration_id === same).length, 1);
  assert.equal(rows.length, 17);
});

test('12 concurrent changes of one connection: none fails, and its events form one chain (each from where the last ended)', async () => {
  const conn = (await s.sql('SELECT id, status FROM connections WHERE user_id = ? ORDER BY created_at LIMIT 1', [ada.user.id]))[0];
  assert.equal(conn.status, 'active', 'the user\'s primary connection');
  // The round active → needs_reauth → connecting → active four times over, all sent at once: each
  // applies to whatever state the one before left (the core refuses those that do not fit, 4xx).
  const events = Array.from({ length: 12 }, (_, k) => ['credentials_invalid', 'retry', 'validated'][k % 3]);
  const answers = await Promise.all(events.map((event) => s.admin('POST', `/admin/connections/${conn.id}/events`, { event, error: 'test' })));
  assert.deepEqual(answers.filter((r) => r.status >= 500).map((r) => r.text), []);
  const changes = (await s.sql('SELECT data FROM events WHERE ordering_key = ? AND type = ? ORDER BY id', [conn.id, 'connection.status_changed']))
    .map((r) => JSON.parse(r.data));
  assert.ok(changes.length >= 1, 'some changes were made');
  for (let i = 1; i < changes.length; i++) assert.equal(changes[i].from, changes[i - 1].to, JSON.stringify(changes));
  const [now] = await s.sql('SELECT status FROM connections WHERE id = ?', [conn.id]);
  assert.equal(now.status, changes.at(-1).to, 'the stored status is where the last event ended');
});

test('8 concurrent first tokens of one new user: all 201, one user (a lost insert race runs again and finds the winner)', async () => {
  const answers = await Promise.all(Array.from({ length: 8 }, () => s.admin('POST', '/admin/tokens', { hubId: hub.id, externalId: 'new@contention.test' })));
  assert.deepEqual(answers.map((r) => r.status), Array(8).fill(201), answers.map((r) => r.text).join('\n'));
  assert.equal(new Set(answers.map((r) => r.body.user.id)).size, 1);
  assert.equal((await s.sql('SELECT count(*) AS n FROM users WHERE external_id = ?', ['new@contention.test']))[0].n, 1);
});

test('a transaction that keeps losing serialization races answers 503 database_busy with Retry-After, not 500', { skip: pgOnly }, async () => {
  const it = await integration('Contention, always refused');
  await s.sql(`CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'injected serialization failure' USING ERRCODE = '40001'; END $$`);
  await s.sql('CREATE TRIGGER test_refuse BEFORE INSERT ON activations FOR EACH ROW EXECUTE FUNCTION test_refuse()');
  try {
    const r = await activate(it);
    assert.equal(r.status, 503, r.text);
    assert.equal(r.body.code, 'database_busy');
    assert.ok(Number(r.headers.get('retry-after')) >= 1, `Retry-After: ${r.headers.get('retry-after')}`);
    assert.equal((await s.sql('SELECT count(*) AS n FROM activations WHERE integration_id = ?', [it]))[0].n, 0);
  } finally {
    await s.sql('DROP TRIGGER test_refuse ON activations');
    await s.sql('DROP FUNCTION test_refuse()');
  }
  assert.equal((await activate(it)).status, 200, 'and it goes through once the database lets it');
});

test('a webhook sent, whose outcome the database first refused to record, is recorded and not sent again', { skip: pgOnly }, async () => {
  const rx = await receiver();
  // The first attempt row written after this fails (as a connection lost mid-transaction does).
  await s.sql('CREATE SEQUENCE test_mark_failures');
  await s.sql(`CREATE FUNCTION test_fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF nextval('test_mark_failures') = 1 THEN RAISE EXCEPTION 'injected failure' USING ERRCODE = '08006'; END IF; RETURN NEW; END $$`);
  await s.sql('CREATE TRIGGER test_fail_once BEFORE INSERT ON webhook_attempts FOR EACH ROW EXECUTE FUNCTION test_fail_once()');
  try {
    const hook = await s.admin('POST', `/admin/hubs/${hub.id}/webhooks`, { url: rx.url, events: ['activation.created'] });
    assert.equal(hook.status, 201, hook.text);
    const a = await activate(await integration('Contention, one delivery'));
    assert.equal(a.status, 200, a.text);
    const delivery = () => s.sql('SELECT seq, status, attempts FROM webhook_deliveries WHERE webhook_id = ?', [hook.body.id]);
    await until('the delivery marked delivered', async () => (await delivery())[0]?.status === 'delivered', 30_000);
    assert.ok((await s.sql("SELECT last_value FROM test_mark_failures"))[0].last_value >= 2, 'the first mark failed');
    assert.equal(rx.got.length, 1, `sent ${rx.got.length} times`);
    assert.equal(rx.got[0].body.data.activationId, a.body.id);
    const [d] = await delivery();
    assert.equal(d.attempts, 1);
    assert.equal((await s.sql('SELECT count(*) AS n FROM webhook_attempts WHERE delivery_seq = ?', [d.seq]))[0].n, 1);
    await s.admin('DELETE', `/admin/hubs/${hub.id}/webhooks/${hook.body.id}`);
  } finally {
    await s.sql('DROP TRIGGER test_fail_once ON webhook_attempts');
    await s.sql('DROP FUNCTION test_fail_once()');
    await s.sql('DROP SEQUENCE test_mark_failures');
    await rx.close();
  }
});
