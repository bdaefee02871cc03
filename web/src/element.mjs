// element.mjs — <embed-hub>'s shell (options, core, client, events, mount); the grid, the tiles,
// the dialog and its flows live in ui/. Also the browser entry for HubClient.
import { HubClient } from './client.mjs';
import { translator } from './messages.mjs';
import { localize } from './ui/locale.mjs';
import { sheet } from './styles.mjs';
import { announce, icon } from './ui/dom.mjs';
import { GridState, buildGrid, pressFilter, renderGrid } from './ui/grid.mjs';
import { renderTile } from './ui/tile.mjs';
import { UserStates } from './ui/states.mjs';
import { CoreSlot } from './ui/shared-core.mjs';
import { DialogFrame } from './ui/dialog.mjs';
import { POLL_MS, clearReturnFragment, takeResume } from './ui/connect.mjs';
import { openActivation } from './ui/activate.mjs';
import { openManage } from './ui/manage.mjs';
export { HubApiError, HubClient } from './client.mjs';

/**
 * The integration hub for one end user.
 *
 * Attributes (or the same-named camelCase options of `configure()`/`mount()`): `api-base`,
 * `hub-id`, `user-id`, `identifier-type` (external | internal), `lang` or `locale` (en, de, fr,
 * es, ja, pt-BR, ar; absent: the page's <html lang>, then the browser's languages; changing it
 * re-renders), `page-size` (default 12), `theme` (light | dark; absent: follows
 * prefers-color-scheme). JS-only options: `token` or
 * `getToken()`, `messages` (a partial string table, see messages.mjs), `fetch`, `client` (a
 * HubClient), `hub` (an already loaded core), `wasm` (where load() finds the .wasm).
 *
 * Events (CustomEvent, bubbling and composed: ready, activate, activated, deactivated,
 * settings-changed, error, close), parts and CSS custom properties: see embed.d.ts.
 */
export class EmbedHub extends HTMLElement {
  static observedAttributes = ['api-base', 'hub-id', 'user-id', 'identifier-type', 'lang', 'locale', 'page-size'];

  #root = this.attachShadow({ mode: 'open' });
  #opts = {};
  #scheduled = false;
  #t = translator();
  #lang = 0;
  #client = null;
  #core = new CoreSlot((n) => this.#opt(n));
  #gen = 0;
  #abort = null;
  #readyFired = false;
  #grid = new GridState();
  #states = new UserStates();
  #poll = 0;
  #ui = {};
  #dialog;
  #ctx;

