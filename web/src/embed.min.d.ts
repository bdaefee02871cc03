// embed.min.d.ts — the types of `embedhub/embed.min.mjs` (web/dist/embedhub-embed.min.mjs, made by
// scripts/bundle.mjs): the element and client of embed.d.ts and the core's load() of index.d.ts, in
// one minified module. The .wasm is fetched from beside it; the locales are lazy chunks beside it.
export * from './embed.js';
export { load, HubError, SchemaError } from './index.js';
export type { Hub, LoadOptions, WasmSource } from './index.js';
