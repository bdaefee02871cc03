// form.mjs — renders the core's settings-form model (hub.formFor) as accessible controls, with
// live validation by the core's compiled validator.

import { h } from './ui/dom.mjs';

// The embed's modules import `h` from ui/dom.mjs; it stays exported here for existing users.
export { h };

const INPUT_TYPES = { text: 'text', email: 'email', url: 'url', date: 'date', datetime: 'datetime-local', number: 'number', integer: 'number', secret: 'password' };

/** '/owner/email' → ['owner', 'email'] (JSON Pointer segments, unescaped). */
const segments = (pointer) => (pointer ? pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) : []);

function getAt(obj, key) {
  return key.split('.').reduce((o, k) => (o !== null && typeof o === 'object' ? o[k] : undefined), obj);
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Evaluates a form condition ({key, equals|notEquals|in|notIn|present} or {all}/{any}). */
export function holds(cond, values) {
  if (!cond) return true;
  if (cond.all) return cond.all.every((c) => holds(c, values));
  if (cond.any) return cond.any.some((c) => holds(c, values));
  const v = getAt(values, cond.key);
  if ('present' in cond) return (v !== undefined) === cond.present;
  if ('equals' in cond) return same(v, cond.equals);
  if ('notEquals' in cond) return !same(v, cond.notEquals);
  if ('in' in cond) return cond.in.some((x) => same(v, x));
  if ('notIn' in cond) return !cond.notIn.some((x) => same(v, x));
  return true;
}

/**
 * The settings form for `model` (hub.formFor's answer). `validator` is the compiled
 * variablesSchema (hub.compile, mode 'all'); `t` the translator; `id` a prefix for element ids.
 * Errors show at a field once it has been left (blur), then update as the user types; all of
 * them show on submit (validate(true)). Returns {el, values(), validate(all), showErrors(list)}.
 */
export function createForm(model, { validator, t, id = 'f' }) {
  const fields = [...model.fields].sort((a, b) => a.order - b.order);
  const controls = new Map();
  let showAll = false;
  const touched = new Set();

  function control(f, n) {
    const cid = `${id}-${n}`;
    const help = f.help ? h('p', { class: 'help', id: `${cid}-h` }, f.help) : null;
    const err = h('p', { class: 'err', id: `${cid}-e`, 'aria-live': 'polite' });
    const described = [help && `${cid}-h`, `${cid}-e`].filter(Boolean).join(' ');
    const c = { f, err, inputs: [] };
    const opt = h('span', { class: 'opt' }, t('optional'));
    c.opt = opt;
    const label = (forId) => h('label', { for: forId }, f.label, opt);
    const initial = f.default ?? undefined;

    if (f.control === 'group') {
      const kids = fields.filter((k) => k.parent === f.key).map((k) => control(k, `${n}-${k.order}`).wrap);
      c.wrap = h('fieldset', { class: 'group', part: 'group', 'data-key': f.key }, h('legend', {}, f.label), help, kids, err);
      c.get = () => {
        const o = {};
        for (const k of fields) if (k.parent === f.key) {
          const v = valueOf(k.key);
          if (v !== undefined) o[k.key.slice(f.key.length + 1)] = v;
        }
        return Object.keys(o).length || isRequired(f) ? o : undefined;
      };
    } else if (f.control === 'checkbox') {
      const input = h('input', { type: 'checkbox', id: cid, checked: initial === true, 'aria-describedby': described });
      c.inputs.push(input);
      c.wrap = h('div', { class: 'field', part: 'field' }, h('label', { class: 'check' }, input, f.label), help, err);
      c.get = () => input.checked;
    } else if (f.control === 'list' && f.item?.options) {
      const boxes = f.item.options.map((o) => {
        const box = h('input', { type: 'checkbox', value: String(o.value), checked: Array.isArray(initial) && initial.some((x) => same(x, o.value)) });
        box.data = o.value;
        c.inputs.push(box);
        return h('label', { class: 'check' }, box, o.label);
      });
      c.wrap = h('fieldset', { class: 'field', part: 'field', 'aria-describedby': described }, h('legend', { class: 'label' }, f.label, opt), h('div', { class: 'checks' }, boxes), help, err);
      c.get = () => {
        const v = c.inputs.filter((b) => b.checked).map((b) => b.data);
        return v.length ? v : undefined;
      };
    } else if (f.control === 'list' || f.control === 'json') {
      const list = f.control === 'list';
      const text = initial === undefined ? '' : list ? initial.join('\n') : JSON.stringify(initial, null, 2);
      const area = h('textarea', { id: cid, rows: 3, spellcheck: 'false', 'aria-describedby': described, placeholder: list ? t('listHint') : null });
      area.value = text;
      c.inputs.push(area);
      c.wrap = h('div', { class: 'field', part: 'field' }, label(cid), area, help, err);
      c.get = () => {
        const s = area.value.trim();
        if (!s) return undefined;
        if (list) {
          const numeric = f.item?.control === 'integer' || f.item?.control === 'number';
          return s.split('\n').map((x) => x.trim()).filter(Boolean).map((x) => (numeric && x !== '' && !Number.isNaN(Number(x)) ? Number(x) : x));
        }
        try {
          return JSON.parse(s);
        } catch {
          c.bad = true;
          return undefined;
        }
      };
    } else if (f.control === 'select') {
      const options = f.options.map((o) => h('option', { value: JSON.stringify(o.value), selected: same(o.value, initial) }, o.label));
      const select = h('select', { id: cid, 'aria-describedby': described }, initial === undefined ? h('option', { value: '' }, t('choose')) : null, options);
      c.inputs.push(select);
      c.wrap = h('div', { class: 'field', part: 'field' }, label(cid), select, help, err);
      c.get = () => (select.value === '' ? undefined : JSON.parse(select.value));
    } else {
      const k = f.constraints ?? {};
      const numeric = f.control === 'number' || f.control === 'integer';
      const input = h('input', {
        id: cid, type: INPUT_TYPES[f.control] ?? 'text', 'aria-describedby': described, part: 'input',
        autocomplete: f.control === 'secret' ? 'new-password' : 'off', spellcheck: 'false',
        min: numeric ? k.minimum : null, max: numeric ? k.maximum : null,
        step: f.control === 'integer' ? 1 : numeric ? k.multipleOf ?? 'any' : null,
        maxlength: k.maxLength,
      });
      if (initial !== undefined) input.value = f.control === 'datetime' ? String(initial).slice(0, 16) : String(initial);
      c.inputs.push(input);
      const box = f.control === 'secret' ? secretBox(input, t) : input;
      c.wrap = h('div', { class: 'field', part: 'field' }, label(cid), box, help, err);
      c.get = () => {
        const s = input.value;
        if (s === '') return undefined;
        if (numeric) return input.validity.badInput ? s : Number(s);
        if (f.control === 'datetime') return new Date(s).toISOString();
        return s;
      };
    }
    if (f.alignment !== 'full') c.wrap.dataset.align = f.alignment;
    c.wrap.dataset.key = f.key;
    controls.set(f.key, c);
    return c;
  }

  // Values as entered, hidden fields included: the conditions read these. `everything` is set
  // while they are collected, so visibility is only applied on the second pass.
  let raw = {};
  let everything = false;
  function valueOf(key) {
    const c = controls.get(key);
    if (!everything && !holds(c.f.visibleWhen, raw)) return undefined;
    return c.get();
  }
  function isRequired(f) {
    return f.required || (f.requiredWhen ? holds(f.requiredWhen, raw) : false);
  }

  function values() {
    // Two passes: conditions read the raw values, then hidden fields drop out.
    everything = true;
    const all = {};
    for (const f of fields) if (f.parent === null) all[f.key] = controls.get(f.key).get();
    everything = false;
    raw = all;
    const out = {};
    for (const f of fields) if (f.parent === null) {
      const v = valueOf(f.key);
      if (v !== undefined) out[f.key] = v;
    }
    return out;
  }

  function refresh() {
    values();
    for (const c of controls.values()) {
      c.wrap.hidden = !holds(c.f.visibleWhen, raw);
      c.opt.hidden = isRequired(c.f);
      // Checkboxes cannot be required in ARIA; their group's legend says "optional" instead.
      if (c.inputs.length === 1 && c.inputs[0].type !== 'checkbox') c.inputs[0].setAttribute('aria-required', String(c.opt.hidden));
    }
  }

  // The field a core error belongs to: the longest field key along its instancePath, then the
  // member the error is about (a missing required one).
  function keyOf(e) {
    const segs = segments(e.instancePath);
    if (e.property !== undefined && (e.keyword === 'required' || e.keyword === 'dependentRequired')) segs.push(e.property);
    for (let i = segs.length; i > 0; i--) {
      const key = segs.slice(0, i).join('.');
      if (controls.has(key)) return key;
    }
    return null;
  }

  function messageFor(e, f) {
    const k = e.keyword;
    if (k === 'required' || k === 'dependentRequired') return t('v_required');
    if (k === 'format') {
      const name = `format_${f.constraints?.format}`;
      return t.has(name) ? t('v_format', { format: t(name) }) : e.message;
    }
    if (k === 'json' || k === 'type') return t(`v_${k}`);
    if (k === 'pattern') return t('v_pattern');
    const limit = f.constraints?.[k];
    return limit !== undefined && t.has(`v_${k}`) ? t(`v_${k}`, { limit }) : e.message;
  }

  function show(errors) {
    const byKey = new Map();
    const rest = [];
    for (const e of errors) {
      const key = e.key ?? keyOf(e);
      if (!key) { rest.push(e.message); continue; }
      if (!byKey.has(key)) byKey.set(key, e.text ?? messageFor(e, controls.get(key).f));
    }
    for (const [key, c] of controls) {
      const msg = showAll || touched.has(key) ? byKey.get(key) ?? '' : '';
      if (c.err.textContent !== msg) c.err.textContent = msg;
      for (const i of c.inputs) i.setAttribute('aria-invalid', String(!!msg));
    }
    return { fieldErrors: byKey, other: rest };
  }

  function check() {
    for (const c of controls.values()) c.bad = false;
    const value = values();
    const errors = validator ? validator.validate(value).errors : [];
    for (const [key, c] of controls) if (c.bad) errors.unshift({ key, keyword: 'json', text: t('v_json') });
    return { value, errors };
  }

  const roots = fields.filter((f) => f.parent === null).map((f) => control(f, f.order).wrap);
  const el = h('div', { class: 'form', part: 'form' }, roots);
  refresh();

  const keyAt = (node) => node.closest('[data-key]')?.dataset.key;
  const live = () => { refresh(); show(check().errors); };
  el.addEventListener('input', live);
  el.addEventListener('change', live);
  el.addEventListener('focusout', (ev) => {
    const key = keyAt(ev.target);
    // Leaving one checkbox of a group for the next is not leaving the field.
    if (!key || (ev.relatedTarget && keyAt(ev.relatedTarget) === key)) return;
    touched.add(key);
    live();
  });

  return {
    el,
    values,
    /** Validates; with `all`, shows every error (submit). Returns {valid, value, first (the
     * first invalid input, to focus), other (messages that belong to no field)}. */
    validate(all) {
      if (all) showAll = true;
      refresh();
      const { value, errors } = check();
      const { fieldErrors, other } = show(errors);
      const firstKey = [...controls.keys()].find((k) => fieldErrors.has(k));
      return { valid: errors.length === 0, value, first: firstKey && controls.get(firstKey).inputs[0], other };
    },
    /** Shows the server's field errors ([{field: 'dynamicVariables.a.b', message}]) at their fields. */
    showErrors(list) {
      showAll = true;
      const errors = list.map((x) => {
        const key = x.field.replace(/^(dynamicVariables|variables)\.?/, '').replace(/\[\d+\]/g, '');
        return controls.has(key) ? { key, text: x.message } : { message: x.message };
      });
      return show(errors);
    },
  };
}

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
