// connections.test.mjs — /hubs/{hub}/users/{user}/connections on the demo seed: API keys
// verified at the demo provider's API, OAuth2 through the demo's real authorization server
// (oidc-provider, started with the server), the state machine through the core, the test hook
// for events (off by default), reauthorize in place.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { errorBody, startServer } from './helpers.mjs';
import { FAST } from './support/connections.mjs';
import { authorize } from './support/idp.mjs';

let s, hubId, alice, base, templates;
before(async () => {
  s = await startServer({ config: { testHooks: true, connectionTiming: FAST } });
  hubId = s.hubs['Acme CRM'].id;
  alice = await s.tokenFor('Acme CRM', 'alice@acme.test');
  base = `/hubs/${hubId}/users/alice@acme.test/connections`;
  const all = (await s.get(`/embed/${hubId}/users/alice@acme.test/integrations?first=100`, { token: alice.token })).body.integrations;
  templates = {};
  for (const name of ['Zendesk', 'Slack', 'Stripe to QuickBooks']) {
    const it = all.find((i) => i.name === name);
    templates[name] = (await s.get(`/embed/${hubId}/users/alice@acme.test/integrations/${it.id}`, { token: alice.token })).body.connectionTemplates;
  }
});
after(() => s.close());

const create = (body, token = alice.token) => s.post(base, { token, body });
// Seed 003's members, and the reference API's ConnectionSummary members next to them (issue 12).
const SEED_003_KEYS = ['authentication_method', 'context', 'createdAt', 'created_at', 'environment_integration_id', 'id', 'is_sandbox',
  'last_action_result', 'last_error', 'name', 'region', 'status', 'tenant_id', 'updatedAt', 'updated_at'];

/** Signs in at the demo provider and consents (or denies), then opens the hub's callback page. */
async function consent(authorizeUrl, decision = 'allow') {
  const callback = await authorize(authorizeUrl, { decision });
  const done = await fetch(callback, { headers: { accept: 'text/html' } });
  return { callback, done, doneHtml: await done.text() };
}

