// fixture-cases.mjs — runs the table-driven cases of tests/fixtures/domain (their `about` gives
// the rules) through the hub's JS methods; shared by the Node tests of the domain calls.
import assert from 'node:assert/strict';
import { HubError } from '../../web/src/node.mjs';
import { fixture, readJson } from './helpers.mjs';

export const domainFixture = (name) => readJson(fixture(`domain/${name}.json`));
export const hexBytes = (hex) => Uint8Array.from(hex.match(/../g), (h) => parseInt(h, 16));
export const isTextCase = (c) => 'inputText' in c || 'inputHex' in c;
export const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The fixtures' rule (see their `about`): members named in `want` match; arrays have equal
 * length; numbers by value; with `exact`, objects have the same members. */
export function matches(want, got, exact) {
  if (want === null || typeof want !== 'object') return Object.is(want, got) || want === got;
  if (Array.isArray(want)) {
    return Array.isArray(got) && want.length === got.length && want.every((w, i) => matches(w, got[i], exact));
  }
  if (got === null || typeof got !== 'object' || Array.isArray(got)) return false;
  if (exact && Object.keys(want).length !== Object.keys(got).length) return false;
  return Object.entries(want).every(([k, w]) => Object.hasOwn(got, k) && matches(w, got[k], exact));
}

/** Runs `call()` for case `c` and checks its answer or its HubError against the case. */
export function check(c, call) {
  let answer, error;
  try {
    answer = call();
  } catch (err) {
    if (!(err instanceof HubError)) throw err;
    error = err;
  }
  if (c.error) {
    assert.ok(error, `${c.name}: expected ${c.error.code}, got ${JSON.stringify(answer)}`);
    assert.equal(error.code, c.error.code, c.name);
    if (c.error.field) assert.equal(error.fields[0]?.field, c.error.field, c.name);
    if (c.error.field) assert.equal(error.field, c.error.field, `${c.name}: HubError.field`);
    if (c.error.says) assert.ok(error.message.includes(c.error.says), `${c.name}: "${error.message}" lacks "${c.error.says}"`);
    assert.deepEqual(error.toJSON().code, c.error.code);
    return;
  }
  assert.ok(!error, `${c.name}: unexpected ${error?.code}: ${error?.message}`);
  assert.ok(matches(c.expected, answer, c.exact === true), `${c.name}: got ${JSON.stringify(answer).slice(0, 400)}`);
  for (const k of c.absent ?? []) assert.ok(!Object.hasOwn(answer, k), `${c.name}: ${k} must be absent`);
}

// A JS string argument is JSON text to the hub's methods, so a string *value* goes as its text.
export const asArgument = (value) => (typeof value === 'string' ? JSON.stringify(value) : value);

/** Runs the object-input cases of `cases`; returns how many text-only cases it left to C. */
export function runCases(cases, call) {
  let textOnly = 0;
  for (const c of cases) {
    if (isTextCase(c)) { textOnly++; continue; }
    check(c, () => call(asArgument(c.input), c));
  }
  return textOnly;
}
