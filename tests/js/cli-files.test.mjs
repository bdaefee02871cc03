// cli-files.test.mjs — which files `embedhub validate` and `embedhub test` read: globs and
// directories expanded by the tool, '-', the order of the output, unreadable files, big batches.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { embedhub, lines, scratch } from './cli-support.mjs';

const files = (out) => [...new Set(lines(out).map((l) => JSON.parse(l).file))];
const order = ['validate', '--schema', 'schemas/order.schema.json', '--ref', 'schemas/defs'];

test('output follows the order of the files as given, not the order of names', () => {
  const r = embedhub([...order, 'data/bad/d.json', 'data/good/a.json', 'data/bad/c.json', 'data/bom.json']);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(files(r.stdout), ['data/bad/d.json', 'data/bad/c.json', 'data/bom.json']);
});

test('globs are expanded by the tool: *, ?, [..], {a,b} in its order, **; matches sorted', () => {
  const text = (args) => embedhub([...order, '--errors', 'text', ...args]);
  const summary = (r) => lines(r.stdout).at(-1);
  assert.equal(summary(text(['data/*/*.json'])), '5 files, 3 valid, 2 invalid'); // good, bad, nested
  assert.equal(summary(text(['data/**/*.json'])), '10 files, 4 valid, 6 invalid'); // a b e f valid
  assert.equal(summary(text(['data/good/?.json'])), '2 files, 2 valid, 0 invalid');
  assert.equal(summary(text(['data/bad/[c].json'])), '1 files, 0 valid, 1 invalid');
  assert.equal(summary(text(['data/bad/[!c].json'])), '1 files, 0 valid, 1 invalid');
  const braces = embedhub([...order, 'data/{good,bad}/*.json', 'data/{bom,bad/c}.json']);
  assert.deepEqual(files(braces.stdout), ['data/bad/c.json', 'data/bad/d.json', 'data/bom.json']);
  // "{bom,bad/c}": bom first (brace order); c.json, named by two arguments, is validated twice.
  const once = embedhub([...order, '--errors', 'text', 'data/bad/*.json', 'data/bad/c.json']);
  assert.equal(lines(once.stdout).at(-1), '3 files, 0 valid, 3 invalid', 'a file named twice is validated twice');
});

test('a glob that matches nothing is exit 2 with a clear message, and nothing is validated', () => {
  const r = embedhub([...order, 'data/good/a.json', 'data/nothing-*.json']);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, "embedhub: no file matches the pattern 'data/nothing-*.json'\n");
  const ref = embedhub(['validate', '--schema', 'schemas/order.schema.json', '--ref', 'schemas/nope/*.json', 'data/good/a.json']);
  assert.equal(ref.status, 2);
  assert.match(ref.stderr, /no file matches the pattern 'schemas\/nope\/\*\.json'/);
});

test('a directory means every .json file under it, in path order, other files ignored', () => {
  const r = embedhub([...order, '--errors', 'text', 'data/nested']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(lines(r.stdout), ['2 files, 2 valid, 0 invalid']);
  const json = embedhub([...order, 'data']);
  assert.deepEqual(files(json.stdout), ['data/bad/c.json', 'data/bad/d.json', 'data/bom.json', 'data/broken.json',
    'data/tree-bad.json', 'data/tree-ok.json']);
  const dir = scratch('embedhub-empty-');
  writeFileSync(join(dir, 'readme.txt'), 'no JSON here');
  const empty = embedhub([...order, dir]);
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /no \.json file under the directory/);
});

test("'-' reads standard input, in its place among the files", () => {
  const input = '{"id": "ord_9", "customer": {"name": ""}, "total": {"amount": 1, "currency": "EUR"}}';
  const r = embedhub([...order, '--errors', 'text', 'data/bad/d.json', '-', 'data/good/a.json'], { input });
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(lines(r.stdout), [
    'data/bad/d.json:1:9: /id: must match pattern ^ord_[0-9]+$ (pattern)',
    '-:1:38: /customer/name: must be at least 1 character, got 0 (minLength)',
    '3 files, 1 valid, 2 invalid',
  ]);
});

