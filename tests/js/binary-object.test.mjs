// binary-object.test.mjs — validate(value) writes the value in the binary encoding
// (web/src/core/encode.mjs → src/json_binary.c) instead of JSON text: every answer, error list
// and thrown error must be the text path's, i.e. validateJson(toJsonText(value)). The
// JSON-Schema-Test-Suite through both paths, then the edge values.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { SUITE, suiteHub, walk } from './suite-support.mjs';
import { toJsonText } from '../../web/src/core/errors.mjs';
import { binaryEncoder } from '../../web/src/core/encode.mjs';

const suite = SUITE;
const hub = await suiteHub();

// What a call gives: its answer, or the class and message of what it throws.
const outcome = (fn) => {
  try {
    return { answer: fn() };
  } catch (err) {
    return { thrown: `${err.constructor.name}: ${err.message}` };
  }
};
// The text path, as validate(value) was before the binary encoding.
const viaText = (v, value) => outcome(() => v.validateJson(toJsonText(value)));
const viaObject = (v, value) => outcome(() => v.validate(value));

for (const [draft, dialect] of [['draft2020-12', '2020-12'], ['draft7', 'draft-07']]) {
  test(`JSON-Schema-Test-Suite ${draft} (optional too), both modes: validate(value) answers as validateJson(its text)`, () => {
    let compared = 0;
    for (const file of walk(join(suite, 'tests', draft))) {
      const formats = file.includes('/format/') ? 'assert' : 'annotate';
      for (const group of JSON.parse(readFileSync(file, 'utf8'))) {
        for (const mode of ['first', 'all']) {
          let v;
          try { v = hub.compile(group.schema, { dialect, formats, mode }); } catch { continue; }
          for (const c of group.tests) {
            assert.deepEqual(viaObject(v, c.data), viaText(v, c.data), `${relative(suite, file)}: ${group.description} / ${c.description} (${mode})`);
            compared++;
          }
          v.free();
        }
      }
    }
    assert.ok(compared > 3000, `${compared} cases compared`);
  });
}

const nest = (depth, inner = null) => { let v = inner; for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v }; return v; };

const schemas = [
  {}, { type: 'integer' }, { type: 'number', maximum: 2147483647 }, { multipleOf: 0.1 }, { multipleOf: 1e-320 },
  { const: 0 }, { enum: [1e21, -0, '', [], {}] }, { minLength: 1, maxLength: 3 }, { uniqueItems: true },
  { propertyNames: { maxLength: 3 }, maxProperties: 2 }, { required: ['__proto__'] }, { pattern: '^\\p{L}*$' },
  { items: { type: 'string' }, additionalProperties: { type: 'null' } },
];

const cycle = { a: 1 };
cycle.self = cycle;
class Point { constructor() { this.x = 1; } }
const holes = [1, , 3]; // eslint-disable-line no-sparse-arrays

const edges = [
  null, true, false, 0, -0, 1, -1, 2147483647, -2147483648, 2147483648, -2147483649, 2 ** 53, 2 ** 53 + 2, -(2 ** 60),
  1e21, 1e-7, 5e-324, -5e-324, 1.7976931348623157e308, 0.1, 0.30000000000000004, 123456789.123, 1.5, -2.5e-10,
  '', 'a', 'h\u00e9llo', '\u{1F600}', '\ud83d\ude00', 'x\u0000y', '\u0000', '"\\\n\t\u0001\u001f\u007f', '\u2028\u2029',
  'a'.repeat(600), '\u00e9'.repeat(600), 'a'.repeat(100) + '\u{1F600}', [], {}, [[]], [{}], { '': '' }, { '': {} },
  JSON.parse('{"__proto__": 1}'), JSON.parse('{"__proto__": {"a": []}, "b": 2}'), { constructor: 1, toString: 'x' },
  Object.assign(Object.create(null), { a: 1, b: [null] }), { b: 1, a: 2, 1: 3, 0: 4 }, ['a', 'a'], [1, 1.0, '1'],
  [{ a: 1, b: 2 }, { b: 2, a: 1 }], { a: undefined, b: () => 1, c: Symbol('s'), d: 1 }, { 'k\u00e9y': '\u00e9', 'é\u{1F600}': 1 },
  nest(511), nest(512), nest(513), nest(1000), nest(512, []), nest(512, {}), nest(511, [1, 2]), nest(600, 'x'),
  // what the text path refuses or changes: the same TypeErrors, the same answers
  NaN, Infinity, -Infinity, [NaN], { a: Infinity }, [undefined], holes, [() => 1], [Symbol('s')], 1n, { a: 1n },
  '\ud800', 'a\udfffb', ['x', '\udc00'], { k: '\ud83d' }, { ['\ud800']: 1 }, { 'a\u0000': 1 }, { 'a\u0000b': { c: 1 } },
  cycle, [cycle], new Date(0), { d: new Date(0) }, new Number(3), new String('s'), new Boolean(false), [new Number(NaN)],
  new Point(), { p: new Point() }, { toJSON: () => [1, 2] }, { a: { toJSON: () => NaN } }, new Map([[1, 2]]), new Uint8Array(3),
  undefined, () => 1, Symbol('s'),
];

