// oauth-client.test.mjs — the hub's OAuth client (openid-client) against a real authorization
// server (oidc-provider on loopback): code + PKCE, a wrong or missing verifier, client
// credentials, rotation, revocation, and how failures are classified.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { callStep } from '../../web/server/oauth/check.mjs';
import { checkEndpointUrl, createOAuthClient } from '../../web/server/oauth/client.mjs';
import { authorize, cookieJar, startIdp } from './support/idp.mjs';

const REDIRECT = 'http://127.0.0.1:9/oauth2/callback';
let idp;
let oauth2;
const client = createOAuthClient({ timeoutSeconds: 2 });

before(async () => {
  idp = await startIdp({ clients: [{ client_id: 'hub', client_secret: 'hub-secret-0123456789', redirect_uris: [REDIRECT] }], scopes: ['tasks:read'] });
  oauth2 = { issuer: idp.issuer, clientId: 'hub', clientSecret: 'hub-secret-0123456789', scopes: ['openid', 'tasks:read'] };
});
after(() => idp.close());

async function codeFor(o = oauth2) {
  const request = await client.authorizationRequest(o, REDIRECT);
  return { request, back: await authorize(request.url) };
}

test('code + PKCE (S256) through discovery: the authorization URL carries state, nonce and the challenge', async () => {
  const { request, back } = await codeFor();
  const url = new URL(request.url);
  assert.equal(url.origin, idp.issuer);
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(url.searchParams.get('code_challenge').length >= 43);
  assert.equal(url.searchParams.get('state'), request.state);
  assert.equal(url.searchParams.get('nonce'), request.nonce);
  assert.equal(back.searchParams.get('state'), request.state);
  const tokens = await client.exchangeCode(oauth2, back, { ...request, redirectUri: REDIRECT });
  assert.ok(tokens.accessToken && tokens.refreshToken);
  assert.ok(tokens.expiresAt > Date.now());
  assert.equal((await client.introspect(oauth2, tokens.accessToken)).active, true);
});

test('the demo provider\'s sign-in refuses a wrong password; Cancel is access_denied', async () => {
  const request = await client.authorizationRequest(oauth2, REDIRECT);
  await assert.rejects(authorize(request.url, { password: 'wrong' }), /answered 401/);
  const jar = cookieJar();
  let res = await fetch(request.url, { redirect: 'manual' });
  jar.take(res.headers);
  const interaction = new URL(res.headers.get('location'), request.url);
  res = await fetch(new URL(`${interaction.pathname}/abort`, request.url), { headers: { cookie: jar.header(interaction.pathname) }, redirect: 'manual' });
  jar.take(res.headers);
  const resume = new URL(res.headers.get('location'), request.url);
  res = await fetch(resume, { headers: { cookie: jar.header(resume.pathname) }, redirect: 'manual' });
  const back = new URL(res.headers.get('location'));
  assert.equal(back.searchParams.get('error'), 'access_denied');
  assert.equal(back.searchParams.get('state'), request.state);
});

test('the provider refuses a wrong or a missing code_verifier (invalid_grant, final)', async () => {
  for (const verifier of ['x'.repeat(43), null]) {
    const { request, back } = await codeFor();
    await assert.rejects(client.exchangeCode(oauth2, back, { ...request, verifier, redirectUri: REDIRECT }), (e) => {
      assert.equal(e.kind, 'final');
      assert.equal(e.error, 'invalid_grant');
      return true;
    });
  }
});

test('a code answered for another request\'s state is refused before the token endpoint', async () => {
  const one = await codeFor();
  const two = await codeFor();
  await assert.rejects(client.exchangeCode(oauth2, two.back, { ...one.request, redirectUri: REDIRECT }), (e) => e.kind === 'final');
});

