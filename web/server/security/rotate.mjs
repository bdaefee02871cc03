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
import { aadFor, createSecrets, isSealed, loadKeys, newKeyText, writeKeyring } from './secrets.mjs';

const BATCH = 200;
const ident = (name) => `"${name.replace(/"/g, '""')}"`;

/**
 * The columns that may hold sealed values: every TEXT column of every table with a one-column
 * primary key, sealed (by the convention of secrets.mjs) with aadFor(table, column, key); entries
 * of SEALED_COLUMNS (store modules) say otherwise where needed. Tables without such a key are
 * returned apart: a sealed value there cannot be re-sealed.
 */
function sealableColumns(db) {
  const listed = new Map(SEALED_COLUMNS.map((c) => [`${c.table}.${c.column}`, c]));
  const columns = [];
  const unkeyed = [];
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all();
  for (const table of tables) {
    const info = db.prepare(`PRAGMA table_info(${ident(table)})`).all();
    const keys = info.filter((c) => c.pk > 0);
    for (const col of info) {
      if (col.type !== 'TEXT' || col.pk > 0) continue;
      const entry = listed.get(`${table}.${col.name}`);
      if (entry) columns.push(entry);
      else if (keys.length === 1) columns.push({ table, column: col.name, key: keys[0].name });
      else unkeyed.push({ table, column: col.name });
    }
  }
  return { columns, unkeyed };
}

/** Re-seals the values of one column not under the current key, in short transactions. */
function resealColumn(db, secrets, { table, column, key, aad }) {
  const aadOf = aad ?? ((row) => aadFor(table, column, row.k));
  const page = db.prepare(`SELECT ${ident(key)} AS k, ${ident(column)} AS value FROM ${ident(table)}
    WHERE ${ident(key)} > ? AND ${ident(column)} LIKE 'v1.%' ORDER BY ${ident(key)} LIMIT ${BATCH}`);
  // Compare-and-set: a value a server changed meanwhile is left as the server wrote it.
  const put = db.prepare(`UPDATE ${ident(table)} SET ${ident(column)} = ? WHERE ${ident(key)} = ? AND ${ident(column)} = ?`);
  let total = 0;
  let last = '';
  for (;;) {
    const rows = db.transaction(() => {
      const batch = page.all(last);
      for (const row of batch) {
        if (!isSealed(row.value) || !secrets.isStale(row.value)) continue;
        const a = aadOf(row);
        put.run(secrets.seal(secrets.open(row.value, a), a), row.k, row.value);
        total++;
      }
      return batch;
    }).immediate();
    if (rows.length < BATCH) return total;
    last = rows.at(-1).k;
  }
}

/** Sealed values still under another key: [{table, column, count}]. */
function strays(db, secrets) {
  const out = [];
  const { columns, unkeyed } = sealableColumns(db);
  for (const { table, column } of [...columns, ...unkeyed]) {
    const values = db.prepare(`SELECT ${ident(column)} FROM ${ident(table)} WHERE ${ident(column)} LIKE 'v1.%'`).pluck().all();
    const count = values.filter((v) => isSealed(v) && secrets.isStale(v)).length;
    if (count) out.push({ table, column, count });
  }
  return out;
}

/**
 * The key ids that values in the database are sealed under and `secrets` does not have: a
 * server started with them missing could not open those values, so it refuses to start.
 */
export function missingKeyIds(db, secrets) {
  const missing = new Set();
  const { columns, unkeyed } = sealableColumns(db);
  for (const { table, column } of [...columns, ...unkeyed]) {
    const kids = db.prepare(`SELECT DISTINCT substr(${ident(column)}, 4, 8) FROM ${ident(table)} WHERE ${ident(column)} GLOB 'v1.????????.*'`).pluck().all();
    for (const kid of kids) if (!secrets.knows(kid)) missing.add(kid);
  }
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
  const db = openDatabase(config.dbFile, { synchronous: config.synchronous, migrate: { secrets } });
  try {
    let resealed = 0;
    for (let pass = 0; pass < 2; pass++) {
      if (pass) await sleep(settleMs);
      for (const c of sealableColumns(db).columns) resealed += resealColumn(db, secrets, c);
    }
    const left = strays(db, secrets);
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
