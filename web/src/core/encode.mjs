// core/encode.mjs — JS values written straight into WebAssembly memory in the compact binary
// encoding src/json_binary.h describes, for validate(value): no JSON.stringify, no text to copy,
// no text for the core to parse. Anything whose JSON text is not simply the value (toJSON, boxed
// primitives and other non-plain objects), anything JSON.stringify would refuse or change (NaN,
// ±Infinity, undefined in arrays, BigInt, lone surrogates, cycles), names holding U+0000 and
// values nested deeper than the core's limit are not encoded: the caller takes the text path,
// which answers (or throws) exactly as before.

const NULL = 0, FALSE = 1, TRUE = 2, INT = 3, NUMBER = 4, STRING = 5, ARRAY = 6, OBJECT = 7;
const MAX_DEPTH = 512; // HUB_JSON_MAX_DEPTH: deeper values take the text path, which reports them
const MAX_BYTES = 64 * 1024 * 1024; // larger encodings take the text path (its limits apply)
const KEEP = 1024 * 1024; // a larger buffer is freed after its call, not kept for the hub's lifetime
const LONG = 512; // strings from this length on are written by encodeInto rather than code by code

// Whether Object.prototype has enumerable properties, which for-in would list as members of
// every plain object (JSON.stringify lists own keys only): then every value takes the text path.
function prototypePolluted() {
  for (const k in Object.prototype) return k !== undefined;
  return false;
}

const FALLBACK = { reason: 'take the text path' };
const GROW = { reason: 'the buffer is too small' };
const utf8 = new TextEncoder();
// String.prototype.isWellFormed is ES2024 (the bundle targets ES2022): in `u` mode a class of
// surrogates matches only the lone ones.
const LONE_SURROGATE = /\p{Cs}/u;
const wellFormed = (s) => (typeof s.isWellFormed === 'function' ? s.isWellFormed() : !LONE_SURROGATE.test(s));
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

function u32At(h, at, v) {
  h[at] = v; h[at + 1] = v >>> 8; h[at + 2] = v >>> 16; h[at + 3] = v >>> 24;
}

// The writers below share one state `w`: {h: the heap's bytes, pos: where the next byte goes,
// end: the buffer's end}. Running out of room throws GROW; what must take the text path, FALLBACK.

// The string as u32 length, UTF-8, NUL. `name`: a member name (U+0000 there takes the text path).
function writeText(w, s, name) {
  const n = s.length, h = w.h, at = w.pos;
  if (at + 5 + n * 3 > w.end) throw GROW;
  const start = at + 4;
  let p = start;
  if (n < LONG) {
    for (let i = 0; i < n; i++) {
      const ch = s.charCodeAt(i);
      if (ch >= 0x80 || ch === 0) { p = -1; break; }
      h[p++] = ch;
    }
  } else {
    p = -1;
  }
  if (p < 0) {
    if (!wellFormed(s) || (name && s.includes('\0'))) throw FALLBACK;
    p = start + utf8.encodeInto(s, h.subarray(start, start + n * 3)).written;
  }
  u32At(h, at, p - start);
  h[p] = 0;
  w.pos = p + 1;
}

function writeNumber(w, v) {
  const h = w.h, at = w.pos;
  if ((v | 0) === v) {
    if (at + 5 > w.end) throw GROW;
    h[at] = INT;
    u32At(h, at + 1, v);
    w.pos = at + 5;
    return;
  }
  if (!Number.isFinite(v)) throw FALLBACK;
  if (at + 9 > w.end) throw GROW;
  h[at] = NUMBER;
  f64[0] = v;
  for (let i = 0; i < 8; i++) h[at + 1 + i] = f64Bytes[i];
  w.pos = at + 9;
  writeText(w, String(v), false);
}

function writeArray(w, v, depth) {
  if (typeof v.toJSON === 'function') throw FALLBACK;
  const n = v.length;
  if (w.pos + 5 > w.end) throw GROW;
  w.h[w.pos] = ARRAY;
  u32At(w.h, w.pos + 1, n);
  w.pos += 5;
  for (let i = 0; i < n; i++) {
    const item = v[i];
    // undefined (holes too), functions and symbols: JSON.stringify writes null, we refuse
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') throw FALLBACK;
    writeValue(w, item, depth);
  }
}

function writeObject(w, v, depth) {
  const proto = Object.getPrototypeOf(v);
  if ((proto !== Object.prototype && proto !== null) || typeof v.toJSON === 'function') throw FALLBACK;
  if (w.pos + 5 > w.end) throw GROW;
  w.h[w.pos] = OBJECT;
  const countAt = w.pos + 1;
  w.pos += 5;
  let count = 0;
  for (const k in v) { // own keys only: plain objects, Object.prototype checked by encode()
    const item = v[k];
    // members JSON.stringify leaves out
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    writeText(w, k, true);
    writeValue(w, item, depth);
    count++;
  }
  u32At(w.h, countAt, count);
}

function writeByte(w, byte) {
  if (w.pos >= w.end) throw GROW;
  w.h[w.pos++] = byte;
}

function writeValue(w, v, depth) {
  switch (typeof v) {
    case 'string':
      writeByte(w, STRING);
      writeText(w, v, false);
      return;
    case 'number': writeNumber(w, v); return;
    case 'boolean': writeByte(w, v ? TRUE : FALSE); return;
    case 'object':
      if (v === null) return writeByte(w, NULL);
      if (depth >= MAX_DEPTH) throw FALLBACK;
      if (Array.isArray(v)) writeArray(w, v, depth + 1);
      else writeObject(w, v, depth + 1);
      return;
    default: throw FALLBACK; // undefined, functions, symbols, BigInt
  }
}

/** The encoder of one instance: `c` its C functions, `heap()` its current memory bytes. */
export function binaryEncoder(c, heap) {
  let base = 0, cap = 0; // the buffer: malloc'd, kept for the hub's lifetime, grown on demand
  const w = { h: null, pos: 0, end: 0 };

  function grow(need) {
    if (base) c.free(base);
    cap = Math.max(need, 4096);
    base = c.malloc(cap);
    if (!base) { cap = 0; throw new RangeError('embedhub: out of memory'); }
  }

  return {
    /** Encodes `v` at ptr(): its byte length, or -1 when it must take the text path. */
    encode(v) {
      if (prototypePolluted()) return -1;
      for (;;) {
        if (!base) grow(4096);
        w.h = heap();
        w.pos = base;
        w.end = base + cap;
        try {
          writeValue(w, v, 0);
          return w.pos - base;
        } catch (err) {
          if (err === FALLBACK) return -1;
          if (err !== GROW) throw err;
          if (cap * 4 > MAX_BYTES) return -1;
          grow(cap * 4);
        }
      }
    },
    ptr: () => base,
    /** After the call that read the encoding: a buffer grown past KEEP is given back. */
    trim() {
      if (cap > KEEP) { c.free(base); base = 0; cap = 0; }
    },
  };
}
