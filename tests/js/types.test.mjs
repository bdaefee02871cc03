// types.test.mjs — the hand-written index.d.ts, checked by compiling a consumer with tsc --noEmit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { root, run } from './helpers.mjs';

test('a TypeScript consumer type-checks against index.d.ts', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = run(process.execPath, [tsc, '--noEmit', '-p', 'tests/types/tsconfig.json'], { cwd: root });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
