// rate-limit.mjs — token buckets: each key (an end user, an admin key) holds up to `burst`
// requests, refilled at `rps` per second. A request finding the bucket empty is answered 429
// with Retry-After (whole seconds until a token is back).

/** `<requests per second>,<burst>` (e.g. "10,100"), or "off"; null for off. */
export function parseRate(text, name) {
  if (text === 'off') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*,\s*(\d+)\s*$/.exec(String(text));
  const rps = m && Number(m[1]);
  const burst = m && Number(m[2]);
  if (!m || !(rps > 0) || !(burst >= 1)) return { error: `${name} must be "<requests per second>,<burst>" (e.g. 10,100) or off` };
  return { rps, burst };
}

/** A limiter for `{rps, burst}` (null: no limit). `take(key)` → 0 when allowed, else seconds to wait. */
export function createRateLimiter(rate, now = () => performance.now()) {
  if (!rate) return { take: () => 0, size: () => 0 };
  const { rps, burst } = rate;
  const buckets = new Map(); // key → {tokens, at (ms)}
  let calls = 0;
  // Full buckets carry no information: drop them now and then so idle keys cost no memory.
  function prune(t) {
    for (const [key, b] of buckets) if (b.tokens + ((t - b.at) / 1000) * rps >= burst) buckets.delete(key);
  }
  return {
    take(key) {
      const t = now();
      if (++calls % 1024 === 0) prune(t);
      const b = buckets.get(key) ?? { tokens: burst, at: t };
      b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * rps);
      b.at = t;
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / rps));
    },
    size: () => buckets.size,
  };
}
