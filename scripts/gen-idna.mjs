// gen-idna.mjs — derives the IDNA2008 property table (RFC 5892/5893) from the UCD and writes it as C.
//
// Usage: node scripts/gen-idna.mjs UNICODE_DIR OUT.c
//
// UNICODE_DIR holds the Unicode Character Database files UnicodeData.txt, PropList.txt,
// DerivedCoreProperties.txt, DerivedNormalizationProps.txt, HangulSyllableType.txt, Scripts.txt
// and ArabicShaping.txt. OUT.c defines the IDNA2008 properties of every code point for
// src/format.c as runs of equal 11-bit values:
//
//   idna_runs[]  a byte stream, per run: value (2 bytes, little-endian), then the run's
//                    length in code points as a little-endian base-128 varint; the runs cover
//                    U+0000..U+10FFFF in order.
//   idna_checkpoints[k], idna_offsets[k]  the first code point and byte offset of run
//                    k * CHUNK: a binary search there, then at most CHUNK runs to decode. This
//                    gzips to about 1 KB where one uint32 per run gzips to 1.6 KB (the WebAssembly
//                    core has a 40 KB gzip budget).
//
//   value bits 0-1   status: 0 "by general category" (PVALID iff gc is Ll Lo Nd Lm Mn Mc),
//                    1 DISALLOWED, 2 PVALID. The RFC 5892 CONTEXTJ/CONTEXTO code points are
//                    fixed by the RFC (sections 2.6, 2.7) and checked by src/format.c itself.
//   value bits 2-4   Bidi class group (RFC 5893): 0 "by general category" (Mn -> NSM, else L),
//                    1 L, 2 R or AL, 3 AN, 4 EN, 5 NSM, 6 ES CS ET ON BN, 7 any other class.
//   value bits 5-6   script for the RFC 5892 Appendix A rules: 0 other, 1 Greek, 2 Hebrew,
//                    3 Hiragana, Katakana or Han.
//   value bits 7-9   Joining_Type: 0 "by general category" (Mn -> T, else U), 1 L, 2 R, 3 D,
//                    4 T, 5 U or C.
//   value bit  10    Canonical_Combining_Class is Virama (9).
//
// The derivation follows RFC 5892 section 3 in order: Exceptions, BackwardCompatible (empty),
// Unassigned, LDH, JoinControl, Unstable, IgnorableProperties, IgnorableBlocks, OldHangulJamo,
// LetterDigits, else DISALLOWED. One documented approximation: Unstable uses the UCD property
// Changes_When_NFKC_Casefolded (NFKC_Casefold(cp) != cp), which differs from RFC 5892's
// toNFKC(toCaseFold(toNFKC(cp))) != cp only on Default_Ignorable code points, and those are
// DISALLOWED by IgnorableProperties anyway.
//
// Why the table is small: "by general category" defaults reuse the general-category table the
// core already has (src/unicode.c), and every property but the status is "don't care" on a
// DISALLOWED code point, so each range greedily absorbs all the code points it can.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  console.error('usage: node scripts/gen-idna.mjs UNICODE_DIR OUT.c');
  process.exit(2);
}

const N = 0x110000;
const read = (name) => readFileSync(join(dir, name), 'utf8');

// Calls fn(first, last, fields) for each data line "XXXX(..YYYY)? ; a ; b # comment".
function eachRange(name, fn) {
  for (const raw of read(name).split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const f = line.split(';').map((s) => s.trim());
    const [a, b] = f[0].split('..').map((h) => parseInt(h, 16));
    fn(a, b === undefined ? a : b, f);
  }
}

// UnicodeData.txt: general category, combining class, Bidi class ("First>/Last>" pairs are ranges).
const gc = new Array(N).fill('Cn');
const ccc = new Uint8Array(N);
const bidi = new Array(N).fill('');
{
  let first = -1;
  for (const line of read('UnicodeData.txt').split('\n')) {
    if (!line) continue;
    const f = line.split(';');
    const cp = parseInt(f[0], 16);
    if (f[1].endsWith(', First>')) { first = cp; continue; }
    const lo = f[1].endsWith(', Last>') ? first : cp;
    for (let c = lo; c <= cp; c++) { gc[c] = f[2]; ccc[c] = +f[3]; bidi[c] = f[4]; }
  }
}

