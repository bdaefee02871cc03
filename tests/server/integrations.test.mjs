// integrations.test.mjs — GET /embed/{hub}/users/{user}/integrations[/{id}]: the seeded catalog,
// identifier types, the deployed filter, cursor paging (also while rows come and go), icons.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { errorBody, startServer } from './helpers.mjs';

let s, hubId, alice, base;
before(async () => {
  s = await startServer();
  hubId = s.hubs['Acme CRM'].id;
  alice = await s.tokenFor('Acme CRM', 'alice@acme.test');
  base = `/embed/${hubId}/users/alice@acme.test/integrations`;
});
after(() => s.close());

const list = (query = '', token = alice.token) => s.get(`${base}${query}`, { token });
const bytewise = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const byNameId = (a, b) => bytewise(a.name, b.name) || bytewise(a.id, b.id);

// Every page from the first, following `next`.
async function walk(query, token = alice.token) {
  const pages = [];
  let r = await list(`?${query}`, token);
  for (;;) {
    assert.equal(r.status, 200, r.text);
    pages.push(r.body);
    if (!r.body.next) return pages;
    r = await list(`?${query}&after=${encodeURIComponent(r.body.next)}`, token);
  }
}

test('the seeded catalog: at least 30 integrations in (name, id) order, seed-001 shape', async () => {
  const r = await list('?first=100');
  assert.equal(r.status, 200);
  const { totalCount, integrations, totalConnected } = r.body;
  assert.ok(totalCount >= 30);
  assert.equal(integrations.length, totalCount);
  assert.equal(totalConnected, 0);
  assert.equal(r.body.next, undefined);
  assert.equal(r.body.prev, undefined);
  assert.deepEqual([...integrations].sort(byNameId), integrations);
  for (const it of integrations) {
    assert.deepEqual(Object.keys(it).sort(), ['description', 'id', 'imageUrl', 'isActivated', 'isDeployed', 'name']);
    assert.match(it.id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.ok(it.description.length > 10);
    assert.ok(it.imageUrl.startsWith(`${s.url}/icons/`), it.imageUrl);
  }
  const names = integrations.map((i) => i.name);
  for (const n of ['Salesforce', 'HubSpot', 'Slack', 'Zendesk', 'Jira']) assert.ok(names.includes(n), n);
  const deployed = integrations.filter((i) => i.isDeployed).length;
  assert.ok(deployed > 0 && deployed < totalCount, 'a mix of deployed and not deployed');
});

test('icons are local, distinct SVGs', async () => {
  const { integrations } = (await list('?first=100')).body;
  const svgs = new Set();
  for (const it of integrations.slice(0, 12)) {
    const res = await fetch(it.imageUrl);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/svg+xml');
    const svg = await res.text();
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    svgs.add(svg);
  }
  assert.equal(svgs.size, 12);
  assert.equal((await fetch(`${s.url}/icons/..%2Fsecret.svg`)).status, 404);
  assert.equal((await fetch(`${s.url}/icons/Upper.svg`)).status, 404);
});

test('the deployed filter', async () => {
  const all = (await list('?first=100')).body;
  const yes = (await list('?first=100&deployed=true')).body;
  const no = (await list('?first=100&deployed=false')).body;
  assert.ok(yes.integrations.every((i) => i.isDeployed));
  assert.ok(no.integrations.every((i) => !i.isDeployed));
  assert.equal(yes.totalCount + no.totalCount, all.totalCount);
  assert.equal(yes.totalCount, yes.integrations.length);
});

test('identifier_type: external by default, internal by the user\'s ULID', async () => {
  const ext = await list('?first=5&identifier_type=external');
  const int = await s.get(`/embed/${hubId}/users/${alice.user.id}/integrations?first=5&identifier_type=internal`, { token: alice.token });
  assert.equal(int.status, 200);
  assert.deepEqual(int.body.integrations, ext.body.integrations);
  // A ULID given as an external id is looked up as an external id: nobody has it.
  const wrong = await s.get(`/embed/${hubId}/users/${alice.user.id}/integrations`, { token: alice.token });
  assert.equal(wrong.status, 404);
});

test('paging forwards and backwards visits every row once, in order', async () => {
  const all = (await list('?first=100')).body.integrations;
  const pages = await walk('first=7');
  assert.equal(pages[0].prev, undefined);
  assert.equal(pages.at(-1).next, undefined);
  assert.deepEqual(pages.flatMap((p) => p.integrations), all);
  assert.ok(pages.every((p) => p.totalCount === all.length));
  // Back from the last page with `prev`.
  const back = [];
  let page = pages.at(-1);
  back.unshift(...page.integrations);
  while (page.prev) {
    const r = await list(`?first=7&before=${encodeURIComponent(page.prev)}`);
    assert.equal(r.status, 200);
    page = r.body;
    back.unshift(...page.integrations);
  }
  assert.deepEqual(back, all);
  // Page sizes may change between requests; filters may not.
  const mixed = await list(`?first=3&after=${encodeURIComponent(pages[0].next)}`);
  assert.deepEqual(mixed.body.integrations, all.slice(7, 10));
});

test('pages stay consistent while integrations are added and removed between requests', async () => {
  const first = (await list('?first=10')).body;
  const seen = first.integrations.map((i) => i.id);
  const lastSeen = first.integrations.at(-1);
  // One row sorting before the cursor, one after; and a row on the next page disappears.
  const tmpl = { isDeployed: true, connectionTemplates: [] };
  const early = await s.admin('POST', `/admin/hubs/${hubId}/integrations`, { ...tmpl, name: '0 Early bird' });
  const late = await s.admin('POST', `/admin/hubs/${hubId}/integrations`, { ...tmpl, name: `${lastSeen.name} and friends` });
  assert.equal(early.status, 201);
  assert.equal(late.status, 201);
  const before = (await list('?first=100')).body.integrations;
  const idx = before.findIndex((i) => i.id === lastSeen.id);
  const doomed = before[idx + 3];
  assert.equal((await s.admin('DELETE', `/admin/integrations/${doomed.id}`)).status, 204);

  const rest = [];
  let next = first.next;
  while (next) {
    const r = await list(`?first=10&after=${encodeURIComponent(next)}`);
    rest.push(...r.body.integrations);
    next = r.body.next;
  }
  const restIds = rest.map((i) => i.id);
  assert.ok(restIds.includes(late.body.id), 'a row inserted after the cursor shows up');
  assert.ok(!restIds.includes(early.body.id), 'a row inserted before the cursor does not');
  assert.ok(!restIds.includes(doomed.id), 'a deleted row is gone');
  assert.equal(new Set([...seen, ...restIds]).size, seen.length + restIds.length, 'no row twice');
  const now = (await list('?first=100')).body.integrations.map((i) => i.id);
  assert.deepEqual([...seen.filter((id) => now.includes(id)), ...restIds], now.filter((id) => id !== early.body.id));

  // The cursor's own row deleted: paging continues after its position.
  const p = (await list('?first=2')).body;
  assert.equal((await s.admin('DELETE', `/admin/integrations/${p.integrations[1].id}`)).status, 204);
  const after2 = await list(`?first=2&after=${encodeURIComponent(p.next)}`);
  assert.equal(after2.status, 200);
  const fresh = (await list('?first=100')).body.integrations;
  assert.deepEqual(after2.body.integrations, fresh.slice(1, 3));
  await s.admin('DELETE', `/admin/integrations/${early.body.id}`);
  await s.admin('DELETE', `/admin/integrations/${late.body.id}`);
});

test('edited, truncated, foreign and mismatched cursors are 400s', async () => {
  const p = (await list('?first=5')).body;
  const flip = (c) => c.slice(0, 10) + (c[10] === 'A' ? 'B' : 'A') + c.slice(11);
  const cases = [
    [`?first=5&after=${encodeURIComponent(flip(p.next))}`, 'cursor_invalid', 'after'],
    [`?first=5&after=${encodeURIComponent(p.next.slice(0, -4))}`, 'cursor_invalid', 'after'],
    [`?first=5&after=${encodeURIComponent('!!not base64!!')}`, 'cursor_invalid', 'after'],
    [`?first=5&after=`, 'cursor_invalid', 'after'],
    [`?first=5&deployed=true&after=${encodeURIComponent(p.next)}`, 'cursor_mismatch', 'after'],
    [`?first=5&before=${encodeURIComponent(p.next)}`, 'cursor_mismatch', 'before'],
    [`?first=5&after=${encodeURIComponent(p.next)}&before=${encodeURIComponent(p.next)}`, 'query_invalid', null],
  ];
  for (const [q, code, field] of cases) {
    const r = await list(q);
    assert.equal(r.status, 400, q);
    const e = errorBody(r);
    assert.equal(e.code, code, q);
    if (field) assert.ok(e.fields.some((f) => f.field === field), JSON.stringify(e));
  }
  // Another user's cursor is another listing's.
  const bob = await s.tokenFor('Acme CRM', 'bob@acme.test');
  const r = await s.get(`/embed/${hubId}/users/bob@acme.test/integrations?first=5&after=${encodeURIComponent(p.next)}`, { token: bob.token });
  assert.equal(r.status, 400);
  assert.equal(errorBody(r).code, 'cursor_mismatch');
});

test('cursors survive a restart (their key derives from the secret)', async () => {
  const p = (await list('?first=4')).body;
  const dataDir = s.dataDir;
  await s.app.close();
  const again = await startServer({ config: { dataDir } });
  try {
    const r = await again.get(`${base}?first=4&after=${encodeURIComponent(p.next)}`, { token: alice.token });
    assert.equal(r.status, 200);
    assert.equal(r.body.integrations.length, 4);
  } finally {
    await again.app.close();
  }
  s = await startServer({ config: { dataDir } });
});

test('GET one integration: the summary with variablesSchema and connection templates', async () => {
  const all = (await list('?first=100')).body.integrations;
  const hubspot = all.find((i) => i.name === 'HubSpot');
  const r = await s.get(`${base}/${hubspot.id}`, { token: alice.token });
  assert.equal(r.status, 200);
  const it = r.body;
  for (const k of ['id', 'name', 'imageUrl', 'description', 'isDeployed', 'isActivated']) assert.deepEqual(it[k], hubspot[k], k);
  assert.equal(it.variablesSchema.type, 'object');
  assert.equal(it.connectionTemplates.length, 1);
  const [t] = it.connectionTemplates;
  assert.equal(t.authenticationMethod, 'oauth2');
  assert.match(t.id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.match(t.connectorId, /^[0-9A-HJKMNP-TV-Z]{26}$/);
  const two = all.find((i) => i.name === 'Stripe to QuickBooks');
  const both = (await s.get(`${base}/${two.id}`, { token: alice.token })).body.connectionTemplates;
  assert.deepEqual(both.map((x) => x.authenticationMethod), ['api_key', 'oauth2']);
  const jira = all.find((i) => i.name === 'Jira');
  assert.equal((await s.get(`${base}/${jira.id}`, { token: alice.token })).body.variablesSchema, undefined);
  const missing = await s.get(`${base}/01ARZ3NDEKTSV4RRFFQ69G5FAV`, { token: alice.token });
  assert.equal(missing.status, 404);
  assert.equal(errorBody(missing).code, 'not_found');
});

test('the seeded variablesSchemas use enums, formats, groups, secrets and conditionals', async () => {
  const all = (await list('?first=100')).body.integrations;
  const schemas = [];
  for (const it of all) {
    const d = (await s.get(`${base}/${it.id}`, { token: alice.token })).body;
    if (d.variablesSchema) schemas.push(JSON.stringify(d.variablesSchema));
  }
  const text = schemas.join('\n');
  for (const needle of ['"enum"', '"format":"email"', '"format":"date"', '"format":"uri"', '"writeOnly":true',
    '"format":"password"', '"if"', '"dependentRequired"', '"x-group"', '"type":"object"', '"oneOf"']) {
    assert.ok(text.includes(needle), needle);
  }
  assert.ok(new Set(schemas).size >= 6, 'several distinct schemas');
});

test('?q= searches name and description, case- and accent-insensitively, paged by the core', async () => {
  const everything = (await walk('first=100')).flatMap((p) => p.integrations);
  const expected = everything.filter((i) => /sync/i.test(i.name) || /sync/i.test(i.description)).map((i) => i.id);
  assert.ok(expected.length >= 3, 'the seed has several integrations that sync');
  // "SÝNC": upper case with an accent still matches "sync".
  const pages = await walk(`first=2&q=${encodeURIComponent('SÝNC')}`);
  const found = pages.flatMap((p) => p.integrations);
  assert.deepEqual(found.map((i) => i.id), expected);
  assert.ok(pages.length > 1, 'more than one page');
  assert.equal(pages[0].totalCount, expected.length);
  assert.deepEqual([...found].sort(byNameId), found, 'in (name, id) order');
  // The search is bound into the cursor: another q with it is a 400.
  const other = await list(`?first=2&q=slack&after=${encodeURIComponent(pages[0].next)}`);
  assert.equal(other.status, 400);
  assert.equal(errorBody(other).code, 'cursor_mismatch');
  // Without q the same cursor does not fit either.
  assert.equal((await list(`?first=2&after=${encodeURIComponent(pages[0].next)}`)).status, 400);
  const none = await list(`?q=${encodeURIComponent('no such thing anywhere')}`);
  assert.equal(none.status, 200);
  assert.deepEqual([none.body.totalCount, none.body.integrations], [0, []]);
  assert.equal((await list(`?q=${'x'.repeat(300)}`)).status, 400, 'a q over 256 bytes');
});
