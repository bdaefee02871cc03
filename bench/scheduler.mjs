// scheduler.mjs — the connection scheduler's cost with 10 000 connections: one pass's query time
// with nothing due, with a typical pass's share due, and with a full batch (500) of tokens
// refreshed against a real authorization server (oidc-provider, client credentials) on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHubServer } from '../web/server/app.mjs';
import { startDemoIdp } from '../web/server/demo-idp/index.mjs';

const N = Number(process.env.BENCH_CONNECTIONS ?? 10_000);
const dataDir = mkdtempSync(join(tmpdir(), 'embedhub-bench-'));
const idp = await startDemoIdp({ scopes: ['reports'], clients: [{ client_id: 'bench', client_secret: 'bench-secret-0123456789', redirect_uris: ['http://127.0.0.1:9/cb'] }] });
const app = await createHubServer({
  env: {}, log: false,
  config: { dataDir, port: 0, secret: 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz', seed: 'none', demoProvider: 'off', connectionTiming: { tickMs: 3_600_000 }, maxConnectionsPerUser: N + 1 },
});
await app.listen();
await app.connections.stop();
const { store, directory } = app;
try {
  const org = await directory.createOrg('Bench');
  const hub = await directory.createHub(org.id, 'Bench hub');
  const connector = await directory.createConnector(hub.id, {
    name: 'Reports', authenticationMethod: 'oauth2_client_credentials',
    oauth2: { tokenUrl: `${idp.issuer}/token`, clientId: 'bench', clientSecret: 'bench-secret-0123456789', scopes: ['reports'] },
  });
  const user = await directory.ensureUser(hub.id, 'bench@example.com', 'Bench');
  const now = new Date().toISOString();
  const hour = 3_600_000;
  const putCredential = `INSERT INTO connection_credentials (connection_id, kind, sealed, expires_at, refresh_at, updated_at)
    VALUES (?, 'oauth2', ?, ?, ?, ?)`;
  const started = performance.now();
  await store.tx(async (t) => {
    for (let i = 0; i < N; i++) {
      const id = crypto.randomUUID();
      await t.connections.insert({
        id, user_id: user.id, connector_id: connector.id, authentication_method: 'oauth2_client_credentials', status: 'active',
        context: '{}', is_sandbox: 0, region: 'eu', last_action_result: null, last_error: null, created_at: now, updated_at: now,
      });
      // Tokens of one hour, refreshes spread over the next hour (as a live hub's are).
      const refreshAt = Date.now() + 60_000 + Math.floor((i / N) * hour);
      const sealed = app.secrets.seal(JSON.stringify({ accessToken: `at-${i}`, refreshToken: null, tokenType: 'bearer', scopes: ['reports'] }),
        `connection_credentials.sealed:${id}`);
      await t.db.run(putCredential, [id, sealed, refreshAt + 5 * 60_000, refreshAt, now]);
    }
  });
  console.log(`${N} connections with sealed credentials inserted in ${(performance.now() - started).toFixed(0)} ms`);
  const plan = await store.db.query(`EXPLAIN QUERY PLAN SELECT cc.connection_id FROM connection_credentials cc
    WHERE cc.refresh_at IS NOT NULL AND cc.refresh_at <= ? ORDER BY cc.refresh_at LIMIT ?`, [Date.now(), 500]);
  console.log(`due-refresh query plan: ${plan.map((p) => p.detail).join('; ')}`);

  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const idle = [];
  for (let i = 0; i < 50; i++) idle.push((await app.connections.tick()).queryMs);
  console.log(`a pass with nothing due: query ${median(idle).toFixed(3)} ms (median of 50)`);

  const makeDue = `UPDATE connection_credentials SET refresh_at = 0
    WHERE connection_id IN (SELECT connection_id FROM connection_credentials ORDER BY refresh_at LIMIT ?)`;
  for (const due of [14, 500]) {
    await store.db.run(makeDue, [due]);
    const before = idp.stats.tokenRequests;
    const pass = await app.connections.tick();
    console.log(`a pass with ${due} due (${due === 14 ? 'one 5-s tick of 10 000 one-hour tokens' : 'a full batch'}): `
      + `query ${pass.queryMs.toFixed(2)} ms, whole pass ${pass.ms.toFixed(0)} ms, ${idp.stats.tokenRequests - before} tokens fetched`
      + ` (${(pass.ms / due).toFixed(2)} ms per refresh at concurrency ${app.connections.timing.concurrency})`);
  }
} finally {
  await app.close();
  await idp.close();
  rmSync(dataDir, { recursive: true, force: true });
}
