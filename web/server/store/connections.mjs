// connections.mjs — data access for connections (integrated accounts), their sealed
// credentials, OAuth2 states in flight and provider steps waiting to be retried.

const ids = (rows) => rows.map((r) => r.connection_id);

/**
 * One statement that claims up to @limit due rows of `table` (`due`: the WHERE of a due row,
 * `order`: which first), setting `set`, and returns their connection ids. PostgreSQL skips rows
 * another instance is claiming at that moment (FOR UPDATE SKIP LOCKED), so every due job is
 * claimed by one instance; SQLite's single writer gives the same.
 */
function claimSql(postgres, table, due, order, set) {
  if (postgres) {
    return `WITH due AS (SELECT connection_id FROM ${table} WHERE ${due} ORDER BY ${order} LIMIT @limit FOR UPDATE SKIP LOCKED)
      UPDATE ${table} SET ${set} FROM due WHERE ${table}.connection_id = due.connection_id RETURNING ${table}.connection_id`;
  }
  return `UPDATE ${table} SET ${set} WHERE connection_id IN (SELECT connection_id FROM ${table} WHERE ${due} ORDER BY ${order} LIMIT @limit)
    RETURNING connection_id`;
}

const BY_ID = 'SELECT * FROM connections WHERE id = ?';

// Connections themselves: read, insert, update, delete.
function connectionRows(db) {
  const postgres = db.kind === 'postgres';
  const changes = async (p) => (await p).changes;
  return {
    ofUser: (userId) => db.all('SELECT * FROM connections WHERE user_id = ? ORDER BY created_at, id', [userId]),
    /** Connection `id` if it belongs to user `userId`, else undefined. */
    one: (userId, id) => db.get('SELECT * FROM connections WHERE user_id = ? AND id = ?', [userId, id]),
    /**
     * Connection `id`, or undefined. Inside a transaction on PostgreSQL its row is locked (FOR NO
     * KEY UPDATE) until the transaction ends: a transaction reads a connection in order to change
     * it (a transition, a deletion, an expired sign-in), so its read-apply-write and the event it
     * records are the connection's only ones meanwhile, and events of one connection enter the
     * outbox in the order they happened. (SQLite's IMMEDIATE transactions give the same.)
     */
    byId: (id) => db.get(postgres && db.inTx() ? `${BY_ID} FOR NO KEY UPDATE` : BY_ID, [id]),
    /** The user's connection to the hub's primary connector (the host product), or undefined. */
    primaryOf: (userId) => db.get(`SELECT c.* FROM connections c JOIN connectors k ON k.id = c.connector_id
      WHERE c.user_id = ? AND k.is_primary = 1 ORDER BY c.created_at, c.id LIMIT 1`, [userId]),
    /** The hub a connection belongs to (for events). */
    hubOf: async (id) => (await db.get('SELECT u.hub_id FROM connections c JOIN users u ON u.id = c.user_id WHERE c.id = ?', [id]))?.hub_id,
    insert: (row) => db.run(`INSERT INTO connections (id, user_id, connector_id, authentication_method, status, context, is_sandbox,
        region, last_action_result, last_error, credential, created_at, updated_at)
      VALUES (@id, @user_id, @connector_id, @authentication_method, @status, @context, @is_sandbox,
        @region, @last_action_result, @last_error, NULL, @created_at, @updated_at)`, row),
    update: (row) => db.run(`UPDATE connections SET status = @status, last_action_result = @last_action_result,
        last_error = @last_error, updated_at = @updated_at WHERE id = @id`, row),
    remove: (id) => changes(db.run('DELETE FROM connections WHERE id = ?', [id])),
    /** Ids of the activations bound to connection `id`. */
    activationsUsing: async (id) => (await db.all(`SELECT DISTINCT activation_id FROM activation_connections
      WHERE connection_id = ? ORDER BY activation_id`, [id])).map((r) => r.activation_id),
  };
}

// Sealed credentials, their refresh leases and health checks.
function credentialRows(db) {
  return {
    credential: (id) => db.get('SELECT * FROM connection_credentials WHERE connection_id = ?', [id]),
    /** Stores a sealed credential ({connection_id, kind, sealed, expires_at, refresh_at, updated_at}). */
    putCredential: (row) => db.run(`INSERT INTO connection_credentials (connection_id, kind, sealed, expires_at, refresh_at, refresh_failures, updated_at)
      VALUES (@connection_id, @kind, @sealed, @expires_at, @refresh_at, 0, @updated_at)
      ON CONFLICT (connection_id) DO UPDATE SET kind = excluded.kind, sealed = excluded.sealed, expires_at = excluded.expires_at,
        refresh_at = excluded.refresh_at, refresh_failures = 0, updated_at = excluded.updated_at, refreshing_until = NULL`, row),
    refreshLater: (id, at) => db.run(`UPDATE connection_credentials SET refresh_at = ?, refresh_failures = refresh_failures + 1,
      refreshing_until = NULL WHERE connection_id = ?`, [at, id]),
    stopRefresh: (id) => db.run('UPDATE connection_credentials SET refresh_at = NULL, refreshing_until = NULL WHERE connection_id = ?', [id]),
    /** Claims the refresh of connection `id` until `until` (ms); false while another holds it. */
    claimRefresh: async (id, now, until) => (await db.run(`UPDATE connection_credentials SET refreshing_until = @until
      WHERE connection_id = @id AND (refreshing_until IS NULL OR refreshing_until <= @now)`, { id, now, until })).changes === 1,
    releaseRefresh: (id) => db.run('UPDATE connection_credentials SET refreshing_until = NULL WHERE connection_id = ?', [id]),
    /** The next health check of connection `id` at `at` (ms), or none (null). */
    setCheck: (id, at) => db.run('UPDATE connection_credentials SET check_at = ? WHERE connection_id = ?', [at, id]),
    dueChecks: async (now, limit) => ids(await db.all(`SELECT connection_id FROM connection_credentials
      WHERE check_at IS NOT NULL AND check_at <= ? ORDER BY check_at LIMIT ?`, [now, limit])),
    dropCredential: (id) => db.run('DELETE FROM connection_credentials WHERE connection_id = ?', [id]),
    /** Connection ids whose token is due for a refresh at `now` (ms), oldest first. */
    dueRefreshes: async (now, limit) => ids(await db.all(`SELECT cc.connection_id FROM connection_credentials cc
      WHERE cc.refresh_at IS NOT NULL AND cc.refresh_at <= ? ORDER BY cc.refresh_at LIMIT ?`, [now, limit])),
  };
}

