// ui/dialog.mjs — the dialog frame every flow draws into: a modal <dialog> with a header, an
// optional step list, a form body, a footer with a live message line; focus trapped inside and
// returned to the opener; one AbortController per opening for everything the flow starts.
import { h } from './dom.mjs';

export class DialogFrame {
  /** The <dialog> element; `msg` the footer's live line; `submit` what Enter in the form does. */
  el;
  msg = null;
  submit = null;
  integration = null;
  opener = null;
  ctl = null;
  validator = null;
  #root;
  #o;

  /**
   * `root`: the shadow root; `options`: {t() → translator, fallback() → element to focus when
   * the opener is gone, onClose(reason, integration)}.
   */
  constructor(root, options) {
    this.#root = root;
    this.#o = options;
    this.el = h('dialog', { part: 'dialog', 'aria-labelledby': 'dlg-title' });
    this.el.addEventListener('cancel', (e) => { e.preventDefault(); this.close('cancel'); });
    this.el.addEventListener('keydown', (e) => this.#trap(e));
  }

  /** The signal of the current opening: aborted when the dialog closes or opens again. */
  get signal() { return this.ctl?.signal; }

  /** Opens the dialog for `integration` with a fresh AbortController; returns its signal. */
  open(integration, opener) {
    this.ctl?.abort();
    Object.assign(this, { integration, opener, ctl: new AbortController(), submit: null });
    this.el.replaceChildren();
    if (!this.el.open) this.el.showModal();
    return this.ctl.signal;
  }

  close(reason) {
    if (!this.el.open) return;
    this.ctl?.abort();
    this.el.close();
    // The opener may have been re-rendered meanwhile: focus its successor.
    const id = this.integration?.id;
    const target = this.opener?.isConnected ? this.opener : this.#root.querySelector(`[data-for="${CSS.escape(id ?? '')}"]`);
    (target ?? this.#o.fallback()).focus();
    // Only now: the focus leaving a field above made the form validate once more.
    this.validator?.free();
    this.validator = null;
    this.#o.onClose(reason, this.integration);
  }

  // Tab and Shift+Tab cycle inside the dialog.
  #trap(e) {
    if (e.key !== 'Tab') return;
    const all = [...this.el.querySelectorAll('button, input, select, textarea, a[href], [tabindex]')]
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

  /** Draws one screen of the dialog. */
  frame({ title, subtitle, icon, steps, body, footer, message }) {
    this.msg = h('p', { class: 'msg', role: 'status', 'aria-live': 'polite' }, message ?? '');
    this.el.replaceChildren(...[
      h('div', { class: 'dh' }, icon,
        h('div', {}, h('h2', { id: 'dlg-title', part: 'dialog-title' }, title), subtitle ? h('p', { dir: 'auto' }, subtitle) : null),
        h('button', { type: 'button', class: 'btn icon-btn ghost', 'aria-label': this.#o.t()('close'), onclick: () => this.close('cancel') }, '✕')),
      steps,
      // A form, so Enter in a field means "continue"; the core validates, not the browser.
      h('form', { class: 'db', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.submit?.(); } }, body),
      h('div', { class: 'df' }, this.msg, h('span', { class: 'spacer' }), footer)].filter(Boolean));
  }

  /** Sets the footer's message; `kind` is error, ok or nothing. */
  say(text, kind) {
    const m = this.msg;
    if (!m) return;
    m.textContent = text;
    if (kind) m.dataset.kind = kind;
    else delete m.dataset.kind;
  }

  /** Focuses the first control of the body, or `otherwise`. */
  focusFirst(selector = '.db input, .db select, .db textarea, .db button', otherwise) {
    (this.el.querySelector(selector) ?? otherwise)?.focus();
  }
}
