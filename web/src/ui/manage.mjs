// ui/manage.mjs — the manage dialog of an active integration: its bound accounts with their
// status and a fix for each broken one (reconnect in place, retry), and disconnecting it.
//
// `ctx` (from the element): {t, client, core, dialog, conns, acts, icon(url, name), stateOf(i),
// emit, fail, announce, reload(), repaint()}.
import { busy, button, h } from './dom.mjs';
import { connectBox, retryButton } from './connect.mjs';
import { editButton } from './settings.mjs';

/** What a bound connection in `status` offers, by the core's status → action table
 * (hub.actionFor, the one tile states and activation errors read): 'reconnect', 'retry' or null. */
export function fixFor(hub, status) {
  const action = status ? hub.actionFor(status) : null;
  return action === 'reconnect' || action === 'retry' ? action : null;
}

/** Deletes the activation; resolves once the hub has. */
export function deactivate(client, act, signal) {
  return client.deleteActivation(act.id, { signal });
}

export async function openManage(ctx, summary, opener) {
  const { t, dialog } = ctx;
  const signal = dialog.open(summary, opener);
  const icon = () => ctx.icon(summary.imageUrl, summary.name);
  dialog.frame({ title: summary.name, icon: icon(), body: h('p', {}, t('loading')), footer: null });
  let full, hub;
  try {
    [full, hub] = await Promise.all([ctx.client.getIntegration(summary.id, { signal }), ctx.core]);
  } catch (err) {
    if (signal.aborted) return;
    dialog.frame({ title: summary.name, icon: icon(), body: h('p', { class: 'err' }, t('somethingWrong', { error: err.message })), footer: button(t('close'), () => dialog.close('cancel')) });
    ctx.fail(err, 'load');
    return;
  }
  const m = { ctx, hub, full, signal, icon, act: ctx.acts.get(summary.id) };
  m.changed = (conn, message) => {
    if (conn) ctx.remember(conn);
    ctx.repaint();
    renderManage(m, message);
  };
  renderManage(m);
}

// One bound account: its name, status, last error and fix.
function accountRow(m, binding) {
  const { ctx, full } = m;
  const { t } = ctx;
  const c = ctx.conns.get(binding.connectionId);
  const tpl = full.connectionTemplates.find((x) => x.id === binding.templateId) ?? { id: binding.templateId, name: '', authenticationMethod: c?.authentication_method };
  const name = tpl.connectorName ?? tpl.name;
  const fix = fixFor(m.hub, c?.status);
  let fixer = null;
  // No button for an operation the server lacks (HubClient's profile 'reference').
  if (fix === 'reconnect' && ctx.client.supports?.('reauthorizeConnection') !== false) {
    fixer = connectBox(ctx, tpl, (conn) => m.changed(conn, t('connectedTo', { name })), c);
  } else if (fix === 'retry' && ctx.client.supports?.('retryConnection') !== false) {
    fixer = h('div', {}, retryButton(ctx, tpl, c, (conn) =>
      m.changed(conn, conn.status === 'active' ? t('connectedTo', { name }) : t('connectFailed', { name, error: conn.last_error ?? conn.status }))));
  }
  return h('li', {},
    h('div', { class: 'top' }, h('span', { class: 'name' }, name),
      c ? h('span', { class: 'badge', part: 'badge', 'data-state': c.status }, t(`status_${c.status}`)) : null),
    c?.last_error && c.status !== 'active' ? h('p', { class: 'problem' }, c.last_error) : null,
    fixer);
}

function renderManage(m, message) {
  const { ctx, full, act, icon } = m;
  const { t, dialog } = ctx;
  const st = ctx.stateOf(full);
  const disconnect = button(t('disconnect'), () => askConfirm(m), 'danger');
  dialog.frame({
    title: full.name, subtitle: full.description, icon: icon(),
    // A reference server's activation has no createdAt: no date rather than an empty one.
    body: [act.createdAt ? h('p', {}, t('activatedOn', { date: t.date(act.createdAt) })) : null,
      editButton(ctx, m.hub, full, act, (msg) => renderManage(m, msg)),
      h('fieldset', {}, h('legend', {}, t('accounts')), h('ul', { class: 'conns' }, act.connections.map((b) => accountRow(m, b))))],
    footer: [disconnect, button(t('done'), () => dialog.close('done'), 'primary')],
    message,
  });
  dialog.submit = null;
  if (st) dialog.el.querySelector('.dh div').append(h('span', { class: 'badge', part: 'badge', 'data-state': st.state }, t(`state_${st.state}`)));
  dialog.focusFirst('.conns input, .conns button', disconnect);
}

function askConfirm(m) {
  const { ctx, full, act, icon, signal } = m;
  const { t, dialog } = ctx;
  const cancel = button(t('cancel'), () => renderManage(m));
  const go = button(t('disconnect'), async () => {
    try {
      await busy(go, t('disconnecting'), () => deactivate(ctx.client, act, signal));
      ctx.emit('deactivated', { activationId: act.id, integration: full });
      ctx.announce(t('disconnected', { name: full.name }));
      dialog.close('deactivated');
      await ctx.reload();
    } catch (err) {
      if (!signal.aborted) { dialog.say(err.message, 'error'); ctx.fail(err, 'deactivate'); }
    }
  }, 'danger primary');
  dialog.frame({
    title: full.name, subtitle: full.description, icon: icon(),
    body: h('div', { class: 'confirm', role: 'alert' },
      h('h3', {}, t('confirmTitle', { name: full.name })), h('p', {}, t('confirmText', { name: full.name }))),
    footer: [cancel, go],
  });
  cancel.focus();
}
