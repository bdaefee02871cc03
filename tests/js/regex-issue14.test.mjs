// regex-issue14.test.mjs — issue 14 through WebAssembly: U+0000 inside schema strings, `format:
// "regex"` as ECMA-262 syntax, group names, and what `pattern` still refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SchemaError } from '../../web/src/node.mjs';
import { loadHub } from './helpers.mjs';

const verdict = (hub, schema, value) => {
  const v = hub.compile(schema, { formats: 'assert' });
  try { return v.validate(value).valid; } finally { v.free(); }
};

test('a raw U+0000 in pattern is part of the pattern, not its end', async () => {
  const hub = await loadHub();
  assert.equal(verdict(hub, { pattern: 'a\u0000b' }, 'ab'), false);
  assert.equal(verdict(hub, { pattern: 'a\u0000b' }, 'xa\u0000by'), true);
  assert.equal(verdict(hub, { pattern: '\u0000' }, ''), false);
  assert.equal(verdict(hub, { pattern: '\u0000' }, '\u0000'), true);
  assert.equal(verdict(hub, { pattern: '^[\u0000-\u001f]+$' }, '\t\u0000'), true);
  assert.equal(verdict(hub, { pattern: '^[\u0000-\u001f]+$' }, ' '), false);
  assert.equal(verdict(hub, { patternProperties: { '^x$': false } }, { x: 1 }), false);
});

test('compile: a 50 000-deep schema is a SchemaError schema_limit, as value or as JSON text', async () => {
  const hub = await loadHub();
  let deep = {};
  for (let i = 0; i < 50_000; i++) deep = { not: deep };
  assert.throws(() => hub.compile(deep), (err) => err instanceof SchemaError && err.code === 'schema_limit');
  const text = '{"not":'.repeat(50_000) + '{}' + '}'.repeat(50_000);
  assert.throws(() => hub.compile(text), (err) => err instanceof SchemaError);
  assert.throws(() => hub.addSchema('https://example.com/deep', deep),
    (err) => err instanceof SchemaError && err.code === 'schema_limit');
  // JSON text is a schema too: the same answers as the object
  const v = hub.compile('{"type": "integer", "maximum": 3}');
  assert.equal(v.validate(3).valid, true);
  assert.equal(v.validate(4).valid, false);
  v.free();
});

test('validate: a lone surrogate is not a JSON value, exactly like NaN (TypeError)', async () => {
  const hub = await loadHub();
  const v = hub.compile({});
  for (const bad of [NaN, '\ud800', 'a\udfffb', ['x', '\udc00'], { k: '\ud83d' }, { ['\ud800']: 1 }]) {
    assert.throws(() => v.validate(bad), TypeError, JSON.stringify(bad));
  }
  // pairs, escaped backslashes and the text "\ud800" are fine
  for (const ok of ['\ud83d\ude00', '\\ud800', '\\\\ud800', 'ud800', { '\\ud800': '\\\\\\ud800' }]) {
    assert.equal(v.validate(ok).valid, true, JSON.stringify(ok));
  }
  v.free();
});

test('Unicode 17.0 like Node: the code points issue 14 found, Script, Script_Extensions, binary properties', async () => {
  const hub = await loadHub();
  assert.equal(process.versions.unicode, '17.0', 'this test compares with a Node on Unicode 17.0');
  const props = ['Lu', 'Ll', 'Lo', 'Nd', 'So', 'Cn', 'Script=Greek', 'sc=Grek', 'scx=Greek', 'Script_Extensions=Latn',
    'sc=Garay', 'Alphabetic', 'ID_Start', 'ID_Continue', 'Emoji', 'White_Space', 'Assigned', 'Any', 'ASCII'];
  const cps = [0x1C89, 0xA7CB, 0x2FFC, 0x31E4, 0x10D40, 0x1E5D0, 0xB7, 0x370, 0x3B1, 0x2118, 0x2E2F, 0x41, 0x10FFFF, 0x1F600];
  for (const p of props) {
    const v = hub.compile({ pattern: `^\\p{${p}}$` });
    const js = new RegExp(`^\\p{${p}}$`, 'u');
    for (const cp of cps) {
      const s = String.fromCodePoint(cp);
      assert.equal(v.validate(s).valid, js.test(s), `\\p{${p}} on U+${cp.toString(16)}`);
    }
    v.free();
  }
});

test('format "regex" is ECMA-262 syntax; pattern refuses what it cannot run, saying why', async () => {
  const hub = await loadHub();
  const fmt = hub.compile({ format: 'regex' }, { formats: 'assert' });
  for (const p of ['(?=a)', '(a)\\1', '(?<n>a)\\k<n>', '\\p{Script=Greek}', '(?<!x)y', '\\p{Alphabetic}']) {
    assert.equal(fmt.validate(p).valid, true, p);
    assert.doesNotThrow(() => new RegExp(p, 'u'));
  }
  for (const p of ['(a)\\2', '\\k<n>', '(?=a)*', '\\p{Script=Klingon}', '(?<ⸯ>x)', '\\a', '[z-a]']) {
    assert.equal(fmt.validate(p).valid, false, p);
    assert.throws(() => new RegExp(p, 'u'), SyntaxError);
  }
  fmt.free();
  for (const [p, what] of [['(?=a)', 'lookahead'], ['(a)\\1', 'backreference'], ['(?<n>a)\\k<n>', 'named backreference'],
    ['(?<=a)', 'lookbehind']]) {
    assert.throws(() => hub.compile({ properties: { x: { pattern: p } } }), (err) => err instanceof SchemaError
      && err.code === 'schema_regex' && err.pointer === '/properties/x/pattern'
      && err.message.includes(what) && err.message.includes('valid ECMA-262') && err.message.includes('backtracking'));
  }
  assert.equal(verdict(hub, { pattern: '^\\p{Script=Greek}+$' }, 'αβγ'), true);
});

test('group names follow ECMA-262: Other_ID_Start/Other_ID_Continue, \\u escapes; U+2E2F refused', async () => {
  const hub = await loadHub();
  for (const p of ['(?<℘>x)', '(?<℮>x)', '(?<゛>x)', '(?<a·>x)', '(?<a፩>x)', '(?<\\u0061>x)', '(?<\\u{1D49C}>x)']) {
    assert.doesNotThrow(() => new RegExp(p, 'u'), p);
    assert.equal(verdict(hub, { pattern: `^${p}$` }, 'x'), true, p);
  }
  for (const p of ['(?<ⸯ>x)', '(?<\\u0031>x)', '(?<a>x)(?<a>y)']) {
    assert.throws(() => new RegExp(p, 'u'), SyntaxError, p);
    assert.throws(() => hub.compile({ pattern: p }), (err) => err instanceof SchemaError && err.code === 'schema_regex', p);
  }
});
