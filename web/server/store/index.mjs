// index.mjs — the data access object: every prepared statement, grouped by table family.
import { activationStore } from './activations.mjs';
import { connectionPageStore } from './connection-pages.mjs';
import { connectionStore } from './connections.mjs';
import { integrationStore } from './integrations.mjs';
import { tenancyStore } from './tenancy.mjs';

/** The store over database `db`; `secrets` (security/secrets.mjs) seals the secret columns. */
export function createStore(db, { secrets } = {}) {
  return {
    db,
    tenancy: tenancyStore(db),
    integrations: integrationStore(db),
    connectionPages: connectionPageStore(db),
    connections: connectionStore(db),
    activations: activationStore(db, secrets),
    /** Runs `fn` in one IMMEDIATE transaction: the write lock is taken up front. */
    transaction: (fn) => db.transaction(fn).immediate(),
    meta: (key) => db.prepare('SELECT value FROM meta WHERE key = ?').get(key)?.value,
    /** A query: throws unless the database answers. */
    ping: () => db.prepare('SELECT 1').get(),
    /** A 64 KiB write, then taken back: false when the database has no room for it (a full disk). */
    probeWrite() {
      try {
        db.transaction(() => {
          db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('storage_probe', ?)").run('x'.repeat(65536));
          db.prepare("DELETE FROM meta WHERE key = 'storage_probe'").run();
        }).immediate();
        return true;
      } catch {
        return false;
      }
    },
    setMeta: (key, value) => db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value),
  };
}
