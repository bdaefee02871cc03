// server.mjs — the hub server under load on loopback (autocannon): requests/s and p99 latency for
// the integrations list (a hub of 38 and a hub of 10 000) and for activation, side by side on
// SQLite (one instance), on PostgreSQL 15 with one instance, and with two instances on one
// database (the load split evenly between them, as a balancer would). Each server runs as its
// own process, as in production; PostgreSQL is a throwaway cluster (scripts/pg.sh), removed after.
import autocannon from 'autocannon';
import { prepare, startCluster, startInstance } from './server-setup.mjs';

const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? 4);
const CONNECTIONS = 16;
const ACTIVATIONS = Number(process.env.BENCH_ACTIVATIONS ?? 2000);

const fmt = (n) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** One autocannon run against `base`; `amount` (a fixed number of requests) replaces the duration. */
async function cannon(base, options, connections) {
  const limit = options.amount ? {} : { duration: SECONDS };
  const r = await autocannon({ connections, ...limit, ...options, url: base + (options.path ?? '') });
  const codes = Object.entries(r.statusCodeStats ?? {}).filter(([code]) => !code.startsWith('2')).map(([code, { count }]) => `${count}×${code}`);
  if (r.errors + r.timeouts) codes.push(`${r.errors + r.timeouts}×error`);
  return { rps: r.requests.average, p99: r.latency.p99, bad: r.non2xx + r.errors + r.timeouts, codes, total: r.requests.total, seconds: r.duration };
}

/** The same load split over `bases` at once: summed requests/s, the worst p99, failures summed. */
async function split(bases, options) {
  const runs = bases.map((base, i) => [base, options(i, bases.length)]);
  const parts = await Promise.all(runs.map(([base, o]) => cannon(base, o, CONNECTIONS / bases.length)));
  // With a fixed amount the runs end at different times: the rate is all requests over the longest.
  const rps = runs[0][1].amount
    ? parts.reduce((a, p) => a + p.total, 0) / Math.max(...parts.map((p) => p.seconds))
    : parts.reduce((a, p) => a + p.rps, 0);
  return { rps, p99: Math.max(...parts.map((p) => p.p99)), bad: parts.reduce((a, p) => a + p.bad, 0), codes: parts.flatMap((p) => p.codes) };
}

/** The three benchmarks against `bases` (one or more instances); `items` are the integrations to activate. */
async function suite(bases, data, items) {
  const auth = (t) => ({ authorization: `JWT ${t}` });
  const list = (h, query) => () => ({ path: `/embed/${h.hubId}/users/${h.userId}/integrations?${query}`, headers: auth(h.token) });
  const act = data.activations;
  const activate = (i, n) => {
    const mine = items.filter((_, k) => k % n === i);
    let next = 0;
    return {
      amount: mine.length,
      requests: [{
        method: 'POST', path: '/activations', headers: { ...auth(act.token), 'content-type': 'application/json' },
        setupRequest(req) {
          const it = mine[next++ % mine.length];
          req.body = JSON.stringify({
            userId: act.userId, integrationId: it.integrationId, connections: [{ templateId: it.templateId, connectionId: act.connectionId }],
            dynamicVariables: { subdomain: 'acme', defaultPriority: 'high', escalation: { email: 'lead@acme.test', afterHours: 2 } },
          });
          return req;
        },
      }],
    };
  };
  return [
    await split(bases, list(data.small, 'first=20')),
    await split(bases, list(data.big, 'first=20&deployed=true')),
    await split(bases, activate),
  ];
}

const ROWS = ['GET integrations, 38 in hub, first=20', 'GET integrations, 10 000 in hub, first=20', `POST /activations (${ACTIVATIONS} distinct)`];
const columns = [];
const logged = []; // [which instance, its logged errors]

async function sqlite() {
  const one = await startInstance();
  try {
    const data = await prepare(one.url, { activations: ACTIVATIONS });
    columns.push({ name: 'SQLite, 1 instance', results: await suite([one.url], data, data.activations.items) });
    logged.push(['the SQLite instance', one.errors()]);
  } finally {
    await one.stop();
  }
}

async function postgres() {
  const cluster = await startCluster();
  const running = [];
  try {
    const a = await startInstance({ databaseUrl: cluster.url });
    running.push(a);
    const data = await prepare(a.url, { activations: 2 * ACTIVATIONS });
    const held = await cluster.integrations();
    if (held < 10_000) throw new Error(`the server did not store its data in PostgreSQL (the database holds ${held} integrations)`);
    const items = data.activations.items;
    columns.push({ name: 'PostgreSQL 15, 1 instance', results: await suite([a.url], data, items.slice(0, ACTIVATIONS)) });
    const b = await startInstance({ databaseUrl: cluster.url });
    running.push(b);
    columns.push({ name: 'PostgreSQL 15, 2 instances', results: await suite([a.url, b.url], data, items.slice(ACTIVATIONS)) });
  } finally {
    running.forEach((s, i) => logged.push([`PostgreSQL instance ${i + 1} (both columns)`, s.errors()]));
    for (const s of running) await s.stop();
    cluster.stop();
  }
}

function table() {
  const failures = columns.flatMap((c) => c.results.map((r, k) => r.bad && `${c.name}, ${ROWS[k]}: ${r.codes.join(' ')}`)).filter(Boolean);
  const cell = (r) => `${fmt(r.rps).padStart(7)}/s p99 ${fmt(r.p99).padStart(5)} ms${r.bad ? ` (${r.bad} failed)` : ''}`;
  const width = 44;
  console.log(`${''.padEnd(width)}${columns.map((c) => c.name.padEnd(34)).join('')}`);
  ROWS.forEach((label, k) => console.log(`  ${label.padEnd(width - 2)}${columns.map((c) => cell(c.results[k]).padEnd(34)).join('')}`));
  for (const f of failures) console.log(`  failed answers, ${f}`);
  for (const [who, errors] of logged) for (const e of errors) console.log(`  logged by ${who}: ${e}`);
}

console.log(`hub server on loopback: ${CONNECTIONS} connections (split evenly over the instances), ${SECONDS} s per list run (autocannon)`);
await sqlite();
try {
  await postgres();
} catch (err) {
  console.log(`  PostgreSQL: not measured (${err.message.split('\n')[0]})`);
  process.exitCode = 1;
}
table();
console.log(`
  Here the instances, PostgreSQL and autocannon share ${(await import('node:os')).availableParallelism()} cores, so a second instance
  mostly takes CPU from the first and from the database: the two-instance column shows the cost
  of sharing one database, not the gain. On separate machines (one per instance, one for
  PostgreSQL, one for the load) each instance would keep about the one-instance rate and the
  total would grow with the instances until PostgreSQL's CPU or its pool of connections is the
  limit; every request would also pay a network round trip to PostgreSQL (≈0.1–0.5 ms in one
  data centre) per query instead of loopback's few microseconds, raising p99 accordingly.`);
