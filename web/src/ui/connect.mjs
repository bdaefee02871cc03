// ui/connect.mjs — connecting an account (or reconnecting one in place): an API key field, or
// OAuth2 sign-in in a popup that falls back to the same window and back.
//
// `ctx` (from the element): {t, client, dialog, conns (Map id → connection), apiBase,
// fail(error, action)}.
import { busy, button, h, safeUrl } from './dom.mjs';
import { secretBox } from '../form.mjs';

/** sessionStorage key: a same-window sign-in left the page; this brings the dialog back. */
export const RESUME = 'embedhub:resume';
export const POLL_MS = 1500;

/** Creates (or, given `existing`, reauthorizes in place) a connection with an API key. */
export function connectWithKey(client, tpl, existing, apiKey, signal) {
  return existing
    ? client.reauthorizeConnection(existing.id, { apiKey }, { signal })
    : client.createConnection({ templateId: tpl.id, apiKey }, { signal });
}

/** Starts an OAuth2 sign-in: the connection (new, or `existing` kept) with its authorizeUrl.
 * `returnUrl`: where a same-window sign-in comes back to. */
export function startSignIn(client, tpl, existing, signal, returnUrl) {
  const back = returnUrl ? { returnUrl } : {};
  return existing
    ? client.reauthorizeConnection(existing.id, back, { signal })
    : client.createConnection({ templateId: tpl.id, ...back }, { signal });
}

/**
 * Resolves with the connection once it leaves `connecting`, or once `popup` is closed. The
 * callback page's message ({type: 'embedhub:connection', connectionId}) from `origin` only
 * prompts a check: the hub's answer is what counts. `target` receives the messages (window).
 */
export function waitForConnection(client, id, { popup, signal, origin, target = window, interval = POLL_MS }) {
  return new Promise((resolve, reject) => {
    let timer;
    const stop = () => { clearInterval(timer); target.removeEventListener('message', onMessage); };
    const check = async () => {
      const closed = popup.closed;
      try {
        const c = await client.getConnection(id, { signal });
        if (c.status !== 'connecting' || closed) { stop(); resolve(c); }
      } catch (err) {
        stop();
        reject(err);
      }
    };
    const onMessage = (e) => { if (e.origin === origin && e.data?.type === 'embedhub:connection' && e.data.connectionId === id) check(); };
    target.addEventListener('message', onMessage);
    timer = setInterval(check, interval);
    signal.addEventListener('abort', () => { stop(); reject(signal.reason); }, { once: true });
  });
}

/** Remembers the open dialog before a same-window sign-in. False when there is no storage. */
export function saveResume(storage, entry) {
  try {
    storage.setItem(RESUME, JSON.stringify(entry));
    return true;
  } catch {
    return false; // no storage (sandboxed frame): the user reopens the dialog and picks the account
  }
}

/** The saved entry for this hub and user, removed from storage; null when there is none. */
export function takeResume(storage, hubId, userId) {
  let saved;
  try {
    saved = JSON.parse(storage.getItem(RESUME));
  } catch {
    return null; // no storage, or not ours
  }
  if (!saved || saved.hub !== hubId || saved.user !== userId) return null;
  storage.removeItem(RESUME);
  return saved;
}

/** Removes the fragment the hub's callback page adds on the way back from a same-window
 * sign-in (#embedhub-connection=…&embedhub-status=…): the saved entry says all of it. */
