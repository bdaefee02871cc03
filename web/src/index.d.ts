// index.d.ts — the public contract of the `embedhub` package, written by hand.

/** Where the WebAssembly module comes from. Default: `embedhub-core.wasm` beside the glue. */
export type WasmSource =
  | string
  | URL
  | ArrayBuffer
  | ArrayBufferView
  | WebAssembly.Module
  | Response
  | PromiseLike<Response>;

export interface LoadOptions {
  wasm?: WasmSource;
}

/** A malformed-JSON report. `offset` is a byte offset into the UTF-8 text; `line` and
 * `column` are 1-based, `column` counting code points. */
export interface JsonError {
  /** Stable code: `json_empty`, `json_syntax`, `json_string`, `json_escape`, `json_utf8`,
   * `json_number`, `json_depth`, `json_trailing`, `json_duplicate_key`, `json_too_large`. */
  code: string;
  message: string;
  offset: number;
  line: number;
  column: number;
}

export type JsonCheckResult = { ok: true } | { ok: false; error: JsonError };

export interface Hub {
  /** The core's version, e.g. "0.1.0". */
  readonly version: string;
  /** Checks that `text` is one well-formed JSON value (RFC 8259, valid UTF-8, no duplicate
   * member names, nesting at most 512 deep). Bytes are checked as given. */
  checkJson(text: string | Uint8Array): JsonCheckResult;
  /** Bytes of the WebAssembly heap in use. */
  heapUsed(): number;
}

/** Loads the WebAssembly core once; the returned object is safe to share. */
export function load(options?: LoadOptions): Promise<Hub>;
