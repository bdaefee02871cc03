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

// all/get/run/query/exec on `db`, each after `turn()` (no other request's transaction is open).
function statements(db, turn) {
  const cache = new Map();
  const stmt = (sql) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  return {
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
  };
}

// One transaction at a time: `state` holds the open one ({ended: Promise}) and the queue.
async function runTx(db, context, state, fn) {
  const previous = state.queue;
  let release;
  state.queue = new Promise((r) => { release = r; });
  await previous;
  const me = {};
  me.ended = new Promise((r) => { me.end = r; });
  state.holder = me;
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
    state.holder = null;
    me.end();
    release();
  }
}

export function sqliteEngine(db) {
  const context = new AsyncLocalStorage();
  const state = { holder: null, queue: Promise.resolve() };

  // Resolves once no transaction other than the caller's own is open.
  async function turn() {
    const own = context.getStore();
    while (state.holder && state.holder !== own) await state.holder.ended;
  }

  const engine = {
    kind: 'sqlite',
    /** The better-sqlite3 Database (SQLite-only tools: rotate-key's PRAGMAs, the start-up checks). */
    db,
    ...statements(db, turn),
    /** Runs `fn` outside any transaction's context (work started in a transaction that outlives it). */
    detach: (fn) => context.exit(fn),
    /** Whether the caller runs inside a transaction of this engine. */
    inTx: () => state.holder !== null && context.getStore() === state.holder,
    /**
     * Runs `fn()` in one IMMEDIATE transaction (the write lock taken up front, so a second
     * process waits for it); a call inside a transaction joins it. Resolves with fn's result.
     * (The options PostgreSQL reads, such as the isolation level, mean nothing here: one writer.)
     */
    tx: (fn) => (engine.inTx() ? fn() : runTx(db, context, state, fn)),
    async close() {
      await state.queue;
      db.close();
    },
  };
  return engine;
}
