// connections-refresh.test.mjs — keeping connections working against a real authorization
// server: a 2-second token refreshed by the scheduler unnoticed, rotation, a refresh race that
// refreshes once, a grant revoked at the provider → needs_reauth → reauthorize in place with
// the activation intact, and a provider outage that flips nothing and recovers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TIMING } from '../../web/server/services/connections.mjs';
import { aadFor } from '../../web/server/security/secrets.mjs';
import { errorBody } from './helpers.mjs';
import { connectionWorld, eventually } from './support/connections.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const stored = async (w, id) => {
  const row = await w.s.app.store.connections.credential(id);
  return row && { ...row, ...JSON.parse(w.s.app.secrets.open(row.sealed, aadFor('connection_credentials', 'sealed', id))) };
};
async function connected(w) {
  const c = (await w.connect('Asana')).body;
  await w.signIn(c.authorizeUrl);
  assert.equal((await w.get(c.id)).body.status, 'active');
  return c;
}

test('the default retry schedule: at least 3 tries over at least 30 s', () => {
  assert.ok(TIMING.retryDelaysMs.length >= 3);
  assert.ok(TIMING.retryDelaysMs.reduce((a, b) => a + b, 0) >= 30_000);
  assert.equal(TIMING.stateTtlMs, 10 * 60_000);
  assert.equal(TIMING.credentialsMinValidityMs, 60_000);
});

test('a token with a 2-second TTL is refreshed by the scheduler before it expires, rotating the refresh token', async () => {
  const w = await connectionWorld({ idpOptions: { accessTokenTtl: 2 } });
  try {
    const c = await connected(w);
    const first = (await stored(w, c.id));
    const before = w.idp.stats.refreshes;
    // The user keeps using it for 5 s: every read finds a live token, nobody sees an error.
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      const s = (await stored(w, c.id));
      assert.ok(s.expires_at > Date.now(), 'the stored token never runs out');
      assert.equal((await w.get(c.id)).body.status, 'active');
      await sleep(100);
    }
    assert.ok(w.idp.stats.refreshes - before >= 2, `refreshed ${w.idp.stats.refreshes - before} times`);
    const now = (await stored(w, c.id));
    assert.notEqual(now.refreshToken, first.refreshToken, 'the provider rotated the refresh token and the hub kept the new one');
    const cred = await w.credentials(c.id);
    assert.equal(cred.status, 200);
    assert.ok(Date.parse(cred.body.expiresAt) > Date.now());
  } finally {
    await w.close();
  }
});

