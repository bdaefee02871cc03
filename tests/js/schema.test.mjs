// schema.test.mjs — hub.compile through WebAssembly: results, modes, errors with pointers,
// registered schemas, what JS values mean, and memory across the boundary.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SchemaError } from '../../web/src/node.mjs';
import { fixture, loadHub, readJson } from './helpers.mjs';

const bench = (f) => readFileSync(new URL(`../../../shared/bench-fixtures/${f}`, import.meta.url), 'utf8');

test('the bench fixtures: first-error mode stops at one, all-errors mode lists each with paths', async () => {
  const hub = await loadHub();
  const schema = JSON.parse(bench('variables-schema.json'));
  const first = hub.compile(schema);
  const all = hub.compile(schema, { mode: 'all', formats: 'assert' });
  assert.deepEqual(first.validateJson(bench('dynamic-variables-valid.json')), { valid: true, errors: [] });
  const one = first.validateJson(bench('dynamic-variables-invalid.json'));
  assert.equal(one.valid, false);
  assert.equal(one.errors.length, 1);
  const { errors } = all.validateJson(bench('dynamic-variables-invalid.json'));
  const byPath = Object.fromEntries(errors.map((e) => [`${e.instancePath} ${e.keyword}`, e]));
  assert.deepEqual(byPath['/retryCount maximum'], {
    instancePath: '/retryCount', schemaPath: '/properties/retryCount/maximum', keyword: 'maximum',
    message: 'must be <= 10, got 12', field: 'retryCount',
  });
  assert.equal(byPath['/endpoints/1/url format'].message.includes('uri'), true);
  assert.equal(byPath[' additionalProperties'].message, "must not have additional property 'debug'");
  assert.ok(byPath['/auth required'].message.includes('tokenUrl'));
  assert.equal(byPath['/auth required'].property, 'tokenUrl', 'programs read the member, not the message');
  assert.equal(byPath[' additionalProperties'].property, 'debug');
  assert.equal(byPath['/retryCount maximum'].property, undefined);
  assert.equal(byPath['/auth required'].field, 'auth.tokenUrl', 'the field names the missing member');
  assert.equal(byPath['/endpoints/1/url format'].field, 'endpoints[1].url');
  assert.equal(byPath[' additionalProperties'].field, 'debug');
  first.free();
  all.free();
});

test('field fixtures: every error carries its field, the same as hub_result_field in C', async () => {
  const hub = await loadHub();
  const { cases } = readJson(fixture('domain/field.json'));
  assert.ok(cases.length >= 10, 'the fixture has its cases');
  for (const c of cases) {
    const v = hub.compile(c.schema, { mode: 'all' });
    const { errors } = v.validate(c.instance);
    v.free();
    assert.equal(errors.length, c.errors.length, `${c.name}: ${JSON.stringify(errors)}`);
    c.errors.forEach((want, i) => {
      for (const [k, value] of Object.entries(want)) assert.equal(errors[i][k], value, `${c.name}: error ${i} ${k}`);
    });
  }
  const any = hub.compile({});
  const parseError = any.validateJson('{');
  any.free();
  assert.equal(parseError.errors[0].field, '', 'a text that is not JSON is about the root');
});

test('messages name the expected and the actual value', async () => {
  const hub = await loadHub();
  const v = hub.compile({ type: 'object', properties: { name: { type: 'string', maxLength: 64 }, n: { type: 'integer' } } }, { mode: 'all' });
  const { errors } = v.validate({ name: 'x'.repeat(70), n: 'seven' });
  assert.deepEqual(errors.map((e) => e.message), ['must be at most 64 characters, got 70', 'must be of type integer, got string']);
  v.free();
});