// OAuth2 states in flight.
function stateRows(db) {
  return {
    insertState: (row) => db.run(`INSERT INTO oauth_states (state_hash, connection_id, sealed, redirect_uri, opener_origin, expires_at)
      VALUES (@state_hash, @connection_id, @sealed, @redirect_uri, @opener_origin, @expires_at)`, row),
    state: (hash) => db.get('SELECT * FROM oauth_states WHERE state_hash = ?', [hash]),
    /** Marks a state used; false when it was used already or has expired. */
    useState: async (hash, now) =>
      (await db.run('UPDATE oauth_states SET used_at = ? WHERE state_hash = ? AND used_at IS NULL AND expires_at > ?', [now, hash, now])).changes === 1,
    /** Makes a state usable again (its callback changed nothing). */
    releaseState: (hash) => db.run('UPDATE oauth_states SET used_at = NULL WHERE state_hash = ?', [hash]),
    dropStatesOf: (connectionId) => db.run('DELETE FROM oauth_states WHERE connection_id = ?', [connectionId]),
    expiredStates: (now) => db.all('SELECT * FROM oauth_states WHERE used_at IS NULL AND expires_at <= ? ORDER BY expires_at LIMIT 500', [now]),
    dropState: (hash) => db.run('DELETE FROM oauth_states WHERE state_hash = ?', [hash]),
    dropOldStates: (before) => db.run('DELETE FROM oauth_states WHERE used_at IS NOT NULL AND used_at < ?', [before]),
  };
}

// Provider steps waiting to be retried, and the scheduler's claims.
function retryRows(db) {
  const postgres = db.kind === 'postgres';
  const claims = {
    // A token due for a refresh and not being refreshed: its lease is taken (refreshing_until).
    refreshes: claimSql(postgres, 'connection_credentials',
      'refresh_at IS NOT NULL AND refresh_at <= @now AND (refreshing_until IS NULL OR refreshing_until <= @now)', 'refresh_at', 'refreshing_until = @until'),
    // A provider step due for a retry: pushed to @until while it runs (as claimRetry does).
    retries: claimSql(postgres, 'connection_retries', 'due_at <= @now', 'due_at', 'due_at = @until'),
    // A health check due: pushed to @until (the check sets the next one when it ends).
    checks: claimSql(postgres, 'connection_credentials', 'check_at IS NOT NULL AND check_at <= @now', 'check_at', 'check_at = @until'),
  };
  const claim = async (sql, now, limit, until) => ids(await db.all(sql, { now, limit, until })).sort();
  return {
    retry: (id) => db.get('SELECT * FROM connection_retries WHERE connection_id = ?', [id]),
    putRetry: (row) => db.run(`INSERT INTO connection_retries (connection_id, step, attempts, due_at, payload, last_error)
      VALUES (@connection_id, @step, @attempts, @due_at, @payload, @last_error)
      ON CONFLICT (connection_id) DO UPDATE SET step = excluded.step, attempts = excluded.attempts, due_at = excluded.due_at,
        payload = excluded.payload, last_error = excluded.last_error`, row),
    dropRetry: (id) => db.run('DELETE FROM connection_retries WHERE connection_id = ?', [id]),
    dueRetries: async (now, limit) => ids(await db.all('SELECT connection_id FROM connection_retries WHERE due_at <= ? ORDER BY due_at LIMIT ?', [now, limit])),
    /**
     * The scheduler's claims, each one statement (SKIP LOCKED on PostgreSQL): up to `limit` due
     * refreshes (their lease taken until `until`), retries (pushed to `until`) or health checks
     * (pushed to `until`) at `now` (ms); resolves the connection ids now this caller's to run.
     */
    claimDueRefreshes: (now, limit, until) => claim(claims.refreshes, now, limit, until),
    claimDueRetries: (now, limit, until) => claim(claims.retries, now, limit, until),
    claimDueChecks: (now, limit, until) => claim(claims.checks, now, limit, until),
    /** Takes a due retry (pushing it to `until` meanwhile); false when another process took it. */
    claimRetry: async (id, now, until) =>
      (await db.run('UPDATE connection_retries SET due_at = @until WHERE connection_id = @id AND due_at <= @now', { id, now, until })).changes === 1,
  };
}

export function connectionStore(db) {
  return { ...connectionRows(db), ...credentialRows(db), ...stateRows(db), ...retryRows(db) };
}
