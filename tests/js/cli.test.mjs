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

const shared = (f) => fileURLToPath(new URL(`../../../shared/bench-fixtures/${f}`, import.meta.url));

test('validate exits 0 for valid data and 1 with one JSON line per error (--all)', () => {
  const schema = shared('variables-schema.json');
  assert.equal(embedhub(['validate', '--schema', schema, shared('dynamic-variables-valid.json')]).status, 0);
  const first = embedhub(['validate', '--schema', schema, shared('dynamic-variables-invalid.json')]);
  assert.equal(first.status, 1);
  assert.equal(first.stdout.trim().split('\n').length, 1, 'first-error mode stops at one');
  const all = embedhub(['validate', '--schema', schema, '--all', '--formats', 'assert', shared('dynamic-variables-invalid.json')]);
  assert.equal(all.status, 1);
  const errors = all.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(errors.length >= 7, `${errors.length} errors`);
  assert.deepEqual(errors.find((e) => e.keyword === 'maximum'), {
    file: shared('dynamic-variables-invalid.json'), instancePath: '/retryCount',
    schemaPath: '/properties/retryCount/maximum', keyword: 'maximum', message: 'must be <= 10, got 12',
  });
  assert.ok(errors.some((e) => e.keyword === 'format' && e.instancePath === '/endpoints/1/url'), 'format asserted');
});

test('validate: malformed data is invalid (1), a bad schema or missing file is a usage error (2)', () => {
  const schema = shared('variables-schema.json');
  const r = embedhub(['validate', '--schema', schema, '-'], { input: '{"apiKey": ' });
  assert.equal(r.status, 1);
  assert.equal(JSON.parse(r.stdout).code, 'json_syntax');
  const badSchema = embedhub(['validate', '--schema', '-', 'tests/fixtures/json/good.json'], { input: '{"type": 12}' });
  assert.equal(badSchema.status, 2);
  assert.match(badSchema.stderr, /not a valid schema: .* at '\/type'/);
  assert.equal(embedhub(['validate', '--schema', schema, 'missing.json']).status, 2);
  assert.equal(embedhub(['validate', 'x.json']).status, 2);
});

test('check-activation applies every rule to a payload and names the field', () => {
  const args = ['check-activation', '--integration', 'tests/fixtures/cli/integration.json',
    '--connections', 'tests/fixtures/cli/connections.json', '--user', 'tests/fixtures/cli/user.json'];
  const ok = embedhub([...args, 'tests/fixtures/cli/activation-ok.json']);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  const bad = embedhub([...args, 'tests/fixtures/cli/activation-bad.json']);
  assert.equal(bad.status, 1);
  const errors = bad.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(errors.map((e) => [e.code, e.field]), [
    ['template_unbound', 'connections'], ['variables_invalid', 'dynamicVariables.auth.clientId'],
  ]);
  const already = embedhub([...args, '--activated', 'tests/fixtures/cli/activation-ok.json']);
  assert.equal(JSON.parse(already.stdout.trim().split('\n')[0]).code, 'already_activated');
  assert.equal(embedhub(args.slice(0, 3).concat(['tests/fixtures/cli/activation-ok.json'])).status, 2);
});

test('form prints the settings form of a variablesSchema', () => {
  const r = embedhub(['form', shared('variables-schema.json')]);
  assert.equal(r.status, 0, r.stderr);
  const { fields } = JSON.parse(r.stdout);
  const region = fields.find((f) => f.key === 'region');
  assert.equal(region.control, 'select');
  assert.deepEqual(region.options.map((o) => o.value).slice(0, 2), ['us-east-1', 'us-west-2']);
  assert.equal(fields.find((f) => f.key === 'auth.clientId').group, 'auth');
  const notObject = embedhub(['form', '-'], { input: '"just a string"' });
  assert.equal(notObject.status, 1);
  assert.equal(JSON.parse(notObject.stdout).code, 'schema_not_object');
});
