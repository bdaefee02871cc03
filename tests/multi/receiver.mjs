// receiver.mjs — the host product's webhook endpoint, for the multi-instance tests: records
// every delivery, checks its Embedhub-Signature on its own (node:crypto HMAC-SHA256 over
// "<t>.<raw body>"), and can hold answers back, so that deliveries stay claimed by the
// instance sending them (an instance killed meanwhile leaves them aborted here).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

/** Whether `header` (t=<unix s>,v1=<hex>) signs `raw` with `secret`, within 5 minutes. */
export function signedBy(header, raw, secret) {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m || Math.abs(Date.now() / 1000 - Number(m[1])) > 300) return false;
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${m[1]}.${raw}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2], 'hex'));
}

/**
 * A receiver on 127.0.0.1. `got`: deliveries answered 200 ({id, type, body, raw, signature,
 * at}); `aborted`: deliveries whose sender went away before an answer; `hold(true)` keeps new
 * deliveries waiting, `hold(false)` answers the waiting ones and every later one.
 */
export async function receiver() {
  const got = [];
  const aborted = [];
  let holding = false;
  const waiting = new Set();
  const answer = (d) => {
    waiting.delete(d);
    if (d.res.destroyed) return;
    d.res.writeHead(200, { 'content-type': 'text/plain' });
    d.res.end('thanks');
    got.push(d.entry);
  };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw);
      const entry = { id: body.id, type: body.type, body, raw, signature: req.headers['embedhub-signature'], eventId: req.headers['embedhub-event-id'], at: Date.now() };
      const d = { res, entry };
      res.on('close', () => {
        if (!res.writableEnded) {
          waiting.delete(d);
          aborted.push(entry);
        }
      });
      if (holding) waiting.add(d);
      else answer(d);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hook`,
    got,
    aborted,
    waiting: () => waiting.size,
    hold(on) {
      holding = on;
      if (!on) for (const d of [...waiting]) answer(d);
    },
    close: () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }),
  };
}
