// rates.mjs — token buckets kept in the database (PostgreSQL's UNLOGGED rate_buckets), so that
// several instances hold one limit together. One statement per request: the bucket is created
// full, refilled for the time since its last take, and a token taken when one is there.

const TAKE = `INSERT INTO rate_buckets (key, tokens, at, granted) VALUES (@key, CAST(@burst AS DOUBLE PRECISION) - 1, @now, 1)
ON CONFLICT (key) DO UPDATE SET
  tokens = least(CAST(@burst AS DOUBLE PRECISION), rate_buckets.tokens + greatest(0, @now - rate_buckets.at) * CAST(@rps AS DOUBLE PRECISION) / 1000.0)
    - CASE WHEN least(CAST(@burst AS DOUBLE PRECISION), rate_buckets.tokens + greatest(0, @now - rate_buckets.at) * CAST(@rps AS DOUBLE PRECISION) / 1000.0) >= 1
      THEN 1 ELSE 0 END,
  granted = CASE WHEN least(CAST(@burst AS DOUBLE PRECISION), rate_buckets.tokens + greatest(0, @now - rate_buckets.at) * CAST(@rps AS DOUBLE PRECISION) / 1000.0) >= 1
    THEN 1 ELSE 0 END,
  at = greatest(rate_buckets.at, @now)
RETURNING tokens, granted`;

export function rateStore(db) {
  return {
    /**
     * Takes a token from bucket `key` ({rps, burst}) at `now` (ms): resolves 0 when granted,
     * else the whole seconds until a token is back.
     */
    async take(key, { rps, burst }, now = Date.now()) {
      const { tokens, granted } = await db.get(TAKE, { key, burst, rps, now: Math.floor(now) });
      return granted === 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / rps));
    },
    /** Forgets the buckets of keys starting `prefix:` untouched since `before` (ms): full ones carry no information. */
    prune: (prefix, before) => db.run('DELETE FROM rate_buckets WHERE key LIKE ? AND at < ?', [`${prefix}:%`, Math.floor(before)]),
  };
}
