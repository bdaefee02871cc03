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
