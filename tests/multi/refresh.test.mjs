// refresh.test.mjs — 1,000 OAuth2 connections (real sign-ins at an oidc-provider, rotating
// refresh tokens) on 3 instances whose schedulers all look for due refreshes: when every token
// is about to expire at once, each connection is refreshed exactly once, and none breaks (a
// rotated refresh token used twice would revoke the grant at the provider).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { multiWorld, oauthConnection, pool, until } from './support.mjs';

const CONNECTIONS = Number(process.env.MULTI_REFRESH_CONNECTIONS ?? 1000);

test(`${CONNECTIONS} connections with expiring tokens on 3 instances: each refreshed exactly once`, async () => {
  const w = await multiWorld({ instances: 3 });
  try {
    const t0 = Date.now();
    // Started on one instance, called back on the next: the sign-ins are spread over all three.
    const ids = await pool(Array.from({ length: CONNECTIONS }, (_, k) => () => oauthConnection(w, k, k + 1)), 12);
    const signedIn = Date.now() - t0;
    assert.equal(new Set(ids).size, CONNECTIONS);
    const { rows: [made] } = await w.db.query(`SELECT count(*)::int AS n FROM connections WHERE status = 'active' AND id = ANY($1)`, [ids]);
    assert.equal(made.n, CONNECTIONS, 'every sign-in made an active connection');

    // Count refreshes per grant at the provider (one grant per sign-in).
    const refreshed = new Map();
    w.idp.provider.on('grant.success', (ctx) => {
      if (ctx.oidc.params.grant_type !== 'refresh_token') return;
      const grant = ctx.oidc.entities.RefreshToken.grantId;
      refreshed.set(grant, (refreshed.get(grant) ?? 0) + 1);
    });
    const failed = [];
    w.idp.provider.on('grant.error', (ctx, err) => failed.push(`${err.message}: ${err.error_description}`));
    // Every token now expires in 20 s and is due for its refresh: all three schedulers see all of them.
    const now = Date.now();
    await w.db.query('UPDATE connection_credentials SET expires_at = $1, refresh_at = $2 WHERE connection_id = ANY($3)', [now + 20_000, now, ids]);
    const t1 = Date.now();
    await until(`${CONNECTIONS} refreshes`, () => refreshed.size >= CONNECTIONS || failed.length > 0, { ms: 120_000 });
    const took = Date.now() - t1;
    // Let a straggling second refresh show itself, if any were to come.
    await new Promise((r) => setTimeout(r, 6000));
    const twice = [...refreshed.values()].filter((n) => n !== 1).length;
    const { rows: statuses } = await w.db.query('SELECT status, count(*)::int AS n FROM connections WHERE id = ANY($1) GROUP BY status', [ids]);
    const summary = `${refreshed.size} grants refreshed, ${twice} more than once, ${failed.length} refused; connections: ${JSON.stringify(statuses)}`;
    assert.deepEqual(failed, [], `no refresh refused by the provider (${summary})\n${w.errors()}`);
    assert.equal(refreshed.size, CONNECTIONS, summary);
    assert.equal(twice, 0, summary);
    const { rows: [after] } = await w.db.query(`SELECT count(*)::int AS n FROM connections c JOIN connection_credentials cc ON cc.connection_id = c.id
      WHERE c.id = ANY($2) AND c.status = 'active' AND cc.expires_at > $1 AND cc.refresh_at > $1`, [Date.now(), ids]);
    assert.equal(after.n, CONNECTIONS, 'every connection active, with a fresh token and its next refresh ahead');
    console.log(`${CONNECTIONS} sign-ins in ${signedIn} ms; ${CONNECTIONS} refreshes, once each, in ${took} ms over 3 instances`);
  } finally {
    await w.close();
  }
});
