// form.mjs — renders the core's settings-form model (hub.formFor) as accessible controls, with
// live validation by the core's compiled validator; the controls themselves are ui/controls.mjs.
import { h } from './ui/dom.mjs';
import { buildControl, same, secretBox } from './ui/controls.mjs';

// The embed's modules import these from ui/; they stay exported here for existing users.
export { h, secretBox };

/** '/owner/email' → ['owner', 'email'] (JSON Pointer segments, unescaped). */
const segments = (pointer) => (pointer ? pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) : []);

/** The values of a settings record (hub.settingsRecord) by field key; null (no value) is undefined. */
export const recordValues = (record) => {
  const byKey = new Map(record.map((e) => [e.configkey, e.configvalue ?? undefined]));
  return (key) => byKey.get(key);
};

/** Evaluates a form condition ({key, equals|notEquals|in|notIn|present} or {all}/{any});
 * `at(key)` is a field's value (recordValues). */
export function holds(cond, at) {
  if (!cond) return true;
  if (cond.all) return cond.all.every((c) => holds(c, at));
  if (cond.any) return cond.any.some((c) => holds(c, at));
  const v = at(cond.key);
  if ('present' in cond) return (v !== undefined) === cond.present;
  if ('equals' in cond) return same(v, cond.equals);
  if ('notEquals' in cond) return !same(v, cond.notEquals);
  if ('in' in cond) return cond.in.some((x) => same(v, x));
  if ('notIn' in cond) return !cond.notIn.some((x) => same(v, x));
  return true;
}

/**
 * The field's message for core error `e`, in the translator's language: from its keyword and
 * parameters (`e.params`, else the field's constraints), never from the core's English text
 * (which is only the fallback of an English page for a keyword without a template).
 */
export function messageFor(t, e, f) {
  const k = e.keyword;
  const p = e.params ?? {};
  const c = f.constraints ?? {};
  const other = () => (t.locale === 'en' && e.message ? e.message : t('v_invalid'));
  if (k === 'required' || k === 'dependentRequired') return t('v_required');
  if (k === 'format') {
    const name = `format_${p.format ?? c.format}`;
    return t.has(name) ? t('v_format', { format: t(name) }) : other();
  }
  if (k === 'enum' || k === 'const') {
    const allowed = p.allowedValues ?? (k === 'const' ? ('allowedValue' in p ? [p.allowedValue] : undefined) : c.enum);
    return allowed ? t('v_enum', { list: allowed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) }) : other();
  }
  if (k === 'json' || k === 'type' || k === 'pattern' || k === 'uniqueItems') return t(`v_${k}`);
  const limit = p.limit ?? c[k];
  return limit !== undefined && t.has(`v_${k}`) ? t(`v_${k}`, { limit }) : other();
}

class SettingsForm {
  el;
  #fields;
  #controls = new Map();
  #o;
  #showAll = false;
  #touched = new Set();
  // Values as entered, hidden fields included, read through the core's settings record: the
  // conditions read these. `#everything` is set while they are collected, so visibility is only
  // applied on the second pass.
  #raw = () => undefined;
  #everything = false;

  #saved;

  constructor(model, o) {
    this.#o = o;
    this.#saved = o.saved && recordValues(o.saved);
    this.#fields = [...model.fields].sort((a, b) => a.order - b.order);
    const roots = this.#fields.filter((f) => f.parent === null).map((f) => this.#control(f, f.order).wrap);
    this.el = h('div', { class: 'form', part: 'form' }, roots);
    this.#refresh();
    const keyAt = (node) => node.closest('[data-key]')?.dataset.key;
    const live = () => { this.#refresh(); this.#show(this.#check().errors); };
    this.el.addEventListener('input', live);
    this.el.addEventListener('change', live);
    this.el.addEventListener('focusout', (ev) => {
      const key = keyAt(ev.target);
      // Leaving one checkbox of a group for the next is not leaving the field.
      if (!key || (ev.relatedTarget && keyAt(ev.relatedTarget) === key)) return;
      this.#touched.add(key);
      live();
    });
  }

  // What a field starts with: its default, or (editing) the saved value from the saved
  // settings record; a saved secret is never shown (the record masks it), only said to be kept
  // when left empty.
  #initial(f) {
    if (!this.#saved) return { initial: f.default ?? undefined };
    const v = this.#saved(f.key);
    return f.control === 'secret' ? { kept: v != null } : { initial: v };
  }

  #control(f, n) {
    const { t, id } = this.#o;
    const cid = `${id}-${n}`;
    const help = f.help ? h('p', { class: 'help', id: `${cid}-h` }, f.help) : null;
    const err = h('p', { class: 'err', id: `${cid}-e`, 'aria-live': 'polite' });
    const described = [help && `${cid}-h`, `${cid}-e`].filter(Boolean).join(' ');
    const opt = h('span', { class: 'opt' }, t('optional'));
    const c = { f, err, opt, inputs: [] };
    if (f.control === 'group') {
      const kids = this.#fields.filter((k) => k.parent === f.key).map((k) => this.#control(k, `${n}-${k.order}`).wrap);
      c.wrap = h('fieldset', { class: 'group', part: 'group', 'data-key': f.key }, h('legend', {}, f.label), help, kids, err);
      c.get = () => {
        const o = {};
        for (const k of this.#fields) if (k.parent === f.key) {
          const v = this.#valueOf(k.key);
          if (v !== undefined) o[k.key.slice(f.key.length + 1)] = v;
        }
        return Object.keys(o).length || this.#isRequired(f) ? o : undefined;
      };
    } else {
      const label = (forId) => h('label', { for: forId }, f.label, opt);
      const start = this.#initial(f);
      c.kept = start.kept;
      buildControl(c, f, { cid, described, help, err, label, t, ...start });
    }
    if (f.alignment !== 'full') c.wrap.dataset.align = f.alignment;
    c.wrap.dataset.key = f.key;
    this.#controls.set(f.key, c);
    return c;
  }

