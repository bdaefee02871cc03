// ulid.test.mjs — the server's ULIDs: canonical text, time prefix, monotonic within a millisecond
// and when the clock steps back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUlid, ulid, ulidFactory } from '../../web/server/ulid.mjs';

test('a ULID is 26 Crockford base32 characters with the time in front', () => {
  const id = ulidFactory(() => 1469918176385)();
  assert.ok(isUlid(id));
  assert.equal(id.slice(0, 10), '01ARYZ6S41'); // the ULID specification's example time
  for (const bad of ['', '01ARYZ6S41', '01arz3ndektsv4rrffq69g5fav', '81ARZ3NDEKTSV4RRFFQ69G5FAV', '01ARZ3NDEKTSV4RRFFQ69G5FAI', 42]) {
    assert.equal(isUlid(bad), false, String(bad));
  }
});

test('ids minted in one millisecond, or after the clock stepped back, still sort in order', () => {
  let now = 1_700_000_000_000;
  const next = ulidFactory(() => now);
  const ids = [];
  for (let i = 0; i < 1000; i++) ids.push(next());
  now -= 5000;
  for (let i = 0; i < 10; i++) ids.push(next());
  now += 10_000;
  ids.push(next());
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.every(isUlid));
});

test('the shared generator is monotonic across a burst', () => {
  const ids = Array.from({ length: 10_000 }, ulid);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
});
