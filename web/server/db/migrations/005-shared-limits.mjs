// 005 — limits held by the database when several instances share it (PostgreSQL):
// rate_buckets, one token bucket per rate-limited key (UNLOGGED there: a lost bucket after a
// crash only refills it), and the per-user connection cap as a trigger reading the session's
// embedhub.max_connections_per_user (each server sets it from EMBEDHUB_MAX_CONNECTIONS_PER_USER).
// On SQLite the buckets live in each process's memory (one process serves a file) and the cap
// is a TEMP trigger per connection (store/connection-pages.mjs): the table exists, unused.
export const name = 'shared limits: rate buckets, the connection cap trigger';

export const sql = `
CREATE TABLE rate_buckets (
  key     TEXT PRIMARY KEY,                   -- 'user:<hub>/<sub>' or 'admin:<key digest>'
  tokens  REAL NOT NULL,                      -- what is left, refilled at the limit's rate
  at      INTEGER NOT NULL,                   -- ms since the epoch of the last take
  granted INTEGER NOT NULL DEFAULT 0 CHECK (granted IN (0, 1))   -- whether the last take got a token
) STRICT;
`;

export const postgres = `
CREATE UNLOGGED TABLE rate_buckets (
  key     TEXT COLLATE "C" PRIMARY KEY,
  tokens  DOUBLE PRECISION NOT NULL,
  at      BIGINT NOT NULL,
  granted BIGINT NOT NULL DEFAULT 0 CHECK (granted IN (0, 1))
);

-- A user's connection beyond the cap is refused. Inserts for one user take turns on an
-- advisory lock held to the end of their transaction, so two cannot pass the cap together.
CREATE FUNCTION embedhub_connections_cap() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cap bigint := coalesce(nullif(current_setting('embedhub.max_connections_per_user', true), ''), '100')::bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('embedhub.connections:' || NEW.user_id));
  IF (SELECT count(*) FROM connections WHERE user_id = NEW.user_id) >= cap THEN
    RAISE EXCEPTION 'connection_limit_reached';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER connections_cap BEFORE INSERT ON connections FOR EACH ROW EXECUTE FUNCTION embedhub_connections_cap();
`;