  #valueOf(key) {
    const c = this.#controls.get(key);
    if (!this.#everything && !holds(c.f.visibleWhen, this.#raw)) return undefined;
    return c.get();
  }

  #isRequired(f) {
    return f.required || (f.requiredWhen ? holds(f.requiredWhen, this.#raw) : false);
  }

  /** The values as entered, hidden fields left out. */
  values() {
    // Two passes: conditions read the raw values, then hidden fields drop out.
    const roots = this.#fields.filter((f) => f.parent === null);
    this.#everything = true;
    const all = {};
    for (const f of roots) all[f.key] = this.#controls.get(f.key).get();
    this.#everything = false;
    this.#raw = recordValues(this.#o.record(all));
    const out = {};
    for (const f of roots) {
      const v = this.#valueOf(f.key);
      if (v !== undefined) out[f.key] = v;
    }
    return out;
  }

  #refresh() {
    this.values();
    for (const c of this.#controls.values()) {
      c.wrap.hidden = !holds(c.f.visibleWhen, this.#raw);
      c.opt.hidden = this.#isRequired(c.f);
      // Checkboxes cannot be required in ARIA; their group's legend says "optional" instead.
      if (c.inputs.length === 1 && c.inputs[0].type !== 'checkbox') c.inputs[0].setAttribute('aria-required', String(c.opt.hidden));
    }
  }

  // The field a core error belongs to: the longest field key along its instancePath, then the
  // member the error is about (a missing required one).
  #keyOf(e) {
    const segs = segments(e.instancePath);
    if (e.property !== undefined && (e.keyword === 'required' || e.keyword === 'dependentRequired')) segs.push(e.property);
    for (let i = segs.length; i > 0; i--) {
      const key = segs.slice(0, i).join('.');
      if (this.#controls.has(key)) return key;
    }
    return null;
  }

  #show(errors) {
    const byKey = new Map();
    const rest = [];
    for (const e of errors) {
      const key = e.key ?? this.#keyOf(e);
      if (!key) { rest.push(e.message); continue; }
      if (!byKey.has(key)) byKey.set(key, e.text ?? messageFor(this.#o.t, e, this.#controls.get(key).f));
    }
    for (const [key, c] of this.#controls) {
      const msg = this.#showAll || this.#touched.has(key) ? byKey.get(key) ?? '' : '';
      if (c.err.textContent !== msg) c.err.textContent = msg;
      for (const i of c.inputs) i.setAttribute('aria-invalid', String(!!msg));
    }
    return { fieldErrors: byKey, other: rest };
  }

  #check() {
    for (const c of this.#controls.values()) c.bad = false;
    const value = this.values();
    // A kept secret left empty is not sent: the hub keeps the saved one, so it is not missing.
    const keptEmpty = (e) => { const c = this.#controls.get(this.#keyOf(e)); return c?.kept && c.get() === undefined; };
    const { validator, t } = this.#o;
    const errors = validator ? validator.validate(value).errors.filter((e) => !keptEmpty(e)) : [];
    for (const [key, c] of this.#controls) if (c.bad) errors.unshift({ key, keyword: 'json', text: t('v_json') });
    return { value, errors };
  }

  /** Validates; with `all`, shows every error (submit). Returns {valid, value, first (the
   * first invalid input, to focus), other (messages that belong to no field)}. */
  validate(all) {
    if (all) this.#showAll = true;
    this.#refresh();
    const { value, errors } = this.#check();
    const { fieldErrors, other } = this.#show(errors);
    const firstKey = [...this.#controls.keys()].find((k) => fieldErrors.has(k));
    return { valid: errors.length === 0, value, first: firstKey && this.#controls.get(firstKey).inputs[0], other };
  }

  /** Shows the server's field errors ([{field: 'dynamicVariables.a.b', message}]) at their fields. */
  showErrors(list) {
    this.#showAll = true;
    const errors = list.map((x) => {
      const key = x.field.replace(/^(dynamicVariables|variables)\.?/, '').replace(/\[\d+\]/g, '');
      return this.#controls.has(key) ? { key, text: x.message } : { message: x.message };
    });
    return this.#show(errors);
  }
}

/**
 * The settings form for `model` (hub.formFor's answer). `validator` is the compiled
 * variablesSchema (hub.compile, mode 'all'); `record(values)` its settings record
 * (hub.settingsRecord(variablesSchema, values)), which the conditions read; `t` the translator;
 * `id` a prefix for element ids; `saved` the saved settings record when editing (secrets masked:
 * never shown). Errors show at a field once it has been left (blur), then update as the user
 * types; all of them show on submit (validate(true)). Returns {el, values(), validate(all),
 * showErrors(list)}.
 */
export function createForm(model, { validator, record, t, id = 'f', saved } = {}) {
  return new SettingsForm(model, { validator, record, t, id, saved });
}
