// events.mjs — data access for webhooks, the event outbox, deliveries and attempts.

// The outbox: an event and its deliveries, written in the change's transaction.
function outbox(db) {
  const postgres = db.kind === 'postgres';
  // One delivery per subscription of the hub that wants this type (w.events: a JSON array).
  const wants = postgres
    ? '@type IN (SELECT jsonb_array_elements_text(w.events::jsonb))'
    : 'EXISTS (SELECT 1 FROM json_each(w.events) e WHERE e.value = @type)';
  return {
    /** Inserts an event and its deliveries (in the caller's transaction); resolves how many deliveries. */
    async record(event, nowMs) {
      await db.run(`INSERT INTO events (id, type, hub_id, ordering_key, data, created_at)
        VALUES (@id, @type, @hub_id, @ordering_key, @data, @created_at)`, event);
      return (await db.run(`INSERT INTO webhook_deliveries (event_id, webhook_id, ordering_key, status, next_attempt_at, created_at)
        SELECT CAST(@id AS TEXT), w.id, CAST(@ordering_key AS TEXT), 'pending', CAST(@now_ms AS BIGINT), CAST(@created_at AS TEXT)
        FROM webhooks w WHERE w.hub_id = @hub_id AND ${wants} ORDER BY w.id`, { ...event, now_ms: nowMs })).changes;
    },
  };
}

// Subscriptions.
function subscriptions(db) {
  return {
    insertWebhook: (row) => db.run(`INSERT INTO webhooks (id, hub_id, url, events, secret, created_at)
      VALUES (@id, @hub_id, @url, @events, @secret, @created_at)`, row),
    webhook: (id) => db.get('SELECT * FROM webhooks WHERE id = ?', [id]),
    webhooksOf: (hubId) => db.all('SELECT * FROM webhooks WHERE hub_id = ? ORDER BY created_at, id', [hubId]),
    setSecret: async (id, sealed) => (await db.run('UPDATE webhooks SET secret = ? WHERE id = ?', [sealed, id])).changes,
    removeWebhook: async (id) => (await db.run('DELETE FROM webhooks WHERE id = ?', [id])).changes,
  };
}

