// secrets.mjs — secrets encrypted at rest: AES-256-GCM (node:crypto), a fresh 96-bit nonce per
// value, and the caller's additional authenticated data (the row: see aadFor) bound in, so a
// value copied to another row or column does not decrypt.
//
// A sealed value is `v1.<kid>.<nonce>.<ciphertext>.<tag>` (base64url parts). The key id is the
// first 6 bytes of SHA-256 of the key, so every instance given the same key agrees on it.
//
// Keys: EMBEDHUB_ENCRYPTION_KEY (32 bytes, base64) seals and opens; EMBEDHUB_ENCRYPTION_KEY_PREVIOUS
// (comma-separated) only opens. Without EMBEDHUB_ENCRYPTION_KEY the keyring is DATA/encryption.key
// (mode 0600): one base64 key per line, the first seals, all open. It is generated on first start;
// `main.mjs rotate-key` puts a new key first, and servers reading the file pick it up.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config.mjs';

const PREFIX = 'v1';
const SEALED = /^v1\.([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{22})$/;

/** A key that cannot be used; config errors exit with status 2. */
export class KeyError extends Error {}

/** The additional authenticated data of a sealed column: which table, column and row. */
export const aadFor = (table, column, id) => `${table}.${column}:${id}`;

/** The key id written into each value sealed with `key`. */
export const kidOf = (key) => createHash('sha256').update(key).digest().subarray(0, 6).toString('base64url');

/** True when `text` has the form of a sealed value (a plaintext never does by accident). */
export const isSealed = (text) => typeof text === 'string' && SEALED.test(text);

/** The key id of a sealed value, or undefined. */
export const kidOfSealed = (text) => (typeof text === 'string' ? SEALED.exec(text)?.[1] : undefined);

/** A fresh key, as a line of a keyring file or an EMBEDHUB_ENCRYPTION_KEY value. */
export const newKeyText = () => randomBytes(32).toString('base64');

function parseKey(text, where) {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    throw new KeyError(`${where} must be 32 bytes in base64 (e.g. \`openssl rand -base64 32\`)`);
  }
  return key;
}

const keyringFile = (dataDir) => join(dataDir, 'encryption.key');

/** Reads the keyring file (creating it, mode 0600, with one new key when absent): [Buffer]. */
function readKeyring(file, { create = true } = {}) {
  if (create) {
    try {
      writeFileSync(file, `${newKeyText()}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
  }
  chmodSync(file, 0o600);
  const lines = readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (!lines.length) throw new KeyError(`${file} holds no key`);
  return lines.map((l, i) => parseKey(l, `${file} line ${i + 1}`));
}

/** Writes the keyring file atomically (mode 0600): the first key seals. */
export function writeKeyring(dataDir, keys) {
  const file = keyringFile(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${keys.map((k) => k.toString('base64')).join('\n')}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/**
 * Where the keys come from: {dataDir, key?: EMBEDHUB_ENCRYPTION_KEY, previous?: its _PREVIOUS}.
 * Returns {current: Buffer, all: [Buffer], fromFile: bool, reload()}.
 */
export function loadKeys({ dataDir, key, previous }) {
  const prev = (previous ?? '').split(',').map((s) => s.trim()).filter(Boolean)
    .map((s, i) => parseKey(s, `EMBEDHUB_ENCRYPTION_KEY_PREVIOUS (key ${i + 1})`));
  if (key !== undefined && key !== '') {
    const current = parseKey(key, 'EMBEDHUB_ENCRYPTION_KEY');
    return { current, all: [current, ...prev], fromFile: false, file: null, reload: () => null };
  }
  const file = keyringFile(dataDir);
  const ring = readKeyring(file);
  return {
    current: ring[0],
    all: [...ring, ...prev],
    fromFile: true,
    file,
    /** The keyring as the file holds it now ({current, all}), or null if unreadable. */
    reload() {
      try {
        const again = readKeyring(file, { create: false });
        return { current: again[0], all: [...again, ...prev] };
      } catch {
        return null;
      }
    },
  };
}

/**
 * seal/open over `keys` (from loadKeys). A keyring file that changes (rotate-key) is read again:
 * at most once a second when sealing, and at once when a value names a key id not yet known.
 */
export function createSecrets(keys) {
  let current;
  let byKid;
  const use = ({ current: c, all }) => {
    current = { key: c, kid: kidOf(c) };
    byKid = new Map(all.map((k) => [kidOf(k), k]));
  };
  use(keys);
  let checkedAt = 0;
  let mtime = keys.file ? statSync(keys.file).mtimeMs : 0;
  const refresh = (force) => {
    if (!keys.fromFile) return;
    const now = Date.now();
    if (!force && now - checkedAt < 1000) return;
    checkedAt = now;
    let m;
    try {
      m = statSync(keys.file).mtimeMs;
    } catch {
      return;
    }
    if (m === mtime && !force) return;
    const again = keys.reload();
    if (again) {
      mtime = m;
      use(again);
    }
  };

  return {
    /** The key id new values are sealed with. */
    get kid() {
      refresh(false);
      return current.kid;
    },

    /** `text` (a string) encrypted and bound to `aad` (a string naming the row). */
    seal(text, aad) {
      if (typeof text !== 'string' || typeof aad !== 'string' || !aad) throw new TypeError('seal(text, aad) takes two strings, aad not empty');
      refresh(false);
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, nonce);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ct = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return `${PREFIX}.${current.kid}.${nonce.toString('base64url')}.${ct.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
    },

    /** The text sealed in `sealed` for `aad`; throws when it was sealed for another row or key. */
    open(sealed, aad) {
      const m = typeof sealed === 'string' ? SEALED.exec(sealed) : null;
      if (!m) throw new Error('not a sealed value');
      if (!byKid.has(m[1])) refresh(true);
      const key = byKid.get(m[1]);
      if (!key) throw new Error(`the value was sealed with key ${m[1]}, which this server does not have (set EMBEDHUB_ENCRYPTION_KEY_PREVIOUS)`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(m[2], 'base64url'));
      decipher.setAAD(Buffer.from(String(aad), 'utf8'));
      decipher.setAuthTag(Buffer.from(m[4], 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(m[3], 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('the sealed value does not belong to this row, or was altered');
      }
    },

    /** True when this server has the key with id `kid` (reading the keyring file again if needed). */
    knows(kid) {
      if (!byKid.has(kid)) refresh(true);
      return byKid.has(kid);
    },

    /** True when `sealed` is under a key other than the current one (rotate-key re-seals it). */
    isStale: (sealed) => kidOfSealed(sealed) !== current.kid,
  };
}

/** seal/open with the keys `config` (config.mjs) names; a bad key is a ConfigError (exit 2). */
export function openSecrets(config) {
  try {
    return createSecrets(loadKeys({ dataDir: config.dataDir, key: config.encryptionKey, previous: config.encryptionKeyPrevious }));
  } catch (err) {
    if (err instanceof KeyError) throw new ConfigError(err.message);
    throw err;
  }
}
