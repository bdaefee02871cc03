// element.mjs — <embed-hub>: the end user's integration tiles and activation dialog, and mount().
import { load } from './core.mjs';
import { HubClient } from './client.mjs';
import { createForm, h, secretBox } from './form.mjs';
import { translator } from './messages.mjs';
import { sheet } from './styles.mjs';

// One browser entry: the element, and the client for hosts that call the API themselves.
export { HubApiError, HubClient } from './client.mjs';

// One core per page, however many embeds. Its .wasm is fetched at once but compiled only once
// the first tiles are painted: compiling holds the main thread for tens of milliseconds, and
// tiles need only the API's answer (their states follow a moment later).
let sharedCore;
function coreFor(wasm, painted) {
  if (!sharedCore) {
    const response = wasm ?? fetch(new URL('../dist/embedhub-core.wasm', import.meta.url));
    response.catch?.(() => {}); // reported through load() below, not as an unhandled rejection
    // A failed load is forgotten, so "Try again" tries again.
    sharedCore = painted.then(() => load({ wasm: response })).catch((err) => { sharedCore = undefined; throw err; });
  }
  return sharedCore;
}

// Same-window OAuth2 (popup blocked) leaves the page; this entry brings the dialog back.
const RESUME = 'embedhub:resume';
const POLL_MS = 1500;

// Only http(s) and data:image/ may reach an <img>; anything else (javascript:, blob:, …) gets
// the placeholder. Relative URLs are the hub's own, so they resolve against apiBase.
function safeUrl(url, base, images) {
  try {
    const u = new URL(url, base);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
    return images && /^data:image\//i.test(url) ? url : null;
  } catch {
    return null;
  }
}

const hueOf = (name) => [...name].reduce((n, ch) => (n * 31 + ch.codePointAt(0)) % 6, 0);
const initialOf = (name) => ([...name.trim()][0] ?? '?').toUpperCase();

/**
 * The integration hub for one end user.
 *
 * Attributes (or the same-named camelCase options of `configure()`/`mount()`): `api-base`,
 * `hub-id`, `user-id`, `identifier-type` (external | internal), `locale`, `page-size` (default
 * 12), `theme` (light | dark; absent: follows prefers-color-scheme). JS-only options: `token` or
 * `getToken()`, `messages` (a partial string table, see messages.mjs), `fetch`, `client` (a
 * HubClient), `hub` (an already loaded core), `wasm` (where load() finds the .wasm).
 *
 * Events (CustomEvent, bubbling and composed):
 * - `ready` {totalCount, totalConnected}: the first page of tiles is interactive.
 * - `activate` {integration}: the user asked to connect; cancelable (preventDefault() keeps
 *   the dialog closed, e.g. to upsell).
 * - `activated` {activation, integration}; `deactivated` {activationId, integration}.
 * - `error` {error, action}: a HubApiError (or Error) and what was being done: load, connect,
 *   activate, deactivate, reconnect, retry.
 * - `close` {integration, reason}: the dialog closed (cancel, activated, deactivated, done).
 *
 * Parts: root, header, title, count, search, filter, grid, tile, tile-icon, tile-name,
 * tile-description, badge, action, pager, empty, error-state, dialog, dialog-title, steps,
 * form, group, field, input, button, button-primary.
 *
 * CSS custom properties: --embedhub-font, --embedhub-radius, --embedhub-gap, --embedhub-padding,
 * --embedhub-tile-min, --embedhub-accent, --embedhub-accent-hover, --embedhub-on-accent,
 * --embedhub-bg, --embedhub-surface, --embedhub-sunken, --embedhub-text, --embedhub-muted,
 * --embedhub-border, --embedhub-focus, --embedhub-success[-bg], --embedhub-warning[-bg],
 * --embedhub-danger[-bg].
 */
export class EmbedHub extends HTMLElement {
  static observedAttributes = ['api-base', 'hub-id', 'user-id', 'identifier-type', 'locale', 'page-size'];

  #root = this.attachShadow({ mode: 'open' });
  #opts = {};
  #scheduled = false;
  #t = translator();
  #client = null;
  #core = null;
  #painted = null;
  #hub = null;
  #gen = 0;
  #abort = null;
  #readyFired = false;
  // The grid: status (loading | ready | error), the page shown and how it was reached.
  #status = 'loading';
  #page = null;
  #error = null;
  #deployed;
  #query = '';
  #cursor = {};
  #offset = 0;
  #back = false;
  #all = null;
  #acts = null;
  #conns = null;
  #poll = 0;
  #ui = {};
  #dlg = { el: null };