test('validate takes any JS value as the instance; validateJson takes JSON text', async () => {
  const hub = await loadHub();
  const str = hub.compile({ type: 'string', minLength: 2 });
  assert.equal(str.validate('ab').valid, true, 'a JS string is a string instance');
  assert.equal(str.validateJson('"ab"').valid, true);
  assert.equal(str.validateJson('ab').errors[0].keyword, 'json', 'text that is not JSON');
  assert.equal(str.validateJson(new TextEncoder().encode('"ab"')).valid, true);
  const int = hub.compile({ type: 'integer', multipleOf: 0.01 });
  assert.equal(int.validate(1.0).valid, true, '1.0 is an integer');
  const money = hub.compile({ multipleOf: 0.01 });
  assert.equal(money.validateJson('19.99').valid, true, 'exact decimal multipleOf');
  assert.equal(money.validateJson('19.991').valid, false);
  for (const bad of [NaN, Infinity, 10n, () => 1, Symbol('x'), undefined, [undefined],
    { a: [1, -Infinity] }, { a: null, b: { c: NaN } }, ['null', [() => 1]], { n: { big: 1n } }]) {
    assert.throws(() => str.validate(bad), TypeError);
  }
  // Members JSON leaves out are left out; real nulls stay nulls.
  const any = hub.compile({ type: 'object', required: ['a'], properties: { a: { type: 'null' } }, additionalProperties: false });
  assert.equal(any.validate({ a: null, skip: undefined, fn() {} }).valid, true);
  any.free();
  const cyclic = {};
  cyclic.self = cyclic;
  assert.throws(() => str.validate(cyclic), TypeError);
  for (const v of [str, int, money]) v.free();
});

test('an invalid schema throws SchemaError with the pointer of the offending keyword', async () => {
  const hub = await loadHub();
  const cases = [
    [{ properties: { a: { minLength: -1 } } }, '/properties/a/minLength'],
    [{ type: 'strin' }, '/type'],
    [{ required: 'a' }, '/required'],
    [{ pattern: '(?<=a)b' }, '/pattern'],
    [{ $ref: '#/$defs/missing' }, '/$ref'],
  ];
  for (const [schema, pointer] of cases) {
    assert.throws(() => hub.compile(schema), (err) => err instanceof SchemaError && err.pointer === pointer,
      JSON.stringify(schema));
  }
  assert.throws(() => hub.compile('{"type": '), (err) => err instanceof SchemaError && err.code === 'json_syntax' && err.line === 1);
  assert.throws(() => hub.compile({}, { mode: 'fast' }), TypeError);
});

test('hostile schemas and instances end in errors, not hangs or crashes', async () => {
  const hub = await loadHub();
  assert.throws(() => hub.compile({ $defs: { a: { $ref: '#/$defs/a' } }, $ref: '#/$defs/a' }), SchemaError);
  const deep = hub.compile({ type: 'array', items: { $ref: '#' } });
  assert.equal(deep.validateJson('['.repeat(400) + ']'.repeat(400)).valid, true);
  assert.equal(deep.validateJson('['.repeat(100_000)).errors[0].code, 'json_depth');
  deep.free();
  const t0 = performance.now();
  const re = hub.compile({ type: 'string', pattern: '^(a+)+$' });
  assert.equal(re.validate('a'.repeat(30_000) + '!').valid, false);
  assert.ok(performance.now() - t0 < 2000, 'linear-time pattern');
  re.free();
  const huge = hub.compile({ enum: Array.from({ length: 10_000 }, (_, i) => `v${i}`) });
  assert.equal(huge.validate('v9999').valid, true);
  assert.equal(huge.validate('v10000').valid, false);
  huge.free();
});

test('addSchema makes a schema $ref-able by URI; nothing is fetched', async () => {
  const hub = await loadHub();
  hub.addSchema('https://schemas.example/money.json', { type: 'number', multipleOf: 0.01, minimum: 0 });
  const v = hub.compile({ properties: { price: { $ref: 'https://schemas.example/money.json' } } });
  assert.equal(v.validate({ price: 9.99 }).valid, true);
  assert.equal(v.validate({ price: -1 }).errors[0].keyword, 'minimum');
  v.free();
  assert.throws(() => hub.compile({ $ref: 'https://schemas.example/unknown.json' }), SchemaError);
  assert.throws(() => hub.addSchema('', {}), TypeError);
});

test('a freed validator refuses to run; freeing twice is harmless', async () => {
  const hub = await loadHub();
  const v = hub.compile(true);
  v.free();
  v.free();
  assert.throws(() => v.validate(1), /freed/);
});

test('compile and validate leak nothing across 20 000 calls', async () => {
  const hub = await loadHub();
  const schema = bench('variables-schema.json');
  const valid = bench('dynamic-variables-valid.json');
  const invalid = bench('dynamic-variables-invalid.json');
  const round = () => {
    const v = hub.compile(schema, { mode: 'all' });
    v.validateJson(valid);
    v.validateJson(invalid);
    v.validate({ apiKey: 1 });
    v.free();
    assert.throws(() => hub.compile({ type: 1 }), SchemaError);
  };
  round();
  const before = hub.heapUsed();
  for (let i = 0; i < 5000; i++) round();
  assert.equal(hub.heapUsed(), before);
});
