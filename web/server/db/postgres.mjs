// postgres.mjs — the PostgreSQL engine (pg, a Pool) behind the store's engine interface.
//
// Statements are the store's SQLite-flavoured SQL with `?`/`@name` parameters, sent as `$n`
// (sql.mjs). A transaction holds one pooled client; statements made in its async context
// (AsyncLocalStorage) go to that client, all others to the pool. A transaction runs at the
// isolation level it asks for: SERIALIZABLE unless told otherwise here, READ COMMITTED for every
// store.tx (store/index.mjs: the store's row locks do the work; web/server/README.md says which
// lock covers which transaction). It is run again, a bounded number of times with jittered
// backoff, when it lost a race: a serialization failure (40001) or a deadlock (40P01), and at
// READ COMMITTED a unique violation (23505: a read-or-insert that lost to a concurrent insert
// finds the winner's row when run again). So fn must do nothing outside the database it cannot
// do twice (no network I/O inside a transaction). Spent retries reject with DatabaseBusy.
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DatabaseBusy } from './errors.mjs';
import { toPositional, valuesFor } from './sql.mjs';

const BUSY = new Set(['40001', '40P01']);
export const MAX_RETRIES = 10; // runs after the first, on 40001/40P01
const RACE_RETRIES = 2; // runs after the first, on 23505 at READ COMMITTED
const LEVELS = { serializable: 'SERIALIZABLE', 'read committed': 'READ COMMITTED', 'repeatable read': 'REPEATABLE READ' };

// int8 (count(*), BIGINT columns: milliseconds, sequence numbers) as JS numbers, as SQLite gives them.
const types = {
  getTypeParser: (oid, format) => (oid === 20 ? (v) => Number(v) : pg.types.getTypeParser(oid, format)),
};

/**
 * Whether a transaction that failed with `err` on run `attempt` (0: the first) runs again; a
 * DatabaseBusy in place of `err` once a busy one has spent its retries.
 */
export function retryDecision(err, attempt, isolation) {
  if (BUSY.has(err?.code)) return attempt < MAX_RETRIES ? { again: true } : { again: false, error: new DatabaseBusy(attempt + 1, err) };
  if (err?.code === '23505' && isolation !== 'serializable' && attempt < RACE_RETRIES) return { again: true };
  return { again: false, error: err };
}

// Jittered exponential backoff before run `attempt + 1`: up to 5 ms, doubling to 320 ms.
const backoff = (attempt) => sleep(1 + Math.random() * 5 * 2 ** Math.min(attempt, 6));

function createPool(url, max, settings) {
  // Session settings travel in the startup packet (-c name=value), so every connection has them
  // before its first query.
  const options = Object.entries(settings).map(([k, v]) => `-c ${k}=${String(v).replace(/[^A-Za-z0-9_.:-]/g, '')}`).join(' ');
  const pool = new pg.Pool({ connectionString: url, max, types, idleTimeoutMillis: 10_000, ...(options ? { options } : {}) });
  // An idle client whose server went away must not crash the process.
  pool.on('error', () => {});
  return pool;
}

// One run of `fn` in a transaction on a client of its own; the client goes back to the pool.
async function runOnce(pool, context, fn, isolation) {
  const client = await pool.connect();
  const me = { client, done: false };
  let broken;
  try {
    await client.query(`BEGIN ISOLATION LEVEL ${LEVELS[isolation]}`);
    const result = await context.run(me, fn);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((e) => { broken = e; });
    throw err;
  } finally {
    me.done = true;
    client.release(broken);
  }
}

// tx(fn, {isolation}) and withLock(key, fn) on `pool`.
function transactions(pool, context, inTx) {
  return {
    /**
     * Runs `fn()` in a transaction on one client; a call inside a transaction joins it.
     * `isolation`: 'serializable' (default) or 'read committed' (with explicit row locks).
     */
    async tx(fn, { isolation = 'serializable' } = {}) {
      if (inTx()) return fn();
      if (!LEVELS[isolation]) throw new RangeError(`tx: unknown isolation ${isolation}`);
      for (let attempt = 0; ; attempt++) {
        try {
          return await runOnce(pool, context, fn, isolation);
        } catch (err) {
          const { again, error } = retryDecision(err, attempt, isolation);
          if (!again) throw error;
          await backoff(attempt);
        }
      }
    },
    /**
     * Runs `fn()` holding the session-level advisory lock `key` (an integer), on a client of its
     * own: instances starting together take turns.
     */
    async withLock(key, fn) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [key]);
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
  };
}

/**
 * A pool on `url` of `max` connections. `settings`: session settings every connection gets
 * ({'embedhub.max_connections_per_user': '100'}), read by the schema's triggers.
 */
export function postgresEngine(url, { max = 10, settings = {} } = {}) {
  const pool = createPool(url, max, settings);
  const context = new AsyncLocalStorage();
  const own = () => {
    const mine = context.getStore();
    return mine && !mine.done ? mine : null;
  };
  const clientFor = () => own()?.client ?? pool;
  async function query(sql, params) {
    const { text, names } = toPositional(sql);
    return clientFor().query(text, valuesFor(names, params));
  }
  const inTx = () => own() !== null;
  return {
    kind: 'postgres',
    pool,
    all: async (sql, params) => (await query(sql, params)).rows,
    get: async (sql, params) => (await query(sql, params)).rows[0],
    run: async (sql, params) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
    /** Any one statement: its rows (none for a statement that returns none). */
    query: async (sql, params) => (await query(sql, params)).rows ?? [],
    /** A script without parameters (several statements). */
    exec: async (sql) => {
      await clientFor().query(sql);
    },
    /** Runs `fn` outside any transaction's context (work started in a transaction that outlives it). */
    detach: (fn) => context.exit(fn),
    inTx,
    ...transactions(pool, context, inTx),
    close: () => pool.end(),
  };
}