test('an api_key connection: connecting, then active, in the seed-003 shape', async () => {
  const [t] = templates.Zendesk;
  const r = await create({ templateId: t.id, apiKey: 'zd-live-1234', region: 'wnam', context: { zendesk_subdomain: 'acme' } });
  assert.equal(r.status, 201);
  const c = r.body;
  assert.deepEqual(Object.keys(c).sort(), SEED_003_KEYS);
  assert.match(c.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(c.tenant_id, alice.user.id);
  assert.equal(c.environment_integration_id, t.connectorId);
  assert.equal(c.authentication_method, 'api_key');
  assert.equal(c.status, 'active');
  assert.equal(c.last_error, null);
  assert.equal(c.last_action_result.status, 'active');
  assert.equal(c.region, 'wnam');
  assert.equal(c.is_sandbox, false);
  assert.deepEqual(c.context, { zendesk_subdomain: 'acme' });
  assert.ok(!JSON.stringify(c).includes('zd-live-1234'), 'the key never comes back');
  assert.ok(Date.parse(c.updated_at) >= Date.parse(c.created_at));
  const got = await s.get(`${base}/${c.id}`, { token: alice.token });
  assert.deepEqual(got.body, c);
});

test('keys starting with "bad" end in validation_error, "fail" in post_install_error', async () => {
  const [t] = templates.Zendesk;
  const bad = await create({ templateId: t.id, apiKey: 'bad-key' });
  assert.equal(bad.status, 201);
  assert.equal(bad.body.status, 'validation_error');
  assert.match(bad.body.last_error, /verify endpoint answered 401/);
  assert.ok(!bad.body.last_error.includes('bad-key'), 'the key is not repeated');
  const fail = await create({ templateId: t.id, apiKey: 'fail-install' });
  assert.equal(fail.body.status, 'post_install_error');
  assert.match(fail.body.last_error, /post-install endpoint answered 400.*webhook/);
});

test('retry re-runs the provider; reauthorize takes a new key', async () => {
  const [t] = templates.Zendesk;
  const c = (await create({ templateId: t.id, apiKey: 'bad-key' })).body;
  const retry = await s.post(`${base}/${c.id}/retry`, { token: alice.token });
  assert.equal(retry.status, 200);
  assert.equal(retry.body.status, 'validation_error', 'the same bad key is still bad');
  const noKey = await s.post(`${base}/${c.id}/reauthorize`, { token: alice.token, body: {} });
  assert.equal(noKey.status, 400);
  assert.ok(errorBody(noKey).fields.some((f) => f.field === 'apiKey'));
  const fixed = await s.post(`${base}/${c.id}/reauthorize`, { token: alice.token, body: { apiKey: 'good-key' } });
  assert.equal(fixed.status, 200);
  assert.equal(fixed.body.status, 'active');
  assert.equal(fixed.body.last_error, null);
  const illegal = await s.post(`${base}/${c.id}/retry`, { token: alice.token });
  assert.equal(illegal.status, 409, 'an active connection cannot be retried');
  assert.equal(errorBody(illegal).code, 'illegal_transition');
});

test('an OAuth2 connection: the demo provider\'s real sign-in and consent, then active', async () => {
  const [t] = templates.Slack;
  const r = await create({ templateId: t.id });
  assert.equal(r.status, 201);
  assert.equal(r.body.status, 'connecting');
  const url = new URL(r.body.authorizeUrl);
  assert.equal(url.origin, s.app.demoProvider.issuer);
  assert.equal(url.pathname, '/auth');
  assert.equal(url.searchParams.get('redirect_uri'), `${s.url}/oauth2/callback`);
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.match(url.searchParams.get('scope'), /chat:write/);
  const { done, doneHtml, callback } = await consent(r.body.authorizeUrl);
  assert.equal(done.status, 200);
  assert.match(done.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.match(doneHtml, /Slack is connected/);
  assert.match(doneHtml, new RegExp(`data-connection-id="${r.body.id}"`));
  const now = (await s.get(`${base}/${r.body.id}`, { token: alice.token })).body;
  assert.equal(now.status, 'active');
  // The state is spent: replaying the callback does nothing.
  const replay = await fetch(callback, { headers: { accept: 'text/html' } });
  assert.equal(replay.status, 400);
  assert.match(await replay.text(), /already completed/);
});

test('Deny on the consent page ends in validation_error; unknown states change nothing', async () => {
  const [t] = templates.Slack;
  const r = await create({ templateId: t.id });
  const { doneHtml } = await consent(r.body.authorizeUrl, 'deny');
  assert.match(doneHtml, /was not connected/);
  const c = (await s.get(`${base}/${r.body.id}`, { token: alice.token })).body;
  assert.equal(c.status, 'validation_error');
  assert.match(c.last_error, /denied/);

  const fresh = (await create({ templateId: t.id })).body;
  const state = new URL(fresh.authorizeUrl).searchParams.get('state');
  const forged = await fetch(`${s.url}/oauth2/callback?state=${state}&code=guess`, { headers: { accept: 'text/html' } });
  assert.equal(forged.status, 400, 'a code the provider never issued');
  const unknown = await fetch(`${s.url}/oauth2/callback?state=nope&code=x`);
  assert.equal(unknown.status, 400);
  assert.equal((await s.get(`${base}/${fresh.id}`, { token: alice.token })).body.status, 'connecting');
});

test('the admin pushes needs_reauth; reauthorize goes back through the consent page', async () => {
  const [t] = templates.Slack;
  const r = await create({ templateId: t.id });
  await consent(r.body.authorizeUrl);
  const pushed = await s.admin('POST', `/admin/connections/${r.body.id}/events`, { event: 'credentials_invalid', error: 'token revoked by the user' });
  assert.equal(pushed.status, 200);
  assert.equal(pushed.body.status, 'needs_reauth');
  assert.equal(pushed.body.last_error, 'token revoked by the user');
  const seen = (await s.get(`${base}/${r.body.id}`, { token: alice.token })).body;
  assert.equal(seen.status, 'needs_reauth');
  const re = await s.post(`${base}/${r.body.id}/reauthorize`, { token: alice.token });
  assert.equal(re.status, 200);
  assert.equal(re.body.status, 'connecting');
  assert.ok(re.body.authorizeUrl);
  await consent(re.body.authorizeUrl);
  const back = (await s.get(`${base}/${r.body.id}`, { token: alice.token })).body;
  assert.equal(back.status, 'active');
  assert.equal(back.last_error, null);
});

test('admin events the state machine refuses are 409s; unknown events are 400s', async () => {
  const [t] = templates.Zendesk;
  const c = (await create({ templateId: t.id, apiKey: 'ok-key' })).body;
  const illegal = await s.admin('POST', `/admin/connections/${c.id}/events`, { event: 'validated' });
  assert.equal(illegal.status, 409);
  assert.equal(errorBody(illegal).code, 'illegal_transition');
  const unknown = await s.admin('POST', `/admin/connections/${c.id}/events`, { event: 'explode' });
  assert.equal(unknown.status, 400);
  assert.equal(errorBody(unknown).code, 'unknown_event');
  const refresh = await s.admin('POST', `/admin/connections/${c.id}/events`, { event: 'refresh_failed' });
  assert.equal(refresh.body.status, 'needs_reauth');
  const missing = await s.admin('POST', '/admin/connections/00000000-0000-4000-8000-000000000000/events', { event: 'retry' });
  assert.equal(missing.status, 404);
});

test('the list holds the user\'s connections, the primary one first', async () => {
  const r = await s.get(base, { token: alice.token });
  assert.equal(r.status, 200);
  assert.equal(r.body.totalCount, r.body.connections.length);
  assert.ok(r.body.connections.length >= 5);
  assert.ok(r.body.connections.every((c) => c.tenant_id === alice.user.id));
  assert.equal(r.body.connections[0].id, alice.user.primaryConnection.id);
  const internal = await s.get(`/hubs/${hubId}/users/${alice.user.id}/connections?identifier_type=internal`, { token: alice.token });
  assert.deepEqual(internal.body, r.body);
});

test('mismatched credentials and unknown templates are refused', async () => {
  const oauth = await create({ templateId: templates.Slack[0].id, apiKey: 'x' });
  assert.equal(oauth.status, 400);
  assert.ok(errorBody(oauth).fields.some((f) => f.field === 'apiKey'));
  const key = await create({ templateId: templates.Zendesk[0].id });
  assert.equal(key.status, 400);
  const unknown = await create({ templateId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', apiKey: 'k' });
  assert.equal(unknown.status, 404);
  assert.ok(errorBody(unknown).fields.some((f) => f.field === 'templateId'));
  const sandbox = await create({ templateId: templates['Stripe to QuickBooks'][0].id, apiKey: 'sk_test', isSandbox: true });
  assert.equal(sandbox.status, 201);
  assert.equal(sandbox.body.is_sandbox, true);
  const retryBody = await s.post(`${base}/${sandbox.body.id}/retry`, { token: alice.token, body: { apiKey: 'x' } });
  assert.equal(retryBody.status, 400);
});

test('an OAuth2 sign-in nobody finishes expires into validation_error, from which reauthorize works', async () => {
  const [t] = templates.Slack;
  const c = (await create({ templateId: t.id })).body;
  // The periodic pass would drop the expired state before the late callback lands: this test
  // runs the pass itself.
  await s.app.connections.stop();
  // Ten minutes later, as far as the state is concerned.
  await s.sql('UPDATE oauth_states SET expires_at = 0 WHERE connection_id = ?', [c.id]);
  const late = await consent(c.authorizeUrl);
  assert.equal(late.done.status, 400);
  assert.match(late.doneHtml, /expired/);
  await s.app.connections.tick();
  s.app.connections.start();
  const now = (await s.get(`${base}/${c.id}`, { token: alice.token })).body;
  assert.equal(now.status, 'validation_error');
  assert.match(now.last_error, /not completed in time/);
  const re = await s.post(`${base}/${c.id}/reauthorize`, { token: alice.token });
  assert.equal(re.body.status, 'connecting');
  await consent(re.body.authorizeUrl);
  assert.equal((await s.get(`${base}/${c.id}`, { token: alice.token })).body.status, 'active');
});

test('the events hook is off unless configured', async () => {
  const plain = await startServer({ config: { demoProvider: 'off' } });
  try {
    const r = await plain.admin('POST', '/admin/connections/00000000-0000-4000-8000-000000000000/events', { event: 'retry' });
    assert.equal(r.status, 404);
  } finally {
    await plain.close();
  }
});
