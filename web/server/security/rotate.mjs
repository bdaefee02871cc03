// rotate.mjs — `node web/server/main.mjs rotate-key [flags]`: re-seals every sealed value under a
// new key while servers keep serving.
//
// With EMBEDHUB_ENCRYPTION_KEY set, the new key is that one and the old ones are in
// EMBEDHUB_ENCRYPTION_KEY_PREVIOUS (servers run with both during the rotation). Without it, the
// keyring file DATA/encryption.key gets a new first key; running servers read the file again
// within a second, and open values under either key meanwhile.
import { setTimeout as sleep } from 'node:timers/promises';
import { openEngine } from '../db/open.mjs';
import { sealedStore } from '../store/sealed.mjs';
import { aadFor, createSecrets, isSealed, loadKeys, newKeyText, writeKeyring } from './secrets.mjs';

const BATCH = 200;

/** Re-seals the values of one column not under the current key, in short transactions. */
async function resealColumn(sealed, secrets, c) {
  const aadOf = c.aad ?? ((row) => aadFor(c.table, c.column, row.k));
  const col = sealed.column(c);
  let total = 0;
  let last = '';
  for (;;) {
    const rows = await sealed.transaction(async () => {
      const batch = await col.page(last, BATCH);
      for (const row of batch) {
        if (!isSealed(row.value) || !secrets.isStale(row.value)) continue;
        const a = aadOf(row);
        // Compare-and-set: a value a server changed meanwhile is left as the server wrote it.
        if (await col.put(row.k, row.value, secrets.seal(secrets.open(row.value, a), a))) total++;
      }
      return batch;
    });
    if (rows.length < BATCH) return total;
    last = rows.at(-1).k;
  }
}

/** Sealed values still under another key: [{table, column, count}]. */
async function strays(sealed, secrets) {
  const { columns, unkeyed } = await sealed.columns();
  const out = [];
  for (const c of [...columns, ...unkeyed]) {
    const count = (await sealed.values(c)).filter((v) => isSealed(v) && secrets.isStale(v)).length;
    if (count > 0) out.push({ table: c.table, column: c.column, count });
  }
  return out;
}

/**
 * The key ids that values in the database are sealed under and `secrets` does not have: a
 * server started with them missing could not open those values, so it refuses to start.
 */
export async function missingKeyIds(store, secrets) {
  const { sealed } = store;
  const { columns, unkeyed } = await sealed.columns();
  const missing = new Set();
  for (const c of [...columns, ...unkeyed]) for (const kid of await sealed.keyIds(c)) if (!secrets.knows(kid)) missing.add(kid);
  return [...missing];
}

/**
 * Runs the rotation for `config` (config.mjs); `say` prints progress. Returns {kid, resealed,
 * strays}. `settleMs`: how long to wait before the last pass, for servers still sealing with
 * the old key (they read the keyring file again within a second).
 */
export async function rotateKey(config, { say = () => {}, settleMs = 1500 } = {}) {
  let keys = loadKeys({ dataDir: config.dataDir, key: config.encryptionKey, previous: config.encryptionKeyPrevious });
  if (keys.fromFile) {
    const fresh = Buffer.from(newKeyText(), 'base64');
    writeKeyring(config.dataDir, [fresh, ...keys.all]);
    keys = loadKeys({ dataDir: config.dataDir, previous: config.encryptionKeyPrevious });
    say(`rotate-key: ${keys.file} has a new first key`);
  }
  const secrets = createSecrets(keys);
  const db = await openEngine(config, { secrets });
  const sealed = sealedStore(db);
  try {
    let resealed = 0;
    for (let pass = 0; pass < 2; pass++) {
      if (pass) await sleep(settleMs);
      for (const c of (await sealed.columns()).columns) resealed += await resealColumn(sealed, secrets, c);
    }
    const left = await strays(sealed, secrets);
    if (keys.fromFile && !left.length) {
      // Nothing is sealed under the older keys any more: keep the new one and the one before it,
      // for servers that have not read the file again yet.
      writeKeyring(config.dataDir, keys.all.slice(0, 2));
    }
    say(`rotate-key: ${resealed} value(s) re-sealed under key ${secrets.kid}`);
    return { kid: secrets.kid, resealed, strays: left };
  } finally {
    await db.close();
  }
}
