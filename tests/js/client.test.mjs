// client.test.mjs — HubClient in Node 20: every endpoint against the real hub server, and
// retries, Retry-After, timeouts, aborts and token refresh against a scripted local server.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { HubApiError, HubClient } from '../../web/src/client.mjs';
import { startServer } from '../server/helpers.mjs';

describe('against the hub server', () => {
  let s, hubId, token, client;
  const user = 'client@acme.test';
  before(async () => {
    s = await startServer();
    hubId = s.hubs['Acme CRM'].id;
    ({ token } = await s.tokenFor('Acme CRM', user));
    client = new HubClient({ apiBase: `${s.url}/`, hubId, userId: user, token });
  });
  after(() => s.close());

  test('listIntegrations answers one EndUserIntegrationPage; integrations() walks every page', async () => {
    const page = await client.listIntegrations({ first: 5, deployed: true });
    assert.equal(page.integrations.length, 5);
    assert.ok(page.next && !page.prev);
    assert.ok(page.integrations.every((i) => i.isDeployed));
    const all = [];
    for await (const i of client.integrations({ first: 7, deployed: true })) all.push(i.name);
    assert.equal(all.length, page.totalCount);
    assert.deepEqual(all.slice(0, 5), page.integrations.map((i) => i.name));
    const back = await client.listIntegrations({ first: 5, deployed: true, before: (await client.listIntegrations({ first: 5, deployed: true, after: page.next })).prev });
    assert.deepEqual(back.integrations, page.integrations);
  });

  test('an integration, a connection for its template, an activation, and its removal', async () => {
    const page = await client.listIntegrations({ first: 100 });
    const linear = page.integrations.find((i) => i.name === 'Linear');
    const full = await client.getIntegration(linear.id);
    assert.equal(full.connectionTemplates[0].authenticationMethod, 'api_key');
    const conn = await client.createConnection({ templateId: full.connectionTemplates[0].id, apiKey: 'lin-1' });
    assert.equal(conn.status, 'active');
    assert.deepEqual(await client.getConnection(conn.id), conn);
    assert.ok((await client.listConnections()).connections.some((c) => c.id === conn.id));
    const act = await client.createActivation({ integrationId: linear.id, connections: [{ templateId: full.connectionTemplates[0].id, connectionId: conn.id }] });
    assert.equal(act.integration.id, linear.id);
    assert.equal((await client.getActivation(act.id)).id, act.id);
    const listed = [];
    for await (const a of client.activations({ integrationId: linear.id })) listed.push(a.id);
    assert.deepEqual(listed, [act.id]);
    assert.equal(await client.deleteActivation(act.id), undefined);
    await assert.rejects(client.getActivation(act.id), { name: 'HubApiError', status: 404, code: 'not_found' });
  });

  test('OAuth2 connections answer with the consent page; reauthorize and retry reach the provider', async () => {
    const slack = (await client.listIntegrations({ first: 100 })).integrations.find((i) => i.name === 'Slack');
    const [tpl] = (await client.getIntegration(slack.id)).connectionTemplates;
    const conn = await client.createConnection({ templateId: tpl.id });
    assert.equal(conn.status, 'connecting');
    // The demo's authorization server: code flow with PKCE, back to this hub's callback.
    const authorize = new URL(conn.authorizeUrl);
    assert.equal(authorize.searchParams.get('response_type'), 'code');
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(authorize.searchParams.get('redirect_uri'), `${s.url}/oauth2/callback`);
    const key = (await client.getIntegration((await client.listIntegrations({ first: 100 })).integrations.find((i) => i.name === 'Zendesk').id)).connectionTemplates[0];
    const bad = await client.createConnection({ templateId: key.id, apiKey: 'fail-later' });
    assert.equal(bad.status, 'post_install_error');
    assert.equal((await client.retryConnection(bad.id)).status, 'post_install_error');
    assert.equal((await client.reauthorizeConnection(bad.id, { apiKey: 'good' })).status, 'active');
  });

  test('errors are HubApiError with the wire body: status, code, message, fields', async () => {
    const err = await client.listIntegrations({ first: 0 }).catch((e) => e);
    assert.ok(err instanceof HubApiError);
    assert.equal(err.status, 400);
    assert.equal(typeof err.code, 'string');
    assert.ok(err.message.length > 0);
    assert.ok(Array.isArray(err.fields));
    assert.match(err.requestId, /^[0-9A-Z]{26}$/);
    const other = new HubClient({ apiBase: s.url, hubId, userId: 'bob@acme.test', token });
    await assert.rejects(other.listConnections(), { status: 404, code: 'not_found' });
    const noToken = new HubClient({ apiBase: s.url, hubId, userId: user, token: 'not-a-jwt' });
    await assert.rejects(noToken.listConnections(), { status: 401, code: 'token_invalid' });
  });

  test('after a 401 the client asks getToken() once more, and only once', async () => {
    const tokens = ['expired-or-wrong', token];
    let calls = 0;
    const c = new HubClient({ apiBase: s.url, hubId, userId: user, getToken: async () => tokens[calls++] });
    assert.equal((await c.listIntegrations({ first: 1 })).integrations.length, 1);
    assert.equal(calls, 2);
    await c.listIntegrations({ first: 1 });
    assert.equal(calls, 2, 'the fresh token is kept');
    let bad = 0;
    const never = new HubClient({ apiBase: s.url, hubId, userId: user, getToken: () => { bad++; return 'nope'; } });
    await assert.rejects(never.listConnections(), { status: 401 });
    assert.equal(bad, 2);
  });

  test('an aborted request rejects with the signal\'s reason', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await assert.rejects(client.listIntegrations({ signal: ctl.signal }), { name: 'AbortError' });
  });
});

