// secrets.test.mjs — AES-256-GCM sealing: round trip, row binding, key ids, the keyring file.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { aadFor, createSecrets, isSealed, kidOfSealed, loadKeys, newKeyText, writeKeyring } from '../../web/server/security/secrets.mjs';
import { ADMIN_KEY, ENGINE, forget, sqlOn, tempDir } from './helpers.mjs';

test('a sealed value opens for its own row only, and never shows the plaintext', () => {
  const s = createSecrets(loadKeys({ dataDir: '/nonexistent', key: newKeyText() }));
  const aad = aadFor('connections', 'credential', 'row-1');
  const sealed = s.seal('sk_live_very_secret', aad);
  assert.ok(isSealed(sealed), sealed);
  assert.doesNotMatch(sealed, /very_secret/);
  assert.equal(s.open(sealed, aad), 'sk_live_very_secret');
  assert.throws(() => s.open(sealed, aadFor('connections', 'credential', 'row-2')), /does not belong to this row/);
  assert.throws(() => s.open(sealed, aadFor('connections', 'token', 'row-1')), /does not belong to this row/);
  // A fresh nonce each time: sealing twice gives two different values.
  assert.notEqual(s.seal('x', aad), s.seal('x', aad));
  // Tampering with any part fails.
  const parts = sealed.split('.');
  parts[3] = parts[3].slice(0, -2) + (parts[3].endsWith('AA') ? 'BB' : 'AA');
  assert.throws(() => s.open(parts.join('.'), aad));
  assert.throws(() => s.open('plain text', aad), /not a sealed value/);
  assert.equal(s.open(s.seal('', aad), aad), '');
  assert.equal(s.open(s.seal('ünïcødé ✓', aad), aad), 'ünïcødé ✓');
});

test('the previous key still opens; new values use the current key id', () => {
  const oldKey = newKeyText();
  const newKey = newKeyText();
  const before = createSecrets(loadKeys({ dataDir: '/nonexistent', key: oldKey }));
  const sealed = before.seal('secret', 'a:1');
  const after = createSecrets(loadKeys({ dataDir: '/nonexistent', key: newKey, previous: oldKey }));
  assert.equal(after.open(sealed, 'a:1'), 'secret');
  assert.ok(after.isStale(sealed));
  const resealed = after.seal('secret', 'a:1');
  assert.equal(kidOfSealed(resealed), after.kid);
  assert.notEqual(after.kid, before.kid);
  const without = createSecrets(loadKeys({ dataDir: '/nonexistent', key: newKey }));
  assert.throws(() => without.open(sealed, 'a:1'), /EMBEDHUB_ENCRYPTION_KEY_PREVIOUS/);
  assert.throws(() => loadKeys({ dataDir: '/nonexistent', key: 'c2hvcnQ=' }), /32 bytes in base64/);
});

