// ui/activate.mjs — the activation wizard: one step per connection template (pick one of the
// user's accounts or connect a new one), then the settings form, then POST /activations.
//
// `ctx` (from the element): {t, client, core (promise of the hub), dialog, conns, apiBase,
// icon(url, name), emit, fail, announce, reload()}.
import { busy, button, h } from './dom.mjs';
import { connectBox, removeButton } from './connect.mjs';
import { settingsForm } from './settings.mjs';

/**
 * Per template id, by the core's rule (hub.bindingOptions: connector, status, no sandbox account
 * where the template writes): `accounts`, the user's connections (`conns`: Map id → connection)
 * that may serve it, and `sandbox`, whether a sandbox account was left out only for being one.
 */
export function accountOptions(hub, full, conns) {
  const { templates } = hub.bindingOptions(full, [...conns.values()]);
  return new Map(templates.map((o) => [o.templateId, {
    accounts: o.eligible.map((id) => conns.get(id)),
    sandbox: o.ineligible.some((x) => x.code === 'sandbox_write'),
  }]));
}

/**
 * The accounts chosen up front (template id → connection id): the only eligible one, or the
 * one just connected in a same-window sign-in (`resume`). `options` is accountOptions().
 */
export function initialPicks(templates, options, resume) {
  const picks = new Map();
  for (const tpl of templates) {
    const mine = options.get(tpl.id)?.accounts ?? [];
    const resumed = resume && mine.find((c) => c.id === resume);
    if (resumed || mine.length === 1) picks.set(tpl.id, (resumed ?? mine[0]).id);
  }
  return picks;
}

/** The step to open at: 0, or after a same-window sign-in the first one still open. */
export function firstStep(templates, picks, resume, total) {
  if (!resume) return 0;
  const open = templates.findIndex((tpl) => !picks.has(tpl.id));
  return open >= 0 ? open : total - 1;
}

/** The ActivationCreate body. */
export function activationBody(full, templates, picks, values) {
  const body = { integrationId: full.id, connections: templates.map((tpl) => ({ templateId: tpl.id, connectionId: picks.get(tpl.id) })) };
  if (full.variablesSchema) body.dynamicVariables = values ?? {};
  return body;
}

/** Loads the integration, the user's connections and the core; builds the settings form. */
async function prepare(ctx, summary, signal) {
  const [full, conns, hub] = await Promise.all([ctx.client.getIntegration(summary.id, { signal }), ctx.client.listConnections({ signal }), ctx.core]);
  for (const c of conns.connections) ctx.remember(c);
  return { full, form: settingsForm(ctx, hub, full.variablesSchema), hub };
}

/** Opens the wizard for `summary`; `resume` is the connection a same-window sign-in made. */
export async function openActivation(ctx, summary, opener, resume) {
  const { t, dialog } = ctx;
  const signal = dialog.open(summary, opener);
  dialog.frame({ title: t('connectTitle', { name: summary.name }), icon: ctx.icon(summary.imageUrl, summary.name), body: h('p', {}, t('loading')), footer: null });
  let prepared;
  try {
    prepared = await prepare(ctx, summary, signal);
  } catch (err) {
    if (!signal.aborted) failed(ctx, summary, err);
    return;
  }
  const { full, form, hub } = prepared;
  const templates = full.connectionTemplates;
  let picks;
  try {
    picks = initialPicks(templates, accountOptions(hub, full, ctx.conns), resume);
  } catch (err) {
    return failed(ctx, summary, err);
  }
  // An integration with neither templates nor settings still gets one step: the confirmation.
  const total = Math.max(1, templates.length + (form ? 1 : 0));
  const w = { ctx, hub, full, form, templates, picks, total, step: firstStep(templates, picks, resume, total) };
  renderStep(w);
}

function failed(ctx, summary, err) {
  const { t, dialog } = ctx;
  dialog.frame({ title: summary.name, icon: ctx.icon(summary.imageUrl, summary.name), body: h('p', { class: 'err' }, t('somethingWrong', { error: err.message })),
    footer: button(t('close'), () => dialog.close('cancel')) });
  ctx.fail(err, 'activate');
}

