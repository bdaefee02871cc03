// requests.test.mjs — requests spread over several instances of one database: concurrent
// activations of one integration (exactly one wins), and an OAuth2 sign-in started on one
// instance and finished by its callback on another.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authorize, multiWorld } from './support.mjs';

test('25 concurrent activations of one integration over 3 instances: exactly one 200, 24 × 409', async () => {
  const w = await multiWorld({ instances: 3 });
  try {
    const body = { userId: 'ada@test', integrationId: w.integrations.Plain.id, connections: [] };
    const answers = await Promise.all(Array.from({ length: 25 }, (_, k) => w.call(k, 'POST', '/activations', { token: w.token, body })));
    const statuses = answers.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, 1, `statuses: ${statuses.join(' ')}`);
    assert.equal(statuses.filter((s) => s === 409).length, 24, `statuses: ${statuses.join(' ')}`);
    const won = answers.find((r) => r.status === 200).body;
    // Every instance sees the one activation, and only it.
    for (let i = 0; i < 3; i++) {
      const list = await w.call(i, 'GET', '/embed/' + w.hubId + '/users/ada@test/activations', { token: w.token });
      assert.equal(list.status, 200, `${list.text}\n${w.errors()}`);
      assert.deepEqual(list.body.activations.map((a) => a.id), [won.id], `instance ${i}`);
    }
    const { rows } = await w.db.query('SELECT count(*)::int AS n FROM activations');
    assert.equal(rows[0].n, 1, 'one row in the database');
  } finally {
    await w.close();
  }
});

test('an OAuth2 sign-in started on one instance completes by a callback on another, once', async () => {
  const w = await multiWorld({ instances: 3 });
  try {
    const started = await w.call(0, 'POST', w.connectionsPath, { token: w.token, body: { templateId: w.templates.Asana } });
    assert.equal(started.status, 201, started.text);
    assert.equal(started.body.status, 'connecting');
    assert.ok(started.body.authorizeUrl.startsWith(w.idp.issuer));
    const back = await authorize(started.body.authorizeUrl);
    assert.equal(back.origin, w.publicUrl, 'the provider sends the browser back to the public URL');
    assert.ok(back.searchParams.get('code') && back.searchParams.get('state'));

    const res = await fetch(w.on(1, back), { headers: { accept: 'text/html' }, redirect: 'manual' });
    const page = await res.text();
    assert.equal(res.status, 200, page.slice(0, 300));
    const seen = await w.call(2, 'GET', `${w.connectionsPath}/${started.body.id}`, { token: w.token });
    assert.equal(seen.body.status, 'active', 'instance 2 sees the connection made active by instance 1');
    const cred = await w.admin(0, 'GET', `/admin/connections/${started.body.id}/credentials`);
    assert.equal(cred.status, 200, cred.text);
    assert.equal(cred.body.type, 'oauth2');
    assert.ok(cred.body.accessToken, 'instance 0 opens the tokens instance 1 sealed');

    // The state was used once: the same callback on the instance that started it changes nothing.
    const tokenRequests = w.idp.stats.tokenRequests;
    const replay = await fetch(w.on(0, back), { headers: { accept: 'text/html' }, redirect: 'manual' });
    await replay.text();
    assert.equal(w.idp.stats.tokenRequests, tokenRequests, 'no second code exchange');
    const after = await w.call(0, 'GET', `${w.connectionsPath}/${started.body.id}`, { token: w.token });
    assert.equal(after.body.status, 'active');
    assert.equal(after.body.updated_at ?? after.body.updatedAt, seen.body.updated_at ?? seen.body.updatedAt, 'the replay changed nothing');
  } finally {
    await w.close();
  }
});