test('two concurrent credential reads of a token about to expire refresh it once', async () => {
  const w = await connectionWorld({ idpOptions: { accessTokenTtl: 30 }, timing: { tickMs: 60_000 } });
  try {
    const c = await connected(w);
    await w.s.app.connections.stop(); // only the reads may refresh
    const before = w.idp.stats.refreshes;
    const old = (await stored(w, c.id)).accessToken;
    const [a, b] = await Promise.all([w.credentials(c.id), w.credentials(c.id)]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.equal(w.idp.stats.refreshes - before, 1, 'one refresh for both reads');
    assert.equal(a.body.accessToken, b.body.accessToken);
    assert.notEqual(a.body.accessToken, old, 'under 60 s left: refreshed first');
  } finally {
    await w.close();
  }
});

test('a grant revoked at the provider: the next refresh fails → needs_reauth; reauthorize in place → active, same id, activation kept', async () => {
  const w = await connectionWorld({ idpOptions: { accessTokenTtl: 30 }, timing: { tickMs: 60_000 } });
  try {
    const c = await connected(w);
    const act = await w.s.post('/activations', {
      token: w.token,
      body: { userId: 'ada@test', integrationId: w.integrations.Asana.id, connections: [{ templateId: w.templates.Asana, connectionId: c.id }] },
    });
    assert.equal(act.status, 200, act.text);
    // The user disconnects the hub in the provider's own settings: its grant is gone.
    const at = await w.idp.provider.AccessToken.find((await stored(w, c.id)).accessToken);
    await w.idp.provider.Grant.adapter.revokeByGrantId(at.grantId);
    const cred = await w.credentials(c.id); // under 60 s left: refreshes first, which fails
    assert.equal(cred.status, 409);
    assert.equal(errorBody(cred).code, 'connection_not_active');
    assert.equal(cred.body.data.status, 'needs_reauth');
    assert.match(cred.body.data.lastError, /invalid_grant: grant request is invalid/);
    const seen = (await w.get(c.id)).body;
    assert.equal(seen.status, 'needs_reauth');
    assert.equal(seen.last_error, cred.body.data.lastError);

    const re = await w.s.post(`${w.path}/${c.id}/reauthorize`, { token: w.token });
    assert.equal(re.status, 200);
    assert.equal(re.body.id, c.id);
    assert.equal(re.body.status, 'connecting');
    await w.signIn(re.body.authorizeUrl);
    const back = (await w.get(c.id)).body;
    assert.equal(back.status, 'active');
    assert.equal(back.last_error, null);
    const list = await w.s.get(`/embed/${w.hubId}/users/ada@test/activations`, { token: w.token });
    const still = list.body.activations.find((a) => a.id === act.body.id);
    assert.ok(still, 'the activation is still listed');
    assert.deepEqual(still.connections, [{ templateId: w.templates.Asana, connectionId: c.id }]);
    assert.equal((await w.credentials(c.id)).status, 200);
    assert.equal((await w.s.get(`/activations/${act.body.id}`, { token: w.token })).status, 200);
  } finally {
    await w.close();
  }
});

test('a provider that is down: refreshes fail without a status flip, then recover', async () => {
  const w = await connectionWorld({ timing: { tickMs: 60_000, retryDelaysMs: [50, 100, 150] } });
  try {
    const c = await connected(w);
    await w.s.app.connections.stop();
    const due = () => w.s.sql('UPDATE connection_credentials SET refresh_at = 0 WHERE connection_id = ?', [c.id]);
    w.idp.outage('refuse');
    for (let i = 0; i < 3; i++) {
      await due();
      const pass = await w.s.app.connections.tick();
      assert.equal(pass.refreshes, 1);
      const row = (await stored(w, c.id));
      assert.equal(row.refresh_failures, i + 1);
      assert.ok(row.refresh_at > Date.now(), 'tried again later');
      assert.equal((await w.get(c.id)).body.status, 'active', 'an outage is not the user\'s fault');
    }
    // The token is still valid: the backend keeps getting it.
    assert.equal((await w.credentials(c.id)).status, 200);
    w.idp.outage(503);
    await due();
    await w.s.app.connections.tick();
    assert.equal((await w.get(c.id)).body.status, 'active');
    w.idp.outage(null);
    const before = w.idp.stats.refreshes;
    await due();
    await w.s.app.connections.tick();
    assert.equal(w.idp.stats.refreshes - before, 1, 'recovered');
    assert.equal((await stored(w, c.id)).refresh_failures, 0);
    assert.equal((await w.get(c.id)).body.status, 'active');
  } finally {
    await w.close();
  }
});

test('verify and post-install against a provider that is down: connecting while retried, then recovery or validation_error', async () => {
  const w = await connectionWorld({ timing: { tickMs: 50, retryDelaysMs: [100, 200, 300] } });
  try {
    w.idp.outage('refuse');
    const down = await w.connect('Stripe', { apiKey: 'sk_live_1' });
    assert.equal(down.status, 201);
    assert.equal(down.body.status, 'connecting', 'not the user\'s fault: no verdict yet');
    const given = await eventually(async () => {
      const c = (await w.get(down.body.id)).body;
      return c.status !== 'connecting' && c;
    });
    assert.equal(given.status, 'validation_error');
    assert.match(given.last_error, /could not be reached \(4 tries\)/);

    const later = await w.connect('Stripe', { apiKey: 'sk_live_2' });
    assert.equal(later.body.status, 'connecting');
    await sleep(150);
    w.idp.outage(null);
    const ok = await eventually(async () => {
      const c = (await w.get(later.body.id)).body;
      return c.status !== 'connecting' && c;
    });
    assert.equal(ok.status, 'active', 'the provider came back before the tries were spent');

    w.idp.outage(502);
    const cc = await w.connect('Reports');
    assert.equal(cc.body.status, 'connecting');
    w.idp.outage(null);
    assert.equal((await eventually(async () => {
      const c = (await w.get(cc.body.id)).body;
      return c.status !== 'connecting' && c;
    })).status, 'active');

    w.idp.outage('refuse');
    const oauth = await w.connect('Asana');
    assert.ok([201, 503].includes(oauth.status));
    w.idp.outage(null);
  } finally {
    await w.close();
  }
});

test('a refresh another server holds (the row\'s lease) is waited for, not doubled', async () => {
  const w = await connectionWorld({ idpOptions: { accessTokenTtl: 30 }, timing: { tickMs: 60_000 } });
  try {
    const c = await connected(w);
    await w.s.app.connections.stop();
    await w.s.sql('UPDATE connection_credentials SET refreshing_until = ? WHERE connection_id = ?', [Date.now() + 400, c.id]);
    const before = w.idp.stats.refreshes;
    const started = Date.now();
    const cred = await w.credentials(c.id);
    assert.equal(cred.status, 200);
    assert.ok(Date.now() - started >= 350, 'it waited for the other server\'s lease');
    // The other server never stored anything (it died): after its lease, this one refreshed once.
    assert.equal(w.idp.stats.refreshes - before, 1);
    assert.equal((await stored(w, c.id)).refreshing_until, null);
  } finally {
    await w.close();
  }
});

test('health checks: verify answering 401 is credentials_invalid → needs_reauth; an unreachable provider flips nothing', async () => {
  const w = await connectionWorld({ timing: { tickMs: 60_000, healthCheckMs: 60_000 } });
  try {
    const key = (await w.connect('Stripe', { apiKey: 'sk_live_ok' })).body;
    const c = await connected(w);
    await w.s.app.connections.stop();
    assert.ok((await stored(w, key.id)).check_at > Date.now(), 'a check is scheduled');
    const due = (id) => w.s.sql('UPDATE connection_credentials SET check_at = 0 WHERE connection_id = ?', [id]);
    await due(key.id);
    await due(c.id);
    w.idp.outage('refuse');
    assert.equal((await w.s.app.connections.tick()).checks, 2);
    assert.equal((await w.get(key.id)).body.status, 'active');
    assert.equal((await w.get(c.id)).body.status, 'active');
    w.idp.outage(null);
    // The user revokes the token at the provider: the next check finds out.
    await w.idp.provider.AccessToken.adapter.destroy((await stored(w, c.id)).accessToken);
    await due(c.id);
    await due(key.id);
    await w.s.app.connections.tick();
    const after = (await w.get(c.id)).body;
    assert.equal(after.status, 'needs_reauth');
    assert.match(after.last_error, /health check was refused: .*401/);
    assert.equal((await w.get(key.id)).body.status, 'active', 'a good key stays active');
    assert.ok((await stored(w, key.id)).check_at > Date.now(), 'and is checked again later');
  } finally {
    await w.close();
  }
});