  constructor() {
    super();
    this.#root.adoptedStyleSheets = [sheet()];
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

  attributeChangedCallback() { this.#schedule(); }

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
    const o = (n) => this.#opt(n);
    this.#t = translator(o('locale'), o('messages'));
    this.#query = '';
    this.#build();
    const ready = o('client') || (o('apiBase') && o('hubId') && o('userId') && (o('token') || o('getToken')));
    if (!ready) return;
    this.#client = o('client') ?? new HubClient({
      apiBase: o('apiBase'), hubId: o('hubId'), userId: o('userId'), identifierType: o('identifierType') ?? 'external',
      token: o('token'), getToken: o('getToken'), fetch: o('fetch'),
    });
    this.#core = null;
    this.#cursor = {};
    this.#offset = 0;
    this.#all = null;
    this.#load(false);
  }

  #loadCore() {
    const given = this.#opt('hub');
    const core = given ? Promise.resolve(given) : coreFor(this.#opt('wasm'), new Promise((resolve) => { this.#painted = resolve; }));
    core.then((hub) => { this.#hub = hub; }, () => { this.#core = null; });
    return core;
  }

  get #pageSize() {
    const n = Number(this.#opt('pageSize'));
    return Number.isInteger(n) && n > 0 && n <= 100 ? n : 12;
  }

  #emit(type, detail, cancelable = false) {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }

  #fail(error, action) {
    this.#emit('error', { error, action });
  }

  #announce(text) {
    this.#ui.live.textContent = '';
    // A fresh text node after clearing makes screen readers read a repeated message again.
    requestAnimationFrame(() => { this.#ui.live.textContent = text; });
  }

  // ---- the grid ------------------------------------------------------------------------------

  #build() {
    const t = this.#t;
    const ui = this.#ui;
    ui.count = h('span', { class: 'count', part: 'count', hidden: true });
    ui.search = h('input', { type: 'search', placeholder: t('searchPlaceholder'), autocomplete: 'off', 'aria-label': t('search') });
    let debounce;
    ui.search.addEventListener('input', () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => this.#setQuery(ui.search.value.trim()), 180);
    });
    ui.search.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && ui.search.value) { ui.search.value = ''; this.#setQuery(''); }
    });
    const filters = [[undefined, 'filterAll'], [true, 'filterDeployed'], [false, 'filterUndeployed']].map(([value, key]) =>
      h('button', { type: 'button', 'aria-pressed': String(this.#deployed === value), onclick: () => this.#setDeployed(value) }, t(key)));
    ui.filters = filters;
    ui.grid = h('div', { class: 'body' });
    ui.pager = h('nav', { class: 'pager', part: 'pager', 'aria-label': t('pages'), hidden: true });
    ui.live = h('p', { class: 'sr', role: 'status', 'aria-live': 'polite' });
    this.#dlg.el = h('dialog', { part: 'dialog', 'aria-labelledby': 'dlg-title' });
    this.#dlg.el.addEventListener('cancel', (e) => { e.preventDefault(); this.#close('cancel'); });
    this.#dlg.el.addEventListener('keydown', (e) => this.#trap(e));
    this.#root.replaceChildren(
      h('section', { class: 'root', part: 'root', 'aria-labelledby': 'title' },
        h('header', { part: 'header' },
          h('div', { class: 'heading' }, h('h2', { id: 'title', part: 'title' }, t('title')), ui.count),
          h('div', { class: 'tools' },
            h('div', { class: 'search', part: 'search' }, ui.search),
            h('div', { class: 'seg', role: 'group', 'aria-label': t('filter'), part: 'filter' }, filters))),
        ui.grid, ui.pager, ui.live),
      this.#dlg.el);
    this.#renderGrid();
  }

  #setQuery(q) {
    if (q === this.#query) return;
    this.#query = q;
    this.#cursor = {};
    this.#offset = 0;
    this.#load(false);
  }

  #setDeployed(value) {
    this.#deployed = value;
    this.#ui.filters.forEach((b, i) => b.setAttribute('aria-pressed', String([undefined, true, false][i] === value)));
    this.#cursor = {};
    this.#offset = 0;
    this.#all = null;
    this.#load(false);
  }

  #turn(dir) {
    const p = this.#page;
    if (dir > 0) {
      this.#offset += p.integrations.length;
      this.#cursor = { after: p.next };
    } else {
      this.#cursor = { before: p.prev };
      this.#back = true;
    }
    this.#load(false, true);
  }

  // One page of integrations: the API's page, or — while searching, which the API cannot do —
  // every integration fetched once and filtered and paged here.
  async #fetchPage(signal) {
    const size = this.#pageSize;
    if (!this.#query) {
      const page = await this.#client.listIntegrations({ deployed: this.#deployed, first: size, ...this.#cursor, signal });
      if (this.#back) this.#offset = Math.max(0, this.#offset - page.integrations.length);
      this.#back = false;
      return page;
    }
    if (!this.#all) {
      const list = [];
      let totalConnected;
      let after;
      do {
        const page = await this.#client.listIntegrations({ deployed: this.#deployed, first: 100, after, signal });
        list.push(...page.integrations);
        totalConnected = page.totalConnected;
        after = page.next;
      } while (after);
      this.#all = { list, totalConnected };
    }
    const q = this.#query.toLocaleLowerCase();
    const hits = this.#all.list.filter((i) => `${i.name}\n${i.description}`.toLocaleLowerCase().includes(q));
    if (this.#back) this.#offset = Math.max(0, this.#offset - size);
    this.#back = false;
    const end = this.#offset + size;
    return {
      totalCount: hits.length, totalConnected: this.#all.totalConnected, integrations: hits.slice(this.#offset, end),
      next: end < hits.length ? 'local' : undefined, prev: this.#offset > 0 ? 'local' : undefined,
    };
  }

  // The user's activations (integration → its bound connections) and connections, for states.
  async #fetchStates(signal) {
    const acts = new Map();
    const [, conns] = await Promise.all([
      (async () => { for await (const a of this.#client.activations({ first: 100, signal })) acts.set(a.integration.id, a); })(),
      this.#client.listConnections({ signal }),
    ]);
    this.#acts = acts;
    this.#conns = new Map(conns.connections.map((c) => [c.id, c]));
  }

  async #load(keep, paging = false) {
    if (!this.#client) return;
    const gen = ++this.#gen;
    const core = (this.#core ??= this.#loadCore());
    this.#abort?.abort();
    const ctl = (this.#abort = new AbortController());
    clearTimeout(this.#poll);
    if (!keep) {
      this.#status = 'loading';
      if (!paging || !this.#page) this.#renderGrid();
      this.#ui.grid.setAttribute('aria-busy', 'true');
    }
    if (keep) this.#all = null;
    try {
      const states = this.#fetchStates(ctl.signal);
      states.catch(() => {});
      const page = await this.#fetchPage(ctl.signal);
      if (gen !== this.#gen) return;
      this.#page = page;
      this.#status = 'ready';
      this.#renderGrid();
      this.#afterPaint();
      await Promise.all([core, states]);
      if (gen !== this.#gen) return;
      this.#renderGrid();
      this.#ui.grid.removeAttribute('aria-busy');
      if (!keep) this.#announce(this.#t('loaded', { count: this.#t.number(page.totalCount) }));
      if (!this.#readyFired) {
        this.#readyFired = true;
        this.#emit('ready', { totalCount: page.totalCount, totalConnected: page.totalConnected });
      }
      this.#resume();
      if (page.integrations.some((i) => this.#stateOf(i).action === 'wait')) {
        this.#poll = setTimeout(() => this.#load(true), POLL_MS * 2);
      }
    } catch (err) {
      if (gen !== this.#gen || ctl.signal.aborted) return;
      this.#status = 'error';
      this.#error = err;
      this.#renderGrid();
      this.#afterPaint();
      this.#ui.grid.removeAttribute('aria-busy');
      this.#announce(this.#t('errorTitle'));
      this.#fail(err, 'load');
    }
  }

  // Lets the core load once this frame is painted (rAF stops in background tabs: the timer
  // is the fallback there).
  #afterPaint() {
    const go = this.#painted;
    if (!go) return;
    this.#painted = null;
    requestAnimationFrame(() => setTimeout(go));
    setTimeout(go, 100);
  }

  #bound(integrationId) {
    const act = this.#acts?.get(integrationId);
    return act ? act.connections.map((b) => this.#conns.get(b.connectionId)).filter(Boolean) : [];
  }

  #stateOf(i) {
    if (!this.#hub || !this.#acts) return null;
    return this.#hub.tileState({ integration: { isDeployed: i.isDeployed, isActivated: i.isActivated }, connections: this.#bound(i.id) });
  }

  #icon(url, name, cls = 'icon') {
    const ph = () => h('span', { class: `${cls} ph`, part: 'tile-icon', 'data-hue': hueOf(name), 'aria-hidden': 'true' }, initialOf(name));
    const src = safeUrl(url, this.#opt('apiBase'), true);
    if (!src) return ph();
    const img = h('img', { class: cls, part: 'tile-icon', src, alt: '', width: 44, height: 44, decoding: 'async', referrerpolicy: 'no-referrer' });
    img.addEventListener('error', () => img.replaceWith(ph()), { once: true });
    return img;
  }

  #renderGrid() {
    const t = this.#t;
    const { grid, pager, count } = this.#ui;
    const focused = this.#root.activeElement?.dataset?.for;
    pager.hidden = true;
    if (this.#status === 'loading') {
      const sk = (cls) => h('span', { class: `sk ${cls}` });
      grid.replaceChildren(h('ul', { class: 'grid', part: 'grid', 'aria-label': t('loading') },
        Array.from({ length: Math.min(this.#pageSize, 6) }, () => h('li', { class: 'tile skeleton', 'aria-hidden': 'true' },
          h('div', { class: 'tile-top' }, sk('icon'), sk('pill')), sk('line w40'), sk('line w90'), sk('line w70'), sk('btn-s')))));
      return;
    }
    if (this.#status === 'error') {
      const e = this.#error;
      grid.replaceChildren(h('div', { class: 'state', part: 'error-state', 'data-kind': 'error', role: 'alert' },
        h('span', { class: 'mark', 'aria-hidden': 'true' }, '!'),
        h('h3', {}, t('errorTitle')), h('p', {}, e?.message ?? String(e)),
        h('button', { type: 'button', class: 'btn primary', part: 'button-primary', onclick: () => this.#load(false) }, t('retry'))));
      return;
    }
    const page = this.#page;
    if (typeof page.totalConnected === 'number') {
      count.hidden = false;
      count.textContent = t('connectedCount', { count: t.number(page.totalConnected) });
      count.toggleAttribute('data-zero', page.totalConnected === 0);
    }
    if (!page.integrations.length) {
      const clear = this.#query && h('button', { type: 'button', class: 'btn', part: 'button', onclick: () => { this.#ui.search.value = ''; this.#setQuery(''); this.#ui.search.focus(); } }, t('clearSearch'));
      grid.replaceChildren(h('div', { class: 'state', part: 'empty' },
        h('span', { class: 'mark', 'aria-hidden': 'true' }, '∅'),
        h('h3', {}, t('emptyTitle')), h('p', {}, this.#query ? t('emptySearch', { query: this.#query }) : t('emptyNone')), clear));
      return;
    }
    grid.replaceChildren(h('ul', { class: 'grid', part: 'grid', 'aria-labelledby': 'title' }, page.integrations.map((i) => this.#tile(i))));
    if (page.next || page.prev) {
      pager.hidden = false;
      const from = this.#offset + 1;
      pager.replaceChildren(
        h('span', {}, t('pageRange', { from: t.number(from), to: t.number(from + page.integrations.length - 1), total: t.number(page.totalCount) })),
        h('div', {},
          h('button', { type: 'button', class: 'btn', part: 'button', 'data-for': 'prev', disabled: !page.prev, onclick: () => this.#turn(-1) }, t('prev')),
          h('button', { type: 'button', class: 'btn', part: 'button', 'data-for': 'next', disabled: !page.next, onclick: () => this.#turn(1) }, t('next'))));
    }
    if (focused) this.#root.querySelector(`[data-for="${CSS.escape(focused)}"]:not(:disabled)`)?.focus();
  }

  #tile(i) {
    const t = this.#t;
    const st = this.#stateOf(i);
    const nameId = `n-${i.id}`;
    let extra = null;
    let action = h('span', { class: 'sk btn-s' });
    if (st) {
      const problem = st.state === 'error' || st.state === 'needs_reauth' ? this.#bound(i.id).find((c) => c.last_error)?.last_error : null;
      extra = problem ? h('p', { class: 'problem' }, problem) : null;
      action = st.action === 'none' ? null : h('button', {
        type: 'button', class: `btn${st.action === 'reconnect' ? ' primary' : ''}`, part: 'action',
        'data-for': i.id, disabled: st.action === 'wait',
        'aria-label': t('actionLabel', { action: t(`action_${st.action}`), name: i.name }),
        onclick: (e) => this.#act(i, st.action, e.currentTarget),
      }, t(`action_${st.action}`));
    }
    return h('li', { class: 'tile', part: 'tile', 'data-state': st?.state ?? 'loading', 'data-id': i.id, 'aria-labelledby': nameId },
      h('div', { class: 'tile-top' }, this.#icon(i.imageUrl, i.name),
        st ? h('span', { class: 'badge', part: 'badge', 'data-state': st.state }, t(`state_${st.state}`)) : h('span', { class: 'sk pill' })),
      h('h3', { id: nameId, part: 'tile-name' }, i.name),
      h('p', { class: 'desc', part: 'tile-description' }, i.description),
      extra,
      action && h('div', { class: 'foot' }, action));
  }

  #act(i, action, opener) {
    if (action === 'activate') {
      if (this.#emit('activate', { integration: i }, true)) this.#openActivation(i, opener);
    } else this.#openManage(i, opener);
  }

  // ---- the dialog ----------------------------------------------------------------------------

  // Opens the dialog with a fresh AbortController for everything it starts.
  #open(integration, opener) {
    const d = this.#dlg;
    d.ctl?.abort();
    Object.assign(d, { integration, opener, ctl: new AbortController() });
    d.el.replaceChildren();
    if (!d.el.open) d.el.showModal();
    return d.ctl.signal;
  }

  #close(reason) {
    const d = this.#dlg;
    if (!d.el.open) return;
    d.ctl?.abort();
    d.validator?.free();
    d.validator = null;
    d.el.close();
    // The opener may have been re-rendered meanwhile: focus its successor.
    const id = d.integration?.id;
    const target = d.opener?.isConnected ? d.opener : this.#root.querySelector(`[data-for="${CSS.escape(id ?? '')}"]`);
    (target ?? this.#ui.search).focus();
    this.#emit('close', { integration: d.integration, reason });
  }

  // Tab and Shift+Tab cycle inside the dialog.
  #trap(e) {
    if (e.key !== 'Tab') return;
    const all = [...this.#dlg.el.querySelectorAll('button, input, select, textarea, a[href], [tabindex]')]
      .filter((x) => !x.disabled && x.tabIndex >= 0 && x.getClientRects().length);
    if (!all.length) return;
    const first = all[0];
    const last = all.at(-1);
    const active = this.#root.activeElement;
    if (e.shiftKey ? active === first || !all.includes(active) : active === last) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    }
  }

  #frame({ title, subtitle, icon, steps, body, footer, message }) {
    const d = this.#dlg;
    d.msg = h('p', { class: 'msg', role: 'status', 'aria-live': 'polite' }, message ?? '');
    d.el.replaceChildren(...[
      h('div', { class: 'dh' }, icon,
        h('div', {}, h('h2', { id: 'dlg-title', part: 'dialog-title' }, title), subtitle ? h('p', {}, subtitle) : null),
        h('button', { type: 'button', class: 'btn icon-btn ghost', 'aria-label': this.#t('close'), onclick: () => this.#close('cancel') }, '✕')),
      steps,
      // A form, so Enter in a field means "continue"; the core validates, not the browser.
      h('form', { class: 'db', novalidate: true, onsubmit: (e) => { e.preventDefault(); d.submit?.(); } }, body),
      h('div', { class: 'df' }, d.msg, h('span', { class: 'spacer' }), footer)].filter(Boolean));
  }

  #say(text, kind) {
    const m = this.#dlg.msg;
    if (!m) return;
    m.textContent = text;
    if (kind) m.dataset.kind = kind;
    else delete m.dataset.kind;
  }

  #button(label, onclick, kind = '') {
    return h('button', { type: 'button', class: `btn ${kind}`, part: kind.includes('primary') ? 'button-primary' : 'button', onclick }, label);
  }

  async #busy(button, text, work) {
    const label = button.textContent;
    button.disabled = true;
    button.textContent = text;
    try {
      return await work();
    } finally {
      if (button.isConnected) {
        button.disabled = false;
        button.textContent = label;
      }
    }
  }

  async #openActivation(summary, opener, resume) {
    const t = this.#t;
    const signal = this.#open(summary, opener);
    this.#frame({ title: t('connectTitle', { name: summary.name }), icon: this.#icon(summary.imageUrl, summary.name), body: h('p', {}, t('loading')), footer: null });
    let full;
    let form = null;
    try {
      const [integration, conns, hub] = await Promise.all([this.#client.getIntegration(summary.id, { signal }), this.#client.listConnections({ signal }), this.#core]);
      full = integration;
      for (const c of conns.connections) this.#conns.set(c.id, c);
      if (full.variablesSchema) {
        const model = hub.formFor(full.variablesSchema);
        if (model.fields.length) {
          this.#dlg.validator = hub.compile(full.variablesSchema, { formats: 'assert', mode: 'all' });
          form = createForm(model, { validator: this.#dlg.validator, t, id: 'set' });
        }
      }
    } catch (err) {
      if (signal.aborted) return;
      this.#frame({ title: summary.name, icon: this.#icon(summary.imageUrl, summary.name), body: h('p', { class: 'err' }, t('somethingWrong', { error: err.message })),
        footer: this.#button(t('close'), () => this.#close('cancel')) });
      this.#fail(err, 'activate');
      return;
    }
    const templates = full.connectionTemplates;
    const picks = new Map();
    for (const tpl of templates) {
      const mine = this.#matching(tpl);
      const resumed = resume && mine.find((c) => c.id === resume);
      if (resumed || mine.length === 1) picks.set(tpl.id, (resumed ?? mine[0]).id);
    }
    // An integration with neither templates nor settings still gets one step: the confirmation.
    const total = Math.max(1, templates.length + (form ? 1 : 0));
    // Back from a same-window sign-in: continue at the first step still open.
    const open = templates.findIndex((tpl) => !picks.has(tpl.id));
    const w = { step: !resume ? 0 : open >= 0 ? open : total - 1 };

    const render = (focusPrimary) => {
      const last = w.step === total - 1;
      const tpl = templates[w.step];
      const stepList = total > 1 && h('ol', { class: 'steps', part: 'steps', 'aria-label': t('steps') },
        [...templates.map((x) => x.connectorName ?? x.name), ...(form ? [t('stepSettings')] : [])].map((name, n) =>
          h('li', { 'data-n': n + 1, 'aria-current': n === w.step ? 'step' : null, 'data-done': n < w.step }, name)));
      const primary = this.#button(last ? t('activate') : t('continue'), () => this.#dlg.submit(), 'primary');
      // Until an account is chosen, the step's own sign-in button is the one to press.
      const emphasise = () => primary.classList.toggle('primary', !tpl || picks.has(tpl.id));
      emphasise();
      const back = w.step > 0 ? this.#button(t('back'), () => { w.step--; render(); }) : this.#button(t('cancel'), () => this.#close('cancel'));
      this.#frame({
        title: t('connectTitle', { name: full.name }), subtitle: full.description,
        icon: this.#icon(full.imageUrl, full.name), steps: stepList,
        body: tpl ? this.#connStep(tpl, picks, () => render(true), emphasise)
          : form ? [h('p', {}, t('settingsIntro', { name: full.name })), form.el] : h('p', {}, t('noSettings', { name: full.name })),
        footer: [back, primary],
      });
      this.#dlg.submit = async () => {
        if (tpl && !picks.has(tpl.id)) return this.#say(t('pickAccount'), 'error');
        if (!last) { w.step++; render(true); return; }
        const checked = form?.validate(true);
        if (checked && !checked.valid) {
          this.#say(checked.other[0] ?? t('fixErrors'), 'error');
          checked.first?.focus();
          return;
        }
        await this.#submit(full, templates, picks, checked, form, primary);
      };
      if (focusPrimary) primary.focus();
      else this.#dlg.el.querySelector('.db input, .db select, .db textarea, .db button')?.focus();
    };
    render();
  }

  #matching(tpl) {
    return [...this.#conns.values()].filter((c) => c.environment_integration_id === tpl.connectorId && c.status === 'active');
  }

  async #submit(full, templates, picks, checked, form, primary) {
    const t = this.#t;
    const body = { integrationId: full.id, connections: templates.map((tpl) => ({ templateId: tpl.id, connectionId: picks.get(tpl.id) })) };
    if (full.variablesSchema) body.dynamicVariables = checked?.value ?? {};
    this.#say(t('activating'));
    try {
      const activation = await this.#busy(primary, t('activating'), () => this.#client.createActivation(body, { signal: this.#dlg.ctl.signal }));
      this.#emit('activated', { activation, integration: full });
      this.#announce(t('activated', { name: full.name }));
      this.#close('activated');
      await this.#load(true);
    } catch (err) {
      if (this.#dlg.ctl.signal.aborted) return;
      const shown = form && err.fields?.length ? form.showErrors(err.fields) : null;
      this.#say(shown?.fieldErrors.size ? t('fixErrors') : err.message, 'error');
      this.#fail(err, 'activate');
    }
  }

  // One connection template: pick one of the user's accounts for it, or connect a new one.
  #connStep(tpl, picks, rerender, picked) {
    const t = this.#t;
    const name = tpl.connectorName ?? tpl.name;
    const mine = this.#matching(tpl);
    const chosen = picks.get(tpl.id);
    const connect = this.#newConnection(tpl, (conn) => { picks.set(tpl.id, conn.id); rerender(); this.#say(t('connectedTo', { name }), 'ok'); });
    if (!mine.length) return connect;
    connect.hidden = chosen !== undefined;
    const radio = (value, label, checked) => {
      const input = h('input', { type: 'radio', name: `pick-${tpl.id}`, value, checked });
      input.addEventListener('change', () => {
        if (value === 'new') picks.delete(tpl.id);
        else picks.set(tpl.id, value);
        connect.hidden = value !== 'new';
        picked();
        this.#say('');
      });
      return h('label', { class: 'choice' }, input, h('span', {}, label));
    };
    return h('fieldset', {}, h('legend', {}, t('chooseAccount', { name })),
      mine.map((c) => radio(c.id, t('accountLabel', { name, date: t.date(c.created_at) }), c.id === chosen)),
      radio('new', t('newAccount'), chosen === undefined),
      connect);
  }

  // The "connect a new account" box: a sign-in button (OAuth2) or an API key field.
  #newConnection(tpl, connected, existing) {
    const t = this.#t;
    const name = tpl.connectorName ?? tpl.name;
    const oauth = tpl.authenticationMethod !== 'api_key';
    if (oauth) {
      const button = this.#button(existing ? t('reconnect') : t('oauthButton', { name }), null, existing ? '' : 'primary');
      button.addEventListener('click', () => this.#oauth(tpl, existing, button, connected));
      return h('div', { class: 'newconn' }, existing ? null : h('p', { class: 'help' }, t('oauthHint', { name })), h('div', {}, button));
    }
    const id = `key-${tpl.id}-${existing?.id ?? 'new'}`;
    const input = h('input', { id, type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-h ${id}-e` });
    const err = h('p', { class: 'err', id: `${id}-e`, 'aria-live': 'polite' });
    const button = this.#button(existing ? t('reconnectKey') : t('apiKeyConnect'), null, 'primary');
    const go = async () => {
      const apiKey = input.value.trim();
      err.textContent = apiKey ? '' : t('v_required');
      input.setAttribute('aria-invalid', String(!apiKey));
      if (!apiKey) return input.focus();
      try {
        const signal = this.#dlg.ctl.signal;
        const conn = await this.#busy(button, t('connecting'), () => (existing
          ? this.#client.reauthorizeConnection(existing.id, { apiKey }, { signal })
          : this.#client.createConnection({ templateId: tpl.id, apiKey }, { signal })));
        this.#conns.set(conn.id, conn);
        if (conn.status === 'active') return connected(conn);
        err.textContent = t('connectFailed', { name, error: conn.last_error ?? conn.status });
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      } catch (e) {
        if (this.#dlg.ctl.signal.aborted) return;
        err.textContent = e.fields?.[0]?.message ?? e.message;
        this.#fail(e, existing ? 'reconnect' : 'connect');
      }
    };
    button.addEventListener('click', go);
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); go(); } });
    return h('div', { class: 'newconn' },
      h('div', { class: 'field' }, h('label', { for: id }, t('apiKey', { name })), h('div', { class: 'row' }, secretBox(input, t), button),
        h('p', { class: 'help', id: `${id}-h` }, t('apiKeyHint', { name })), err));
  }

  // OAuth2: the popup opens synchronously in the click handler (so it is not blocked), on a
  // blank page, and goes to the provider once the hub answers with the authorize URL. With no
  // popup, the page itself goes there and #resume() reopens the dialog on the way back.
  async #oauth(tpl, existing, button, connected) {
    const t = this.#t;
    const name = tpl.connectorName ?? tpl.name;
    const popup = window.open('', 'embedhub-oauth', 'popup,width=520,height=700');
    const signal = this.#dlg.ctl.signal;
    try {
      const conn = await this.#busy(button, t('connecting'), async () => {
        const c = existing
          ? await this.#client.reauthorizeConnection(existing.id, {}, { signal })
          : await this.#client.createConnection({ templateId: tpl.id }, { signal });
        const url = safeUrl(c.authorizeUrl, this.#opt('apiBase'));
        if (!url) throw new Error(`no sign-in page for ${name}`);
        if (!popup) {
          this.#say(t('oauthRedirect', { name }));
          try {
            sessionStorage.setItem(RESUME, JSON.stringify({ hub: this.#client.hubId, user: this.#client.userId, integration: this.#dlg.integration.id, connection: c.id }));
          } catch {
            // No storage (sandboxed frame): the user reopens the dialog and picks the account.
          }
          location.assign(url);
          return new Promise(() => {});
        }
        popup.location.href = url;
        this.#say(t('oauthWaiting', { name }));
        return this.#waitFor(c.id, popup, signal);
      });
      this.#conns.set(conn.id, conn);
      if (conn.status === 'active') connected(conn);
      else this.#say(conn.status === 'connecting' ? t('oauthClosed', { name }) : t('connectFailed', { name, error: conn.last_error ?? conn.status }), 'error');
    } catch (err) {
      popup?.close();
      if (signal.aborted) return;
      this.#say(t('somethingWrong', { error: err.message }), 'error');
      this.#fail(err, existing ? 'reconnect' : 'connect');
    }
  }

  // Resolves with the connection once it leaves `connecting`, or once the popup is closed. The
  // callback page's message only prompts a check: the hub's answer is what counts.
  #waitFor(id, popup, signal) {
    const origin = new URL(this.#opt('apiBase'), location.href).origin;
    return new Promise((resolve, reject) => {
      let timer;
      const stop = () => { clearInterval(timer); window.removeEventListener('message', onMessage); };
      const check = async () => {
        const closed = popup.closed;
        try {
          const c = await this.#client.getConnection(id, { signal });
          if (c.status !== 'connecting' || closed) { stop(); resolve(c); }
        } catch (err) {
          stop();
          reject(err);
        }
      };
      const onMessage = (e) => { if (e.origin === origin && e.data?.type === 'embedhub:connection' && e.data.connectionId === id) check(); };
      window.addEventListener('message', onMessage);
      timer = setInterval(check, POLL_MS);
      signal.addEventListener('abort', () => { stop(); reject(signal.reason); }, { once: true });
    });
  }

  // After a same-window sign-in: reopen the dialog the user left.
  #resume() {
    let saved;
    try {
      saved = JSON.parse(sessionStorage.getItem(RESUME));
    } catch {
      return; // no storage, or not ours
    }
    if (!saved || saved.hub !== this.#client.hubId || saved.user !== this.#client.userId) return;
    sessionStorage.removeItem(RESUME);
    this.#close('cancel');
    const i = this.#page.integrations.find((x) => x.id === saved.integration) ?? { id: saved.integration, name: '', imageUrl: '' };
    if (this.#acts.has(i.id)) this.#openManage(i, null);
    else this.#openActivation(i, null, saved.connection);
  }

  async #openManage(summary, opener) {
    const t = this.#t;
    const signal = this.#open(summary, opener);
    const icon = () => this.#icon(summary.imageUrl, summary.name);
    this.#frame({ title: summary.name, icon: icon(), body: h('p', {}, t('loading')), footer: null });
    let full;
    try {
      [full] = await Promise.all([this.#client.getIntegration(summary.id, { signal }), this.#core]);
    } catch (err) {
      if (signal.aborted) return;
      this.#frame({ title: summary.name, icon: icon(), body: h('p', { class: 'err' }, t('somethingWrong', { error: err.message })), footer: this.#button(t('close'), () => this.#close('cancel')) });
      this.#fail(err, 'load');
      return;
    }
    const act = this.#acts.get(summary.id);
    const changed = (conn, message) => {
      if (conn) this.#conns.set(conn.id, conn);
      this.#renderGrid();
      render(message);
    };
    const render = (message) => {
      const st = this.#stateOf(full);
      const rows = act.connections.map((b) => {
        const c = this.#conns.get(b.connectionId);
        const tpl = full.connectionTemplates.find((x) => x.id === b.templateId) ?? { id: b.templateId, name: '', authenticationMethod: c?.authentication_method };
        const name = tpl.connectorName ?? tpl.name;
        let fix = null;
        if (c?.status === 'needs_reauth' || c?.status === 'validation_error') {
          fix = this.#newConnection(tpl, (conn) => changed(conn, t('connectedTo', { name })), c);
        } else if (c?.status === 'post_install_error') {
          fix = h('div', {}, this.#button(t('retryConnection'), async (e) => {
            try {
              const conn = await this.#busy(e.currentTarget, t('connecting'), () => this.#client.retryConnection(c.id, { signal }));
              changed(conn, conn.status === 'active' ? t('connectedTo', { name }) : t('connectFailed', { name, error: conn.last_error ?? conn.status }));
            } catch (err) {
              if (!signal.aborted) { this.#say(err.message, 'error'); this.#fail(err, 'retry'); }
            }
          }));
        }
        return h('li', {},
          h('div', { class: 'top' }, h('span', { class: 'name' }, name),
            c ? h('span', { class: 'badge', part: 'badge', 'data-state': c.status }, t(`status_${c.status}`)) : null),
          c?.last_error && c.status !== 'active' ? h('p', { class: 'problem' }, c.last_error) : null,
          fix);
      });
      const disconnect = this.#button(t('disconnect'), () => askConfirm(), 'danger');
      this.#frame({
        title: full.name, subtitle: full.description, icon: icon(),
        body: [h('p', {}, t('activatedOn', { date: t.date(act.createdAt) })),
          h('fieldset', {}, h('legend', {}, t('accounts')), h('ul', { class: 'conns' }, rows))],
        footer: [disconnect, this.#button(t('done'), () => this.#close('done'), 'primary')],
        message,
      });
      this.#dlg.submit = null;
      if (st) this.#dlg.el.querySelector('.dh div').append(h('span', { class: 'badge', part: 'badge', 'data-state': st.state }, t(`state_${st.state}`)));
      (this.#dlg.el.querySelector('.db input, .db button') ?? disconnect).focus();
    };
    const askConfirm = () => {
      const cancel = this.#button(t('cancel'), () => render(undefined));
      const go = this.#button(t('disconnect'), async () => {
        try {
          await this.#busy(go, t('disconnecting'), () => this.#client.deleteActivation(act.id, { signal }));
          this.#emit('deactivated', { activationId: act.id, integration: full });
          this.#announce(t('disconnected', { name: full.name }));
          this.#close('deactivated');
          await this.#load(true);
        } catch (err) {
          if (!signal.aborted) { this.#say(err.message, 'error'); this.#fail(err, 'deactivate'); }
        }
      }, 'danger primary');
      this.#frame({
        title: full.name, subtitle: full.description, icon: icon(),
        body: h('div', { class: 'confirm', role: 'alert' },
          h('h3', {}, t('confirmTitle', { name: full.name })), h('p', {}, t('confirmText', { name: full.name }))),
        footer: [cancel, go],
      });
      cancel.focus();
    };
    render();
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
