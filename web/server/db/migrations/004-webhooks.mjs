// 004 — webhooks to the host product: subscriptions, the event outbox (written in the same
// transaction as the change it reports), one delivery per event and subscription, and each
// delivery's attempts.
export const name = 'webhooks, the event outbox, deliveries and attempts';

export const sql = `
CREATE TABLE webhooks (
  id          TEXT PRIMARY KEY,               -- ULID
  hub_id      TEXT NOT NULL REFERENCES hubs(id) ON DELETE CASCADE,
  url         TEXT NOT NULL,
  events      TEXT NOT NULL,                  -- JSON array of event types
  secret      TEXT NOT NULL,                  -- sealed: aadFor('webhooks', 'secret', id)
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX webhooks_by_hub ON webhooks(hub_id, created_at);

-- The outbox. No foreign keys to what the event is about: a connection.deleted event outlives
-- its connection.
CREATE TABLE events (
  id            TEXT PRIMARY KEY,             -- ULID, sent as Embedhub-Event-Id
  type          TEXT NOT NULL,
  hub_id        TEXT NOT NULL REFERENCES hubs(id) ON DELETE CASCADE,
  ordering_key  TEXT NOT NULL,                -- events with one key are delivered in order
  data          TEXT NOT NULL,                -- JSON object
  created_at    TEXT NOT NULL
) STRICT;

-- seq orders deliveries: within one (webhook, ordering key) the lowest pending seq goes first.
CREATE TABLE webhook_deliveries (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id         TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  webhook_id       TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  ordering_key     TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,          -- ms since the epoch
  locked_until     INTEGER NOT NULL DEFAULT 0,-- ms: a worker holds the delivery until then
  created_at       TEXT NOT NULL,
  delivered_at     TEXT
) STRICT;
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries(status, next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_order ON webhook_deliveries(webhook_id, ordering_key, seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries(webhook_id, seq);

CREATE TABLE webhook_attempts (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_seq  INTEGER NOT NULL REFERENCES webhook_deliveries(seq) ON DELETE CASCADE,
  at            TEXT NOT NULL,
  status_code   INTEGER,                      -- NULL when no answer came (timeout, refused)
  error         TEXT,
  duration_ms   INTEGER NOT NULL,
  answer        TEXT                          -- the first 512 bytes of the answer's body
) STRICT;
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts(delivery_seq, id);
`;
