// boundary.test.mjs — the WebAssembly boundary and the generated table stay in step with their
// sources: core.mjs's WASM_EXPORTS and constants against include/embedhub.h, and
// src/fold_tables.c against scripts/gen-fold.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { run } from './helpers.mjs';

test('the boundary table: core.mjs calls only what WASM_EXPORTS lists, and its constants are the header\'s', () => {
  const core = readFileSync(new URL('../../web/src/core.mjs', import.meta.url), 'utf8');
  const header = readFileSync(new URL('../../include/embedhub.h', import.meta.url), 'utf8');
  const table = core.slice(core.indexOf('const WASM_EXPORTS = ['), core.indexOf('];', core.indexOf('const WASM_EXPORTS = [')));
  const listed = new Set([...table.matchAll(/'([a-z_0-9]+)'/g)].map((m) => m[1]));
  const memory = readFileSync(new URL('../../web/src/core/memory.mjs', import.meta.url), 'utf8');
  const called = new Set([...(core + memory).matchAll(/wasm\._([a-z_0-9]+)/g)].map((m) => m[1]));
  assert.ok(called.size >= 20, `${called.size} C functions called`);
  for (const name of called) assert.ok(listed.has(name), `${name} is called but not in WASM_EXPORTS`);
  const constants = [...core.matchAll(/^const ([A-Z_0-9]+) = (\d+);\s*\/\/ (HUB_[A-Z_0-9]+)/gm)];
  assert.ok(constants.length >= 5, 'the constants name their macros');
  for (const [, js, value, macro] of constants) {
    const m = new RegExp(`(?:#define ${macro}\\s+(\\d+)u?|${macro} = (\\d+))`).exec(header);
    assert.ok(m, `${macro} is not in include/embedhub.h`);
    assert.equal(Number(m[1] ?? m[2]), Number(value), `${js} = ${value} but ${macro} is ${m[1] ?? m[2]}`);
  }
});

test('the committed fold table is what scripts/gen-fold.mjs writes', () => {
  const r = run(process.execPath, ['scripts/gen-fold.mjs', '--check']);
  assert.equal(r.status, 0, r.stderr);
});
