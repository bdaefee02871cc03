// index.mjs — the package entry in browsers and bundlers.
export { load } from './core.mjs';
