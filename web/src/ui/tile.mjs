// ui/tile.mjs — one integration tile, drawn from the summary and the core's tile state. Pure:
// what it shows depends only on its arguments; the click goes to `onAction(action, button)`.
import { h, icon } from './dom.mjs';

/**
 * `i` is the integration summary; `st` the core's tileState ({state, action}) or null while
 * the core or the states are loading; `problem` the bound connection's last error, if any.
 */
export function renderTile(i, st, { t, base, problem, onAction }) {
  const nameId = `n-${i.id}`;
  let action = h('span', { class: 'sk btn-s' });
  if (st) {
    action = st.action === 'none' ? null : h('button', {
      type: 'button', class: `btn${st.action === 'reconnect' ? ' primary' : ''}`, part: 'action',
      'data-for': i.id, disabled: st.action === 'wait',
      'aria-label': t('actionLabel', { action: t(`action_${st.action}`), name: i.name }),
      onclick: (e) => onAction(st.action, e.currentTarget),
    }, t(`action_${st.action}`));
  }
  const shownProblem = st && (st.state === 'error' || st.state === 'needs_reauth') ? problem : null;
  return h('li', { class: 'tile', part: 'tile', 'data-state': st?.state ?? 'loading', 'data-id': i.id, 'aria-labelledby': nameId },
    h('div', { class: 'tile-top' }, icon(i.imageUrl, i.name, base),
      st ? h('span', { class: 'badge', part: 'badge', 'data-state': st.state }, t(`state_${st.state}`)) : h('span', { class: 'sk pill' })),
    // Names and descriptions are the host's data, often in another script than the page:
    // dir=auto keeps an English sentence's full stop at its end inside a right-to-left page.
    h('h3', { id: nameId, part: 'tile-name', dir: 'auto' }, i.name),
    h('p', { class: 'desc', part: 'tile-description', dir: 'auto' }, i.description),
    shownProblem ? h('p', { class: 'problem' }, shownProblem) : null,
    action && h('div', { class: 'foot' }, action));
}

/** The placeholder tiles shown while the first page loads. */
export function renderSkeletons(count, t) {
  const sk = (cls) => h('span', { class: `sk ${cls}` });
  return h('ul', { class: 'grid', part: 'grid', 'aria-label': t('loading') },
    Array.from({ length: count }, () => h('li', { class: 'tile skeleton', 'aria-hidden': 'true' },
      h('div', { class: 'tile-top' }, sk('icon'), sk('pill')), sk('line w40'), sk('line w90'), sk('line w70'), sk('btn-s'))));
}