  constructor() {
    super();
    this.#root.adoptedStyleSheets = [sheet()];
    this.#dialog = new DialogFrame(this.#root, {
      t: () => this.#t,
      fallback: () => this.#ui.search,
      onClose: (reason, integration) => this.#emit('close', { integration, reason }),
    });
    this.#ctx = this.#context();
  }

  // What the flows in ui/ see of the element.
  #context() {
    const self = this;
    return {
      get t() { return self.#t; },
      get client() { return self.#client; },
      get core() { return self.#core.current; },
      get hub() { return self.#core.hub; },
      get conns() { return self.#states.conns; },
      get acts() { return self.#states.acts; },
      get apiBase() { return self.#opt('apiBase'); },
      dialog: this.#dialog,
      remember: (conn) => this.#states.remember(conn),
      forget: (id) => this.#states.forget(id),
      usedConnections: () => this.#states.used(),
      icon: (url, name) => icon(url, name, this.#opt('apiBase')),
      stateOf: (i) => this.#stateOf(i),
      emit: (type, detail, cancelable) => this.#emit(type, detail, cancelable),
      fail: (error, action) => this.#emit('error', { error, action }),
      announce: (text) => announce(this.#ui.live, text),
      reload: () => this.#load(true),
      repaint: () => this.#renderGrid(),
    };
  }

  /** Sets options (see the class comment) and reloads. Returns the element. */
  configure(options = {}) {
    const { theme, ...rest } = options;
    if (theme) this.setAttribute('theme', theme);
    Object.assign(this.#opts, rest);
    this.#schedule();
    return this;
  }

  get token() { return this.#opts.token; }
  set token(v) { this.configure({ token: v }); }

  /** Reloads tiles and states, keeping the page. */
  refresh() {
    return this.#load(true);
  }

  // A page restored from the back/forward cache (the way back from a same-window sign-in)
  // shows what it showed when it was left: load again.
  #onShow = (e) => { if (e.persisted) this.#load(true); };

  connectedCallback() {
    addEventListener('pageshow', this.#onShow);
    this.#schedule();
  }

  disconnectedCallback() {
    removeEventListener('pageshow', this.#onShow);
    this.#abort?.abort();
    clearTimeout(this.#poll);
  }

  attributeChangedCallback(name, was, now) {
    if (was === now) return;
    // The attribute set last wins over a language given as an option.
    if (name === 'lang' || name === 'locale') delete this.#opts[name];
    if ((name === 'lang' || name === 'locale') && this.#client) this.#localize(() => this.#build());
    else this.#schedule();
  }

  // Picks the language (ui/locale.mjs), then calls `then` once its strings are in.
  #localize(then) {
    const gen = ++this.#lang;
    const t = localize(this.#opt('lang'), this.#opt('locale'), this.#opt('messages'));
    const use = (tr) => { if (gen === this.#lang) { this.#t = tr; then(); } };
    if (typeof t === 'function') use(t);
    else t.then(use);
  }

  #opt(name) {
    const attr = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    return this.#opts[name] ?? this.getAttribute(attr) ?? undefined;
  }

  // Attributes and options often arrive one after another: start once, after the last.
  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => { this.#scheduled = false; if (this.isConnected) this.#start(); });
  }

  #start() {
    this.#localize(() => this.#begin());
  }

  #begin() {
    const o = (n) => this.#opt(n);
    this.#grid.reset();
    this.#build();
    const ready = o('client') || (o('apiBase') && o('hubId') && o('userId') && (o('token') || o('getToken')));
    if (!ready) return;
    this.#client = o('client') ?? new HubClient({
      apiBase: o('apiBase'), hubId: o('hubId'), userId: o('userId'), identifierType: o('identifierType') ?? 'external',
      token: o('token'), getToken: o('getToken'), fetch: o('fetch'),
    });
    this.#core.reset();
    this.#load(false);
  }

  get #pageSize() {
    const n = Number(this.#opt('pageSize'));
    return Number.isInteger(n) && n > 0 && n <= 100 ? n : 12;
  }

  #emit(type, detail, cancelable = false) {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }

  #build() {
    const grid = this.#grid;
    this.#ui = buildGrid(this.#t, grid.deployed, {
      query: (q) => { if (grid.setQuery(q)) this.#load(false); },
      deployed: (value) => { grid.setDeployed(value); pressFilter(this.#ui, value); this.#load(false); },
    });
    this.#ui.search.value = grid.query;
    for (const el of [this.#ui.section, this.#dialog.el]) Object.assign(el, { lang: this.#t.locale, dir: this.#t.dir });
    this.#root.replaceChildren(this.#ui.section, this.#dialog.el);
    this.#renderGrid();
  }

  #renderGrid() {
    const focused = this.#root.activeElement?.dataset?.for;
    renderGrid(this.#ui, this.#grid, {
      t: this.#t,
      pageSize: this.#pageSize,
      tile: (i) => this.#tile(i),
      retry: () => this.#load(false),
      clear: () => { this.#ui.search.value = ''; if (this.#grid.setQuery('')) this.#load(false); this.#ui.search.focus(); },
      turn: (dir) => { this.#grid.turn(dir); this.#load(false, true); },
    });
    if (focused) this.#root.querySelector(`[data-for="${CSS.escape(focused)}"]:not(:disabled)`)?.focus();
  }

  #tile(i) {
    const st = this.#stateOf(i);
    const problem = st ? this.#states.bound(i.id).find((c) => c.last_error)?.last_error : null;
    return renderTile(i, st, { t: this.#t, base: this.#opt('apiBase'), problem, onAction: (action, opener) => this.#act(i, action, opener) });
  }

  async #load(keep, paging = false) {
    if (!this.#client) return;
    const grid = this.#grid;
    const gen = ++this.#gen;
    const core = this.#core.promise;
    this.#abort?.abort();
    const ctl = (this.#abort = new AbortController());
    clearTimeout(this.#poll);
    if (!keep) {
      grid.status = 'loading';
      if (!paging || !grid.page) this.#renderGrid();
      this.#ui.grid.setAttribute('aria-busy', 'true');
    }
    try {
      const states = this.#states.fetch(this.#client, ctl.signal);
      states.catch(() => {});
      const page = await grid.fetchPage(this.#client, this.#pageSize, ctl.signal);
      if (gen !== this.#gen) return;
      grid.page = page;
      grid.status = 'ready';
      this.#renderGrid();
      this.#core.painted();
      await Promise.all([core, states]);
      if (gen !== this.#gen) return;
      this.#loaded(page, keep);
    } catch (err) {
      if (gen !== this.#gen || ctl.signal.aborted) return;
      grid.status = 'error';
      grid.error = err;
      this.#renderGrid();
      this.#core.painted();
      this.#ui.grid.removeAttribute('aria-busy');
      announce(this.#ui.live, this.#t('errorTitle'));
      this.#emit('error', { error: err, action: 'load' });
    }
  }

  // The page and its states are in: draw, announce, fire `ready` once, resume, poll.
  #loaded(page, keep) {
    this.#renderGrid();
    this.#ui.grid.removeAttribute('aria-busy');
    if (!keep) announce(this.#ui.live, this.#t('loaded', { count: page.totalCount }));
    if (!this.#readyFired) {
      this.#readyFired = true;
      this.#emit('ready', { totalCount: page.totalCount, totalConnected: page.totalConnected });
    }
    this.#resume();
    if (page.integrations.some((i) => this.#stateOf(i)?.action === 'wait')) {
      this.#poll = setTimeout(() => this.#load(true), POLL_MS * 2);
    }
  }

  #stateOf(i) {
    return this.#states.stateOf(this.#core.hub, i);
  }

  #act(i, action, opener) {
    if (action === 'activate') {
      if (this.#emit('activate', { integration: i }, true)) openActivation(this.#ctx, i, opener);
    } else openManage(this.#ctx, i, opener);
  }

  // After a same-window sign-in: reopen the dialog the user left.
  #resume() {
    let storage;
    try { storage = sessionStorage; } catch { return; }
    const saved = takeResume(storage, this.#client.hubId, this.#client.userId);
    if (!saved) return;
    clearReturnFragment();
    this.#dialog.close('cancel');
    const i = this.#grid.page.integrations.find((x) => x.id === saved.integration) ?? { id: saved.integration, name: '', imageUrl: '' };
    if (this.#states.acts.has(i.id)) openManage(this.#ctx, i, null);
    else openActivation(this.#ctx, i, null, saved.connection);
  }
}

/**
 * Puts an <embed-hub> in `target` (or configures `target` if it is one) with `options` (see
 * EmbedHub) and returns the element.
 */
export function mount(target, options = {}) {
  const el = target instanceof EmbedHub ? target : target.appendChild(document.createElement('embed-hub'));
  return el.configure(options);
}

customElements.define('embed-hub', EmbedHub);