describe('retries, Retry-After and timeouts (scripted server)', () => {
  let server, base;
  const hits = [];
  let script = [];
  before(async () => {
    server = createServer((req, res) => {
      hits.push({ method: req.method, url: req.url, auth: req.headers.authorization, at: Date.now() });
      const step = script.shift() ?? { status: 200, body: { ok: true } };
      if (step.hang) return;
      res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
      res.end(step.body === undefined ? '' : JSON.stringify(step.body));
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  after(() => { server.closeAllConnections(); server.close(); });

  const fresh = (steps, options = {}) => {
    hits.length = 0;
    script = steps;
    return new HubClient({ apiBase: base, hubId: 'h', userId: 'u/1', token: 't', retryDelay: 10, ...options });
  };
  const busy = (status, headers = {}) => ({ status, headers, body: { code: 'busy', message: 'try later' } });

  test('429, 502, 503 and 504 are retried for a GET, then the answer comes through', async () => {
    const c = fresh([busy(429), busy(502), busy(503), busy(504)], { retries: 4 });
    assert.deepEqual(await c.listConnections(), { ok: true });
    assert.equal(hits.length, 5);
    assert.equal(hits[0].url, '/hubs/h/users/u%2F1/connections?identifier_type=external');
    assert.equal(hits[0].auth, 'JWT t');
  });

  test('Retry-After in seconds is honoured', async () => {
    const c = fresh([busy(503, { 'retry-after': '1' })]);
    await c.listConnections();
    assert.equal(hits.length, 2);
    assert.ok(hits[1].at - hits[0].at >= 950, `${hits[1].at - hits[0].at} ms`);
  });

  test('a Retry-After beyond maxRetryDelay fails at once instead of hanging the UI', async () => {
    const c = fresh([busy(503, { 'retry-after': '3600' })]);
    await assert.rejects(c.listConnections(), { status: 503, code: 'busy' });
    assert.equal(hits.length, 1);
  });

  test('4xx answers are never retried', async () => {
    for (const status of [400, 404, 409, 422]) {
      const c = fresh([busy(status)]);
      await assert.rejects(c.listConnections(), { status });
      assert.equal(hits.length, 1, String(status));
    }
  });

  test('a POST is resent after 429/503 (refused) but not after 502/504 (maybe applied)', async () => {
    let c = fresh([busy(503), busy(429)]);
    await c.createActivation({ integrationId: 'i', connections: [] });
    assert.equal(hits.length, 3);
    c = fresh([busy(502)]);
    await assert.rejects(c.createActivation({ integrationId: 'i', connections: [] }), { status: 502 });
    assert.equal(hits.length, 1);
  });

  test('retries stop after `retries`; the last answer is the error', async () => {
    const c = fresh([busy(503), busy(503), busy(503)], { retries: 2 });
    await assert.rejects(c.listConnections(), (e) => e instanceof HubApiError && e.status === 503);
    assert.equal(hits.length, 3);
  });

  test('backoff has full jitter: waits stay under the exponential bound', async () => {
    const c = fresh([busy(503), busy(503), busy(503)], { retries: 3, retryDelay: 40 });
    await c.listConnections();
    const gaps = hits.slice(1).map((h, i) => h.at - hits[i].at);
    gaps.forEach((g, i) => assert.ok(g <= 40 * 2 ** i + 50, `gap ${i}: ${g} ms`));
  });

  test('a request with no answer times out (HubApiError timeout); a GET is retried first', async () => {
    let c = fresh([{ hang: true }], { timeout: 150, retries: 0 });
    const started = Date.now();
    await assert.rejects(c.listConnections(), { name: 'HubApiError', status: 0, code: 'timeout' });
    assert.ok(Date.now() - started < 2000);
    c = fresh([{ hang: true }], { timeout: 150, retries: 1 });
    assert.deepEqual(await c.listConnections(), { ok: true });
    assert.equal(hits.length, 2);
  });

  test('the caller\'s AbortSignal cancels a pending request and a backoff wait', async () => {
    let c = fresh([{ hang: true }]);
    await assert.rejects(c.listConnections({ signal: AbortSignal.timeout(100) }), { name: 'TimeoutError' });
    c = fresh([busy(503, { 'retry-after': '10' })], { maxRetryDelay: 60_000 });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 100);
    await assert.rejects(c.listConnections({ signal: ctl.signal }), { name: 'AbortError' });
    assert.equal(hits.length, 1);
  });

  test('an unreachable hub is HubApiError network', async () => {
    const c = new HubClient({ apiBase: 'http://127.0.0.1:9', hubId: 'h', userId: 'u', token: 't', retries: 0 });
    await assert.rejects(c.listConnections(), { status: 0, code: 'network' });
  });

  test('a non-JSON error answer still becomes a HubApiError', async () => {
    hits.length = 0;
    script = [{ status: 500, body: undefined }];
    const c = new HubClient({ apiBase: base, hubId: 'h', userId: 'u', token: 't' });
    await assert.rejects(c.listConnections(), { name: 'HubApiError', status: 500, code: 'http_500' });
  });

  test('the constructor refuses incomplete options', () => {
    assert.throws(() => new HubClient({ hubId: 'h', userId: 'u', token: 't' }), TypeError);
    assert.throws(() => new HubClient({ apiBase: base, hubId: 'h', userId: 'u' }), TypeError);
  });
});
