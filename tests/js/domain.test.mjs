// domain.test.mjs — the domain fixtures of tests/fixtures/domain (the files the C tests run) through
// the WebAssembly build and the hub's JS methods: pagination and search, status and actions, tile, form and settings
// record, activation and binding options, models. Cases whose input is raw text (`inputText`,
// `inputHex`: malformed JSON, duplicate keys, invalid UTF-8) exercise the C entry points and run in
// the C tests; from JS every argument is a JS value, so they cannot arise here — their count is
// checked so that none is silently dropped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HubError } from '../../web/src/node.mjs';
import { check, domainFixture, hexBytes, isPlainObject, isTextCase, matches, runCases } from './fixture-cases.mjs';
import { loadHub } from './helpers.mjs';

test('tile fixtures: every deployed/activated/status combination and bad input', async () => {
  const hub = await loadHub();
  const { cases } = domainFixture('tile');
  const textOnly = runCases(cases, (input) => hub.tileState(input));
  assert.ok(cases.length - textOnly >= 55, `${cases.length - textOnly} cases ran`);
});

test('status fixtures: the whole transition table and whole-connection transitions', async () => {
  const hub = await loadHub();
  const { transition, connection } = domainFixture('status');
  let ran = 0;
  for (const c of transition) {
    // transition(status, event) can only express inputs made of those two members.
    if (isTextCase(c) || Object.keys(c.input).some((k) => k !== 'status' && k !== 'event')) continue;
    check(c, () => ({ status: hub.transition(c.input.status, c.input.event) }));
    ran++;
  }
  assert.ok(ran >= 48, `all 48 table pairs ran (${ran})`);
  for (const c of connection) {
    if (isTextCase(c) || Object.keys(c.input).some((k) => !['connection', 'event', 'now', 'error'].includes(k))) continue;
    const { connection: conn, event, now, error } = c.input;
    check(c, () => hub.applyEvent(conn, event, { now, error }));
    ran++;
  }
  assert.ok(ran >= 48 + 25, `${ran} status cases ran`);
});

test('status actions: one table, read by actionFor, tile state and activation errors alike', async () => {
  const hub = await loadHub();
  const { action } = domainFixture('status');
  let ran = 0;
  for (const c of action) {
    if (isTextCase(c) || Object.keys(c.input).some((k) => k !== 'status')) continue;
    check(c, () => ({ status: c.input.status, action: hub.actionFor(c.input.status) }));
    ran++;
  }
  assert.ok(ran >= 7, `${ran} action cases ran`);
  // A tile whose connection failed validation offers what actionFor says: retry, not reconnect.
  for (const status of ['validation_error', 'post_install_error', 'needs_reauth', 'connecting']) {
    const tile = hub.tileState({ integration: { isDeployed: true, isActivated: true }, connections: [{ status }] });
    assert.equal(tile.action, hub.actionFor(status), status);
  }
  assert.equal(hub.actionFor('validation_error'), 'retry');
});

test('form fixtures: the settings form of every schema shape', async () => {
  const hub = await loadHub();
  const { cases } = domainFixture('form');
  const textOnly = runCases(cases, (input) => hub.formFor(input));
  assert.ok(cases.length - textOnly >= 35);
});

test('settings fixtures: the saved record, values or defaults, secrets masked, omitted or kept', async () => {
  const hub = await loadHub();
  const { cases } = domainFixture('settings');
  let ran = 0;
  for (const c of cases) {
    if (isTextCase(c) || !isPlainObject(c.input) || Object.keys(c.input).some((k) => !['variablesSchema', 'values', 'secrets'].includes(k))) continue;
    const { variablesSchema, values, secrets } = c.input;
    check(c, () => ({ integrationSettings: hub.settingsRecord(variablesSchema, values, { secrets }) }));
    ran++;
  }
  assert.ok(ran >= 15, `${ran} settings cases ran`);
});

