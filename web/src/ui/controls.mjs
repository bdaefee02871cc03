// ui/controls.mjs — one control per settings field kind (hub.formFor's `control`): each fills
// `c.wrap` (the field's element), `c.inputs` and `c.get()` (the value as entered, undefined
// when empty). `p`: {cid, described, help, err, label(forId), initial, t}.
import { h } from './dom.mjs';

const INPUT_TYPES = { text: 'text', email: 'email', url: 'url', date: 'date', datetime: 'datetime-local', number: 'number', integer: 'number', secret: 'password' };

export const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** A password input with a show/hide toggle, so a pasted secret can be checked. */
export function secretBox(input, t) {
  const toggle = h('button', { type: 'button', class: 'btn ghost', 'aria-controls': input.id }, t('show'));
  toggle.addEventListener('click', () => {
    const shown = input.type === 'password';
    input.type = shown ? 'text' : 'password';
    toggle.textContent = shown ? t('hide') : t('show');
  });
  return h('div', { class: 'secret' }, input, toggle);
}

function checkbox(c, f, p) {
  const input = h('input', { type: 'checkbox', id: p.cid, checked: p.initial === true, 'aria-describedby': p.described });
  c.inputs.push(input);
  c.wrap = h('div', { class: 'field', part: 'field' }, h('label', { class: 'check' }, input, f.label), p.help, p.err);
  c.get = () => input.checked;
}

function checkList(c, f, p) {
  const boxes = f.item.options.map((o) => {
    const box = h('input', { type: 'checkbox', value: String(o.value), checked: Array.isArray(p.initial) && p.initial.some((x) => same(x, o.value)) });
    box.data = o.value;
    c.inputs.push(box);
    return h('label', { class: 'check' }, box, o.label);
  });
  c.wrap = h('fieldset', { class: 'field', part: 'field', 'aria-describedby': p.described },
    h('legend', { class: 'label' }, f.label, c.opt), h('div', { class: 'checks' }, boxes), p.help, p.err);
  c.get = () => {
    const v = c.inputs.filter((b) => b.checked).map((b) => b.data);
    return v.length ? v : undefined;
  };
}

function textArea(c, f, p) {
  const list = f.control === 'list';
  const { initial, t } = p;
  const area = h('textarea', { id: p.cid, rows: 3, spellcheck: 'false', 'aria-describedby': p.described, placeholder: list ? t('listHint') : null });
  area.value = initial === undefined ? '' : list ? initial.join('\n') : JSON.stringify(initial, null, 2);
  c.inputs.push(area);
  c.wrap = h('div', { class: 'field', part: 'field' }, p.label(p.cid), area, p.help, p.err);
  c.get = () => {
    const s = area.value.trim();
    if (!s) return undefined;
    if (list) {
      const numeric = f.item?.control === 'integer' || f.item?.control === 'number';
      return s.split('\n').map((x) => x.trim()).filter(Boolean).map((x) => (numeric && !Number.isNaN(Number(x)) ? Number(x) : x));
    }
    try {
      return JSON.parse(s);
    } catch {
      c.bad = true;
      return undefined;
    }
  };
}

function select(c, f, p) {
  const options = f.options.map((o) => h('option', { value: JSON.stringify(o.value), selected: same(o.value, p.initial) }, o.label));
  const el = h('select', { id: p.cid, 'aria-describedby': p.described }, p.initial === undefined ? h('option', { value: '' }, p.t('choose')) : null, options);
  c.inputs.push(el);
  c.wrap = h('div', { class: 'field', part: 'field' }, p.label(p.cid), el, p.help, p.err);
  c.get = () => (el.value === '' ? undefined : JSON.parse(el.value));
}

function input(c, f, p) {
  const k = f.constraints ?? {};
  const numeric = f.control === 'number' || f.control === 'integer';
  const secret = f.control === 'secret';
  const el = h('input', {
    id: p.cid, type: INPUT_TYPES[f.control] ?? 'text', 'aria-describedby': p.described, part: 'input',
    autocomplete: secret ? 'new-password' : 'off', spellcheck: 'false',
    min: numeric ? k.minimum : null, max: numeric ? k.maximum : null,
    step: f.control === 'integer' ? 1 : numeric ? k.multipleOf ?? 'any' : null,
    maxlength: k.maxLength,
    // A stored secret is never sent back: the field stays empty and says it is kept.
    placeholder: secret && p.kept ? p.t('secretKept') : null,
  });
  if (p.initial !== undefined && !(secret && p.kept)) el.value = f.control === 'datetime' ? String(p.initial).slice(0, 16) : String(p.initial);
  c.inputs.push(el);
  c.wrap = h('div', { class: 'field', part: 'field' }, p.label(p.cid), secret ? secretBox(el, p.t) : el, p.help, p.err);
  c.get = () => {
    const s = el.value;
    if (s === '') return undefined;
    if (numeric) return el.validity.badInput ? s : Number(s);
    if (f.control === 'datetime') return new Date(s).toISOString();
    return s;
  };
}

/** Builds the control for field `f` (any kind but group) into `c`. */
export function buildControl(c, f, p) {
  if (f.control === 'checkbox') checkbox(c, f, p);
  else if (f.control === 'list' && f.item?.options) checkList(c, f, p);
  else if (f.control === 'list' || f.control === 'json') textArea(c, f, p);
  else if (f.control === 'select') select(c, f, p);
  else input(c, f, p);
}
