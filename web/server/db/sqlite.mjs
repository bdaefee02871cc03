// sqlite.mjs — the SQLite engine (better-sqlite3) behind the store's engine interface:
// all/get/run/exec return promises, tx(fn) runs fn in one IMMEDIATE transaction.
//
// better-sqlite3 is synchronous and has one connection, so a transaction that awaits would let
// another request's statements run inside it. An async mutex orders transactions, and a
// statement outside the open transaction waits until it has ended; the transaction's own
// statements are recognised by their async context (AsyncLocalStorage). Inside a transaction,
// code does no network I/O: everyone else waits for it.
import { AsyncLocalStorage } from 'node:async_hooks';

const args = (params) => (params === undefined ? [] : [params]);

export function sqliteEngine(db) {
  const statements = new Map();
  const stmt = (sql) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const context = new AsyncLocalStorage();
  let holder = null; // the open transaction: {ended: Promise}
  let queue = Promise.resolve();

  // Resolves once no transaction other than the caller's own is open.
  async function turn() {
    const own = context.getStore();
    while (holder && holder !== own) await holder.ended;
  }

  const engine = {
    kind: 'sqlite',
    /** The better-sqlite3 Database (SQLite-only tools: rotate-key's PRAGMAs, the start-up checks). */
    db,
    async all(sql, params) {
      await turn();
      return stmt(sql).all(...args(params));
    },
    async get(sql, params) {
      await turn();
      return stmt(sql).get(...args(params));
    },
    async run(sql, params) {
      await turn();
      return { changes: stmt(sql).run(...args(params)).changes };
    },
    /** Any one statement: its rows (none for a statement that returns none). */
    async query(sql, params) {
      await turn();
      const st = stmt(sql);
      if (st.reader) return st.all(...args(params));
      st.run(...args(params));
      return [];
    },
    async exec(sql) {
      await turn();
      db.exec(sql);
    },
    /** Runs `fn` outside any transaction's context (work started in a transaction that outlives it). */
    detach: (fn) => context.exit(fn),
    /** Whether the caller runs inside a transaction of this engine. */
    inTx: () => holder !== null && context.getStore() === holder,
    /**
     * Runs `fn()` in one IMMEDIATE transaction (the write lock taken up front, so a second
     * process waits for it); a call inside a transaction joins it. Resolves with fn's result.
     */
    async tx(fn) {
      if (engine.inTx()) return fn();
      const previous = queue;
      let release;
      queue = new Promise((r) => { release = r; });
      await previous;
      const me = {};
      me.ended = new Promise((r) => { me.end = r; });
      holder = me;
      try {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await context.run(me, fn);
          db.exec('COMMIT');
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      } finally {
        holder = null;
        me.end();
        release();
      }
    },
    async close() {
      await queue;
      db.close();
    },
  };
  return engine;
}
