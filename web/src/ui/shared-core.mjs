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

/**
 * One element's hold on the core: `promise` starts the load on first use (the host's own `hub`
 * option, else the page's shared core, compiled once `painted()` says the tiles are on
 * screen); `hub` is the core once loaded. A failed load is forgotten, so the next use retries.
 */
export class CoreSlot {
  hub = null;
  #promise = null;
  #painted = null;
  #opt;

  /** `opt(name)`: the element's option (hub, wasm). */
  constructor(opt) {
    this.#opt = opt;
  }

  /** The current load, or null before the first use. */
  get current() { return this.#promise; }

  get promise() {
    if (!this.#promise) {
      const given = this.#opt('hub');
      const core = given ? Promise.resolve(given) : coreFor(this.#opt('wasm'), new Promise((resolve) => { this.#painted = resolve; }));
      core.then((hub) => { this.hub = hub; }, () => { this.#promise = null; });
      this.#promise = core;
    }
    return this.#promise;
  }

  /** New options: the next use loads again. */
  reset() {
    this.#promise = null;
  }

  /** Lets the core compile once this frame is painted (rAF stops in background tabs: the
   * timer is the fallback there). */
  painted() {
    const go = this.#painted;
    if (!go) return;
    this.#painted = null;
    requestAnimationFrame(() => setTimeout(go));
    setTimeout(go, 100);
  }
}
