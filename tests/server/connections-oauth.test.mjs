// connections-oauth.test.mjs — connections against a real authorization server (oidc-provider on
// loopback) over HTTP: code + PKCE end to end, client credentials, API keys with verify and
// post-install, replayed states and codes paired with another request's state, DELETE with
// revocation (introspection says inactive) and 409 while in use, reauthorize in place, and
// secrets that never leave except through GET /admin/connections/{id}/credentials.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { createOAuthClient } from '../../web/server/oauth/client.mjs';
import { aadFor } from '../../web/server/security/secrets.mjs';
import { errorBody } from './helpers.mjs';
import { CLIENT, connectionWorld } from './support/connections.mjs';
import { authorize } from './support/idp.mjs';

let w;
const logs = [];
before(async () => {
  const logStream = new PassThrough();
  logStream.on('data', (d) => logs.push(String(d)));
  w = await connectionWorld({ config: { origins: ['https://app.example.com'] }, log: true, logStream });
});
after(() => w.close());

const oauth2Of = () => ({ issuer: w.idp.issuer, clientId: CLIENT.id, clientSecret: CLIENT.secret });
const introspect = (token) => createOAuthClient().introspect(oauth2Of(), token);
/** The sealed credential as stored (the test reads the database like an attacker with the key would). */
const stored = async (id) => {
  const row = await w.s.app.store.connections.credential(id);
  return row && JSON.parse(w.s.app.secrets.open(row.sealed, aadFor('connection_credentials', 'sealed', id)));
};

test('code + PKCE end to end: 201 connecting with the provider\'s URL, sign-in, consent, callback, active', async (t) => {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const created = await w.connect('Asana');
    assert.equal(created.status, 201);
    assert.equal(created.body.status, 'connecting');
    const url = new URL(created.body.authorizeUrl);
    assert.equal(`${url.origin}${url.pathname}`, `${w.idp.issuer}/auth`);
    for (const p of ['state', 'nonce', 'code_challenge']) assert.ok(url.searchParams.get(p), p);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('client_id'), CLIENT.id);
    const page = await w.signIn(created.body.authorizeUrl);
    times.push(performance.now() - started);
    assert.equal(page.status, 200);
    assert.match(page.text, /data-status="active"/);
    const c = (await w.get(created.body.id)).body;
    assert.equal(c.status, 'active');
    assert.equal(c.last_error, null);
    const cred = await w.credentials(c.id);
    assert.equal(cred.status, 200);
    assert.equal(cred.body.type, 'oauth2');
    assert.deepEqual(cred.body.scopes, ['openid', 'tasks:read']);
    assert.ok(Date.parse(cred.body.expiresAt) > Date.now());
    assert.equal((await introspect(cred.body.accessToken)).active, true);
  }
  times.sort((a, b) => a - b);
  t.diagnostic(`create → sign-in → consent → callback → active on loopback: median ${times[2].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[4].toFixed(1)})`);
});

test('a replayed state, and a code paired with another request\'s state, change nothing', async () => {
  const a = (await w.connect('Asana')).body;
  const b = (await w.connect('Asana')).body;
  const backA = await authorize(a.authorizeUrl);
  const backB = await authorize(b.authorizeUrl);
  const mixed = new URL(backB);
  mixed.searchParams.set('code', backA.searchParams.get('code'));
  const refused = await fetch(mixed, { headers: { accept: 'text/html' } });
  assert.equal(refused.status, 400);
  assert.match(await refused.text(), /did not accept this sign-in/);
  assert.equal((await w.get(a.id)).body.status, 'connecting');
  assert.equal((await w.get(b.id)).body.status, 'connecting');
  // The genuine answers still work (A's code was not spent: the provider refused it for B's verifier).
  assert.equal((await fetch(backB)).status, 200);
  assert.equal((await w.get(b.id)).body.status, 'active');
  const tokenB = (await stored(b.id)).accessToken;
  const firstA = await fetch(backA);
  assert.equal(firstA.status, 200);
  assert.equal((await w.get(a.id)).body.status, 'active');
  const replay = await fetch(backA, { headers: { accept: 'text/html' } });
  assert.equal(replay.status, 400);
  assert.match(await replay.text(), /already completed/);
  assert.equal((await w.get(a.id)).body.status, 'active');
  assert.equal((await stored(b.id)).accessToken, tokenB, 'nothing about B changed');
  const forged = await fetch(`${w.s.url}/oauth2/callback?state=${'x'.repeat(43)}&code=abc`);
  assert.equal(forged.status, 400);
  const none = await fetch(`${w.s.url}/oauth2/callback`);
  assert.equal(none.status, 400);
});

test('access_denied at the provider ends in validation_error with the provider\'s words', async () => {
  const c = (await w.connect('Asana')).body;
  const back = await authorize(c.authorizeUrl, { decision: 'deny' });
  assert.equal(back.searchParams.get('error'), 'access_denied');
  const page = await fetch(back, { headers: { accept: 'text/html' } });
  assert.match(await page.text(), /was not connected/);
  const after = (await w.get(c.id)).body;
  assert.equal(after.status, 'validation_error');
  assert.match(after.last_error, /denied access/);
  const cred = await w.credentials(c.id);
  assert.equal(cred.status, 409);
  assert.deepEqual(errorBody(cred).data, { status: 'validation_error', lastError: after.last_error });
});

