// cli.test.mjs — the `embedhub` command (WASI build under node:wasi): exit codes and JSON lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fixture, run } from './helpers.mjs';

const cli = fileURLToPath(new URL('../../web/src/cli.mjs', import.meta.url));
const embedhub = (args, options) => run(process.execPath, [cli, ...args], options);

test('check-json exits 0 on a well-formed file and prints nothing', () => {
  const r = embedhub(['check-json', fileURLToPath(fixture('json/good.json'))]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, '', 'no ExperimentalWarning may leak');
});

test('check-json exits 1 with one JSON line naming the file and the position', () => {
  const r = embedhub(['check-json', 'tests/fixtures/json/bad.json']);
  assert.equal(r.status, 1);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines, [{
    file: 'tests/fixtures/json/bad.json', code: 'json_syntax',
    message: 'trailing comma or missing value before closing bracket', offset: 34, line: 2, column: 19,
  }]);
});

test('check-json reads standard input for -', () => {
  assert.equal(embedhub(['check-json', '-'], { input: '{"ok": true}' }).status, 0);
  const r = embedhub(['check-json', '-'], { input: '{"a": 1, "a": 2}' });
  assert.equal(r.status, 1);
  assert.equal(JSON.parse(r.stdout).code, 'json_duplicate_key');
});

test('usage errors and unreadable files exit 2 with a message on stderr', () => {
  for (const args of [[], ['check-json'], ['check-json', 'a', 'b'], ['frobnicate']]) {
    const r = embedhub(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /usage: embedhub/);
  }
  const missing = embedhub(['check-json', 'no/such/file.json']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot open no\/such\/file\.json/);
});
