// webhooks.test.mjs — the outbox shared by 3 instances: connection events made on every instance
// are delivered once each, signed, and in order per connection, whichever instance sends them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { receiver, signedBy } from './receiver.mjs';
import { multiWorld, pool, until } from './support.mjs';

const CONNECTIONS = 30;

test(`webhooks: events of ${CONNECTIONS} connections changed on 3 instances arrive once each, signed, in order per connection`, async () => {
  const w = await multiWorld({ instances: 3, env: { EMBEDHUB_TEST_HOOKS: '1' } });
  const rx = await receiver();
  try {
    const hook = await w.admin(0, 'POST', `/admin/hubs/${w.hubId}/webhooks`, { url: rx.url });
    assert.equal(hook.status, 201, hook.text);
    const { secret } = hook.body;
    const status = async (i, id) => (await w.call(i, 'GET', `${w.connectionsPath}/${id}`, { token: w.token })).body.status;
    const settled = (i, id, want) => until(`connection ${id} ${want}`, async () => {
      const s = await status(i, id);
      if (s !== 'connecting' && s !== want) throw new Error(`connection ${id} is ${s}, expected ${want}`);
      return s === want;
    });
    // Each connection lives on all three: made with a refused key on k, mended on k+1, its key
    // refused by the provider later (the test hook) on k+2, reauthorized on k, deleted on k+1.
    const ids = await pool(Array.from({ length: CONNECTIONS }, (_, k) => async () => {
      const made = await w.call(k, 'POST', w.connectionsPath, { token: w.token, body: { templateId: w.templates.Stripe, apiKey: `bad-${k}` } });
      assert.equal(made.status, 201, `${made.text}\n${w.errors()}`);
      const { id } = made.body;
      await settled(k + 1, id, 'validation_error');
      const mended = await w.call(k + 1, 'POST', `${w.connectionsPath}/${id}/reauthorize`, { token: w.token, body: { apiKey: `live-${k}` } });
      assert.equal(mended.status, 200, `${mended.text}\n${w.errors()}`);
      await settled(k + 2, id, 'active');
      const refused = await w.admin(k + 2, 'POST', `/admin/connections/${id}/events`, { event: 'credentials_invalid', error: 'the provider said 401' });
      assert.equal(refused.status, 200, `${refused.text}\n${w.errors()}`);
      await settled(k, id, 'needs_reauth');
      const again = await w.call(k, 'POST', `${w.connectionsPath}/${id}/reauthorize`, { token: w.token, body: { apiKey: `live-again-${k}` } });
      assert.equal(again.status, 200, `${again.text}\n${w.errors()}`);
      await settled(k + 1, id, 'active');
      assert.equal((await w.call(k + 1, 'DELETE', `${w.connectionsPath}/${id}`, { token: w.token })).status, 204);
      return id;
    }), 6);

    const deleted = () => new Set(rx.got.filter((g) => g.type === 'connection.deleted').map((g) => g.body.data.connectionId));
    await until('connection.deleted of every connection', () => ids.every((id) => deleted().has(id)), { ms: 60_000 });
    // Every delivery marked delivered: one whose mark was lost would be sent again once its claim lapsed.
    const unfinished = async () => (await w.db.query("SELECT count(*)::int AS n FROM webhook_deliveries WHERE status <> 'delivered'")).rows[0].n;
    await until('every delivery marked delivered', async () => (await unfinished()) === 0, { ms: 60_000 });

    const seen = new Map();
    for (const g of rx.got) {
      assert.ok(signedBy(g.signature, g.raw, secret), `signature of ${g.raw}`);
      assert.equal(signedBy(g.signature, g.raw, `${secret}x`), false);
      assert.equal(g.eventId, g.id);
      if (seen.has(g.id)) {
        const { rows } = await w.db.query(`SELECT a.at, a.status_code, a.error FROM webhook_deliveries d
          JOIN webhook_attempts a ON a.delivery_seq = d.seq WHERE d.event_id = $1 ORDER BY a.id`, [g.id]);
        assert.fail(`event ${g.id} (${g.type}) delivered twice, at ${seen.get(g.id).at} and ${g.at}; its attempts: ${JSON.stringify(rows)}\n${w.errors()}`);
      }
      seen.set(g.id, g);
    }
    const logged = w.errors();
    console.log(`${rx.got.length} deliveries of ${seen.size} events, 0 sent twice; errors logged by the instances: ${logged ? logged.split('\n').length : 0}`);
    for (const id of ids) {
      const mine = rx.got.filter((g) => g.body.data.connectionId === id);
      const steps = mine.map((g) => (g.type === 'connection.status_changed' ? `${g.body.data.from}→${g.body.data.to}` : g.type));
      assert.equal(mine[0].type, 'connection.created', steps.join(', '));
      assert.equal(mine.at(-1).type, 'connection.deleted', steps.join(', '));
      // In the order they happened: each change starts where the one before ended.
      for (let i = 1; i < mine.length; i++) assert.equal(mine[i].body.data.from, mine[i - 1].body.data.to, steps.join(', '));
      for (let i = 1; i < mine.length; i++) assert.ok(mine[i].body.createdAt >= mine[i - 1].body.createdAt, steps.join(', '));
      const to = mine.filter((g) => g.type === 'connection.status_changed').map((g) => g.body.data.to);
      assert.deepEqual(to.filter((s) => s !== 'connecting'), ['validation_error', 'active', 'needs_reauth', 'active'], steps.join(', '));
    }
  } finally {
    await rx.close();
    await w.close();
  }
});