test('edge values through every schema, both modes: the same answers and errors as the text', () => {
  for (const schema of schemas) {
    for (const mode of ['first', 'all']) {
      const v = hub.compile(schema, { mode });
      for (const [i, value] of edges.entries()) {
        assert.deepEqual(viaObject(v, value), viaText(v, value), `${JSON.stringify(schema)} (${mode}), edge value #${i}`);
      }
      v.free();
    }
  }
});

test('an enumerable property on Object.prototype (listed by for-in, not by JSON.stringify): the same answers', () => {
  const v = hub.compile({ maxProperties: 1, additionalProperties: { type: 'integer' } }, { mode: 'all' });
  const value = { a: 1, b: { c: 2 } };
  const clean = viaObject(v, value);
  Object.prototype.polluted = 'x'; // eslint-disable-line no-extend-native
  try {
    assert.deepEqual(viaObject(v, value), viaText(v, value));
    assert.deepEqual(viaObject(v, value), clean);
  } finally {
    delete Object.prototype.polluted;
  }
  v.free();
});

test('without String.prototype.isWellFormed (older browsers): lone surrogates still refused, pairs still fine', () => {
  const v = hub.compile({ type: 'string' });
  const own = Object.getOwnPropertyDescriptor(String.prototype, 'isWellFormed');
  delete String.prototype.isWellFormed;
  try {
    for (const value of ['\ud800', 'a\udfff'.repeat(300), '\u00e9\ud83d', '\u{1F600}\u00e9', '\u00e9'.repeat(600), { ['\u00e9\udc00']: 1 }]) {
      assert.deepEqual(viaObject(v, value), viaText(v, value), JSON.stringify(value));
    }
  } finally {
    if (own) Object.defineProperty(String.prototype, 'isWellFormed', own);
  }
  v.free();
});

test('values too deep for V8 to serialise: the same RangeError; larger values grow the buffer', () => {
  const v = hub.compile({ type: 'array', items: { type: 'object' } });
  const deep = nest(200_000);
  assert.deepEqual(viaObject(v, deep), viaText(v, deep));
  assert.match(viaObject(v, deep).thrown, /^RangeError: embedhub: the value is nested too deeply/);
  for (const n of [10, 1000, 100_000]) {
    const big = Array.from({ length: n }, (_, i) => ({ id: i, name: `item ${i} \u00e9`, tags: ['a', 'b'], price: i / 7, ok: i % 2 === 0 }));
    assert.deepEqual(viaObject(v, big), viaText(v, big), `${n} items`);
    big[n - 1] = 5;
    const bad = viaObject(v, big);
    assert.deepEqual(bad, viaText(v, big));
    assert.equal(bad.answer.errors[0].instancePath, `/${n - 1}`);
  }
  v.free();
});

test('the encoder grows its buffer by retrying, and gives back a buffer grown past 1 MiB after its call', () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1024 });
  let view = new Uint8Array(memory.buffer), top = 8;
  const live = new Set();
  const c = {
    malloc(n) {
      const ptr = top;
      top += n;
      if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536));
      live.add(ptr);
      return ptr;
    },
    free(ptr) { live.delete(ptr); },
  };
  const encoder = binaryEncoder(c, () => (view.buffer === memory.buffer ? view : (view = new Uint8Array(memory.buffer))));
  assert.equal(encoder.encode({ a: 'x' }), 1 + 4 + 4 + 1 + 1 + 1 + 4 + 1 + 1);
  encoder.trim();
  assert.equal(live.size, 1, 'a small buffer is kept');
  const big = Array.from({ length: 50_000 }, (_, k) => ({ id: k, name: `item ${k}` }));
  const len = encoder.encode(big);
  assert.ok(len > 1024 * 1024, `${len} bytes`);
  assert.equal(view[encoder.ptr()], 6, 'an array');
  assert.equal(live.size, 1, 'the smaller buffers were freed as it grew');
  encoder.trim();
  assert.equal(live.size, 0, 'the large one is given back');
  assert.equal(encoder.encode([1]), 1 + 4 + 5);
});

test('validate(value) leaks nothing: the heap stays flat over many calls', () => {
  const v = hub.compile({ type: 'object', properties: { a: { type: 'string' } } }, { mode: 'all' });
  const value = { a: 'x'.repeat(50), b: [1, 2.5, null, { c: '\u00e9' }] };
  for (let i = 0; i < 200; i++) v.validate(value);
  const before = hub.heapUsed();
  for (let i = 0; i < 5000; i++) v.validate(i % 2 ? value : { a: i });
  assert.equal(hub.heapUsed(), before);
  v.free();
});
