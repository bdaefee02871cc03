// postgres.mjs — the PostgreSQL engine (pg, a Pool) behind the store's engine interface.
//
// Statements are the store's SQLite-flavoured SQL with `?`/`@name` parameters, sent as `$n`
// (sql.mjs). A transaction holds one pooled client; statements made in its async context
// (AsyncLocalStorage) go to that client, all others to the pool. Transactions run SERIALIZABLE
// unless asked otherwise, and are retried on a serialization failure (40001) or a deadlock
// (40P01) up to 10 times with jittered backoff, so fn must do nothing outside the database it
// cannot do twice (no network I/O inside a transaction).
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { toPositional, valuesFor } from './sql.mjs';

const RETRY = new Set(['40001', '40P01']);
const MAX_RETRIES = 10;
const LEVELS = { serializable: 'SERIALIZABLE', 'read committed': 'READ COMMITTED', 'repeatable read': 'REPEATABLE READ' };

// int8 (count(*), BIGINT columns: milliseconds, sequence numbers) as JS numbers, as SQLite gives them.
const types = {
  getTypeParser: (oid, format) => (oid === 20 ? (v) => Number(v) : pg.types.getTypeParser(oid, format)),
};

/**
 * A pool on `url` of `max` connections. `settings`: session settings every connection gets
 * ({'embedhub.max_connections_per_user': '100'}), read by the schema's triggers.
 */
export function postgresEngine(url, { max = 10, settings = {} } = {}) {
  // Session settings travel in the startup packet (-c name=value), so every connection has them
  // before its first query.
  const options = Object.entries(settings).map(([k, v]) => `-c ${k}=${String(v).replace(/[^A-Za-z0-9_.:-]/g, '')}`).join(' ');
  const pool = new pg.Pool({ connectionString: url, max, types, idleTimeoutMillis: 10_000, ...(options ? { options } : {}) });
  // An idle client whose server went away must not crash the process.
  pool.on('error', () => {});
  const context = new AsyncLocalStorage();

  const clientFor = () => {
    const own = context.getStore();
    return own && !own.done ? own.client : pool;
  };
  async function query(sql, params) {
    const { text, names } = toPositional(sql);
    return clientFor().query(text, valuesFor(names, params));
  }

  const engine = {
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
    inTx: () => {
      const own = context.getStore();
      return Boolean(own && !own.done);
    },
    /**
     * Runs `fn()` in a transaction on one client; a call inside a transaction joins it.
     * `isolation`: 'serializable' (default) or 'read committed' (with explicit row locks).
     */
    async tx(fn, { isolation = 'serializable' } = {}) {
      if (engine.inTx()) return fn();
      for (let attempt = 0; ; attempt++) {
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
          if (RETRY.has(err?.code) && attempt < MAX_RETRIES) {
            me.done = true;
            client.release(broken);
            await sleep(Math.random() * 5 * 2 ** Math.min(attempt, 6));
            continue;
          }
          throw err;
        } finally {
          if (!me.done) {
            me.done = true;
            client.release(broken);
          }
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
    close: () => pool.end(),
  };
  return engine;
}
