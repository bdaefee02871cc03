// connection-scheduler.mjs — the periodic pass over connections: tokens due for a refresh
// (before they expire), provider steps due for a retry, health checks (verify) of active
// connections, and sign-ins nobody finished. Each
// pass reads only due rows through partial indexes, so its cost follows the work, not the
// number of connections.
import { performance } from 'node:perf_hooks';

/** Runs `jobs` (functions returning promises) with at most `limit` at once; never rejects. */
async function pool(jobs, limit) {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      try {
        await job();
      } catch {
        // a transient failure was recorded by the job itself
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}

export function createScheduler({ store, timing, steps, tokens, serial, log }) {
  let timer = null;
  let running = null;

  async function tick() {
    const started = performance.now();
    const now = Date.now();
    await steps.expireStates();
    // Claimed, not just read: with several instances on one database each job runs once (the
    // claims skip rows another instance holds), and a crashed instance's claims lapse.
    const until = now + 2 * timing.stepTimeoutMs + 1000;
    const retries = await store.connections.claimDueRetries(now, timing.batch, until);
    const refreshes = await store.connections.claimDueRefreshes(now, timing.batch, until);
    const checks = await store.connections.claimDueChecks(now, timing.batch, until);
    const queryMs = performance.now() - started;
    await pool([
      ...retries.map((id) => () => serial(id, () => steps.resume(id, { claimed: true }))),
      ...refreshes.map((id) => () => tokens.refresh(id, { minValidityMs: Number.POSITIVE_INFINITY, claimed: true })),
      // (not serialized: a check may refresh first, which takes its own turn)
      ...checks.map((id) => () => steps.health(id)),
    ], timing.concurrency);
    return { retries: retries.length, refreshes: refreshes.length, checks: checks.length, queryMs, ms: performance.now() - started };
  }

  const loop = async () => {
    try {
      running = tick();
      await running;
    } catch (err) {
      log.error({ msg: 'connection scheduler pass failed', error: err?.stack ?? String(err) });
    } finally {
      running = null;
      if (timer !== null) timer = setTimeout(loop, timing.tickMs).unref();
    }
  };

  return {
    tick,
    start() {
      if (timer === null) timer = setTimeout(loop, 0).unref();
    },
    async stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await running?.catch(() => {});
    },
  };
}
