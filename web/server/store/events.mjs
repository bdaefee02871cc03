// events.mjs — data access for webhooks, the event outbox, deliveries and attempts.

export function eventStore(db) {
  const q = {
    insertEvent: db.prepare(`INSERT INTO events (id, type, hub_id, ordering_key, data, created_at)
      VALUES (@id, @type, @hub_id, @ordering_key, @data, @created_at)`),
    // One delivery per subscription of the hub that wants this type.
    fanOut: db.prepare(`INSERT INTO webhook_deliveries (event_id, webhook_id, ordering_key, status, next_attempt_at, created_at)
      SELECT @id, w.id, @ordering_key, 'pending', @now_ms, @created_at FROM webhooks w
      WHERE w.hub_id = @hub_id AND EXISTS (SELECT 1 FROM json_each(w.events) e WHERE e.value = @type)
      ORDER BY w.id`),
    insertWebhook: db.prepare(`INSERT INTO webhooks (id, hub_id, url, events, secret, created_at)
      VALUES (@id, @hub_id, @url, @events, @secret, @created_at)`),
    webhook: db.prepare('SELECT * FROM webhooks WHERE id = ?'),
    webhooksOf: db.prepare('SELECT * FROM webhooks WHERE hub_id = ? ORDER BY created_at, id'),
    setSecret: db.prepare('UPDATE webhooks SET secret = ? WHERE id = ?'),
    removeWebhook: db.prepare('DELETE FROM webhooks WHERE id = ?'),
    // Due deliveries that are first in line for their (webhook, ordering key).
    due: db.prepare(`SELECT d.seq FROM webhook_deliveries d
      WHERE d.status = 'pending' AND d.next_attempt_at <= @now AND d.locked_until <= @now
        AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e INDEXED BY webhook_deliveries_order
          WHERE e.status = 'pending' AND e.webhook_id = d.webhook_id AND e.ordering_key = d.ordering_key AND e.seq < d.seq)
      ORDER BY d.next_attempt_at, d.seq LIMIT @limit`),
    claim: db.prepare(`UPDATE webhook_deliveries SET locked_until = @until
      WHERE seq = @seq AND status = 'pending' AND locked_until <= @now`),
    delivery: db.prepare(`SELECT d.*, e.type, e.hub_id, e.data, e.created_at AS event_created_at, w.url, w.secret
      FROM webhook_deliveries d JOIN events e ON e.id = d.event_id JOIN webhooks w ON w.id = d.webhook_id WHERE d.seq = ?`),
    attempt: db.prepare(`INSERT INTO webhook_attempts (delivery_seq, at, status_code, error, duration_ms, answer)
      VALUES (@seq, @at, @status_code, @error, @duration_ms, @answer)`),
    delivered: db.prepare(`UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = @at, locked_until = 0
      WHERE seq = @seq`),
    retry: db.prepare(`UPDATE webhook_deliveries SET status = @status, attempts = attempts + 1, next_attempt_at = @next, locked_until = 0
      WHERE seq = @seq`),
    deliveriesOf: db.prepare(`SELECT d.seq, d.event_id, d.status, d.attempts, d.next_attempt_at, d.created_at, d.delivered_at, e.type
      FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
      WHERE d.webhook_id = @webhook AND d.seq < @before ORDER BY d.seq DESC LIMIT @limit`),
    attemptsOf: db.prepare('SELECT at, status_code, error, duration_ms, answer FROM webhook_attempts WHERE delivery_seq = ? ORDER BY id'),
    pruneDeliveries: db.prepare(`DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ?`),
    pruneEvents: db.prepare(`DELETE FROM events WHERE created_at < ?
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = events.id)`),
    nextDue: db.prepare(`SELECT min(max(next_attempt_at, locked_until)) AS t FROM webhook_deliveries WHERE status = 'pending'`),
  };
  return {
    /** Inserts an event and its deliveries (in the caller's transaction); returns how many deliveries. */
    record(event, nowMs) {
      q.insertEvent.run(event);
      return q.fanOut.run({ ...event, now_ms: nowMs }).changes;
    },
    insertWebhook: (row) => q.insertWebhook.run(row),
    webhook: (id) => q.webhook.get(id),
    webhooksOf: (hubId) => q.webhooksOf.all(hubId),
    setSecret: (id, sealed) => q.setSecret.run(sealed, id).changes,
    removeWebhook: (id) => q.removeWebhook.run(id).changes,
    /** Up to `limit` deliveries due at `now` (ms), each first in line for its ordering key. */
    due: (now, limit) => q.due.pluck().all({ now, limit }),
    /** Claims delivery `seq` until `until` (ms); false when another worker holds it. */
    claim: (seq, now, until) => q.claim.run({ seq, now, until }).changes === 1,
    delivery: (seq) => q.delivery.get(seq),
    attempt: (row) => q.attempt.run(row),
    delivered: (seq, at) => q.delivered.run({ seq, at }),
    /** Schedules another attempt at `next` (ms), or ends the delivery as failed. */
    retry: (seq, next, failed = false) => q.retry.run({ seq, next, status: failed ? 'failed' : 'pending' }),
    deliveriesOf: (webhook, before, limit) => q.deliveriesOf.all({ webhook, before, limit }),
    attemptsOf: (seq) => q.attemptsOf.all(seq),
    /** Forgets finished deliveries (and their attempts) and delivered events older than `before` (ISO). */
    prune(before) {
      return db.transaction(() => q.pruneDeliveries.run(before).changes + q.pruneEvents.run(before).changes).immediate();
    },
    /** When the next pending delivery becomes due (ms), or null. */
    nextDue: () => q.nextDue.get().t,
  };
}
