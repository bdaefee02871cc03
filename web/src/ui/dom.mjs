// ui/dom.mjs — the small DOM helpers every part of the embed uses: the safe element builder,
// URL filtering for images and sign-in pages, the icon with its placeholder, buttons.

/**
 * Creates an element. `props`: string/number values become attributes, booleans toggle them,
 * functions under `on…` become listeners. Children are nodes or strings; strings become text
 * nodes, so data never goes through an HTML parser.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (typeof v === 'boolean') el.toggleAttribute(k, v);
    else if (v != null) el.setAttribute(k, String(v));
  }
  el.append(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return el;
}

/**
 * Only http(s) and (with `images`) data:image/ URLs pass; anything else (javascript:, blob:, …)
 * is null. Relative URLs are the hub's own, so they resolve against `base` (the apiBase).
 */
export function safeUrl(url, base, images) {
  try {
    const u = new URL(url, base);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
    return images && /^data:image\//i.test(url) ? url : null;
  } catch {
    return null;
  }
}

export const hueOf = (name) => [...name].reduce((n, ch) => (n * 31 + ch.codePointAt(0)) % 6, 0);
export const initialOf = (name) => ([...name.trim()][0] ?? '?').toUpperCase();

/** An integration's icon, or a coloured initial when it has none or it fails to load. */
export function icon(url, name, base, cls = 'icon') {
  const ph = () => h('span', { class: `${cls} ph`, part: 'tile-icon', 'data-hue': hueOf(name), 'aria-hidden': 'true' }, initialOf(name));
  const src = safeUrl(url, base, true);
  if (!src) return ph();
  const img = h('img', { class: cls, part: 'tile-icon', src, alt: '', width: 44, height: 44, decoding: 'async', referrerpolicy: 'no-referrer' });
  img.addEventListener('error', () => img.replaceWith(ph()), { once: true });
  return img;
}

/** A button; `kind` adds classes (primary, danger, ghost) and picks its part. */
export function button(label, onclick, kind = '') {
  return h('button', { type: 'button', class: `btn ${kind}`, part: kind.includes('primary') ? 'button-primary' : 'button', onclick }, label);
}

/** Runs `work` with `button` disabled and saying `text`; restores it when done. */
export async function busy(button, text, work) {
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

/** Says `text` in a live region; clearing first makes screen readers read a repeat again. */
export function announce(live, text) {
  live.textContent = '';
  requestAnimationFrame(() => { live.textContent = text; });
}