test('the callback page posts to the embed\'s origin only; returnUrl must be on that origin', async () => {
  const fromApp = await w.s.post(w.path, { token: w.token, body: { templateId: w.templates.Asana }, headers: { origin: 'https://app.example.com' } });
  assert.equal(fromApp.status, 201);
  const html = await (await fetch(await authorize(fromApp.body.authorizeUrl))).text();
  assert.match(html, /data-origin="https:\/\/app\.example\.com"/);
  assert.match(html, /<script type="module" src="\/oauth2\/done\.mjs"><\/script>/);
  const script = await fetch(`${w.s.url}/oauth2/done.mjs`);
  const js = await script.text();
  assert.match(js, /postMessage\(message, origin\)/);
  assert.doesNotMatch(js, /'\*'/, 'never to any origin');
  const elsewhere = await w.s.post(w.path, {
    token: w.token, headers: { origin: 'https://app.example.com' },
    body: { templateId: w.templates.Asana, returnUrl: 'https://evil.example/back' },
  });
  assert.equal(elsewhere.status, 400);
  assert.equal(errorBody(elsewhere).fields[0].field, 'returnUrl');
  const back = await w.s.post(w.path, {
    token: w.token, headers: { origin: 'https://app.example.com' },
    body: { templateId: w.templates.Asana, returnUrl: 'https://app.example.com/settings/integrations' },
  });
  assert.equal(back.status, 201);
  const page = await (await fetch(await authorize(back.body.authorizeUrl))).text();
  assert.match(page, /data-return-url="https:\/\/app\.example\.com\/settings\/integrations"/);
});

test('client credentials: a token on create, verified, active; its credentials', async () => {
  const r = await w.connect('Reports');
  assert.equal(r.status, 201);
  assert.equal(r.body.status, 'active');
  const cred = await w.credentials(r.body.id);
  assert.equal(cred.body.type, 'oauth2');
  assert.deepEqual(cred.body.scopes, ['reports']);
  assert.equal((await introspect(cred.body.accessToken)).active, true);
});

test('API keys: verified at the provider (401 → validation_error), post-install 4xx → post_install_error', async () => {
  const good = await w.connect('Stripe', { apiKey: 'sk_live_good' });
  assert.equal(good.body.status, 'active');
  assert.deepEqual((await w.credentials(good.body.id)).body, { type: 'api_key', apiKey: 'sk_live_good' });
  const bad = await w.connect('Stripe', { apiKey: 'bad_key_1' });
  assert.equal(bad.body.status, 'validation_error');
  assert.match(bad.body.last_error, /answered 401/);
  const fail = await w.connect('Stripe', { apiKey: 'fail_key_1' });
  assert.equal(fail.body.status, 'post_install_error');
  assert.match(fail.body.last_error, /post-install endpoint answered 400/);
  const fixed = await w.s.post(`${w.path}/${bad.body.id}/reauthorize`, { token: w.token, body: { apiKey: 'sk_live_new' } });
  assert.equal(fixed.status, 200);
  assert.equal(fixed.body.id, bad.body.id);
  assert.equal(fixed.body.status, 'active');
  assert.equal((await w.credentials(bad.body.id)).body.apiKey, 'sk_live_new');
});

test('DELETE: 409 connection_in_use while activated; then revokes refresh and access tokens (introspection: inactive), 204', async () => {
  const c = (await w.connect('Asana')).body;
  await w.signIn(c.authorizeUrl);
  const activation = await w.s.post('/activations', {
    token: w.token,
    body: { userId: 'ada@test', integrationId: w.integrations.Asana.id, connections: [{ templateId: w.templates.Asana, connectionId: c.id }] },
  });
  assert.equal(activation.status, 200, activation.text);
  const inUse = await w.s.del(`${w.path}/${c.id}`, { token: w.token });
  assert.equal(inUse.status, 409);
  assert.equal(errorBody(inUse).code, 'connection_in_use');
  assert.deepEqual(inUse.body.data, { activations: [activation.body.id] });
  const { accessToken, refreshToken } = (await stored(c.id));
  assert.equal((await introspect(refreshToken)).active, true);
  assert.equal((await w.s.del(`/activations/${activation.body.id}`, { token: w.token })).status, 204);
  const gone = await w.s.del(`${w.path}/${c.id}`, { token: w.token });
  assert.equal(gone.status, 204);
  assert.equal((await introspect(accessToken)).active, false);
  assert.equal((await introspect(refreshToken)).active, false);
  assert.equal((await w.get(c.id)).status, 404);
  assert.equal(await w.s.app.store.connections.credential(c.id), undefined, 'the credentials are deleted');
  assert.equal((await w.credentials(c.id)).status, 404);
  // The outbox told the host product every step, in order, with nothing secret.
  const events = await w.s.sql('SELECT type, data FROM events WHERE ordering_key = ? ORDER BY id', [c.id]);
  assert.deepEqual(events.map((e) => [e.type, JSON.parse(e.data).from, JSON.parse(e.data).to]), [
    ['connection.created', null, 'connecting'],
    ['connection.status_changed', 'connecting', 'active'],
    ['connection.deleted', 'active', null],
  ]);
  assert.ok(events.every((e) => JSON.parse(e.data).connectionId === c.id && JSON.parse(e.data).userId === w.user.id));
  assert.ok(!JSON.stringify(events).includes(accessToken));
});