test('cursor fixtures: queries, golden cursors, pages, sequences with inserts and deletes', async () => {
  const hub = await loadHub();
  const fx = domainFixture('cursor');
  const keyOf = (c) => hexBytes(c.keyHex ?? fx.key);
  const items = (x) => (typeof x === 'string' ? fx.itemSets[x] : x);

  // A key of the wrong size never reaches C from JS: it is a TypeError, checked below.
  const wrongKey = fx.queries.filter((c) => c.keyHex && c.keyHex.length !== 32);
  for (const c of wrongKey) assert.throws(() => hub.pageQuery(c.input, keyOf(c)), TypeError, c.name);
  const textOnly = runCases(fx.queries.filter((c) => !wrongKey.includes(c)), (input, c) => hub.pageQuery(input, keyOf(c)));
  assert.ok(fx.queries.length - textOnly >= 85);
  runCases(fx.encode, (input, c) => ({ cursor: hub.cursorEncode(input.position, input.query, keyOf(c)) }));

  // A page's next/prev are checked by decoding them under the same filters, as the fixture says.
  const positionOf = (cursor, direction, query, key) => {
    if (cursor === undefined) return null;
    const { first, after, before, ...filters } = query;
    return hub.pageQuery({ ...filters, [direction]: cursor }, key).position;
  };
  // Pages give whole positions; sequence steps only the members they name.
  const checkPage = (name, page, expected, query, key, partial = false) => {
    const same = (got, want, what) => assert.ok(partial ? matches(want, got, false) : matches(want, got, true),
      `${name}: ${what} ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
    if (expected.ids) assert.deepEqual(page.integrations.map((i) => i.id), expected.ids, name);
    for (const k of ['totalCount', 'totalConnected']) if (k in expected) assert.equal(page[k], expected[k], `${name}: ${k}`);
    if ('next' in expected) same(positionOf(page.next, 'after', query, key), expected.next, 'next');
    if ('prev' in expected) same(positionOf(page.prev, 'before', query, key), expected.prev, 'prev');
  };
  for (const c of fx.pages) {
    if (isTextCase(c)) continue;
    if (c.error) { check(c, () => hub.page(items(c.items), c.query, keyOf(c))); continue; }
    checkPage(c.name, hub.page(items(c.items), c.query, keyOf(c)), c.expected, c.query, keyOf(c));
  }
  for (const seq of fx.sequences) {
    let rows = structuredClone(items(seq.items));
    let last = {};
    for (const [i, step] of seq.steps.entries()) {
      if (step.mutate) {
        rows = rows.concat(step.mutate.insert ?? []).filter((r) => !(step.mutate.delete ?? []).includes(r.id));
      }
      const query = Object.fromEntries(Object.entries(step.query ?? {}).map(([k, v]) =>
        [k, v === '$next' ? last.next : v === '$prev' ? last.prev : v]));
      last = hub.page(rows, query, hexBytes(fx.key));
      checkPage(`${seq.name} step ${i}`, last, step.expected, query, hexBytes(fx.key), true);
    }
  }
});

test('cursor tampering: every edited, truncated, extended or swapped cursor is refused', async () => {
  const hub = await loadHub();
  const fx = domainFixture('cursor');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const variants = {
    replace_each_char: (s) => [...s].map((ch, i) => s.slice(0, i) + alphabet[(alphabet.indexOf(ch) + 1) % 64] + s.slice(i + 1)),
    truncate_each: (s) => Array.from({ length: s.length }, (_, i) => s.slice(0, i)),
    extend_each: (s) => [...alphabet].map((ch) => s + ch).concat([s + 'AA', s + 'AAAA']),
    swap_adjacent: (s) => [...s].flatMap((ch, i) => (i + 1 < s.length && ch !== s[i + 1]
      ? [s.slice(0, i) + s[i + 1] + ch + s.slice(i + 2)] : [])),
  };
  let tried = 0;
  for (const c of fx.tamper) {
    for (const cursor of variants[c.op](c.cursor)) {
      assert.throws(() => hub.pageQuery({ ...c.query, [c.field]: cursor }, hexBytes(fx.key)),
        (err) => err instanceof HubError && err.code === c.error.code && err.fields[0].field === c.field,
        `${c.name}: ${cursor}`);
      tried++;
    }
  }
  assert.ok(tried > 300, `${tried} tampered cursors`);
});

test('activation fixtures: every rule, its code and field, defaults applied', async () => {
  const hub = await loadHub();
  const { cases } = domainFixture('activation');
  const members = ['payload', 'integration', 'connections', 'user', 'activated'];
  let ran = 0;
  for (const c of cases) {
    // The JS method builds the input object itself: inputs of another shape only arise in C.
    if (isTextCase(c) || !isPlainObject(c.input) || Object.keys(c.input).some((k) => !members.includes(k))) continue;
    const { payload, integration, connections, user, activated } = c.input;
    check(c, () => {
      const answer = hub.validateActivation(payload, integration, connections, { user, activated });
      for (const word of c.says_all ?? []) {
        assert.ok(answer.errors.some((e) => e.message.includes(word)), `${c.name}: no error says "${word}"`);
      }
      return answer;
    });
    ran++;
  }
  assert.ok(ran >= 120, `${ran} activation cases ran`);
});

test('binding options fixtures: eligible connections per template, and why the others are not', async () => {
  const hub = await loadHub();
  const { cases } = domainFixture('binding');
  const members = ['integration', 'connections', 'user'];
  const messages = (answer) => answer.templates.flatMap((t) => t.ineligible.flatMap((i) => i.reasons.map((r) => r.message)));
  let ran = 0;
  for (const c of cases) {
    if (isTextCase(c) || Object.keys(c.input).some((k) => !members.includes(k))) continue;
    const { integration, connections, user } = c.input;
    check(c, () => {
      const answer = hub.bindingOptions(integration, connections, { user });
      for (const word of c.says_all ?? []) assert.ok(messages(answer).some((m) => m.includes(word)), `${c.name}: no reason says "${word}"`);
      return answer;
    });
    ran++;
  }
  assert.ok(ran >= 10, `${ran} binding cases ran`);
});

test('model fixtures: every built-in model accepts and refuses what it should', async () => {
  const hub = await loadHub();
  const { cases } = domainFixture('models');
  let ran = 0;
  for (const c of cases) {
    if (isTextCase(c) || !isPlainObject(c.input) || Object.keys(c.input).some((k) => k !== 'model' && k !== 'value')) continue;
    check(c, () => hub.validateModel(c.input.model, c.input.value));
    ran++;
  }
  assert.ok(ran >= 85, `${ran} model cases ran`);
});

test('search: q is case- and accent-insensitive, and a cursor is bound to it', async () => {
  const hub = await loadHub();
  const key = new Uint8Array(16).fill(7);
  const items = ['Café Sync', 'CAFE tools', 'Straße', 'Plain'].map((name, i) => ({
    id: `i${i}`, name, imageUrl: '/x.svg', description: i === 3 ? 'Talks to café APIs' : '', isDeployed: true, isActivated: false,
  }));
  const page = hub.page(items, { q: 'CAFÉ', first: 2 }, key);
  assert.deepEqual(page.integrations.map((i) => i.name), ['CAFE tools', 'Café Sync']);
  assert.equal(page.totalCount, 3);
  assert.deepEqual(hub.page(items, { q: 'cafe', first: 2, after: page.next }, key).integrations.map((i) => i.id), ['i3']);
  assert.deepEqual(hub.page(items, { q: 'strasse' }, key).integrations.map((i) => i.id), ['i2']);
  assert.throws(() => hub.page(items, { q: 'sync', after: page.next }, key),
    (err) => err instanceof HubError && err.code === 'cursor_mismatch' && err.field === 'after');
  assert.throws(() => hub.page(items, { after: page.next }, key), (err) => err.code === 'cursor_mismatch');
  assert.equal(hub.pageQuery({ q: ' Café ' }, key).q, 'cafe');
});

test('a cursor key must be 16 bytes', async () => {
  const hub = await loadHub();
  assert.throws(() => hub.page([], {}, new Uint8Array(15)), TypeError);
  assert.throws(() => hub.pageQuery({}, 'sixteen-bytes!!!'), TypeError);
});

test('domain calls leak nothing across 20 000 calls', async () => {
  const hub = await loadHub();
  const key = new Uint8Array(16);
  const items = [{ id: 'a', name: 'A', imageUrl: 'https://x/a.svg', description: 'd', isDeployed: true, isActivated: false }];
  const round = () => {
    hub.tileState({ integration: { isDeployed: true, isActivated: true }, connections: [{ status: 'active' }] });
    hub.page(items, { first: 1 }, key);
    assert.throws(() => hub.transition('active', 'validated'), HubError);
    hub.formFor({ type: 'object', properties: { a: { type: 'string', title: 'A' } } });
  };
  round();
  const before = hub.heapUsed();
  for (let i = 0; i < 5000; i++) round();
  assert.equal(hub.heapUsed(), before);
});
