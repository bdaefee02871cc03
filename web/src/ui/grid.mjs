// ui/grid.mjs — the grid: which page is shown and how it was reached (query, filter, cursors),
// fetched through the client (GridState, no DOM), and the header, tiles, states and pager
// drawn from it.
import { button, h } from './dom.mjs';
import { renderSkeletons } from './tile.mjs';

/** The grid's state: status (loading | ready | error), the page, the query and its cursors. */
export class GridState {
  status = 'loading';
  page = null;
  error = null;
  query = '';
  deployed = undefined;
  cursor = {};
  offset = 0;
  back = false;

  /** Back to the first page of everything (new options). */
  reset() {
    this.query = '';
    this.cursor = {};
    this.offset = 0;
  }

  /** Returns whether the query changed (and so the first page must be loaded). */
  setQuery(q) {
    if (q === this.query) return false;
    this.query = q;
    this.cursor = {};
    this.offset = 0;
    return true;
  }

  setDeployed(value) {
    this.deployed = value;
    this.cursor = {};
    this.offset = 0;
  }

  /** Moves to the next (dir > 0) or previous page of the one shown. */
  turn(dir) {
    const p = this.page;
    if (dir > 0) {
      this.offset += p.integrations.length;
      this.cursor = { after: p.next };
    } else {
      this.cursor = { before: p.prev };
      this.back = true;
    }
  }

  /** One page of integrations from the hub: the filter, the search (`q`, matched by the hub
   * in name and description) and the cursor of the page asked for. */
  async fetchPage(client, size, signal) {
    const page = await client.listIntegrations({ deployed: this.deployed, q: this.query || undefined, first: size, ...this.cursor, signal });
    if (this.back) this.offset = Math.max(0, this.offset - page.integrations.length);
    this.back = false;
    return page;
  }
}

const FILTERS = [[undefined, 'filterAll'], [true, 'filterDeployed'], [false, 'filterUndeployed']];

/**
 * The grid's fixed parts: header (title, count, search, filter), body, pager and live region.
 * `on`: {query(q), deployed(value)}. Returns {section, count, search, filters, grid, pager, live}.
 */
export function buildGrid(t, deployed, on) {
  const ui = {};
  ui.count = h('span', { class: 'count', part: 'count', hidden: true });
  ui.search = h('input', { type: 'search', placeholder: t('searchPlaceholder'), autocomplete: 'off', 'aria-label': t('search') });
  let debounce;
  ui.search.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => on.query(ui.search.value.trim()), 180);
  });
  ui.search.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && ui.search.value) { ui.search.value = ''; on.query(''); }
  });
  ui.filters = FILTERS.map(([value, key]) =>
    h('button', { type: 'button', 'aria-pressed': String(deployed === value), onclick: () => on.deployed(value) }, t(key)));
  ui.grid = h('div', { class: 'body' });
  ui.pager = h('nav', { class: 'pager', part: 'pager', 'aria-label': t('pages'), hidden: true });
  ui.live = h('p', { class: 'sr', role: 'status', 'aria-live': 'polite' });
  ui.section = h('section', { class: 'root', part: 'root', 'aria-labelledby': 'title' },
    h('header', { part: 'header' },
      h('div', { class: 'heading' }, h('h2', { id: 'title', part: 'title' }, t('title')), ui.count),
      h('div', { class: 'tools' },
        h('div', { class: 'search', part: 'search' }, ui.search),
        h('div', { class: 'seg', role: 'group', 'aria-label': t('filter'), part: 'filter' }, ui.filters))),
    ui.grid, ui.pager, ui.live);
  return ui;
}

/** Marks the pressed filter button. */
export function pressFilter(ui, value) {
  ui.filters.forEach((b, i) => b.setAttribute('aria-pressed', String(FILTERS[i][0] === value)));
}

/**
 * Draws `state` into `ui`. `view`: {t, pageSize, tile(i) → <li>, retry(), clear(), turn(dir)}.
 */
export function renderGrid(ui, state, view) {
  const { t } = view;
  const { grid, pager, count } = ui;
  pager.hidden = true;
  if (state.status === 'loading') {
    grid.replaceChildren(renderSkeletons(Math.min(view.pageSize, 6), t));
    return;
  }
  if (state.status === 'error') {
    const e = state.error;
    grid.replaceChildren(h('div', { class: 'state', part: 'error-state', 'data-kind': 'error', role: 'alert' },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, '!'),
      h('h3', {}, t('errorTitle')), h('p', {}, e?.message ?? String(e)),
      button(t('retry'), () => view.retry(), 'primary')));
    return;
  }
  const page = state.page;
  if (typeof page.totalConnected === 'number') {
    count.hidden = false;
    count.textContent = t('connectedCount', { count: page.totalConnected });
    count.toggleAttribute('data-zero', page.totalConnected === 0);
  }
  if (!page.integrations.length) {
    grid.replaceChildren(h('div', { class: 'state', part: 'empty' },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, '∅'),
      h('h3', {}, t('emptyTitle')), h('p', {}, state.query ? t('emptySearch', { query: state.query }) : t('emptyNone')),
      state.query && button(t('clearSearch'), () => view.clear())));
    return;
  }
  grid.replaceChildren(h('ul', { class: 'grid', part: 'grid', 'aria-labelledby': 'title' }, page.integrations.map((i) => view.tile(i))));
  if (page.next || page.prev) {
    pager.hidden = false;
    const from = state.offset + 1;
    const turn = (dir, key, enabled) => h('button', { type: 'button', class: 'btn', part: 'button', 'data-for': key, disabled: !enabled, onclick: () => view.turn(dir) }, t(key));
    pager.replaceChildren(
      h('span', {}, t('pageRange', { from, to: from + page.integrations.length - 1, total: page.totalCount })),
      h('div', {}, turn(-1, 'prev', page.prev), turn(1, 'next', page.next)));
  }
}
