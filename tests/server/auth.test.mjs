// auth.test.mjs — end-user tokens (JWT/Bearer, HS256 via jose), the admin key, token minting, Host checks.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { rmSync } from 'node:fs';
import { createHubServer } from '../../web/server/app.mjs';
import { ADMIN_KEY, ENCRYPTION_KEY, SECRET, errorBody, loadHub, request, startServer, tempDir } from './helpers.mjs';

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
  // Tokens live at most 30 days, and were not issued in the future (60 s of clock skew allowed).
  const now = Math.floor(Date.now() / 1000);
  for (const [name, claims] of [
    ['exp 31 days ahead', { ...c, exp: now + 31 * 24 * 3600 }],
    ['iat 10 minutes ahead', { ...c, exp, iat: now + 600 }],
  ]) {
    const r = await s.get(path, { token: await sign(claims) });
    assert.equal(r.status, 401, name);
    assert.equal(errorBody(r).code, 'token_invalid', name);
  }
  assert.equal((await s.get(path, { token: await sign({ ...c, exp: now + 29 * 24 * 3600, iat: now + 30 }) })).status, 200, 'within the limits');
  const expired = await s.get(path, { token: await sign({ ...c, exp: Math.floor(Date.now() / 1000) - 120 }) });
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

test('admin endpoints need an admin key (not the token secret), and check their bodies', async () => {
  for (const authorization of [undefined, `Admin wrong`, `Admin ${ADMIN_KEY}x`, `Admin ${SECRET}`, `JWT ${alice.token}`, `admin ${ADMIN_KEY}`]) {
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
  // On PostgreSQL the command reads the server's database, with every key configured (as a server).
  const pg = s.databaseUrl ? { EMBEDHUB_DATABASE_URL: s.databaseUrl, EMBEDHUB_ADMIN_KEY: ADMIN_KEY, EMBEDHUB_ENCRYPTION_KEY: ENCRYPTION_KEY } : {};
  const env = { ...process.env, EMBEDHUB_SECRET: SECRET, ...pg };
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

test('several admin keys may be configured at once (rotation); each works, the token secret does not', async () => {
  const other = 'second-admin-key-for-rotation-0123456789';
  const t = await startServer({ config: { adminKey: `${ADMIN_KEY},${other}` } });
  try {
    for (const key of [ADMIN_KEY, other]) assert.equal((await request(t.url, 'GET', '/admin/hubs', { admin: key })).status, 200);
    assert.equal((await request(t.url, 'GET', '/admin/hubs', { admin: SECRET })).status, 401);
  } finally {
    await t.close();
  }
});

test('a Host that is neither the public host nor a loopback name is refused (DNS rebinding)', async () => {
  const { port } = new URL(s.url);
  const get = (host) => new Promise((resolve, reject) => {
    import('node:http').then(({ request: raw }) => {
      const req = raw({ host: '127.0.0.1', port, path: '/healthz', headers: { host } }, (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
      req.on('error', reject);
      req.end();
    });
  });
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `app.localhost:${port}`]) {
    assert.equal((await get(host)).status, 200, host);
  }
  for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `10.0.0.1:${port}`]) {
    const r = await get(host);
    assert.equal(r.status, 421, host);
    assert.equal(JSON.parse(r.text).code, 'host_not_allowed');
  }
  // Behind a proxy: the public URL's host is allowed (and still no other).
  const behind = await createHubServer({ core: await loadHub(), env: {}, log: false,
    config: { port: 0, host: '127.0.0.1', secret: SECRET, adminKey: ADMIN_KEY, dataDir: tempDir(), seed: 'none', publicUrl: 'https://hub.example.com' } });
  await behind.listen();
  try {
    const p2 = behind.server.address().port;
    const status = (host) => new Promise((resolve, reject) => import('node:http').then(({ request: raw }) => {
      raw({ host: '127.0.0.1', port: p2, path: '/healthz', headers: { host } }, (res) => { res.resume(); resolve(res.statusCode); })
        .on('error', reject).end();
    }));
    assert.equal(await status('hub.example.com'), 200, 'the public host is allowed');
    assert.equal(await status('other.example.com'), 421);
  } finally {
    await behind.close();
    rmSync(behind.config.dataDir, { recursive: true, force: true });
  }
});
