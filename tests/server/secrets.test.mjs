// secrets.test.mjs — AES-256-GCM sealing: round trip, row binding, key ids, the keyring file.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { aadFor, createSecrets, isSealed, kidOfSealed, loadKeys, newKeyText, writeKeyring } from '../../web/server/security/secrets.mjs';
import { tempDir } from './helpers.mjs';

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