function propSet(name, test) {
  const s = new Uint8Array(N);
  eachRange(name, (a, b, f) => { if (test(f[1])) s.fill(1, a, b + 1); });
  return s;
}
const whiteSpace = propSet('PropList.txt', (p) => p === 'White_Space');
const nonChar = propSet('PropList.txt', (p) => p === 'Noncharacter_Code_Point');
const ignorable = propSet('DerivedCoreProperties.txt', (p) => p === 'Default_Ignorable_Code_Point');
const unstable = propSet('DerivedNormalizationProps.txt', (p) => p === 'Changes_When_NFKC_Casefolded');
const oldJamo = propSet('HangulSyllableType.txt', (p) => p === 'L' || p === 'V' || p === 'T');

// RFC 5892 section 2.6 (Exceptions) and 2.7 (JoinControl): the code points whose rule lives in C.
const EXC_PVALID = new Set([0x00df, 0x03c2, 0x06fd, 0x06fe, 0x0f0b, 0x3007]);
const EXC_DISALLOWED = new Set([0x0640, 0x07fa, 0x302e, 0x302f, 0x3031, 0x3032, 0x3033, 0x3034,
  0x3035, 0x303b]);
const CONTEXTUAL = new Set([0x00b7, 0x0375, 0x05f3, 0x05f4, 0x30fb, 0x200c, 0x200d]);
for (let c = 0; c < 10; c++) { CONTEXTUAL.add(0x0660 + c); CONTEXTUAL.add(0x06f0 + c); }
const IGNORABLE_BLOCKS = [[0x20d0, 0x20ff], [0x1d100, 0x1d1ff], [0x1d200, 0x1d24f]];
const LETTER_DIGITS = new Set(['Ll', 'Lu', 'Lo', 'Nd', 'Lm', 'Mn', 'Mc']);

// RFC 5892 section 3 for the code points not in CONTEXTUAL: true if PVALID.
function pvalid(c) {
  if (EXC_PVALID.has(c)) return true;
  if (EXC_DISALLOWED.has(c)) return false;
  if (gc[c] === 'Cn') return false; // UNASSIGNED (and noncharacters, DISALLOWED below anyway)
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d) return true;
  if (unstable[c] || ignorable[c] || whiteSpace[c] || nonChar[c] || oldJamo[c]) return false;
  if (IGNORABLE_BLOCKS.some(([a, b]) => c >= a && c <= b)) return false;
  return LETTER_DIGITS.has(gc[c]);
}

const BIDI_GROUP = { L: 1, R: 2, AL: 2, AN: 3, EN: 4, NSM: 5, ES: 6, CS: 6, ET: 6, ON: 6, BN: 6 };
const SCRIPT = { Greek: 1, Hebrew: 2, Hiragana: 3, Katakana: 3, Han: 3 };
const script = new Uint8Array(N);
eachRange('Scripts.txt', (a, b, f) => { if (SCRIPT[f[1]]) script.fill(SCRIPT[f[1]], a, b + 1); });
const JT = { L: 1, R: 2, D: 3, T: 4, U: 5, C: 5 };
const joining = new Uint8Array(N);
eachRange('ArabicShaping.txt', (a, b, f) => joining.fill(JT[f[2]], a, b + 1));
for (let c = 0; c < N; c++) {
  // ArabicShaping.txt: code points not listed that are Mn, Me or Cf have Joining_Type T.
  if (!joining[c]) joining[c] = gc[c] === 'Mn' || gc[c] === 'Me' || gc[c] === 'Cf' ? JT.T : JT.U;
}

