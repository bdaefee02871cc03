// http.test.mjs — the HTTP layer: routes, methods, bodies, queries, CORS, logs — every bad input
// answered with the wire Error body, never a 500.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { errorBody, startServer } from './helpers.mjs';

let s, token, hubId, alice;
const logLines = [];
const logStream = new Writable({ write(chunk, _enc, done) { logLines.push(...chunk.toString().split('\n').filter(Boolean)); done(); } });

before(async () => {
  s = await startServer({ log: true, logStream, config: { origins: ['https://app.example.com'] } });
  hubId = s.hubs['Acme CRM'].id;
  ({ token, user: alice } = await s.tokenFor('Acme CRM', 'alice@acme.test'));
});
after(() => s.close());

const connectionsPath = () => `/hubs/${hubId}/users/alice@acme.test/connections`;
const templateOf = async (name) => {
  const list = await s.get(`/embed/${hubId}/users/alice@acme.test/integrations?first=100`, { token });
  const it = list.body.integrations.find((i) => i.name === name);
  return (await s.get(`/embed/${hubId}/users/alice@acme.test/integrations/${it.id}`, { token })).body.connectionTemplates[0];
};

/** Raw bytes over a socket: for requests fetch() refuses to send. */
function rawHttp(text) {
  const { port } = new URL(s.url);
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () => sock.end(text));
    let out = '';
    sock.on('data', (d) => { out += d; });
    sock.on('end', () => resolve(out));
    sock.on('error', reject);
  });
}

