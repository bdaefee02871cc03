// core/memory.mjs — the WebAssembly boundary's memory: views of the heap, copying text in and
// out, and the two calling conventions of src/wasm_api.c and include/embedhub.h. Every block it
// allocates for a call is freed in `finally`.
import { OK } from './bindings.mjs';
import { HubError, toJsonText } from './errors.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The heap of one instance: `c` its C functions (bindExports), `memory` its memory. */
function heapIO(c, memory) {
  let bytes = new Uint8Array(memory.buffer);
  // Memory growth detaches the old buffer: refresh the view when that happened.
  const heap = () => (bytes.buffer === memory.buffer ? bytes : (bytes = new Uint8Array(memory.buffer)));
  let words = new Uint32Array(memory.buffer);
  // The 32-bit word at the 4-aligned address `ptr`, through a view refreshed like `heap`.
  const wordView = () => (words.buffer === memory.buffer ? words : (words = new Uint32Array(memory.buffer)));
  const readWord = (ptr) => wordView()[ptr >> 2];
  const writeWord = (ptr, v) => { wordView()[ptr >> 2] = v; };
  function readCString(ptr) {
    const h = heap();
    return decoder.decode(h.subarray(ptr, h.indexOf(0, ptr)));
  }

  // Copies a JS string or bytes into a fresh malloc'd block: [ptr, byteLength]. Caller frees ptr.
  function copyIn(input) {
    if (typeof input === 'string') {
      // UTF-8 needs at most 3 bytes per UTF-16 code unit; +1 for a NUL and a non-empty block.
      const cap = input.length * 3 + 1;
      const ptr = c.malloc(cap);
      if (!ptr) throw new RangeError('embedhub: out of memory');
      const { written } = encoder.encodeInto(input, heap().subarray(ptr, ptr + cap));
      heap()[ptr + written] = 0;
      return [ptr, written];
    }
    if (input instanceof Uint8Array) {
      const ptr = c.malloc(input.length + 1);
      if (!ptr) throw new RangeError('embedhub: out of memory');
      heap().set(input, ptr);
      heap()[ptr + input.length] = 0;
      return [ptr, input.length];
    }
    throw new TypeError('embedhub: expected a string or a Uint8Array');
  }

  // The validation hot path copies its text into one buffer kept for the hub's lifetime (grown
  // as needed) instead of a malloc and a free per call. Only run() below uses it, never nested.
  let scratch = 0, scratchCap = 0, scratchView = null;
  function scratchIn(text) {
    const need = typeof text === 'string' ? text.length * 3 + 1 : text.length + 1;
    if (need > scratchCap) {
      if (scratch) c.free(scratch);
      scratchView = null;
      scratchCap = Math.max(need, 4096);
      scratch = c.malloc(scratchCap);
      if (!scratch) { scratchCap = 0; throw new RangeError('embedhub: out of memory'); }
    }
    const h = heap();
    if (typeof text !== 'string') { h.set(text, scratch); return text.length; }
    // The view is kept while the block and the memory stay the same.
    if (scratchView?.buffer !== h.buffer) scratchView = h.subarray(scratch, scratch + scratchCap);
    return encoder.encodeInto(text, scratchView).written;
  }

  return { heap, readWord, writeWord, readCString, copyIn, scratchIn, scratchPtr: () => scratch };
}

/** The boundary of one instance: `c` its C functions (bindExports), `memory` its memory. */
export function boundary(c, memory) {
  const io = heapIO(c, memory);
  const { heap, readWord, writeWord, readCString, copyIn } = io;
  // Live as long as the hub: the slot where C hands back a char*.
  const outSlot = c.malloc(4);
  if (!outSlot) throw new RangeError('embedhub: out of memory');

  // The workspace's errors: C hands them over as one run of NUL-terminated strings (see
  // result_strings in src/result.c), decoded in one call: a JSON text would cost C a writer and
  // JS a parser.
  function readErrors(workspace) {
    const at = c.wasm_result_errors(workspace, outSlot);
    if (!at) throw new RangeError('embedhub: out of memory');
    const parts = decoder.decode(heap().subarray(at, at + readWord(outSlot))).split('\0');
    const errors = [];
    for (let k = 0; k < parts.length - 1; k += 6) {
      const e = { instancePath: parts[k + 1], schemaPath: parts[k + 2], keyword: parts[k + 3], message: parts[k + 4],
        field: parts[k + 5] };
      if (parts[k] === 'P') e.property = parts[++k + 5];
      errors.push(e);
    }
    return errors;
  }

  // Runs `fn(ptr, len, outSlot)` on `input` with every allocation freed in `finally`;
  // returns [result, parsed JSON of *out or null].
  function call(input, fn) {
    const [ptr, len] = copyIn(input);
    let out = 0;
    try {
      writeWord(outSlot, 0);
      const result = fn(ptr, len, outSlot);
      out = readWord(outSlot);
      return [result, out ? JSON.parse(readCString(out)) : null];
    } finally {
      c.free(ptr);
      if (out) c.free(out);
    }
  }

  // Calls a domain function of include/embedhub.h: each argument is a JSON value (serialised),
  // JSON text (a string, passed as is) or a Uint8Array key (bytes), each passed as pointer and
  // length, or a number (a C handle, passed as is); the answer is JSON text in *out either way:
  // the result on HUB_OK, the wire Error body otherwise.
  function domain(fn, ...args) {
    const blocks = [];
    let out = 0;
    try {
      const argv = [];
      for (const a of args) {
        if (typeof a === 'number') { argv.push(a); continue; } // a handle
        const [ptr, len] = copyIn(a instanceof Uint8Array || typeof a === 'string' ? a : toJsonText(a));
        blocks.push(ptr);
        argv.push(ptr, len);
      }
      writeWord(outSlot, 0);
      const code = fn(...argv, outSlot, 0);
      out = readWord(outSlot);
      if (!out) throw new RangeError('embedhub: out of memory');
      const answer = JSON.parse(readCString(out));
      if (code !== OK) throw new HubError(answer);
      return answer;
    } finally {
      for (const ptr of blocks) c.free(ptr);
      if (out) c.free(out);
    }
  }
  return { ...io, outSlot, readErrors, call, domain };
}