test('secrets never leave except through the credentials endpoint: not in answers, pages or logs', async () => {
  const connector = await w.s.admin('GET', '/admin/hubs');
  assert.ok(!connector.text.includes(CLIENT.secret));
  const made = await w.s.admin('POST', `/admin/hubs/${w.hubId}/connectors`, {
    name: 'Other', authenticationMethod: 'oauth2', oauth2: { issuer: w.idp.issuer, clientId: 'x', clientSecret: 'very-secret-value-123' },
  });
  assert.equal(made.status, 201);
  assert.ok(!made.text.includes('very-secret-value-123'));
  assert.equal(made.body.oauth2.clientSecret, undefined);
  const [row] = await w.s.sql('SELECT settings, client_secret FROM connectors WHERE id = ?', [made.body.id]);
  assert.ok(!row.settings.includes('very-secret-value-123') && !row.client_secret.includes('very-secret-value-123'));
  const c = (await w.connect('Asana')).body;
  const back = await authorize(c.authorizeUrl);
  const page = await (await fetch(back)).text();
  const { accessToken, refreshToken } = (await stored(c.id));
  const list = await w.s.get(w.path, { token: w.token });
  // (The authorizeUrl the create answer carries holds the state: that is its purpose.)
  const { authorizeUrl, ...answer } = c;
  assert.ok(authorizeUrl.startsWith(w.idp.issuer));
  for (const text of [page, list.text, JSON.stringify(answer), logs.join('')]) {
    for (const secret of [accessToken, refreshToken, back.searchParams.get('code'), back.searchParams.get('state'), CLIENT.secret]) {
      assert.ok(!text.includes(secret), `a secret leaked: ${secret.slice(0, 6)}… in ${text.slice(0, 80)}`);
    }
  }
  const sealedRow = await w.s.app.store.connections.credential(c.id);
  assert.ok(!sealedRow.sealed.includes(accessToken));
});

test('bad connector settings are 400s: http outside loopback, missing endpoints, oauth2 on an api_key connector', async () => {
  const post = (body) => w.s.admin('POST', `/admin/hubs/${w.hubId}/connectors`, body);
  const http = await post({ name: 'X', authenticationMethod: 'oauth2', oauth2: { issuer: 'http://id.example.com', clientId: 'a', clientSecret: 'b' } });
  assert.equal(http.status, 400);
  assert.match(errorBody(http).message, /https/);
  const noToken = await post({ name: 'X', authenticationMethod: 'oauth2', oauth2: { authorizationUrl: 'https://id.example.com/a', clientId: 'a', clientSecret: 'b' } });
  assert.equal(noToken.status, 400);
  assert.equal(errorBody(noToken).fields[0].field, 'oauth2.tokenUrl');
  const mixed = await post({ name: 'X', authenticationMethod: 'api_key', oauth2: { issuer: 'https://id.example.com', clientId: 'a', clientSecret: 'b' } });
  assert.equal(mixed.status, 400);
  const badAuth = await post({ name: 'X', authenticationMethod: 'api_key', verify: { url: 'https://api.example.com/me', auth: 'cookie' } });
  assert.equal(badAuth.status, 400);
});

test('retry of an OAuth2 connection that never got a token signs in again; DELETE while the provider is down keeps it (503)', async () => {
  const c = (await w.connect('Asana')).body;
  await fetch(await authorize(c.authorizeUrl, { decision: 'deny' }));
  assert.equal((await w.get(c.id)).body.status, 'validation_error');
  const retry = await w.s.post(`${w.path}/${c.id}/retry`, { token: w.token });
  assert.equal(retry.status, 200);
  assert.equal(retry.body.status, 'connecting');
  assert.ok(retry.body.authorizeUrl.startsWith(w.idp.issuer));
  assert.equal((await fetch(await authorize(retry.body.authorizeUrl))).status, 200);
  assert.equal((await w.get(c.id)).body.status, 'active');
  w.idp.outage('refuse');
  try {
    const down = await w.s.del(`${w.path}/${c.id}`, { token: w.token });
    assert.equal(down.status, 503);
    assert.equal(errorBody(down).code, 'provider_unavailable');
    assert.equal((await w.get(c.id)).body.status, 'active', 'nothing was deleted: its tokens still live at the provider');
  } finally {
    w.idp.outage(null);
  }
  assert.equal((await w.s.del(`${w.path}/${c.id}`, { token: w.token })).status, 204);
});
