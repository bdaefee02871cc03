// at-rest.test.mjs — after a full flow, the database file and its WAL hold none of the secrets
// that went through the API (grepped as bytes), and every database file is owner-only. On
// PostgreSQL the grep reads a pg_dump of the server's database instead (it has no files of ours).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer } from './helpers.mjs';

const SECRETS = {
  settingPassword: 'whsec_AtRestSecretSetting_7f3a91',
};

/** Every file of the database (main, -wal, -shm) with its bytes. */
function dbFiles(dir) {
  return readdirSync(dir).filter((f) => f.startsWith('embedhub.sqlite')).map((f) => ({ name: f, bytes: readFileSync(join(dir, f)), mode: statSync(join(dir, f)).mode & 0o777 }));
}

const PG_DUMP = process.env.EMBEDHUB_PG_DUMP ?? ['/usr/lib/postgresql/15/bin/pg_dump'].find((f) => existsSync(f)) ?? 'pg_dump';

/** What server `s` stored, as bytes to grep: its SQLite files, or a pg_dump of its PostgreSQL database. */
function storedBytes(s) {
  if (s.engine !== 'postgres') return dbFiles(s.dataDir);
  const r = spawnSync(PG_DUMP, ['--no-owner', '--dbname', s.databaseUrl], { maxBuffer: 512 * 1024 * 1024 });
  assert.equal(r.status, 0, `pg_dump: ${r.error?.message ?? r.stderr}`);
  assert.ok(r.stdout.length > 10_000, 'the dump holds the data');
  return [{ name: 'pg_dump', bytes: r.stdout, mode: null }];
}

test('secret settings are sealed at rest, masked to the admin, and the database files are 0600', async () => {
  const s = await startServer();
  try {
    const hubId = s.hubs['Acme CRM'].id;
    const alice = await s.tokenFor('Acme CRM', 'alice@acme.test');
    const list = (await s.get(`/embed/${hubId}/users/alice@acme.test/integrations?first=100`, { token: alice.token })).body.integrations;
    const stripe = (await s.get(`/embed/${hubId}/users/alice@acme.test/integrations/${list.find((i) => i.name === 'Stripe').id}`, { token: alice.token })).body;
    const [t] = stripe.connectionTemplates;
    const c = await s.post(`/hubs/${hubId}/users/alice@acme.test/connections`, { token: alice.token, body: { templateId: t.id, apiKey: 'sk_live_AtRestApiKey_51c0' } });
    assert.equal(c.status, 201, c.text);
    const body = {
      userId: 'alice@acme.test', integrationId: stripe.id, connections: [{ templateId: t.id, connectionId: c.body.id }],
      dynamicVariables: { currency: 'GBP', salesAccount: '4100', webhookSecret: SECRETS.settingPassword },
    };
    const a = await s.post('/activations', { token: alice.token, body });
    assert.equal(a.status, 200, a.text);
    const stored = (await s.admin('GET', `/admin/activations/${a.body.id}`)).body.integrationSettings;
    const secret = stored.find((x) => x.configkey === 'webhookSecret');
    assert.equal(secret.configtype, 'secret');
    assert.equal(secret.configvalue, '********');
    // What a UI may show stays readable.
    assert.equal(stored.find((x) => x.configkey === 'currency').configvalue, 'GBP');
    // The server itself can still read the secret (the store opens it for the row).
    const row = await s.app.store.activations.one(a.body.id);
    assert.equal(s.app.store.activations.secretSettings(row).webhookSecret, SECRETS.settingPassword);

    const files = storedBytes(s);
    if (s.engine === 'sqlite') assert.ok(files.some((f) => f.name.endsWith('-wal') && f.bytes.length > 0), 'the WAL holds the flow');
    for (const f of files) {
      if (f.mode !== null) assert.equal(f.mode, 0o600, `${f.name} is mode ${f.mode.toString(8)}`);
      for (const [what, value] of Object.entries(SECRETS)) {
        assert.equal(f.bytes.indexOf(Buffer.from(value)), -1, `${what} found in plain text in ${f.name}`);
      }
    }
    const plain = s.engine === 'sqlite' ? readFileSync(join(s.dataDir, 'embedhub.sqlite-wal')) : files[0].bytes;
    assert.ok(plain.indexOf(Buffer.from('GBP')) >= 0, 'the grep sees plain values');
  } finally {
    await s.close();
  }
});

test('after a full flow against a real provider, no token, key or secret is in the database or its WAL', async (t) => {
  const { CLIENT, connectionWorld } = await import('./support/connections.mjs');
  const { ADMIN_KEY, SECRET } = await import('./helpers.mjs');
  const w = await connectionWorld();
  try {
    const known = { clientSecret: CLIENT.secret, adminKey: ADMIN_KEY, tokenSecret: SECRET };
    // OAuth2 code + PKCE: access and refresh tokens.
    const created = await w.connect('Asana');
    assert.equal(created.status, 201, created.text);
    assert.equal((await w.signIn(created.body.authorizeUrl)).status, 200);
    const cred = (await w.credentials(created.body.id)).body;
    assert.ok(cred.accessToken, JSON.stringify(Object.keys(cred)));
    known.accessToken = cred.accessToken;
    // The refresh token never leaves the server: read it as the server holds it.
    const { aadFor } = await import('../../web/server/security/secrets.mjs');
    const row = await w.s.app.store.connections.credential(created.body.id);
    const held = JSON.parse(w.s.app.secrets.open(row.sealed, aadFor('connection_credentials', 'sealed', created.body.id)));
    if (held.refreshToken) known.refreshToken = held.refreshToken;
    // Client credentials.
    const reports = await w.connect('Reports');
    assert.equal(reports.status, 201, reports.text);
    const rc = (await w.credentials(reports.body.id)).body;
    if (rc.accessToken) known.clientCredentialsToken = rc.accessToken;
    // An API key (accepted by the provider's verify step).
    known.apiKey = `sk_live_${'AtRestKey'.repeat(3)}`;
    const stripe = await w.connect('Stripe', { apiKey: known.apiKey });
    assert.equal(stripe.status, 201, stripe.text);
    // A webhook's secret.
    const hook = await w.s.admin('POST', `/admin/hubs/${w.hubId}/webhooks`, { url: 'http://127.0.0.1:9/hook' });
    known.webhookSecret = hook.body.secret;
    known.encryptionKey = readFileSync(join(w.s.dataDir, 'encryption.key'), 'utf8').trim().split('\n')[0];

    const files = storedBytes(w.s);
    if (w.s.engine === 'sqlite') assert.ok(files.some((f) => f.name.endsWith('-wal') && f.bytes.length > 0));
    t.diagnostic(`looked for: ${Object.keys(known).join(', ')} in ${files.map((f) => `${f.name} (${f.bytes.length} bytes)`).join(', ')}`);
    for (const f of files) {
      for (const [what, value] of Object.entries(known)) {
        assert.ok(value && value.length >= 16, `${what} is a real value`);
        assert.equal(f.bytes.indexOf(Buffer.from(value)), -1, `${what} found in plain text in ${f.name}`);
      }
    }
  } finally {
    await w.close();
  }
});
