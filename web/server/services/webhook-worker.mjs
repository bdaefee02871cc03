// webhook-worker.mjs — delivers the outbox to the hub's webhooks: at least once, in order per
// ordering key (a connection, an activation), with exponential backoff and jitter for up to 24 h
// on non-2xx answers, refusals and timeouts (10 s). Each delivery is claimed for a while before
// it is sent, so a second worker (or this one after a crash) takes it over only once the claim
// has lapsed.
import { createHmac } from 'node:crypto';
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

/** `store`: store/index.mjs (its events and tx); deliveries are claimed with claimDue (SKIP LOCKED on PostgreSQL). */
export function createWebhookWorker({ store, secrets, log, timing = {} }) {
  const T = { ...WEBHOOK_TIMING, ...timing };
  const { events } = store;
  const inflight = new Map(); // seq → AbortController
  let timer = null;
  let stopped = true;

  async function attempt(seq) {
    const d = await events.delivery(seq);
    if (!d || d.status !== 'pending') return;
    const body = `{"id":${JSON.stringify(d.event_id)},"type":${JSON.stringify(d.type)},"createdAt":${JSON.stringify(d.event_created_at)},`
      + `"hubId":${JSON.stringify(d.hub_id)},"data":${d.data}}`;
    const secret = secrets.open(d.secret, aadFor('webhooks', 'secret', d.webhook_id));
    const t = Math.floor(Date.now() / 1000);
    const abort = inflight.get(seq);
    const started = Date.now();
    let status = null;
    let error = null;
    let answer = null;
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
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(T.timeoutMs)]),
      });
      status = res.status;
      answer = await readAnswer(res);
      if (status < 200 || status > 299) error = `answered ${status}`;
    } catch (err) {
      error = err.name === 'TimeoutError' ? `no answer within ${T.timeoutMs / 1000} s` : (err.cause?.code ?? err.message);
    }
    if (stopped && error) return; // shutting down: the claim lapses and the delivery is retried
    const now = Date.now();
    await store.tx(async (t) => {
      if (!(await t.events.delivery(seq))) return; // the webhook was deleted meanwhile
      await t.events.attempt({ seq, at: new Date(now).toISOString(), status_code: status, error, duration_ms: now - started, answer });
      if (!error) await t.events.delivered(seq, new Date(now).toISOString());
      else {
        const giveUp = now - Date.parse(d.event_created_at) >= T.giveUpMs;
        await t.events.retry(seq, now + backoff(d.attempts, T), giveUp);
        log?.warn({ msg: 'webhook delivery failed', webhookId: d.webhook_id, eventId: d.event_id, attempt: d.attempts + 1, error, gaveUp: giveUp });
      }
    });
  }

  let prunedAt = 0;
  async function prune(now) {
    if (now - prunedAt < 3600_000) return;
    prunedAt = now;
    try {
      await events.prune(new Date(now - T.keepMs).toISOString());
    } catch (err) {
      log?.warn({ msg: 'could not prune the webhook log', error: err.message });
    }
  }

  // One look at a time: claims are taken for the room there is, then sent.
  let looking = null;
  async function look() {
    const room = T.concurrency - inflight.size;
    if (stopped || room <= 0) return;
    const now = Date.now();
    await prune(now);
    let claimed;
    try {
      // The claim lasts past the timeout: only a crashed worker's deliveries are taken over.
      claimed = await events.claimDue(now, room, now + T.timeoutMs + 5000);
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
    if (stopped) return Promise.resolve();
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
        } while (looking.again && !stopped);
      } finally {
        looking = null;
      }
    })();
    return looking.done;
  }

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