function renderStep(w, focusPrimary) {
  const { ctx, full, form, templates, picks, total } = w;
  const { t, dialog } = ctx;
  const last = w.step === total - 1;
  const tpl = templates[w.step];
  const rerender = (focus) => renderStep(w, focus);
  const stepList = total > 1 && h('ol', { class: 'steps', part: 'steps', 'aria-label': t('steps') },
    [...templates.map((x) => x.connectorName ?? x.name), ...(form ? [t('stepSettings')] : [])].map((name, n) =>
      h('li', { 'data-n': n + 1, 'aria-current': n === w.step ? 'step' : null, 'data-done': n < w.step }, name)));
  const primary = button(last ? t('activate') : t('continue'), () => dialog.submit(), 'primary');
  // Until an account is chosen, the step's own sign-in button is the one to press.
  const emphasise = () => primary.classList.toggle('primary', !tpl || picks.has(tpl.id));
  emphasise();
  const back = w.step > 0 ? button(t('back'), () => { w.step--; rerender(); }) : button(t('cancel'), () => dialog.close('cancel'));
  dialog.frame({
    title: t('connectTitle', { name: full.name }), subtitle: full.description,
    icon: ctx.icon(full.imageUrl, full.name), steps: stepList,
    body: tpl ? accountStep(w, tpl, () => rerender(true), emphasise)
      : form ? [h('p', {}, t('settingsIntro', { name: full.name })), form.el] : h('p', {}, t('noSettings', { name: full.name })),
    footer: [back, primary],
  });
  dialog.submit = async () => {
    if (tpl && !picks.has(tpl.id)) return dialog.say(t('pickAccount'), 'error');
    if (!last) { w.step++; rerender(true); return; }
    const checked = form?.validate(true);
    if (checked && !checked.valid) {
      dialog.say(checked.other[0] ?? t('fixErrors'), 'error');
      checked.first?.focus();
      return;
    }
    await submit(w, checked, primary);
  };
  if (focusPrimary) primary.focus();
  else dialog.focusFirst();
}

async function submit({ ctx, full, templates, picks, form }, checked, primary) {
  const { t, dialog } = ctx;
  const body = activationBody(full, templates, picks, checked?.value);
  dialog.say(t('activating'));
  try {
    const activation = await busy(primary, t('activating'), () => ctx.client.createActivation(body, { signal: dialog.signal }));
    ctx.emit('activated', { activation, integration: full });
    ctx.announce(t('activated', { name: full.name }));
    dialog.close('activated');
    await ctx.reload();
  } catch (err) {
    if (dialog.signal.aborted) return;
    const shown = form && err.fields?.length ? form.showErrors(err.fields) : null;
    dialog.say(shown?.fieldErrors.size ? t('fixErrors') : err.message, 'error');
    ctx.fail(err, 'activate');
  }
}

// One connection template: pick one of the user's eligible accounts for it, or connect a new one.
function accountStep(w, tpl, rerender, picked) {
  const { ctx, picks } = w;
  const { t, dialog } = ctx;
  const name = tpl.connectorName ?? tpl.name;
  const { accounts: mine = [], sandbox = false } = accountOptions(w.hub, w.full, ctx.conns).get(tpl.id) ?? {};
  const chosen = picks.get(tpl.id);
  const connect = connectBox(ctx, tpl, (conn) => { picks.set(tpl.id, conn.id); rerender(); dialog.say(t('connectedTo', { name }), 'ok'); });
  const note = sandbox ? h('p', { class: 'help' }, t('sandboxNote')) : null;
  if (!mine.length) return [note, connect];
  connect.hidden = chosen !== undefined;
  const radio = (value, label, checked) => {
    const input = h('input', { type: 'radio', name: `pick-${tpl.id}`, value, checked });
    input.addEventListener('change', () => {
      if (value === 'new') picks.delete(tpl.id);
      else picks.set(tpl.id, value);
      connect.hidden = value !== 'new';
      picked();
      dialog.say('');
    });
    return h('label', { class: 'choice' }, input, h('span', {}, label));
  };
  // An account no activation uses can be removed here (the hub refuses the others).
  const used = ctx.usedConnections();
  const account = (c) => h('div', { class: 'account' },
    radio(c.id, t('accountLabel', { name, date: t.date(c.created_at) }), c.id === chosen),
    used.has(c.id) || ctx.client.supports?.('deleteConnection') === false ? null
      : removeButton(ctx, tpl, c, () => { if (picks.get(tpl.id) === c.id) picks.delete(tpl.id); rerender(); }));
  return h('fieldset', {}, h('legend', {}, t('chooseAccount', { name })),
    mine.map(account),
    note,
    radio('new', t('newAccount'), chosen === undefined),
    connect);
}