export function clearReturnFragment(loc = location, hist = history) {
  if (/^#embedhub-connection=/.test(loc.hash)) hist.replaceState(hist.state, '', loc.pathname + loc.search);
}

/**
 * The "connect an account" box for template `tpl`: a sign-in button (OAuth2) or an API key
 * field. With `existing`, it reconnects that connection in place. Calls `connected(conn)`
 * once the connection is active.
 */
export function connectBox(ctx, tpl, connected, existing) {
  const { t } = ctx;
  const name = tpl.connectorName ?? tpl.name;
  if (tpl.authenticationMethod !== 'api_key') {
    const b = button(existing ? t('reconnect') : t('oauthButton', { name }), null, existing ? '' : 'primary');
    const start = (returnUrl) => startSignIn(ctx.client, tpl, existing, ctx.dialog.signal, returnUrl);
    b.addEventListener('click', () => signIn(ctx, tpl, b, start, existing ? 'reconnect' : 'connect', (conn) => {
      if (conn.status === 'active') connected(conn);
      else ctx.dialog.say(conn.status === 'connecting' ? t('oauthClosed', { name }) : t('connectFailed', { name, error: conn.last_error ?? conn.status }), 'error');
    }));
    return h('div', { class: 'newconn' }, existing ? null : h('p', { class: 'help' }, t('oauthHint', { name })), h('div', {}, b));
  }
  const id = `key-${tpl.id}-${existing?.id ?? 'new'}`;
  const input = h('input', { id, type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-h ${id}-e` });
  const err = h('p', { class: 'err', id: `${id}-e`, 'aria-live': 'polite' });
  const b = button(existing ? t('reconnectKey') : t('apiKeyConnect'), null, 'primary');
  const go = async () => {
    const apiKey = input.value.trim();
    err.textContent = apiKey ? '' : t('v_required');
    input.setAttribute('aria-invalid', String(!apiKey));
    if (!apiKey) return input.focus();
    const signal = ctx.dialog.signal;
    try {
      const conn = await busy(b, t('connecting'), () => connectWithKey(ctx.client, tpl, existing, apiKey, signal));
      ctx.remember(conn);
      if (conn.status === 'active') return connected(conn);
      err.textContent = t('connectFailed', { name, error: conn.last_error ?? conn.status });
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    } catch (e) {
      if (signal.aborted) return;
      err.textContent = e.fields?.[0]?.message ?? e.message;
      ctx.fail(e, existing ? 'reconnect' : 'connect');
    }
  };
  b.addEventListener('click', go);
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); go(); } });
  return h('div', { class: 'newconn' },
    h('div', { class: 'field' }, h('label', { for: id }, t('apiKey', { name })), h('div', { class: 'row' }, secretBox(input, t), b),
      h('p', { class: 'help', id: `${id}-h` }, t('apiKeyHint', { name })), err));
}

// OAuth2: the popup opens synchronously in the click handler (so it is not blocked), on a
// blank page, and goes to the provider once the hub answers with the authorize URL. With no
// popup, the page itself goes there (the callback returns to `returnUrl`, this page) and the
// element's resume() reopens the dialog. `start(returnUrl)` asks the hub; an answer without
// authorizeUrl (a retry that needed no sign-in) is the result as it is.
async function signIn(ctx, tpl, b, start, action, done) {
  const { t, dialog } = ctx;
  const name = tpl.connectorName ?? tpl.name;
  const popup = tpl.authenticationMethod === 'api_key' ? undefined : window.open('', 'embedhub-oauth', 'popup,width=520,height=700');
  const signal = dialog.signal;
  try {
    const conn = await busy(b, t('connecting'), async () => {
      const c = await start(popup === null ? location.href : undefined);
      if (!c.authorizeUrl) { popup?.close(); return c; }
      const url = safeUrl(c.authorizeUrl, ctx.apiBase);
      if (!url) throw new Error(`no sign-in page for ${name}`);
      if (!popup) {
        dialog.say(t('oauthRedirect', { name }));
        saveResume(sessionStorage, { hub: ctx.client.hubId, user: ctx.client.userId, integration: dialog.integration.id, connection: c.id });
        location.assign(url);
        return new Promise(() => {});
      }
      popup.location.href = url;
      dialog.say(t('oauthWaiting', { name }));
      return waitForConnection(ctx.client, c.id, { popup, signal, origin: new URL(ctx.apiBase, location.href).origin });
    });
    ctx.remember(conn);
    done(conn);
  } catch (err) {
    popup?.close();
    if (signal.aborted) return;
    dialog.say(t('somethingWrong', { error: err.message }), 'error');
    ctx.fail(err, action);
  }
}

/**
 * The "Try again" button for `existing` (the core's retry action): the hub runs its checks
 * again, or, for an OAuth2 account that never got a token, asks for a new sign-in.
 * `done(conn)` gets the connection as it ends.
 */
export function retryButton(ctx, tpl, existing, done) {
  const b = button(ctx.t('retryConnection'), () => signIn(ctx, tpl, b, () => ctx.client.retryConnection(existing.id, { signal: ctx.dialog.signal }), 'retry', done));
  return b;
}

/**
 * "Remove" for one of the user's accounts that no activation uses: DELETE revokes it at the
 * provider. `removed()` runs once the hub has deleted it; a 409 (it got used meanwhile) is said.
 */
export function removeButton(ctx, tpl, conn, removed) {
  const { t, dialog } = ctx;
  const name = tpl.connectorName ?? tpl.name;
  const label = t('removeAccountLabel', { name, date: t.date(conn.created_at) });
  const b = h('button', { type: 'button', class: 'btn ghost', part: 'button', 'aria-label': label }, t('removeAccount'));
  b.addEventListener('click', async () => {
    try {
      await busy(b, t('removeAccount'), () => ctx.client.deleteConnection(conn.id, { signal: dialog.signal }));
      ctx.forget(conn.id);
      removed();
      dialog.say(t('accountRemoved', { name }), 'ok');
    } catch (err) {
      if (dialog.signal.aborted) return;
      dialog.say(err.message, 'error');
      ctx.fail(err, 'remove');
    }
  });
  return b;
}
