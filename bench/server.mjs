// server.mjs — the hub server under load on loopback (autocannon): requests/s and p50/p99
// latency for the integrations list (the seeded hub and a hub of 10 000) and for activation.
// The server runs as its own process, as in production; each run is a few seconds.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createHubServer } from '../web/server/app.mjs';
import { helpdesk } from '../web/server/seed/schemas.mjs';

const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? 4);
const CONNECTIONS = 16;
const ACTIVATIONS = Number(process.env.BENCH_ACTIVATIONS ?? 4000);
const secret = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const dataDir = mkdtempSync(join(tmpdir(), 'embedhub-bench-'));

// ---- data: prepared in-process, then served by a separate server process -------------------
const app = await createHubServer({ env: {}, config: { dataDir, port: 0, secret }, log: false });
const { store, directory: tenants, connections: connect } = app;
const tokenFor = async (hub, externalId) => {
  const user = tenants.ensureUser(hub.id, externalId, externalId);
  const { token } = await app.auth.mint({ sub: user.id, hub: hub.id, org: hub.orgId ?? hub.org_id, ttlSeconds: 3600 });
  return { user, token };
};

const crm = store.tenancy.hubs().find((h) => h.name === 'Acme CRM');
const alice = await tokenFor(crm, 'alice@acme.test');

const org = tenants.createOrg('Bench Org');
const big = tenants.createHub(org.id, 'Bench 10k');
store.transaction(() => {
  for (let i = 0; i < 10_000; i++) {
    tenants.createIntegration(big.id, { name: `Integration ${String(i).padStart(5, '0')}`, description: 'bench', imageUrl: '/icons/bench.svg', isDeployed: i % 4 !== 0, connectionTemplates: [] });
  }
});
const bigUser = await tokenFor(big, 'bench-user');

// Activation: one realistic integration (an api_key template and the help-desk settings
// schema) copied ACTIVATIONS times, so that every request activates a different one.
const act = tenants.createHub(org.id, 'Bench activations');
const connector = tenants.createConnector(act.id, { name: 'Zendesk', authenticationMethod: 'api_key' });
const actIds = [];
store.transaction(() => {
  for (let i = 0; i < ACTIVATIONS; i++) {
    actIds.push(tenants.createIntegration(act.id, {
      name: `Help desk ${i}`, description: 'bench', imageUrl: '/icons/zendesk.svg', isDeployed: true,
      variablesSchema: helpdesk, connectionTemplates: [{ connectorId: connector.id }],
    }));
  }
});
const actUser = await tokenFor(act, 'bench-activator');
const conn = connect.create(actUser.user, store.tenancy.connector(connector.id), { apiKey: 'live-key' });
const templateOf = new Map(actIds.map((id) => [id, store.integrations.templates(id)[0].id]));
const canActivate = typeof app.core.core.validateActivation === 'function';
await app.close();

// ---- the server process ----------------------------------------------------------------------
const main = fileURLToPath(new URL('../web/server/main.mjs', import.meta.url));
const child = spawn(process.execPath, [main, '--port', '0', '--data', dataDir], {
  // Throughput, not the limits: one bench user sends far more than an end user's 10/s.
  env: { ...process.env, EMBEDHUB_SECRET: secret, EMBEDHUB_RATE_LIMIT_USER: 'off' }, stdio: ['ignore', 'ignore', 'pipe'],
});
const base = await new Promise((resolve, reject) => {
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
    const m = /hub server on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
    if (m) resolve(m[1]);
  });
  child.on('exit', () => reject(new Error(`the server exited:\n${err}`)));
});

const fmt = (n) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
async function run(label, options) {
  // A fixed number of requests (`amount`) replaces the duration.
  const limit = options.amount ? {} : { duration: SECONDS };
  const r = await autocannon({ connections: CONNECTIONS, ...limit, ...options, url: base + (options.path ?? '') });
  const bad = r.non2xx + r.errors + r.timeouts;
  console.log(`  ${label.padEnd(44)} ${fmt(r.requests.average).padStart(9)} req/s   p50 ${fmt(r.latency.p50).padStart(5)} ms   p99 ${fmt(r.latency.p99).padStart(5)} ms${bad ? `   (${bad} failed)` : ''}`);
  return r;
}

console.log(`hub server on loopback: ${CONNECTIONS} connections, ${SECONDS} s per run (autocannon)`);
try {
  const auth = (t) => ({ authorization: `JWT ${t.token}` });
  await run('GET integrations, 38 in hub, first=20', {
    path: `/embed/${crm.id}/users/alice@acme.test/integrations?first=20`, headers: auth(alice),
  });
  await run('GET integrations, 10 000 in hub, first=20', {
    path: `/embed/${big.id}/users/bench-user/integrations?first=20&deployed=true`, headers: auth(bigUser),
  });
  if (!canActivate) {
    console.log('  POST /activations                            skipped: the core has no validateActivation yet (issue 4)');
  } else {
    let next = 0;
    await run(`POST /activations (${ACTIVATIONS} distinct)`, {
      amount: ACTIVATIONS,
      requests: [{
        method: 'POST',
        path: '/activations',
        headers: { ...auth(actUser), 'content-type': 'application/json' },
        setupRequest(req) {
          const id = actIds[next++ % actIds.length];
          req.body = JSON.stringify({
            userId: 'bench-activator', integrationId: id,
            connections: [{ templateId: templateOf.get(id), connectionId: conn.id }],
            dynamicVariables: { subdomain: 'acme', defaultPriority: 'high', escalation: { email: 'lead@acme.test', afterHours: 2 } },
          });
          return req;
        },
      }],
    });
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