test('without a configured key, the keyring is generated 0600 in the data directory and re-read when it changes', () => {
  const dir = tempDir();
  try {
    const keys = loadKeys({ dataDir: dir });
    const file = join(dir, 'encryption.key');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const s = createSecrets(keys);
    const sealed = s.seal('v', 'x:1');
    // Same file, same key: a restart opens old values.
    assert.equal(createSecrets(loadKeys({ dataDir: dir })).open(sealed, 'x:1'), 'v');
    // A rotation writes a new first key; a running server opens values sealed under it.
    const other = createSecrets(loadKeys({ dataDir: dir }));
    const fresh = Buffer.from(newKeyText(), 'base64');
    writeKeyring(dir, [fresh, ...loadKeys({ dataDir: dir }).all]);
    const rotated = createSecrets(loadKeys({ dataDir: dir })).seal('w', 'x:2');
    assert.equal(other.open(rotated, 'x:2'), 'w');
    assert.equal(other.open(sealed, 'x:1'), 'v');
    writeFileSync(file, 'not a key\n');
    assert.throws(() => loadKeys({ dataDir: dir }), /line 1 must be 32 bytes/);
    assert.ok(readFileSync(file, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rotate-key re-seals every value under a new key while a server keeps serving, and loses nothing', async (t) => {
  if (ENGINE === 'postgres') {
    t.skip('SQLite data directory: the keyring file DATA/encryption.key; with PostgreSQL every instance takes its keys from EMBEDHUB_ENCRYPTION_KEY (rotated by the next test)');
    return;
  }
  const { startServer, MAIN } = await import('./helpers.mjs');
  const { spawnSync } = await import('node:child_process');
  const { SECRET } = await import('./helpers.mjs');
  const s = await startServer();
  try {
    const hubId = s.hubs['Acme CRM'].id;
    const list = (await s.get(`/embed/${hubId}/users/alice@acme.test/integrations?first=100`, { token: (await s.tokenFor('Acme CRM', 'alice@acme.test')).token })).body.integrations;
    const stripeId = list.find((i) => i.name === 'Stripe').id;
    const ids = [];
    // Load: users activating while the rotation runs in another process.
    const activateOne = async (n) => {
      const who = await s.tokenFor('Acme CRM', `rot-${n}@acme.test`);
      const path = `/hubs/${hubId}/users/rot-${n}@acme.test/connections`;
      const it = (await s.get(`/embed/${hubId}/users/rot-${n}@acme.test/integrations/${stripeId}`, { token: who.token })).body;
      const c = await s.post(path, { token: who.token, body: { templateId: it.connectionTemplates[0].id, apiKey: `live-${n}` } });
      const a = await s.post('/activations', { token: who.token, body: {
        userId: `rot-${n}@acme.test`, integrationId: stripeId, connections: [{ templateId: it.connectionTemplates[0].id, connectionId: c.body.id }],
        dynamicVariables: { currency: 'GBP', salesAccount: '4100', webhookSecret: `whsec_rotation_secret_${n}` },
      } });
      assert.equal(a.status, 200, a.text);
      ids.push([a.body.id, `whsec_rotation_secret_${n}`]);
    };
    for (let n = 0; n < 20; n++) await activateOne(n);
    const keyBefore = readFileSync(join(s.dataDir, 'encryption.key'), 'utf8');
    const child = (await import('node:child_process')).spawn(process.execPath, [MAIN, 'rotate-key', '--data', s.dataDir],
      { env: { ...process.env, EMBEDHUB_SECRET: SECRET }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const done = new Promise((resolve) => child.on('exit', resolve));
    let n = 20;
    let code;
    done.then((c) => { code = c; });
    while (code === undefined) await activateOne(n++);
    assert.equal(code, 0, err);
    for (let k = 0; k < 3; k++) await activateOne(n++);
    assert.notEqual(readFileSync(join(s.dataDir, 'encryption.key'), 'utf8'), keyBefore);
    // A fresh process with only the file's keys opens everything, old rows and new.
    const fresh = createSecrets(loadKeys({ dataDir: s.dataDir }));
    const rows = await s.sql('SELECT id, secret_settings FROM activations');
    assert.equal(rows.length, ids.length);
    const kids = new Set(rows.map((r) => kidOfSealed(r.secret_settings)));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const [id, secret] of ids) {
      assert.equal(JSON.parse(fresh.open(byId.get(id).secret_settings, aadFor('activations', 'secret_settings', id))).webhookSecret, secret);
    }
    assert.ok(kids.has(fresh.kid), 'the new key seals');
    // Once rotated again, nothing stays under the first key.
    const again = spawnSync(process.execPath, [MAIN, 'rotate-key', '--data', s.dataDir], { env: { ...process.env, EMBEDHUB_SECRET: SECRET }, encoding: 'utf8' });
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /value\(s\) re-sealed under key/);
  } finally {
    await s.close();
  }
});

test('with EMBEDHUB_ENCRYPTION_KEY, rotate-key re-seals under the new key what the previous one sealed', async () => {
  const { startServer, MAIN, SECRET } = await import('./helpers.mjs');
  const { spawnSync } = await import('node:child_process');
  const oldKey = newKeyText();
  const newKey = newKeyText();
  const s = await startServer({ config: { encryptionKey: oldKey } });
  let dataDir;
  try {
    dataDir = s.dataDir;
    const hubId = s.hubs['Acme CRM'].id;
    const it = (await s.admin('POST', `/admin/hubs/${hubId}/integrations`, { name: 'Env Key', isDeployed: true, connectionTemplates: [],
      variablesSchema: { type: 'object', properties: { token: { type: 'string', writeOnly: true } } } })).body;
    const alice = await s.tokenFor('Acme CRM', 'alice@acme.test');
    const a = await s.post('/activations', { token: alice.token, body: { userId: 'alice@acme.test', integrationId: it.id, connections: [], dynamicVariables: { token: 'env-key-secret-1' } } });
    assert.equal(a.status, 200, a.text);
  } finally {
    await s.app.close();
  }
  try {
    // On PostgreSQL rotate-key works on the server's database, with every key configured.
    const pg = s.databaseUrl ? { EMBEDHUB_DATABASE_URL: s.databaseUrl, EMBEDHUB_ADMIN_KEY: ADMIN_KEY } : {};
    const env = { ...process.env, EMBEDHUB_SECRET: SECRET, EMBEDHUB_ENCRYPTION_KEY: newKey, EMBEDHUB_ENCRYPTION_KEY_PREVIOUS: oldKey, ...pg };
    const r = spawnSync(process.execPath, [MAIN, 'rotate-key', '--data', dataDir], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /[1-9]\d* value\(s\) re-sealed/);
    const only = createSecrets(loadKeys({ dataDir, key: newKey }));
    const sql = sqlOn(s.databaseUrl ? { url: s.databaseUrl } : { file: join(dataDir, 'embedhub.sqlite') });
    const [row] = await sql("SELECT id, secret_settings FROM activations WHERE name = 'Env Key'");
    assert.equal(JSON.parse(only.open(row.secret_settings, aadFor('activations', 'secret_settings', row.id))).token, 'env-key-secret-1');
    // Without the previous key, rotate-key cannot open the old values: it says so and fails.
    const missing = spawnSync(process.execPath, [MAIN, 'rotate-key', '--data', dataDir],
      { env: { ...env, EMBEDHUB_ENCRYPTION_KEY: newKeyText(), EMBEDHUB_ENCRYPTION_KEY_PREVIOUS: '' }, encoding: 'utf8' });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /EMBEDHUB_ENCRYPTION_KEY_PREVIOUS/);
  } finally {
    await forget(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a server without the key its database was sealed under refuses to start, naming the fix', async () => {
  const { startServer, loadHub, SECRET, ADMIN_KEY } = await import('./helpers.mjs');
  const { createHubServer } = await import('../../web/server/app.mjs');
  const first = newKeyText();
  const s = await startServer({ config: { encryptionKey: first } });
  const dataDir = s.dataDir;
  await s.admin('POST', `/admin/hubs/${s.hubs['Acme CRM'].id}/webhooks`, { url: 'https://example.com/hook' }); // a sealed secret
  await s.app.close();
  try {
    const pg = s.databaseUrl ? { databaseUrl: s.databaseUrl } : {};
    const config = { port: 0, dataDir, secret: SECRET, adminKey: ADMIN_KEY, encryptionKey: newKeyText(), ...pg };
    await assert.rejects(createHubServer({ core: await loadHub(), env: {}, log: false, config }),
      (err) => err.name === 'Error' && /sealed under key .* EMBEDHUB_ENCRYPTION_KEY_PREVIOUS/.test(err.message));
    // With the old key as the previous one it starts.
    const ok = await createHubServer({ core: await loadHub(), env: {}, log: false, config: { ...config, encryptionKeyPrevious: first } });
    await ok.close();
  } finally {
    await forget(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
