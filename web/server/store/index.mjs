// index.mjs — the data access object: every SQL statement, grouped by table family, on one
// engine (db/sqlite.mjs or db/postgres.mjs). Every function resolves (a promise); routes and
// services never see the engine.
import { dbErrorKind } from '../db/errors.mjs';
import { databaseBusy } from '../http/errors.mjs';
import { activationStore } from './activations.mjs';
import { connectionPageStore } from './connection-pages.mjs';
import { connectionStore } from './connections.mjs';
import { eventStore } from './events.mjs';
import { integrationStore } from './integrations.mjs';
import { rateStore } from './rates.mjs';
import { sealedStore } from './sealed.mjs';
import { tenancyStore } from './tenancy.mjs';

/** The store over engine `db`; `secrets` (security/secrets.mjs) seals the secret columns. */
export function createStore(db, { secrets } = {}) {
  const store = {
    /** The engine: {kind: 'sqlite' | 'postgres', all, get, run, exec, tx, close}. */
    db,
    kind: db.kind,
    tenancy: tenancyStore(db),
    integrations: integrationStore(db),
    connectionPages: connectionPageStore(db),
    connections: connectionStore(db),
    activations: activationStore(db, secrets),
    events: eventStore(db),
    sealed: sealedStore(db),
    rates: rateStore(db),
    /**
     * Runs `fn(t)` in one transaction and resolves with its result; `t` is this store, whose
     * statements made in fn's async context run in the transaction (a tx inside joins it).
     * SQLite: IMMEDIATE (the write lock up front). PostgreSQL: READ COMMITTED, with the row
     * locks the store's functions take where a transaction reads in order to write (see
     * web/server/README.md, "Transactions on PostgreSQL"); run again on a deadlock or a lost
     * insert race, so fn may run more than once: no network I/O inside. Retries spent: 503
     * database_busy with Retry-After. `options.isolation: 'serializable'` where a predicate
     * must be protected.
     */
    tx: async (fn, options) => {
      try {
        return await db.tx(() => fn(store), { isolation: 'read committed', ...options });
      } catch (err) {
        if (dbErrorKind(err) !== 'busy' || db.inTx()) throw err;
        throw databaseBusy();
      }
    },
    /**
     * A meta value. Inside a transaction on PostgreSQL the key's advisory lock is taken first
     * and held to its end, so a read-then-set of one key (the seed's "seeded yet?") happens once
     * across instances, as SQLite's write lock gives.
     */
    meta: async (key) => {
      if (db.kind === 'postgres' && db.inTx()) await db.get("SELECT pg_advisory_xact_lock(hashtext('embedhub.meta:' || ?)) AS locked", [key]);
      return (await db.get('SELECT value FROM meta WHERE key = ?', [key]))?.value;
    },
    setMeta: (key, value) => db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]),
    /** A query: rejects unless the database answers. */
    ping: () => db.get('SELECT 1 AS ok'),
    /** A 64 KiB write, then taken back: false when the database has no room for it (a full disk). */
    async probeWrite() {
      try {
        await db.tx(async () => {
          await store.setMeta('storage_probe', 'x'.repeat(65536));
          await db.run("DELETE FROM meta WHERE key = 'storage_probe'");
        }, { isolation: 'read committed' });
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.close(),
  };
  return store;
}
