// webhook-worker.mjs — delivers the outbox to the hub's webhooks: at least once, in order per
// ordering key (a connection, an activation), with exponential backoff and jitter for up to 24 h
// on non-2xx answers, refusals and timeouts (10 s). Each delivery is claimed for a while before
// it is sent, so a second worker (or this one after a crash) takes it over only once the claim
// has lapsed.
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { aadFor } from '../security/secrets.mjs';
import { onEventRecorded } from './events.mjs';

export const WEBHOOK_TIMING = {
  tickMs: 1000, // how often due deliveries are looked for (besides each new event)
  baseMs: 2000, // first retry after about this long, doubling each time …
  capMs: 3600_000, // … up to an hour between attempts
  giveUpMs: 24 * 3600_000, // a delivery still failing a day after its event is given up
  timeoutMs: 10_000, // an answer must arrive within this
  concurrency: 8, // deliveries in flight at once (each to a different ordering key)
  keepMs: 7 * 24 * 3600_000, // finished deliveries and their events are kept a week for the log
};

/** `Embedhub-Signature` for `body` sent at `t` (unix seconds) with `secret`. */
export const signature = (secret, t, body) =>
  `t=${t},v1=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${t}.${body}`).digest('hex')}`;

/** The delay before attempt number `attempts + 1`: exponential, capped, with jitter (50–100 %). */
export const backoff = (attempts, { baseMs, capMs }, random = Math.random) =>
  Math.round(Math.min(capMs, baseMs * 2 ** Math.min(attempts, 30)) * (0.5 + random() / 2));

async function readAnswer(res, limit = 512) {
  const chunks = [];
  let size = 0;
  try {
    for await (const chunk of res.body ?? []) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) break;
    }
  } catch {
    // the answer's body is informative only
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

// The delivery's request body: {id, type, createdAt, hubId, data} (data as stored, raw JSON).
const bodyOf = (d) => `{"id":${JSON.stringify(d.event_id)},"type":${JSON.stringify(d.type)},"createdAt":${JSON.stringify(d.event_created_at)},`
  + `"hubId":${JSON.stringify(d.hub_id)},"data":${d.data}}`;

/** Sends delivery row `d` signed with `secret`: {status, error, answer} (error null on a 2xx). */
async function send(d, secret, signal, timeoutMs) {
  const body = bodyOf(d);
  const t = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'embedhub-webhooks/1',
        'embedhub-event-id': d.event_id,
        'embedhub-signature': signature(secret, t, body),
      },
      body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    const answer = await readAnswer(res);
    return { status: res.status, answer, error: res.status < 200 || res.status > 299 ? `answered ${res.status}` : null };
  } catch (err) {
    return { status: null, answer: null, error: err.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (err.cause?.code ?? err.message) };
  }
}

/**
 * Records what a send gave (store.events.outcome: idempotent), and keeps trying while the worker
 * runs when the database does not take it (busy, out of reach): the delivery stays this worker's
 * (in flight here, its claim extended), so a delivery sent once is not sent again because its
 * mark failed. Only a crash (or a stop) before the mark lands lets the claim lapse and another
 * worker send it again: at least once.
 */
function createMarker({ store, log, T, running }) {
  return async function mark(seq, attempts, outcome) {
    for (let tries = 1; ; tries++) {
      try {
        return await store.tx((t) => t.events.outcome(seq, attempts, outcome));
      } catch (err) {
        if (!running() && tries > 1) throw err;
        log?.warn({ msg: 'could not record a webhook delivery; trying again', seq, tries, error: err?.message ?? String(err) });
        await sleep(Math.min(5000, 50 * 2 ** Math.min(tries, 7)) * (0.5 + Math.random() / 2));
        await store.events.extendClaim(seq, Date.now() + T.timeoutMs + 5000).catch(() => {});
      }
    }
  };
}

/** One delivery: read, sent, its outcome recorded. */
function createAttempt({ store, secrets, log, T, running, inflight }) {
  const mark = createMarker({ store, log, T, running });
  return async function attempt(seq) {
    const d = await store.events.delivery(seq);
    if (!d || d.status !== 'pending') return;
    const secret = secrets.open(d.secret, aadFor('webhooks', 'secret', d.webhook_id));
    const started = Date.now();
    const { status, error, answer } = await send(d, secret, inflight.get(seq).signal, T.timeoutMs);
    if (!running() && error) return; // shutting down: the claim lapses and the delivery is retried
    const now = Date.now();
    const giveUp = Boolean(error) && now - Date.parse(d.event_created_at) >= T.giveUpMs;
    await mark(seq, d.attempts, {
      at: new Date(now).toISOString(), status_code: status, error, duration_ms: now - started, answer,
      next: now + backoff(d.attempts, T), failed: giveUp,
    });
    if (error) log?.warn({ msg: 'webhook delivery failed', webhookId: d.webhook_id, eventId: d.event_id, attempt: d.attempts + 1, error, gaveUp: giveUp });
  };
}

// Looks for due deliveries, one look at a time: claims are taken for the room there is, then sent.
function createLooker({ store, log, T, running, inflight, attempt }) {
  let prunedAt = 0;
  async function prune(now) {
    if (now - prunedAt < 3600_000) return;
    prunedAt = now;
    try {
      await store.events.prune(new Date(now - T.keepMs).toISOString());
    } catch (err) {
      log?.warn({ msg: 'could not prune the webhook log', error: err.message });
    }
  }
  let looking = null;
  async function look() {
    const room = T.concurrency - inflight.size;
    if (!running() || room <= 0) return;
    const now = Date.now();
    await prune(now);
    let claimed;
    try {
      // The claim lasts past the timeout: only a crashed worker's deliveries are taken over.
      claimed = await store.events.claimDue(now, room, now + T.timeoutMs + 5000);
    } catch (err) {
      log?.error({ msg: 'webhook worker could not read the outbox', error: err.message });
      return;
    }
    for (const seq of claimed) {
      if (inflight.has(seq)) continue;
      inflight.set(seq, new AbortController());
      attempt(seq)
        .catch((err) => log?.error({ msg: 'webhook delivery crashed', seq, error: err?.stack ?? String(err) }))
        .finally(() => {
          inflight.delete(seq);
          setImmediate(pump);
        });
    }
  }
  /** Looks for due deliveries now (tests); resolves once the look (not the sending) is done. */
  function pump() {
    if (!running()) return Promise.resolve();
    if (looking) {
      looking.again = true;
      return looking.done;
    }
    looking = { again: false };
    looking.done = (async () => {
      try {
        do {
          looking.again = false;
          await look();
        } while (looking.again && running());
      } finally {
        looking = null;
      }
    })();
    return looking.done;
  }
  return pump;
}

/** `store`: store/index.mjs (its events and tx); deliveries are claimed with claimDue (SKIP LOCKED on PostgreSQL). */
export function createWebhookWorker({ store, secrets, log, timing = {} }) {
  const T = { ...WEBHOOK_TIMING, ...timing };
  const inflight = new Map(); // seq → AbortController
  let timer = null;
  let stopped = true;
  const running = () => !stopped;
  const attempt = createAttempt({ store, secrets, log, T, running, inflight });
  const pump = createLooker({ store, log, T, running, inflight, attempt });

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      onEventRecorded(store, pump);
      timer = setInterval(pump, T.tickMs).unref();
      setImmediate(pump);
    },
    /** Stops: in-flight deliveries are aborted (and retried by the next worker). */
    stop() {
      stopped = true;
      clearInterval(timer);
      for (const c of inflight.values()) c.abort();
    },
    pump,
  };
}
