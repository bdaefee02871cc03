// cli-ci.test.mjs — `embedhub validate` as a CI tool: --ref, --spec, --errors text|github, with
// the line and column of each offending value (the WASI build under node:wasi).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cwd, embedhub, lines, scratch } from './cli-support.mjs';

const jsonLines = (out) => lines(out).map((l) => JSON.parse(l));
const order = ['validate', '--schema', 'schemas/order.schema.json',
  '--ref', 'schemas/defs/customer.schema.json', '--ref', 'schemas/defs/money.schema.json'];

test('--ref: relative $refs reach the named files, a $ref by $id reaches the file that declares it', () => {
  const ok = embedhub([...order, 'data/good/a.json', 'data/good/b.json']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout, '');
  const bad = embedhub([...order, '--all', 'data/bad/c.json']);
  assert.equal(bad.status, 1, bad.stderr);
  assert.deepEqual(jsonLines(bad.stdout).map((e) => [e.instancePath, e.keyword, e.schemaPath]), [
    ['/customer/name', 'minLength', '/properties/customer/$ref/properties/name/minLength'],
    ['/total/currency', 'enum', '/properties/total/$ref/properties/currency/enum'],
    ['/lines/1/qty', 'minimum', '/properties/lines/items/$ref/properties/qty/minimum'],
    ['', 'additionalProperties', '/additionalProperties'],
  ]);
  assert.equal(jsonLines(bad.stdout)[3].property, 'note');
  assert.ok(jsonLines(bad.stdout).every((e) => e.file === 'data/bad/c.json'));
});