test('refresh keeps a rotated refresh token; the old one is then invalid_grant', async () => {
  const { request, back } = await codeFor();
  const first = await client.exchangeCode(oauth2, back, { ...request, redirectUri: REDIRECT });
  const second = await client.refresh(oauth2, first.refreshToken);
  assert.notEqual(second.refreshToken, first.refreshToken);
  assert.notEqual(second.accessToken, first.accessToken);
  await assert.rejects(client.refresh(oauth2, first.refreshToken), (e) => e.kind === 'final' && e.error === 'invalid_grant');
});

test('revoking the refresh and the access token: introspection says inactive', async () => {
  const { request, back } = await codeFor();
  const tokens = await client.exchangeCode(oauth2, back, { ...request, redirectUri: REDIRECT });
  assert.equal(await client.revoke(oauth2, tokens.refreshToken, 'refresh_token'), true);
  assert.equal(await client.revoke(oauth2, tokens.accessToken, 'access_token'), true);
  assert.equal((await client.introspect(oauth2, tokens.accessToken)).active, false);
  assert.equal((await client.introspect(oauth2, tokens.refreshToken)).active, false);
});

test('client credentials through explicit endpoint URLs', async () => {
  const explicit = { tokenUrl: `${idp.issuer}/token`, authorizationUrl: `${idp.issuer}/auth`, clientId: 'hub', clientSecret: 'hub-secret-0123456789', scopes: ['tasks:read'] };
  const tokens = await client.clientCredentials(explicit);
  assert.ok(tokens.accessToken);
  assert.equal(tokens.refreshToken, null);
  const bad = { ...explicit, clientSecret: 'wrong' };
  await assert.rejects(client.clientCredentials(bad), (e) => e.kind === 'final' && e.error === 'invalid_client');
});

test('a provider that is down or answers 5xx is transient; it recovers', async () => {
  const { request, back } = await codeFor();
  const tokens = await client.exchangeCode(oauth2, back, { ...request, redirectUri: REDIRECT });
  idp.outage('refuse');
  await assert.rejects(client.refresh(oauth2, tokens.refreshToken), (e) => e.kind === 'transient');
  idp.outage(503);
  await assert.rejects(client.refresh(oauth2, tokens.refreshToken), (e) => e.kind === 'transient' && e.status === 503);
  idp.outage(null);
  assert.ok((await client.refresh(oauth2, tokens.refreshToken)).accessToken);
});

test('verify / post-install steps: 2xx passes, 4xx is final, 5xx and timeouts are transient, the key never echoes', async () => {
  const me = { url: `${idp.issuer}/api/me`, auth: 'header:X-Api-Key' };
  assert.equal(await callStep(me, 'good-key', { what: 'verify' }), 200);
  await assert.rejects(callStep(me, 'bad-key-123', { what: 'verify' }), (e) => e.kind === 'final' && e.status === 401 && !e.message.includes('bad-key-123'));
  await assert.rejects(callStep({ url: `${idp.issuer}/api/webhooks`, auth: 'header:X-Api-Key' }, 'fail-1', { what: 'post-install' }),
    (e) => e.kind === 'final' && e.status === 400);
  const slow = createServer(() => {}); // never answers
  await new Promise((r) => slow.listen(0, '127.0.0.1', r));
  try {
    await assert.rejects(callStep({ url: `http://127.0.0.1:${slow.address().port}/` }, 'k', { what: 'verify', timeoutMs: 200 }),
      (e) => e.kind === 'transient' && /in time/.test(e.message));
  } finally {
    slow.closeAllConnections();
    slow.close();
  }
  idp.outage(502);
  await assert.rejects(callStep(me, 'good-key', { what: 'verify' }), (e) => e.kind === 'transient' && e.status === 502);
  idp.outage(null);
});

test('endpoint URLs: https, or plain http on loopback only', () => {
  assert.equal(checkEndpointUrl('https://id.example.com', 'issuer'), null);
  assert.equal(checkEndpointUrl('http://127.0.0.1:4000', 'issuer'), null);
  assert.match(checkEndpointUrl('http://id.example.com', 'issuer'), /https/);
  assert.match(checkEndpointUrl('nope', 'issuer'), /not a URL/);
});
