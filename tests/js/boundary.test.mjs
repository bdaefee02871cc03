// boundary.test.mjs — the WebAssembly boundary and the generated tables stay in step with their
// sources: web/src/core/bindings.mjs against src/bindings.json and include/embedhub.h, and
// src/fold_tables.c against scripts/gen-fold.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { run } from './helpers.mjs';

test('the boundary table: core/bindings.mjs is what gen-bindings writes from src/bindings.json, and the JS calls only its functions', () => {
  const r = run(process.execPath, ['scripts/gen-bindings.mjs', '--check']);
  assert.equal(r.status, 0, r.stderr);
  const table = JSON.parse(readFileSync(new URL('../../src/bindings.json', import.meta.url), 'utf8'));
  const listed = new Set(table.functions);
  const dir = new URL('../../web/src/core/', import.meta.url);
  const js = ['../core.mjs', 'memory.mjs', 'schemas.mjs', 'domain-api.mjs'].map((f) => readFileSync(new URL(f, dir), 'utf8')).join('\n');
  const called = new Set([...js.matchAll(/\bc\.([a-z_0-9]+)/g)].map((m) => m[1]));
  assert.ok(called.size >= 20, `${called.size} C functions called`);
  for (const name of called) assert.ok(listed.has(name), `${name} is called but not in src/bindings.json`);
  assert.doesNotMatch(js, /\b(?:wasm|glue)\._[a-z]/, 'C functions are called through bindExports only');
  const header = readFileSync(new URL('../../include/embedhub.h', import.meta.url), 'utf8');
  for (const macro of Object.values(table.constants)) assert.match(header, new RegExp(`(#define ${macro}\\s|X\\(${macro},)`), macro);
});

test('the committed fold table is what scripts/gen-fold.mjs writes', () => {
  const r = run(process.execPath, ['scripts/gen-fold.mjs', '--check']);
  assert.equal(r.status, 0, r.stderr);
});
