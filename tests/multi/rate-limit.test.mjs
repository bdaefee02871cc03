// rate-limit.test.mjs — one end user's rate limit held across 2 instances: 1,000 requests within
// about 5 s, alternating between them, get 429 with Retry-After from each, and the number
// admitted stays within the configured limit (burst + rate × elapsed) plus a stated tolerance.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { multiWorld, pool } from './support.mjs';

const RATE = 20; // requests per second
const BURST = 40;
const REQUESTS = 1000;
// Slack for instances that settle a shared count in steps rather than per request: 15 % of the
// limit, and at least one burst's worth of nothing.
const TOLERANCE = 0.15;

test(`rate limit over 2 instances: ${REQUESTS} requests of one user, 429 + Retry-After from each, total within the limit`, async () => {
  const w = await multiWorld({ instances: 2, env: { EMBEDHUB_RATE_LIMIT_USER: `${RATE},${BURST}` } });
  try {
    const path = `/embed/${w.hubId}/users/ada@test/integrations?first=5`;
    const per = [{ ok: 0, limited: 0, retryAfter: new Set() }, { ok: 0, limited: 0, retryAfter: new Set() }];
    const other = [];
    const started = performance.now();
    // Paced to spread the requests over about 5 s, as a busy client would.
    await pool(Array.from({ length: REQUESTS }, (_, k) => async () => {
      const due = started + (k * 5000) / REQUESTS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const i = k % 2;
      const r = await fetch(w.at(i) + path, { headers: { authorization: `JWT ${w.token}` } });
      const body = await r.json();
      if (r.status === 200) per[i].ok += 1;
      else if (r.status === 429 && body.code === 'rate_limited') {
        per[i].limited += 1;
        per[i].retryAfter.add(r.headers.get('retry-after'));
      } else other.push(`${r.status} ${body.code}`);
    }), 16);
    const elapsed = (performance.now() - started) / 1000;
    assert.deepEqual(other, [], 'only 200 and 429 rate_limited');
    for (const [i, p] of per.entries()) {
      assert.ok(p.limited > 0, `instance ${i} answered 429`);
      for (const v of p.retryAfter) assert.match(String(v), /^[1-9]\d*$/, `instance ${i}: Retry-After ${v}`);
    }
    const admitted = per[0].ok + per[1].ok;
    const limit = BURST + RATE * elapsed;
    console.log(`${admitted} admitted of ${REQUESTS} in ${elapsed.toFixed(2)} s (limit ${limit.toFixed(0)}: instance 0 ${per[0].ok}, instance 1 ${per[1].ok})`);
    assert.ok(admitted <= limit * (1 + TOLERANCE), `${admitted} admitted, the limit is ${limit.toFixed(0)} (+${TOLERANCE * 100} %)`);
    assert.ok(admitted >= BURST, `${admitted} admitted: at least the burst must pass`);
  } finally {
    await w.close();
  }
});
