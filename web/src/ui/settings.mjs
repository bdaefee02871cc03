// ui/settings.mjs — the settings form of an integration: built for the activation wizard, and
// the "Edit settings" screen of the manage dialog (saved values, secrets masked, live
// validation, Save and Cancel, `settings-changed` for the host).
//
// `ctx` (from the element): {t, client, dialog, emit, fail, announce}.
import { busy, button, h } from './dom.mjs';
import { createForm } from '../form.mjs';

/**
 * The settings form of `schema` (a variablesSchema) through the core: its fields
 * (hub.formFor), live validation (the compiled schema, freed with the dialog) and conditions
 * read from the settings record (hub.settingsRecord). `saved`: the saved record, when editing.
 * Null when the schema has no fields.
 */
export function settingsForm(ctx, hub, schema, saved) {
  if (!schema) return null;
  const model = hub.formFor(schema);
  if (!model.fields.length) return null;
  ctx.dialog.validator?.free();
  ctx.dialog.validator = hub.compile(schema, { formats: 'assert', mode: 'all' });
  return createForm(model, {
    validator: ctx.dialog.validator, record: (values) => hub.settingsRecord(schema, values), t: ctx.t, id: 'set', saved,
  });
}

/** The saved settings of activation `act` as a settings record with secrets masked: the
 * hub's own record when it sends one, else built by the core from its variables. */
export function savedSettings(hub, schema, act) {
  if (Array.isArray(act.integrationSettings)) return act.integrationSettings;
  return hub.settingsRecord(schema, act.dynamicVariables ?? {}, { secrets: 'mask' });
}

/** What PATCH /activations/{id} sends: the values as entered (an empty kept secret is left
 * out, so the hub keeps it). */
export const settingsBody = (values) => ({ dynamicVariables: values });

/**
 * The edit screen for the activation `act` of integration `full` inside the open dialog.
 * `back(message)` returns to the manage screen.
 */
export async function editSettings(ctx, hub, full, act, back) {
  const { t, dialog } = ctx;
  const signal = dialog.signal;
  let form;
  try {
    const current = await ctx.client.getActivation(act.id, { signal });
    form = settingsForm(ctx, hub, full.variablesSchema, savedSettings(hub, full.variablesSchema, current));
  } catch (err) {
    if (!signal.aborted) { dialog.say(t('somethingWrong', { error: err.message }), 'error'); ctx.fail(err, 'load'); }
    return;
  }
  const save = button(t('save'), () => dialog.submit(), 'primary');
  dialog.frame({
    title: t('settingsTitle', { name: full.name }), subtitle: full.description, icon: ctx.icon(full.imageUrl, full.name),
    body: form.el, footer: [button(t('cancel'), () => back()), save],
  });
  dialog.submit = async () => {
    const checked = form.validate(true);
    if (!checked.valid) {
      dialog.say(checked.other[0] ?? t('fixErrors'), 'error');
      checked.first?.focus();
      return;
    }
    dialog.say(t('saving'));
    try {
      const activation = await busy(save, t('saving'), () => ctx.client.updateActivation(act.id, settingsBody(checked.value), { signal }));
      ctx.emit('settings-changed', { activation, integration: full });
      ctx.announce(t('settingsSaved'));
      back(t('settingsSaved'));
    } catch (err) {
      if (signal.aborted) return;
      const shown = err.fields?.length ? form.showErrors(err.fields) : null;
      dialog.say(shown?.fieldErrors.size ? t('fixErrors') : err.message, 'error');
      ctx.fail(err, 'save');
    }
  };
  dialog.focusFirst('.db input, .db select, .db textarea');
}

/** The manage screen's "Edit settings" button, or null when the integration has no settings. */
export function editButton(ctx, hub, full, act, back) {
  if (!full.variablesSchema || !hub.formFor(full.variablesSchema).fields.length) return null;
  if (ctx.client.supports?.('updateActivation') === false) return null;
  return h('p', {}, button(ctx.t('editSettings'), () => editSettings(ctx, hub, full, act, back)));
}
