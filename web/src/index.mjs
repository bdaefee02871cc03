// index.mjs — the package entry in browsers and bundlers.
export { load, HubError, SchemaError } from './core.mjs';
