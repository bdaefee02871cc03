// rotate.mjs — `node web/server/main.mjs rotate-key [flags]`: re-seals every sealed value under a
// new key while servers keep serving.
//
// With EMBEDHUB_ENCRYPTION_KEY set, the new key is that one and the old ones are in
// EMBEDHUB_ENCRYPTION_KEY_PREVIOUS (servers run with both during the rotation). Without it, the
// keyring file DATA/encryption.key gets a new first key; running servers read the file again
// within a second, and open values under either key meanwhile.
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../db/open.mjs';
import { SEALED_COLUMNS } from '../store/sealed.mjs';
import { aadFor, createSecrets, kidOfSealed, loadKeys, newKeyText, writeKeyring } from './secrets.mjs';

const BATCH = 200;
const ident = (name) => `"${name.replace(/"/g, '""')}"`;

/** Re-seals the stale values of one column in short transactions; returns how many. */
function resealColumn(db, secrets, { table, column, key, aad }) {
  const aadOf = aad ?? ((row) => aadFor(table, column, row[key]));
  const pick = db.prepare(`SELECT ${ident(key)} AS ${ident(key)}, ${ident(column)} AS value FROM ${ident(table)}
    WHERE ${ident(column)} LIKE 'v1.%' AND substr(${ident(column)}, 4, 8) <> ? LIMIT ${BATCH}`);
  // Compare-and-set: a value a server changed meanwhile is left to the next pass.
  const put = db.prepare(`UPDATE ${ident(table)} SET ${ident(column)} = ? WHERE ${ident(key)} = ? AND ${ident(column)} = ?`);
  let total = 0;
  for (;;) {
    const kid = secrets.kid;
    const n = db.transaction(() => {
      const rows = pick.all(kid);
      for (const row of rows) {
        const a = aadOf(row);
        put.run(secrets.seal(secrets.open(row.value, a), a), row[key], row.value);
      }
      return rows.length;
    }).immediate();
    total += n;
    if (n < BATCH) return total;
  }
}

/** Sealed values under another key that no SEALED_COLUMNS entry covers: [{table, column, count}]. */
function strays(db, kid) {
  const known = new Set(SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`));
  const out = [];
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all();
  for (const table of tables) {
    for (const col of db.prepare(`PRAGMA table_info(${ident(table)})`).all()) {
      if (col.type !== 'TEXT' || known.has(`${table}.${col.name}`)) continue;
      const count = db.prepare(`SELECT count(*) FROM ${ident(table)} WHERE ${ident(col.name)} LIKE 'v1.%' AND substr(${ident(col.name)}, 4, 8) <> ?`)
        .pluck().get(kid);
      if (count) out.push({ table, column: col.name, count });
    }
  }
  return out;
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
  const db = openDatabase(config.dbFile, { synchronous: config.synchronous, migrate: { secrets } });
  try {
    let resealed = 0;
    for (let pass = 0; pass < 2; pass++) {
      if (pass) await sleep(settleMs);
      for (const c of SEALED_COLUMNS) resealed += resealColumn(db, secrets, c);
    }
    const left = strays(db, secrets.kid);
    if (keys.fromFile && !left.length) {
      // Nothing is sealed under the older keys any more: keep the new one and the one before it,
      // for servers that have not read the file again yet.
      writeKeyring(config.dataDir, keys.all.slice(0, 2));
    }
    say(`rotate-key: ${resealed} value(s) re-sealed under key ${secrets.kid}`);
    return { kid: secrets.kid, resealed, strays: left };
  } finally {
    db.close();
  }
}
