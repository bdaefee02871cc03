// json.test.mjs — hub.checkJson through the WebAssembly build: the fixture table the C tests use,
// byte input, limits, and no leaks across the boundary.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, loadHub, readJson } from './helpers.mjs';

const { cases } = readJson(fixture('json-cases.json'));
const bytesOf = (c) => (c.hex !== undefined ? Uint8Array.from(c.hex.match(/../g) ?? [], (h) => parseInt(h, 16)) : c.input);

test('checkJson matches every case of the shared fixture table', async () => {
  const hub = await loadHub();
  assert.ok(cases.length >= 30);
  for (const c of cases) {
    const result = hub.checkJson(bytesOf(c));
    if (c.error === null) {
      assert.deepEqual(result, { ok: true }, c.name);
      continue;
    }
    assert.equal(result.ok, false, c.name);
    const { code, offset, line, column, says } = c.error;
    assert.deepEqual(
      { code: result.error.code, offset: result.error.offset, line: result.error.line, column: result.error.column },
      { code, offset, line, column },
      c.name,
    );
    assert.match(result.error.message, new RegExp(says.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), c.name);
  }
});

test('checkJson rejects nesting deeper than 512 and survives 100 000 open brackets', async () => {
  const hub = await loadHub();
  assert.deepEqual(hub.checkJson('['.repeat(512) + ']'.repeat(512)), { ok: true });
  const deep = hub.checkJson('['.repeat(513) + ']'.repeat(513));
  assert.equal(deep.error.code, 'json_depth');
  assert.equal(deep.error.offset, 512);
  assert.equal(hub.checkJson('['.repeat(100_000)).error.code, 'json_depth');
});

test('checkJson reports positions in a multi-line document with non-ASCII text', async () => {
  const hub = await loadHub();
  const r = hub.checkJson('{\n  "naïve": "日本",\n  "x": [1, 2,, 3]\n}');
  assert.equal(r.error.code, 'json_syntax');
  assert.equal(r.error.line, 3);
  assert.equal(r.error.column, 14); // the second comma of "[1, 2,, 3]"
});

test('checkJson handles large inputs and grows the heap', async () => {
  const hub = await loadHub();
  const big = JSON.stringify(Array.from({ length: 200_000 }, (_, i) => ({ id: i, name: `item ${i}`, ok: i % 2 === 0 })));
  assert.ok(big.length > 5_000_000);
  assert.deepEqual(hub.checkJson(big), { ok: true });
  assert.equal(hub.checkJson(big.slice(0, -1)).error.code, 'json_syntax');
});

test('checkJson refuses values that are not text', async () => {
  const hub = await loadHub();
  for (const bad of [undefined, null, 42, {}, ['[]']]) assert.throws(() => hub.checkJson(bad), TypeError);
});

test('checkJson leaks nothing across 100 000 calls', async () => {
  const hub = await loadHub();
  const inputs = ['{"a":[1,2,3],"b":"x"}', '[1,2,', '{"a":1,"a":2}', '', new Uint8Array([0x22, 0xff, 0x22])];
  for (const s of inputs) hub.checkJson(s); // warm up: first calls may size internal buffers
  const before = hub.heapUsed();
  for (let i = 0; i < 100_000; i++) hub.checkJson(inputs[i % inputs.length]);
  assert.equal(hub.heapUsed(), before);
});

test('load() rejects, rather than hangs, when the module is not WebAssembly', async () => {
  const { load } = await import('../../web/src/node.mjs');
  await assert.rejects(load({ wasm: new Uint8Array([0, 1, 2, 3]) }), WebAssembly.CompileError);
});
