// ui/shared-core.mjs — one core per page, however many embeds.
import { load } from '../core.mjs';

let sharedCore;

/**
 * The page's core. Its .wasm (`wasm`, or web/dist's) is fetched at once but compiled only once
 * `painted` resolves (the first tiles are on screen): compiling holds the main thread for tens
 * of milliseconds, and tiles need only the API's answer (their states follow a moment later).
 */
export function coreFor(wasm, painted) {
  if (!sharedCore) {
    const response = wasm ?? fetch(new URL('../../dist/embedhub-core.wasm', import.meta.url));
    response.catch?.(() => {}); // reported through load() below, not as an unhandled rejection
    // A failed load is forgotten, so "Try again" tries again.
    sharedCore = painted.then(() => load({ wasm: response })).catch((err) => { sharedCore = undefined; throw err; });
  }
  return sharedCore;
}
