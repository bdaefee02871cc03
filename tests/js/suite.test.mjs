// suite.test.mjs — the JSON-Schema-Test-Suite through the WebAssembly build, with the selection of
// tests/c/test_suite.c: remotes registered as http://localhost:1234/<path>; tests/draft2020-12
// with the default dialect and tests/draft7 with dialect draft-07; "required" files must all
// pass, optional/format/ runs with format assertion and must pass ≥ 95%, other optional files are
// reported. Each case is validated as a JS value and as JSON text, in first- and all-errors mode.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { SUITE, suiteHub, walk } from './suite-support.mjs';

const suite = SUITE;
const jsonFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
const hub = await suiteHub();

/** Runs `files`; returns {passed, failed, failures[]}. */
function run(files, options) {
  const tally = { passed: 0, failed: 0, failures: [] };
  for (const file of files) {
    for (const group of JSON.parse(readFileSync(file, 'utf8'))) {
      let first, all;
      try {
        first = hub.compile(group.schema, options);
        all = hub.compile(group.schema, { ...options, mode: 'all' });
      } catch (err) {
        first?.free();
        tally.failed += group.tests.length;
        tally.failures.push(`${relative(suite, file)}: "${group.description}": does not compile: ${err.message}`);
        continue;
      }
      for (const c of group.tests) {
        const text = JSON.stringify(c.data);
        const answers = [first.validate(c.data), first.validateJson(text), all.validate(c.data), all.validateJson(text)];
        if (answers.every((a) => a.valid === c.valid && (a.valid || a.errors.length > 0))) {
          tally.passed++;
        } else {
          tally.failed++;
          tally.failures.push(`${relative(suite, file)}: "${group.description}" / "${c.description}": expected ${c.valid ? 'valid' : 'invalid'}`);
        }
      }
      first.free();
      all.free();
    }
  }
  return tally;
}

const report = (t, name, tally) => {
  t.diagnostic(`suite ${name}: ${tally.passed} passed, ${tally.failed} failed`);
  for (const f of tally.failures) t.diagnostic(`  ${f}`);
};

for (const [draft, dialect] of [['draft2020-12', '2020-12'], ['draft7', 'draft-07']]) {
  const dir = join(suite, 'tests', draft);

  test(`JSON-Schema-Test-Suite ${draft}: every required case passes`, (t) => {
    const tally = run(jsonFiles(dir), { dialect });
    report(t, `${draft} required`, tally);
    assert.ok(tally.passed >= (draft === 'draft7' ? 927 : 1299), `${tally.passed} cases ran`);
    assert.deepEqual(tally.failures, []);
  });

  test(`JSON-Schema-Test-Suite ${draft}: optional/format with format assertion passes ≥ 95%`, (t) => {
    const tally = run(jsonFiles(join(dir, 'optional', 'format')), { dialect, formats: 'assert' });
    report(t, `${draft} format`, tally);
    assert.ok(tally.passed / (tally.passed + tally.failed) >= 0.95, `${tally.passed}/${tally.passed + tally.failed}`);
  });

  test(`JSON-Schema-Test-Suite ${draft}: the other optional files run (reported)`, (t) => {
    const tally = run(jsonFiles(join(dir, 'optional')), { dialect });
    report(t, `${draft} optional`, tally);
    assert.ok(tally.passed + tally.failed > 100);
  });
}