test('healthz answers ok with the core version', async () => {
  const r = await s.get('/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.body.message, 'ok');
  assert.equal(typeof r.body.core, 'string');
});

test('an unknown route is a 404 Error body', async () => {
  for (const path of ['/nope', '/embed', '/activations/x/y', '/embed//users/x/integrations', '//healthz']) {
    const r = await s.get(path, { token });
    assert.equal(r.status, 404, path);
    assert.equal(errorBody(r).code, 'not_found');
  }
});

test('a wrong method is a 405 Error body with Allow', async () => {
  const r = await s.del('/healthz');
  assert.equal(r.status, 405);
  assert.equal(errorBody(r).code, 'method_not_allowed');
  assert.equal(r.headers.get('allow'), 'GET, HEAD, OPTIONS');
  const put = await fetch(`${s.url}/activations`, { method: 'PUT' });
  assert.equal(put.status, 405);
  assert.equal((await put.json()).code, 'method_not_allowed');
  assert.match(put.headers.get('allow'), /POST/);
});

test('every answer carries a request id, and the log has one JSON line per request', async () => {
  const r = await s.get(`/healthz`);
  const id = r.headers.get('x-request-id');
  assert.match(id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
  await new Promise((resolve) => setImmediate(resolve));
  const line = logLines.map((l) => JSON.parse(l)).find((l) => l.reqId === id);
  assert.deepEqual(Object.keys(line).sort(), ['level', 'method', 'ms', 'path', 'reqId', 'status', 'time']);
  assert.equal(line.method, 'GET');
  assert.equal(line.path, '/healthz');
  assert.equal(line.status, 200);
  assert.ok(line.ms >= 0);
});

test('the log leaves out OAuth states, codes and tokens', async () => {
  await s.get('/provider/oauth2/callback?state=s3cr3t-state&code=s3cr3t-code');
  await new Promise((resolve) => setImmediate(resolve));
  const text = logLines.join('\n');
  assert.doesNotMatch(text, /s3cr3t/);
  assert.match(text, /\/provider\/oauth2\/callback\?state=…&code=…/);
  assert.doesNotMatch(text, new RegExp(token.slice(-20)));
});

test('malformed JSON is a 400 naming the core code, line and column', async () => {
  const r = await s.post(connectionsPath(), { token, raw: '{\n  "templateId": "x",,\n}', headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
  const e = errorBody(r);
  assert.equal(e.code, 'json_syntax');
  // The reference API's Error: details is text; the position has a member of its own.
  assert.equal(e.position.line, 2);
  assert.equal(typeof e.position.column, 'number');
  assert.equal(typeof e.position.offset, 'number');
  assert.equal(e.details, `line 2, column ${e.position.column} (byte ${e.position.offset})`);
  assert.match(e.message, /line 2, column/);
});

test('empty, duplicate-key, invalid UTF-8 and over-deep JSON bodies are 400s from the core', async () => {
  const headers = { 'content-type': 'application/json' };
  const cases = [
    ['', 'json_empty'],
    ['{"templateId": "a", "templateId": "b"}', 'json_duplicate_key'],
    [Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), 'json_utf8'],
    ['['.repeat(600) + ']'.repeat(600), 'json_depth'],
    ['{"a": 1} x', 'json_trailing'],
  ];
  for (const [raw, code] of cases) {
    const r = await s.post(connectionsPath(), { token, raw, headers });
    assert.equal(r.status, 400, code);
    assert.equal(errorBody(r).code, code);
  }
});

test('a body that is not application/json is a 415', async () => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', undefined]) {
    const headers = type ? { 'content-type': type } : {};
    const r = await s.post(connectionsPath(), { token, raw: '{"templateId":"x"}', headers });
    assert.equal(r.status, 415, String(type));
    assert.equal(errorBody(r).code, 'unsupported_media_type');
  }
  const ok = await s.post(connectionsPath(), { token, raw: '{}', headers: { 'content-type': 'Application/JSON; charset=UTF-8' } });
  assert.equal(ok.status, 400, 'a JSON body of the wrong shape, but accepted as JSON');
});

test('a body over 64 KiB is a 413, declared or streamed', async () => {
  const big = JSON.stringify({ templateId: 'x', apiKey: 'k'.repeat(70 * 1024) });
  const r = await s.post(connectionsPath(), { token, raw: big, headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 413);
  assert.equal(errorBody(r).code, 'body_too_large');
  // Chunked, so the size is only known while reading.
  const streamed = await new Promise((resolve, reject) => {
    const req = httpRequest(`${s.url}${connectionsPath()}`, {
      method: 'POST', headers: { authorization: `JWT ${token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    for (let i = 0; i < 10; i++) req.write(big.slice(i * 8000, (i + 1) * 8000));
    req.end(big.slice(80000));
  });
  assert.equal(streamed.status, 413);
  assert.equal(streamed.body.code, 'body_too_large');
  assert.equal((await s.get('/healthz')).status, 200, 'the server is still fine');
});

test('unknown and wrongly typed body fields are 400s listing each field', async () => {
  const t = await templateOf('Zendesk');
  const r = await s.post(connectionsPath(), { token, body: { templateId: t.id, apiKey: 'good-key', colour: 'red', isSandbox: 'yes' } });
  assert.equal(r.status, 400);
  const e = errorBody(r);
  assert.equal(e.code, 'body_invalid');
  assert.deepEqual(e.fields.map((f) => f.field).sort(), ['colour', 'isSandbox'], JSON.stringify(e.fields));
  const missing = await s.post(connectionsPath(), { token, body: { apiKey: 'k' } });
  assert.deepEqual(errorBody(missing).fields.map((f) => f.field), ['templateId']);
  for (const body of [[], 'text', 42, null, { templateId: 42 }, { templateId: 'not-a-ulid' }, { templateId: t.id, region: 'mars' }]) {
    const bad = await s.post(connectionsPath(), { token, body });
    assert.equal(bad.status, 400, JSON.stringify(body));
    assert.equal(errorBody(bad).code, 'body_invalid');
  }
});

test('unknown, repeated and badly valued query parameters are 400s', async () => {
  const base = `/embed/${hubId}/users/alice@acme.test/integrations`;
  const cases = [
    ['?deploy=true', 'deploy'], ['?first=1&first=2', 'first'], ['?first=0', 'first'], ['?first=101', 'first'],
    ['?first=abc', 'first'], ['?first=01', 'first'], ['?deployed=yes', 'deployed'], ['?identifier_type=email', 'identifier_type'],
  ];
  for (const [q, field] of cases) {
    const r = await s.get(base + q, { token });
    assert.equal(r.status, 400, q);
    const e = errorBody(r);
    assert.equal(e.code, 'query_invalid', q);
    assert.ok(e.fields.some((f) => f.field === field), `${q}: ${JSON.stringify(e.fields)}`);
  }
  const healthz = await s.get('/healthz?x=1');
  assert.equal(healthz.status, 400);
});

test('malformed ids and percent-encodings are 400s, never 500s', async () => {
  const cases = [
    [`/embed/not-a-ulid/users/alice@acme.test/integrations`, 'id_invalid'],
    [`/embed/${hubId}/users/alice@acme.test/integrations/nope`, 'id_invalid'],
    [`/embed/${hubId}/users/x/integrations?identifier_type=internal`, 'id_invalid'],
    [`/embed/${hubId}/users/${'u'.repeat(300)}/integrations`, 'id_invalid'],
    [`/embed/${hubId}/users/a%01b/integrations`, 'id_invalid'],
    [`/embed/${hubId}/users/%E0%A4%A/integrations`, 'path_invalid'],
    [`/activations/0000`, 'id_invalid'],
    [`/activations/01arz3ndektsv4rrffq69g5fav`, 'id_invalid'],
    [`${connectionsPath()}/not-a-uuid`, 'id_invalid'],
  ];
  for (const [path, code] of cases) {
    const r = await s.get(path, { token });
    assert.equal(r.status, 400, path);
    assert.equal(errorBody(r).code, code, path);
  }
});

test('a request that is not HTTP is a 400 and the server keeps serving', async () => {
  const out = await rawHttp('GARBAGE\r\n\r\n');
  assert.match(out, /^HTTP\/1\.1 400 /);
  assert.match(out, /"code":"request_invalid"/);
  const star = await rawHttp('OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(star, /^HTTP\/1\.1 400 /);
  assert.equal((await s.get('/healthz')).status, 200);
});

test('CORS: configured origins get headers and preflights, others a 403 before anything runs', async () => {
  const pre = await fetch(`${s.url}/activations`, {
    method: 'OPTIONS',
    headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), 'https://app.example.com');
  assert.match(pre.headers.get('access-control-allow-methods'), /POST/);
  assert.match(pre.headers.get('access-control-allow-headers'), /authorization/);
  assert.equal(pre.headers.get('vary'), 'Origin');

  const get = await s.get(`/embed/${hubId}/users/alice@acme.test/integrations?first=1`, { token, headers: { origin: 'https://app.example.com' } });
  assert.equal(get.status, 200);
  assert.equal(get.headers.get('access-control-allow-origin'), 'https://app.example.com');
  assert.match(get.headers.get('access-control-expose-headers'), /x-request-id/);

  for (const origin of ['https://evil.example.com', 'null', 'https://app.example.com.evil.com']) {
    const bad = await s.get(`/embed/${hubId}/users/alice@acme.test/integrations`, { token, headers: { origin } });
    assert.equal(bad.status, 403, origin);
    assert.equal(errorBody(bad).code, 'origin_forbidden');
    assert.equal(bad.headers.get('access-control-allow-origin'), null);
    const badPre = await fetch(`${s.url}/activations`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    assert.equal(badPre.status, 403, origin);
  }
  const same = await s.get('/healthz', { headers: { origin: s.url } });
  assert.equal(same.status, 200, 'the server\'s own pages need no listing');
});

test('answers are JSON with nosniff and no-store', async () => {
  const r = await s.get(`/embed/${hubId}/users/alice@acme.test/integrations?first=1`, { token });
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.ok(alice.id);
});
