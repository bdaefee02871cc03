// connections.mjs — data access for connections (integrated accounts), their sealed
// credentials, OAuth2 states in flight and provider steps waiting to be retried.

export function connectionStore(db) {
  const q = {
    ofUser: db.prepare('SELECT * FROM connections WHERE user_id = ? ORDER BY created_at, id'),
    one: db.prepare('SELECT * FROM connections WHERE user_id = ? AND id = ?'),
    byId: db.prepare('SELECT * FROM connections WHERE id = ?'),
    primaryOf: db.prepare(`SELECT c.* FROM connections c JOIN connectors k ON k.id = c.connector_id
      WHERE c.user_id = ? AND k.is_primary = 1 ORDER BY c.created_at, c.id LIMIT 1`),
    hubOf: db.prepare('SELECT u.hub_id FROM connections c JOIN users u ON u.id = c.user_id WHERE c.id = ?'),
    insert: db.prepare(`INSERT INTO connections (id, user_id, connector_id, authentication_method, status, context, is_sandbox,
        region, last_action_result, last_error, credential, created_at, updated_at)
      VALUES (@id, @user_id, @connector_id, @authentication_method, @status, @context, @is_sandbox,
        @region, @last_action_result, @last_error, NULL, @created_at, @updated_at)`),
    update: db.prepare(`UPDATE connections SET status = @status, last_action_result = @last_action_result,
        last_error = @last_error, updated_at = @updated_at WHERE id = @id`),
    remove: db.prepare('DELETE FROM connections WHERE id = ?'),
    activationsUsing: db.prepare(`SELECT DISTINCT activation_id FROM activation_connections
      WHERE connection_id = ? ORDER BY activation_id`),

    credential: db.prepare('SELECT * FROM connection_credentials WHERE connection_id = ?'),
    putCredential: db.prepare(`INSERT INTO connection_credentials (connection_id, kind, sealed, expires_at, refresh_at, refresh_failures, updated_at)
      VALUES (@connection_id, @kind, @sealed, @expires_at, @refresh_at, 0, @updated_at)
      ON CONFLICT (connection_id) DO UPDATE SET kind = excluded.kind, sealed = excluded.sealed, expires_at = excluded.expires_at,
        refresh_at = excluded.refresh_at, refresh_failures = 0, updated_at = excluded.updated_at, refreshing_until = NULL`),
    refreshLater: db.prepare(`UPDATE connection_credentials SET refresh_at = ?, refresh_failures = refresh_failures + 1,
      refreshing_until = NULL WHERE connection_id = ?`),
    stopRefresh: db.prepare('UPDATE connection_credentials SET refresh_at = NULL, refreshing_until = NULL WHERE connection_id = ?'),
    claimRefresh: db.prepare(`UPDATE connection_credentials SET refreshing_until = @until
      WHERE connection_id = @id AND (refreshing_until IS NULL OR refreshing_until <= @now)`),
    releaseRefresh: db.prepare('UPDATE connection_credentials SET refreshing_until = NULL WHERE connection_id = ?'),
    setCheck: db.prepare('UPDATE connection_credentials SET check_at = ? WHERE connection_id = ?'),
    dueChecks: db.prepare(`SELECT connection_id FROM connection_credentials
      WHERE check_at IS NOT NULL AND check_at <= ? ORDER BY check_at LIMIT ?`),
    dropCredential: db.prepare('DELETE FROM connection_credentials WHERE connection_id = ?'),
    dueRefreshes: db.prepare(`SELECT cc.connection_id FROM connection_credentials cc
      WHERE cc.refresh_at IS NOT NULL AND cc.refresh_at <= ? ORDER BY cc.refresh_at LIMIT ?`),

    insertState: db.prepare(`INSERT INTO oauth_states (state_hash, connection_id, sealed, redirect_uri, opener_origin, expires_at)
      VALUES (@state_hash, @connection_id, @sealed, @redirect_uri, @opener_origin, @expires_at)`),
    state: db.prepare('SELECT * FROM oauth_states WHERE state_hash = ?'),
    useState: db.prepare('UPDATE oauth_states SET used_at = ? WHERE state_hash = ? AND used_at IS NULL AND expires_at > ?'),
    releaseState: db.prepare('UPDATE oauth_states SET used_at = NULL WHERE state_hash = ?'),
    dropStatesOf: db.prepare('DELETE FROM oauth_states WHERE connection_id = ?'),
    expiredStates: db.prepare('SELECT * FROM oauth_states WHERE used_at IS NULL AND expires_at <= ? LIMIT 500'),
    dropState: db.prepare('DELETE FROM oauth_states WHERE state_hash = ?'),
    dropOldStates: db.prepare('DELETE FROM oauth_states WHERE used_at IS NOT NULL AND used_at < ?'),

    retry: db.prepare('SELECT * FROM connection_retries WHERE connection_id = ?'),
    putRetry: db.prepare(`INSERT INTO connection_retries (connection_id, step, attempts, due_at, payload, last_error)
      VALUES (@connection_id, @step, @attempts, @due_at, @payload, @last_error)
      ON CONFLICT (connection_id) DO UPDATE SET step = excluded.step, attempts = excluded.attempts, due_at = excluded.due_at,
        payload = excluded.payload, last_error = excluded.last_error`),
    dropRetry: db.prepare('DELETE FROM connection_retries WHERE connection_id = ?'),
    dueRetries: db.prepare('SELECT connection_id FROM connection_retries WHERE due_at <= ? ORDER BY due_at LIMIT ?'),
    claimRetry: db.prepare('UPDATE connection_retries SET due_at = @until WHERE connection_id = @id AND due_at <= @now'),
  };
  return {
    ofUser: (userId) => q.ofUser.all(userId),
    /** Connection `id` if it belongs to user `userId`, else undefined. */
    one: (userId, id) => q.one.get(userId, id),
    byId: (id) => q.byId.get(id),
    /** The user's connection to the hub's primary connector (the host product), or undefined. */
    primaryOf: (userId) => q.primaryOf.get(userId),
    /** The hub a connection belongs to (for events). */
    hubOf: (id) => q.hubOf.get(id)?.hub_id,
    insert: (row) => q.insert.run(row),
    update: (row) => q.update.run(row),
    remove: (id) => q.remove.run(id).changes,
    /** Ids of the activations bound to connection `id`. */
    activationsUsing: (id) => q.activationsUsing.pluck().all(id),

    credential: (id) => q.credential.get(id),
    /** Stores a sealed credential ({connection_id, kind, sealed, expires_at, refresh_at, updated_at}). */
    putCredential: (row) => q.putCredential.run(row),
    refreshLater: (id, at) => q.refreshLater.run(at, id),
    stopRefresh: (id) => q.stopRefresh.run(id),
    /** Claims the refresh of connection `id` until `until` (ms); false while another holds it. */
    claimRefresh: (id, now, until) => q.claimRefresh.run({ id, now, until }).changes === 1,
    releaseRefresh: (id) => q.releaseRefresh.run(id),
    /** The next health check of connection `id` at `at` (ms), or none (null). */
    setCheck: (id, at) => q.setCheck.run(at, id),
    dueChecks: (now, limit) => q.dueChecks.pluck().all(now, limit),
    dropCredential: (id) => q.dropCredential.run(id),
    /** Connection ids whose token is due for a refresh at `now` (ms), oldest first. */
    dueRefreshes: (now, limit) => q.dueRefreshes.pluck().all(now, limit),

    insertState: (row) => q.insertState.run(row),
    state: (hash) => q.state.get(hash),
    /** Marks a state used; false when it was used already or has expired. */
    useState: (hash, now) => q.useState.run(now, hash, now).changes === 1,
    /** Makes a state usable again (its callback changed nothing). */
    releaseState: (hash) => q.releaseState.run(hash),
    dropStatesOf: (connectionId) => q.dropStatesOf.run(connectionId),
    expiredStates: (now) => q.expiredStates.all(now),
    dropState: (hash) => q.dropState.run(hash),
    dropOldStates: (before) => q.dropOldStates.run(before),

    retry: (id) => q.retry.get(id),
    putRetry: (row) => q.putRetry.run(row),
    dropRetry: (id) => q.dropRetry.run(id),
    dueRetries: (now, limit) => q.dueRetries.pluck().all(now, limit),
    /** Takes a due retry (pushing it to `until` meanwhile); false when another process took it. */
    claimRetry: (id, now, until) => q.claimRetry.run({ id, now, until }).changes === 1,
  };
}