// The values each field may take at code point c, as bit masks (bit v set: value v is right).
const FIELDS = [[0, 2], [2, 3], [5, 2], [7, 3], [10, 1]]; // [shift, width]
const ANY = FIELDS.map(([, w]) => (1 << (1 << w)) - 1);
function allowed(c) {
  const ctx = CONTEXTUAL.has(c);
  const valid = ctx || pvalid(c);
  const byGc = ['Ll', 'Lo', 'Nd', 'Lm', 'Mn', 'Mc'].includes(gc[c]);
  const status = ctx ? ANY[0] : (valid ? 4 : 2) | (valid === byGc ? 1 : 0);
  if (!valid) return [status, ANY[1], ANY[2], ANY[3], ANY[4]];
  const mn = gc[c] === 'Mn';
  const b = BIDI_GROUP[bidi[c]] || 7;
  const j = joining[c];
  return [status, 1 << b | (b === (mn ? 5 : 1) ? 1 : 0), 1 << script[c],
    1 << j | (j === (mn ? JT.T : JT.U) ? 1 : 0), 1 << (ccc[c] === 9 ? 1 : 0)];
}
const lowest = (mask) => 31 - Math.clz32(mask & -mask);
const pack = (masks) => masks.reduce((v, m, i) => v | lowest(m) << FIELDS[i][0], 0);

// Greedy maximal runs: a run continues while some value fits every code point in it.
const ranges = [];
let cur = null;
let start = 0;
for (let c = 0; c <= N; c++) {
  const a = c < N ? allowed(c) : null;
  const next = a && cur && cur.map((m, i) => m & a[i]);
  if (next && next.every((m) => m)) { cur = next; continue; }
  if (cur) ranges.push([start, pack(cur)]);
  cur = a;
  start = c;
}
const merged = ranges.filter((r, i) => i === 0 || r[1] !== ranges[i - 1][1]);

const CHUNK = 32;
const stream = [];
const checkpoints = [];
const offsets = [];
merged.forEach(([s, v], i) => {
  if (i % CHUNK === 0) { checkpoints.push(s); offsets.push(stream.length); }
  stream.push(v & 0xff, v >> 8);
  for (let n = (i + 1 < merged.length ? merged[i + 1][0] : N) - s; ; n = Math.floor(n / 128)) {
    if (n < 128) { stream.push(n); break; }
    stream.push(n % 128 | 128);
  }
});
if (stream.length > 0xffff) throw new Error('gen-idna: run stream too long for uint16 offsets');

// Self-check: decoding the stream as src/format.c does must give each code point an allowed value.
function lookup(cp) {
  let k = 0;
  while (k + 1 < checkpoints.length && checkpoints[k + 1] <= cp) k++;
  for (let p = offsets[k], start = checkpoints[k]; ;) {
    const v = stream[p] | stream[p + 1] << 8;
    let n = 0;
    p += 2;
    for (let shift = 1; ; shift *= 128) { n += (stream[p] & 127) * shift; if (!(stream[p++] & 128)) break; }
    if (cp - start < n) return v;
    start += n;
  }
}
for (let c = 0; c < N; c++) {
  const a = allowed(c);
  const v = lookup(c);
  FIELDS.forEach(([s, w], i) => {
    if (!(a[i] >> (v >> s & ((1 << w) - 1)) & 1)) {
      throw new Error(`gen-idna: wrong value for U+${c.toString(16)} field ${i}`);
    }
  });
}

function rows(values, perRow, fmt) {
  const r = [];
  for (let i = 0; i < values.length; i += perRow) r.push('    ' + values.slice(i, i + perRow).map(fmt).join(', ') + ',');
  return r.join('\n');
}
writeFileSync(out, `/* idna_tables.c — generated by scripts/gen-idna.mjs from the UCD; do not edit. */
#include <stdint.h>

/* Runs of IDNA2008 properties (value, length); layout in scripts/gen-idna.mjs. */
const unsigned char idna_runs[] = {
${rows(stream, 16, (b) => String(b))}
};
/* The first code point and the offset in idna_runs of runs 0, ${CHUNK}, ${2 * CHUNK}, … */
const uint32_t idna_checkpoints[] = {
${rows(checkpoints, 8, (c) => '0x' + c.toString(16))}
};
const uint16_t idna_offsets[] = {
${rows(offsets, 12, String)}
};
const unsigned idna_checkpoints_len = ${checkpoints.length};
`);
console.error(`gen-idna: ${merged.length} runs, ${stream.length} + ${checkpoints.length * 6} bytes`);