test('an unreadable file among readable ones: the others are still reported, exit 2', () => {
  const dir = scratch('embedhub-unreadable-');
  symlinkSync(join(dir, 'gone.json'), join(dir, 'dangling.json'));
  const r = embedhub([...order, '--errors', 'text', 'data/bad/d.json', 'data/missing.json', join(dir, 'dangling.json'),
    'data/good/a.json', 'data/bad/c.json']);
  assert.equal(r.status, 2);
  assert.deepEqual(files(r.stdout.replace(/^(.*?):\d+:\d+: .*$/gm, '{"file": "$1"}').replace(/^\d+ files.*$/m, '')),
    ['data/bad/d.json', 'data/bad/c.json']);
  assert.equal(lines(r.stdout).at(-1), '5 files, 1 valid, 2 invalid, 2 unreadable');
  assert.match(r.stderr, /cannot open data\/missing\.json: No such file or directory/);
  assert.match(r.stderr, /cannot open .*dangling\.json/);
  // JSON lines: the same files reported, the same exit status.
  const json = embedhub([...order, 'data/missing.json', 'data/bad/c.json']);
  assert.equal(json.status, 2);
  assert.deepEqual(files(json.stdout), ['data/bad/c.json']);
});

test('test: fixtures with the expected verdict exit 0; a wrong verdict exits 1 and says why', () => {
  const t = ['test', '--schema', 'schemas/order.schema.json', '--ref', 'schemas/defs/*.json'];
  const ok = embedhub([...t, '--valid', 'data/good/*.json', '--invalid', 'data/bad', '--invalid', 'data/bom.json']);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.deepEqual(lines(ok.stdout), ['5 files, 5 as expected, 0 wrong']);
  const wrong = embedhub([...t, '--valid', 'data/good/a.json', '--valid', 'data/bad/d.json', '--invalid', 'data/good/b.json']);
  assert.equal(wrong.status, 1);
  assert.deepEqual(lines(wrong.stdout), [
    'data/bad/d.json:1:1: expected valid, but it is invalid',
    'data/bad/d.json:1:9: /id: must match pattern ^ord_[0-9]+$ (pattern)',
    'data/good/b.json:1:1: expected invalid, but it is valid',
    '3 files, 1 as expected, 2 wrong',
  ]);
  const json = embedhub([...t, '--errors', 'json', '--invalid', 'data/good/b.json']);
  assert.equal(json.status, 1);
  assert.deepEqual(JSON.parse(json.stdout), { file: 'data/good/b.json', expected: 'invalid', valid: true });
  const gh = embedhub([...t, '--errors', 'github', '--invalid', 'data/good/b.json']);
  assert.equal(lines(gh.stdout)[0], '::error file=data/good/b.json,line=1,col=1::expected invalid, but it is valid');
});

test('test: usage errors, a fixture that is not JSON, an unreadable one, a glob matching nothing: exit 2', () => {
  const t = ['test', '--schema', 'schemas/order.schema.json', '--ref', 'schemas/defs'];
  const notJson = embedhub([...t, '--invalid', 'data/broken.json', '--valid', 'data/good/a.json']);
  assert.equal(notJson.status, 2);
  assert.match(notJson.stderr, /data\/broken\.json is not JSON: .* at line 2, column 1/);
  assert.equal(lines(notJson.stdout).at(-1), '2 files, 1 as expected, 0 wrong, 1 unreadable');
  assert.equal(embedhub([...t, '--valid', 'data/none.json']).status, 2);
  assert.equal(embedhub([...t, '--valid', 'data/none/*.json']).status, 2);
  const positional = embedhub([...t, 'data/good/a.json']);
  assert.equal(positional.status, 2);
  assert.match(positional.stderr, /test takes its files with --valid and --invalid/);
  assert.match(embedhub([...t]).stderr, /test needs files with --valid or --invalid/);
  assert.match(embedhub(['test', '--valid', 'data/good/a.json']).stderr, /test needs --schema/);
});

test('thousands of files are validated in one process, in order', () => {
  const dir = scratch('embedhub-many-');
  const n = 3000;
  for (let i = 0; i < n; i++) {
    const sub = join(dir, `part-${String(Math.floor(i / 1000))}`);
    if (i % 1000 === 0) mkdirSync(sub);
    const amount = i % 300 === 7 ? -i : i; // every 300th (from 7 on) is invalid
    writeFileSync(join(sub, `order-${String(i).padStart(5, '0')}.json`),
      JSON.stringify({ id: `ord_${i}`, customer: { name: `c${i}` }, total: { amount, currency: 'EUR' } }, null, 2));
  }
  const started = Date.now();
  const r = embedhub([...order, '--errors', 'text', dir]);
  const ms = Date.now() - started;
  assert.equal(r.status, 1, r.stderr);
  const out = lines(r.stdout);
  assert.equal(out.at(-1), `${n} files, ${n - 10} valid, 10 invalid`);
  assert.deepEqual(out.slice(0, 2), [
    `${dir}/part-0/order-00007.json:7:15: /total/amount: must be >= 0, got -7 (minimum)`,
    `${dir}/part-0/order-00307.json:7:15: /total/amount: must be >= 0, got -307 (minimum)`,
  ]);
  assert.ok(ms < 60_000, `${ms} ms`);
});