// The worker's side: due deliveries, claims, what to send, outcomes.
function deliveryWork(db) {
  const postgres = db.kind === 'postgres';
  // Due deliveries that are first in line for their (webhook, ordering key).
  const dueWhere = `d.status = 'pending' AND d.next_attempt_at <= @now AND d.locked_until <= @now
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e ${postgres ? '' : 'INDEXED BY webhook_deliveries_order'}
      WHERE e.status = 'pending' AND e.webhook_id = d.webhook_id AND e.ordering_key = d.ordering_key AND e.seq < d.seq)`;
  // Claims: PostgreSQL skips rows another instance is claiming at this moment (SKIP LOCKED), so
  // each delivery is claimed by one worker; SQLite's one writer gives the same by itself.
  const claimDue = postgres
    ? `WITH due AS (SELECT d.seq FROM webhook_deliveries d WHERE ${dueWhere}
         ORDER BY d.next_attempt_at, d.seq LIMIT @limit FOR UPDATE SKIP LOCKED)
       UPDATE webhook_deliveries SET locked_until = @until FROM due WHERE webhook_deliveries.seq = due.seq
       RETURNING webhook_deliveries.seq`
    : `UPDATE webhook_deliveries SET locked_until = @until WHERE seq IN (SELECT d.seq FROM webhook_deliveries d WHERE ${dueWhere}
         ORDER BY d.next_attempt_at, d.seq LIMIT @limit) RETURNING seq`;
  const seqs = (rows) => rows.map((r) => r.seq).sort((a, b) => a - b);
  return {
    /** Up to `limit` deliveries due at `now` (ms), each first in line for its ordering key. */
    due: async (now, limit) => seqs(await db.all(`SELECT d.seq FROM webhook_deliveries d WHERE ${dueWhere}
      ORDER BY d.next_attempt_at, d.seq LIMIT @limit`, { now, limit })),
    /** Claims up to `limit` due deliveries until `until` (ms) in one statement; resolves their seqs. */
    claimDue: async (now, limit, until) => seqs(await db.all(claimDue, { now, limit, until })),
    /** Claims delivery `seq` until `until` (ms); false when another worker holds it. */
    claim: async (seq, now, until) => (await db.run(`UPDATE webhook_deliveries SET locked_until = @until
      WHERE seq = @seq AND status = 'pending' AND locked_until <= @now`, { seq, now, until })).changes === 1,
    delivery: (seq) => db.get(`SELECT d.*, e.type, e.hub_id, e.data, e.created_at AS event_created_at, w.url, w.secret
      FROM webhook_deliveries d JOIN events e ON e.id = d.event_id JOIN webhooks w ON w.id = d.webhook_id WHERE d.seq = ?`, [seq]),
    /**
     * Records the outcome of attempt number `attempts + 1` of delivery `seq` (read as pending with
     * `attempts` before it was sent): {at (ISO), status_code, error, duration_ms, answer, next (ms),
     * failed}. Without `error` it is delivered; with one, tried again at `next` or, `failed`,
     * given up. Compare-and-set on (pending, attempts), so recording it again (a retried mark whose
     * first COMMIT did land after all) changes nothing; resolves false then, and when the
     * delivery is gone (its webhook deleted).
     */
    async outcome(seq, attempts, o) {
      const done = !o.error;
      const changed = (await db.run(`UPDATE webhook_deliveries SET status = @status, attempts = attempts + 1,
          next_attempt_at = CASE WHEN @done = 1 THEN next_attempt_at ELSE @next END,
          delivered_at = CASE WHEN @done = 1 THEN @at ELSE delivered_at END, locked_until = 0
        WHERE seq = @seq AND status = 'pending' AND attempts = @attempts`, {
        seq, attempts, at: o.at, next: o.next ?? 0, done: done ? 1 : 0, status: done ? 'delivered' : o.failed ? 'failed' : 'pending',
      })).changes === 1;
      if (changed) {
        await db.run(`INSERT INTO webhook_attempts (delivery_seq, at, status_code, error, duration_ms, answer)
          VALUES (@seq, @at, @status_code, @error, @duration_ms, @answer)`,
        { seq, at: o.at, status_code: o.status_code, error: o.error, duration_ms: o.duration_ms, answer: o.answer });
      }
      return changed;
    },
    /** Extends this worker's claim on delivery `seq` to `until` (ms) while it is still pending. */
    extendClaim: (seq, until) => db.run("UPDATE webhook_deliveries SET locked_until = @until WHERE seq = @seq AND status = 'pending'", { seq, until }),
  };
}

// The delivery log, its pruning, and when the next delivery is due.
function deliveryLog(db) {
  const postgres = db.kind === 'postgres';
  return {
    deliveriesOf: (webhook, before, limit) => db.all(`SELECT d.seq, d.event_id, d.status, d.attempts, d.next_attempt_at, d.created_at,
        d.delivered_at, e.type
      FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
      WHERE d.webhook_id = @webhook AND d.seq < @before ORDER BY d.seq DESC LIMIT @limit`, { webhook, before, limit }),
    attemptsOf: (seq) => db.all('SELECT at, status_code, error, duration_ms, answer FROM webhook_attempts WHERE delivery_seq = ? ORDER BY id', [seq]),
    /** Forgets finished deliveries (and their attempts) and delivered events older than `before` (ISO). */
    prune: (before) => db.tx(async () => {
      const a = await db.run("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ?", [before]);
      const b = await db.run(`DELETE FROM events WHERE created_at < ?
        AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = events.id)`, [before]);
      return a.changes + b.changes;
    }, { isolation: 'read committed' }),
    /** When the next pending delivery becomes due (ms), or null. */
    nextDue: async () => (await db.get(`SELECT min(${postgres ? 'greatest' : 'max'}(next_attempt_at, locked_until)) AS t
      FROM webhook_deliveries WHERE status = 'pending'`)).t ?? null,
  };
}

export function eventStore(db) {
  return { ...outbox(db), ...subscriptions(db), ...deliveryWork(db), ...deliveryLog(db) };
}
