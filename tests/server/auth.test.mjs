// auth.test.mjs — end-user tokens (JWT/Bearer, HS256 via jose), the admin secret, token minting.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { SECRET, errorBody, startServer } from './helpers.mjs';

let s, hubId, alice, path;
before(async () => {
  s = await startServer();
  hubId = s.hubs['Acme CRM'].id;
  alice = await s.tokenFor('Acme CRM', 'alice@acme.test');
  path = `/embed/${hubId}/users/alice@acme.test/integrations?first=1`;
});
after(() => s.close());

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const sign = (claims, { secret = SECRET, alg = 'HS256' } = {}) =>
  new SignJWT(claims).setProtectedHeader({ alg }).sign(Buffer.from(secret));
const claimsOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url'));

test('a token is accepted as JWT and as Bearer', async () => {
  assert.equal((await s.get(path, { token: alice.token })).status, 200);
  assert.equal((await s.get(path, { headers: { authorization: `Bearer ${alice.token}` } })).status, 200);
  assert.equal((await s.get(path, { headers: { authorization: `jwt ${alice.token}` } })).status, 200);
});

test('no token, or another scheme, is a 401 with WWW-Authenticate', async () => {
  for (const authorization of [undefined, '', 'Basic dXNlcjpwYXNz', alice.token, `JWT`, `Admin ${SECRET}`]) {
    const r = await s.get(path, { headers: authorization === undefined ? {} : { authorization } });
    assert.equal(r.status, 401, String(authorization));
    assert.equal(errorBody(r).code, 'unauthenticated');
    assert.match(r.headers.get('www-authenticate'), /^Bearer/);
  }
});

test('forged, tampered, expired and incomplete tokens are 401s', async () => {
  const c = claimsOf(alice.token);
  const exp = Math.floor(Date.now() / 1000) + 600;
  const cases = [
    ['wrong secret', await sign({ ...c, exp }, { secret: 'another-secret-that-is-long-enough-0123456789' })],
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(c)}.`],
    ['HS512', await sign({ ...c, exp }, { alg: 'HS512' })],
    ['tampered payload', `${alice.token.split('.')[0]}.${b64({ ...c, sub: 'someone-else' })}.${alice.token.split('.')[2]}`],
    ['no exp', await sign({ sub: c.sub, hub: c.hub, org: c.org })],
    ['no org', await sign({ sub: c.sub, hub: c.hub, exp })],
    ['no hub', await sign({ sub: c.sub, org: c.org, exp })],
    ['no sub', await sign({ hub: c.hub, org: c.org, exp })],
    ['numeric hub', await sign({ sub: c.sub, hub: 7, org: c.org, exp })],
    ['garbage', 'not.a.token'],
  ];
  for (const [name, token] of cases) {
    const r = await s.get(path, { token });
    assert.equal(r.status, 401, name);
    assert.equal(errorBody(r).code, 'token_invalid', name);
  }
  const expired = await s.get(path, { token: await sign({ ...c, exp: Math.floor(Date.now() / 1000) - 60 }) });
  assert.equal(expired.status, 401);
  assert.equal(errorBody(expired).code, 'token_expired');
  // An HS256 token signed by hand with the right secret is fine: nothing depends on jose's signer.
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64({ ...c, exp });
  const mac = createHmac('sha256', SECRET).update(`${header}.${body}`).digest('base64url');
  assert.equal((await s.get(path, { token: `${header}.${body}.${mac}` })).status, 200);
});

test('POST /admin/tokens creates the user on first sight and mints a token for it', async () => {
  const r = await s.admin('POST', '/admin/tokens', { hubId, externalId: 'dave@acme.test', displayName: 'Dave', ttlSeconds: 120 });
  assert.equal(r.status, 201);
  const { token, expiresAt, user } = r.body;
  assert.equal(user.externalId, 'dave@acme.test');
  assert.equal(user.displayName, 'Dave');
  assert.equal(user.hubId, hubId);
  assert.equal(user.primaryConnection.status, 'active', 'every user is connected to the host product');
  assert.ok(Math.abs(Date.parse(expiresAt) - Date.now() - 120_000) < 5000);
  const c = claimsOf(token);
  assert.deepEqual([c.sub, c.hub, c.org], [user.id, hubId, s.hubs['Acme CRM'].orgId]);
  assert.equal((await s.get(`/embed/${hubId}/users/dave@acme.test/integrations?first=1`, { token })).status, 200);
  const again = await s.admin('POST', '/admin/tokens', { hubId, externalId: 'dave@acme.test' });
  assert.equal(again.body.user.id, user.id, 'the same user, not a second one');
  assert.equal(again.body.user.displayName, 'Dave');
});

test('admin endpoints need the server secret, and check their bodies', async () => {
  for (const authorization of [undefined, `Admin wrong`, `Admin ${SECRET}x`, `JWT ${alice.token}`, `admin ${SECRET}`]) {
    const r = await s.post('/admin/tokens', { headers: authorization ? { authorization } : {}, body: { hubId, externalId: 'x' } });
    assert.equal(r.status, 401, String(authorization));
    assert.equal(errorBody(r).code, 'unauthenticated');
  }
  const cases = [
    [{ hubId, externalId: '' }, 'externalId'],
    [{ hubId, externalId: 'x', ttlSeconds: 10 }, 'ttlSeconds'],
    [{ hubId, externalId: 'x', role: 'admin' }, 'role'],
    [{ hubId: 'nope', externalId: 'x' }, 'hubId'],
    [{ hubId, externalId: 'a\nb' }, 'externalId'],
  ];
  for (const [body, field] of cases) {
    const r = await s.admin('POST', '/admin/tokens', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.ok(errorBody(r).fields.some((f) => f.field === field), JSON.stringify(r.body));
  }
  const unknownHub = await s.admin('POST', '/admin/tokens', { hubId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', externalId: 'x' });
  assert.equal(unknownHub.status, 404);
});

test('web/server/token.mjs mints a working token from the command line', async () => {
  const script = fileURLToPath(new URL('../../web/server/token.mjs', import.meta.url));
  const env = { ...process.env, EMBEDHUB_SECRET: SECRET };
  const r = spawnSync(process.execPath, [script, '--hub', hubId, '--user', 'alice@acme.test', '--ttl', '300', '--data', s.dataDir], { env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const token = r.stdout.trim();
  assert.equal(claimsOf(token).sub, alice.user.id);
  assert.equal((await s.get(path, { token })).status, 200);
  const missing = spawnSync(process.execPath, [script, '--hub', hubId, '--user', 'nobody', '--data', s.dataDir], { env, encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no user nobody/);
  const usage = spawnSync(process.execPath, [script], { env, encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /usage:/);
});
