// pages.mjs — the demo authorization server's own pages: sign-in and consent (oidc-provider's
// interactions), and a tiny "provider API" that connectors verify credentials against.
import { timingSafeEqual } from 'node:crypto';

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0}
main{max-width:26rem;margin:3rem auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 2px 12px #0002}
h1{font-size:1.3rem;margin-top:0}label{display:block;margin:.8rem 0 .2rem}input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}
.row{display:flex;gap:.8rem;justify-content:flex-end;margin-top:1.4rem}button{font:inherit;padding:.5rem 1.1rem;border-radius:6px;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}
button.secondary,a.secondary{background:#fff;color:#1d4ed8}a.button{padding:.5rem 1.1rem;border-radius:6px;border:1px solid #1d4ed8;text-decoration:none}.note{color:#555;font-size:.9rem}.error{color:#b91c1c}code{background:#eef;padding:0 .2rem}`;

function sendPage(res, status, title, body) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    // No form-action: browsers apply it to the redirects after a submit too, and the consent
    // form's answer ends at the client's redirect_uri (the hub's callback, another origin).
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  res.end(html);
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const sameText = (a, b) => {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
};

function loginPage({ accounts, title }, res, uid, client, error) {
  const account = accounts[0];
  sendPage(res, error ? 401 : 200, `Sign in to ${title}`, `
<h1>Sign in to ${escapeHtml(title)}</h1>
<p class="note">${escapeHtml(client?.clientName ?? client?.clientId ?? 'An application')} wants to connect to your account.
Demo account: <code>${escapeHtml(account.login)}</code>, password <code>${escapeHtml(account.password)}</code>.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="login">E-mail</label><input id="login" name="login" type="email" autocomplete="username" required autofocus value="${escapeHtml(account.login)}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="row"><a class="button secondary" href="/interaction/${escapeHtml(uid)}/abort">Cancel</a>
<button type="submit">Sign in</button></div></form>`);
}

function consentPage({ title }, res, uid, client, scopes) {
  const list = scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('');
  sendPage(res, 200, `Authorize ${client?.clientName ?? client?.clientId}`, `
<h1>Allow ${escapeHtml(client?.clientName ?? client?.clientId ?? 'this application')} to access your ${escapeHtml(title)} account?</h1>
${list ? `<p>It asks for:</p><ul>${list}</ul>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/confirm">
<div class="row"><button type="submit" name="decision" value="deny" class="secondary">Deny</button>
<button type="submit" name="decision" value="allow" autofocus>Allow</button></div></form>`);
}

// A new grant for every authorization, so two connections of one user are independent.
async function grantConsent(provider, req, res, { prompt, params, session }) {
  const grant = new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const { details: d } = prompt;
  if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
  if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
  for (const [indicator, scope] of Object.entries(d.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scope.join(' '));
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

// oidc-provider's interaction `uid`: the sign-in and consent pages and what they submit.
async function interaction(deps, req, res, uid, action) {
  const { provider, accounts } = deps;
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return sendPage(res, 400, 'Expired', '<h1>This sign-in expired</h1><p>Start again from the application.</p>');
  const { prompt, params } = details;
  const client = await provider.Client.find(params.client_id);
  if (req.method === 'GET' && action === '') {
    if (prompt.name === 'login') return loginPage(deps, res, uid, client);
    return consentPage(deps, res, uid, client, String(params.scope ?? '').split(' ').filter(Boolean));
  }
  if (action === 'abort' || (action === 'confirm' && (await readForm(req)).get('decision') === 'deny')) {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user denied access' },
      { mergeWithLastSubmission: false });
  }
  if (req.method === 'POST' && action === 'login' && prompt.name === 'login') {
    const form = await readForm(req);
    const account = accounts.find((a) => sameText(a.login, form.get('login') ?? '') && sameText(a.password, form.get('password') ?? ''));
    if (!account) return loginPage(deps, res, uid, client, 'Wrong e-mail or password.');
    return provider.interactionFinished(req, res, { login: { accountId: account.id } }, { mergeWithLastSubmission: false });
  }
  if (req.method === 'POST' && action === 'confirm' && prompt.name === 'consent') return grantConsent(provider, req, res, details);
  return sendPage(res, 400, 'Not possible', '<h1>This step is not possible now</h1>');
}

// The provider's API. GET /api/me verifies a credential: an API key (`X-Api-Key`) is accepted
// unless it starts with "bad"; a bearer token must be a live access token of this server.
// POST /api/webhooks is a post-install step: keys starting with "fail" are refused (400).
async function api(provider, req, res, path) {
  const key = req.headers['x-api-key'];
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  let who = null;
  if (typeof key === 'string' && key) {
    if (/^bad/i.test(key)) return sendJson(res, 401, { error: 'invalid_api_key', error_description: 'the API key is not valid' });
    who = { kind: 'api_key', failInstall: /^fail/i.test(key) };
  } else if (bearer) {
    const token = (await provider.AccessToken.find(bearer)) ?? (await provider.ClientCredentials.find(bearer));
    if (!token || token.isExpired) return sendJson(res, 401, { error: 'invalid_token', error_description: 'the access token is not valid' });
    who = { kind: 'token', sub: token.accountId ?? null, clientId: token.clientId };
  } else {
    return sendJson(res, 401, { error: 'unauthorized', error_description: 'no credential given' });
  }
  if (path === '/api/me' && req.method === 'GET') return sendJson(res, 200, { ok: true, kind: who.kind, sub: who.sub ?? null });
  if (path === '/api/webhooks' && req.method === 'POST') {
    req.resume();
    if (who.failInstall) return sendJson(res, 400, { error: 'webhook_refused', error_description: 'the webhook could not be registered' });
    return sendJson(res, 201, { ok: true });
  }
  return sendJson(res, 404, { error: 'not_found' });
}

/**
 * Request handlers for `/interaction/…` and `/api/…`; returns a function (req, res, url) → true
 * when it answered. `title`: the name the pages show; `accounts`: [{id, login, password, name}].
 */
export function demoPages({ provider, accounts, title }) {
  const deps = { provider, accounts, title };
  return async function handle(req, res, url) {
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|confirm|abort))?$/.exec(url.pathname);
    if (m) {
      await interaction(deps, req, res, m[1], m[2] ?? '');
      return true;
    }
    if (url.pathname.startsWith('/api/')) {
      await api(provider, req, res, url.pathname);
      return true;
    }
    return false;
  };
}