test('--ref takes globs and directories, repeated; the result is the same', () => {
  const base = ['validate', '--schema', 'schemas/order.schema.json', '--all'];
  const want = embedhub([...order, '--all', 'data/bad/c.json']).stdout;
  assert.ok(want.length > 0);
  for (const refs of [['--ref', 'schemas/defs/*.json'], ['--ref', 'schemas/defs'], ['--ref', 'schemas/defs/'],
    ['--ref', 'schemas/defs/c*.json', '--ref', 'schemas/defs/m?ney.schema.json']]) {
    const r = embedhub([...base, ...refs, 'data/bad/c.json']);
    assert.equal(r.status, 1, `${refs.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, want, refs.join(' '));
  }
});

test('a $ref cycle across two files: recursion through data works, a cycle without data is exit 2', () => {
  const tree = ['validate', '--schema', 'schemas/tree.schema.json', '--ref', 'schemas/node.schema.json'];
  assert.equal(embedhub([...tree, 'data/tree-ok.json']).status, 0);
  const bad = embedhub([...tree, 'data/tree-bad.json']);
  assert.equal(bad.status, 1, bad.stderr);
  assert.deepEqual(jsonLines(bad.stdout).map((e) => [e.instancePath, e.keyword]),
    [['/root/children/0/subtree/root', 'required']]);
  const loop = embedhub(['validate', '--schema', 'schemas/loop-a.schema.json', '--ref', 'schemas/loop-b.schema.json',
    'data/tree-ok.json']);
  assert.equal(loop.status, 2);
  assert.equal(loop.stdout, '');
  assert.match(loop.stderr, /^embedhub: schemas\/loop-b\.schema\.json:1:23: \$ref "loop-a\.schema\.json" at '\/allOf\/0\/\$ref': .*would never end\n$/);
});

test('a missing reference is exit 2 naming it; a file that exists but is not named is never read', () => {
  const r = embedhub(['validate', '--schema', 'schemas/missing-ref.schema.json', '--ref', 'schemas/defs',
    'data/tree-ok.json']);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^embedhub: schemas\/missing-ref\.schema\.json:5:24: \$ref "not-given\.schema\.json" at '\/properties\/extra\/\$ref': reference to a schema that is not known/);
  assert.match(r.stderr, /name it with --ref/);
  // Without --ref, the $id reference of order.schema.json is missing too: named, with its place.
  const noRefs = embedhub(['validate', '--schema', 'schemas/order.schema.json', '--ref', 'schemas/defs/customer.schema.json',
    'data/good/a.json']);
  assert.equal(noRefs.status, 2);
  assert.match(noRefs.stderr, /order\.schema\.json:10:24: \$ref "https:\/\/schemas\.example\.com\/money\.json"/);
});

test('file names with spaces and non-ASCII letters: references are IRIs, the file URLs match them', () => {
  const dir = join(scratch('embedhub-iri-'), 'my schemas');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'main.json'), '{"properties": {"a": {"$ref": "sub/défauts.json"}, "b": {"$ref": "sub/with%20space.json"}}}');
  writeFileSync(join(dir, 'sub', 'défauts.json'), '{"type": "integer"}');
  writeFileSync(join(dir, 'sub', 'with space.json'), '{"type": "string"}');
  writeFileSync(join(dir, 'data.json'), '{"a": "x", "b": 1}');
  const r = embedhub(['validate', '--all', '--schema', 'main.json', '--ref', 'sub', 'data.json'], { cwd: dir });
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(jsonLines(r.stdout).map((e) => [e.instancePath, e.schemaPath]),
    [['/a', '/properties/a/$ref/type'], ['/b', '/properties/b/$ref/type']]);
});

test('--spec draft7 sets the default dialect; draft2020 is the default; others are usage errors', () => {
  const d2020 = embedhub(['validate', '--schema', 'draft7/tuple.schema.json', 'draft7/pair.json']);
  assert.equal(d2020.status, 2);
  assert.match(d2020.stderr, /tuple\.schema\.json:4:12: not a valid schema: .* at '\/items'/);
  assert.equal(embedhub(['validate', '--spec', 'draft2020', '--schema', 'draft7/tuple.schema.json', 'draft7/pair.json']).status, 2);
  const d7 = embedhub(['validate', '--spec', 'draft7', '--schema', 'draft7/tuple.schema.json', 'draft7/pair.json', 'draft7/triple.json']);
  assert.equal(d7.status, 1, d7.stderr);
  assert.deepEqual(jsonLines(d7.stdout).map((e) => [e.file, e.keyword]), [['draft7/triple.json', 'additionalItems']]);
  const bogus = embedhub(['validate', '--spec', 'draft4', '--schema', 'draft7/tuple.schema.json', 'draft7/pair.json']);
  assert.equal(bogus.status, 2);
  assert.match(bogus.stderr, /--spec takes 'draft7' or 'draft2020'/);
});

test('--errors text: file:line:column: instancePath: message (keyword), then the summary', () => {
  const r = embedhub([...order, '--all', '--errors', 'text', 'data/good/a.json', 'data/bad/c.json', 'data/broken.json']);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(lines(r.stdout), [
    'data/bad/c.json:3:25: /customer/name: must be at least 1 character, got 0 (minLength)',
    'data/bad/c.json:4:39: /total/currency: must be equal to one of the allowed values: "EUR", "USD" (enum)',
    'data/bad/c.json:7:28: /lines/1/qty: must be >= 1, got 0 (minimum)',
    "data/bad/c.json:9:11: (root): must not have additional property 'note' (additionalProperties)",
    'data/broken.json:2:1: unexpected end of input: expected a member name (json_syntax)',
    '3 files, 1 valid, 2 invalid',
  ]);
});

test('a BOM at the start of a data file is skipped: the file is validated, columns count from after it', () => {
  const r = embedhub([...order, '--errors', 'text', 'data/bom.json']);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(lines(r.stdout), [
    'data/bom.json:2:24: /total/amount: must be of type number, got string (type)', '1 files, 0 valid, 1 invalid']);
  const check = embedhub(['check-json', 'data/bom.json']);
  assert.equal(check.status, 0, check.stdout);
});

test('--errors github: workflow commands with file, line and col, escaped as GitHub requires', () => {
  const dir = scratch('embedhub-gh-');
  const odd = join(dir, 'a,b:c%.json');
  writeFileSync(odd, '{"id": "x\\ny",\n "customer": {"name": "A"}, "total": {"amount": 1, "currency": "EUR"}}');
  const r = embedhub([...order, '--errors', 'github', 'data/bad/d.json', odd]);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(lines(r.stdout), [
    '::error file=data/bad/d.json,line=1,col=9::/id: must match pattern ^ord_[0-9]+$ (pattern)',
    `::error file=${dir}/a%2Cb%3Ac%25.json,line=1,col=8::/id: must match pattern ^ord_[0-9]+$ (pattern)`,
    '2 files, 0 valid, 2 invalid',
  ]);
});

test('the line and column are those of the value, also deep in arrays, after multi-byte text', () => {
  const dir = scratch('embedhub-pos-');
  const f = join(dir, 'x.json');
  writeFileSync(f, '{"id": "ord_1", "customer": {"name": "Zoë 😀", "credit": {"amount": -1, "currency": "EUR"}},\n\t"total": {"amount": 1, "currency": "EUR"},\r\n'
    + '  "lines": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 1}, {"sku": "ü", "qty": -3}]}');
  const r = embedhub([...order, '--all', '--errors', 'text', f]);
  assert.equal(r.status, 1, r.stderr);
  // Columns count code points: "ë" and "😀" are one each (as in the parser's own errors).
  assert.deepEqual(lines(r.stdout), [
    `${f}:1:68: /customer/credit/amount: must be >= 0, got -1 (minimum)`,
    `${f}:3:81: /lines/2/qty: must be >= 1, got -3 (minimum)`,
    '1 files, 0 valid, 1 invalid',
  ]);
});

test('usage errors of validate are exit 2 with a message', () => {
  for (const [args, message] of [
    [['validate', '--errors', 'xml', '--schema', 'schemas/tree.schema.json', 'data/tree-ok.json'], /--errors takes/],
    [['validate', 'data/tree-ok.json'], /needs --schema/],
    [['validate', '--schema', 'schemas/tree.schema.json'], /at least one DATA file/],
    [['validate', '--schema', 'schemas/tree.schema.json', 'data/tree-ok.json', '--ref'], /--ref needs a value/],
    [['validate', '--bogus', '--schema', 'schemas/tree.schema.json', 'data/tree-ok.json'], /unknown option '--bogus'/],
    [['validate', '--schema', 'data/broken.json', 'data/tree-ok.json'], /data\/broken\.json is not JSON/],
  ]) {
    const r = embedhub(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
  }
});
