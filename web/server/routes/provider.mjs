// provider.mjs — the simulated provider's pages: OAuth2 consent, and the callback back to the hub.
import { readFile } from 'node:fs/promises';
import { ApiError } from '../http/errors.mjs';
import { readForm, readQuery } from '../http/io.mjs';
import { opaque } from '../services/provider.mjs';
import { absoluteUrl } from '../services/views.mjs';

const PUBLIC = new URL('../public/', import.meta.url);
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'";

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(res, status, title, body) {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><link rel="stylesheet" href="/provider/provider.css"><title>${escapeHtml(title)}</title></head>
<body><main>${body}</main></body>
</html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': CSP,
    'cache-control': 'no-store',
    'referrer-policy': 'same-origin',
  });
  res.end(html);
}

export function providerRoutes({ store, connections, baseUrl }) {
  // A browser navigating here wants a page; an API client (tests, curl) the wire Error body.
  const fail = (req, res, status, code, message) => {
    if (!(req.headers.accept ?? '').includes('text/html')) throw new ApiError(status, code, message);
    page(res, status, 'Connection failed', `<h1>Connection failed</h1><p>${escapeHtml(message)}</p>`);
  };

  // The grant for `state`, with its connection and connector, or null when unusable.
  function grantOf(state) {
    const grant = typeof state === 'string' ? store.connections.grant(state) : undefined;
    if (!grant || grant.expires_at < new Date().toISOString()) return null;
    const conn = store.connections.byId(grant.connection_id);
    if (conn.status !== 'connecting') return null;
    return { grant, conn, connector: store.tenancy.connector(conn.connector_id) };
  }

  async function consentPage({ req, res, url }) {
    const q = readQuery(url, ['response_type', 'client_id', 'redirect_uri', 'scope', 'state']);
    const found = grantOf(q.state);
    if (!found) return fail(req, res, 400, 'grant_invalid', 'This sign-in link is unknown, used or expired. Start connecting again.');
    const { connector, grant } = found;
    const scopes = connector.scopes.split(' ').filter(Boolean).map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('');
    page(res, 200, `Connect ${connector.name}`, `
<img class="logo" src="${escapeHtml(absoluteUrl(baseUrl(), connector.image_url))}" alt="" width="56" height="56">
<h1>Allow access to your ${escapeHtml(connector.name)} account?</h1>
<p class="note">This is embedhub's simulated provider: no data leaves this machine.</p>
${scopes ? `<p>The integration asks for:</p><ul class="scopes">${scopes}</ul>` : ''}
<form method="post" action="/provider/oauth2/authorize">
  <input type="hidden" name="state" value="${escapeHtml(grant.state)}">
  <button name="decision" value="deny" class="secondary">Deny</button>
  <button name="decision" value="allow" autofocus>Allow</button>
</form>`);
  }

  // The provider redirects back with a code (or an error), as a real authorisation server does.
  async function consent({ req, res, url }) {
    readQuery(url, []);
    const form = await readForm(req);
    const found = grantOf(form.get('state'));
    if (!found) return fail(req, res, 400, 'grant_invalid', 'This sign-in link is unknown, used or expired. Start connecting again.');
    const decision = form.get('decision');
    if (decision !== 'allow' && decision !== 'deny') return fail(req, res, 400, 'body_invalid', 'decision must be allow or deny');
    const back = new URLSearchParams({ state: found.grant.state });
    if (decision === 'allow') {
      const code = opaque();
      if (!store.connections.setCode(found.grant.state, code)) {
        return fail(req, res, 409, 'grant_used', 'This consent was already given.');
      }
      back.set('code', code);
    } else back.set('error', 'access_denied');
    res.writeHead(303, { location: `/provider/oauth2/callback?${back}`, 'content-length': 0, 'cache-control': 'no-store' });
    res.end();
  }

  async function callback({ req, res, url }) {
    const q = readQuery(url, ['state', 'code', 'error', 'error_description']);
    const found = grantOf(q.state);
    if (!found) return fail(req, res, 400, 'grant_invalid', 'This sign-in link is unknown, used or expired. Start connecting again.');
    const denied = q.error !== undefined;
    if (!denied && (found.grant.code === null || q.code !== found.grant.code)) {
      return fail(req, res, 400, 'grant_invalid', 'The authorisation code does not match this sign-in.');
    }
    const conn = connections.complete(found.grant, { denied });
    const ok = conn.status === 'active';
    page(res, 200, ok ? 'Connected' : 'Not connected', `
<h1>${ok ? `${escapeHtml(found.connector.name)} is connected` : `${escapeHtml(found.connector.name)} was not connected`}</h1>
<p>${ok ? 'You can close this window.' : escapeHtml(conn.last_error ?? '')}</p>
<p><button type="button" id="close">Close window</button></p>
<div id="result" hidden data-connection-id="${escapeHtml(conn.id)}" data-status="${escapeHtml(conn.status)}"></div>
<script type="module" src="/provider/done.mjs"></script>`);
  }

  const asset = (name, type) => async ({ res }) => {
    const body = await readFile(new URL(name, PUBLIC));
    res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-cache' });
    res.end(body);
  };

  return [
    ['GET', '/provider/oauth2/authorize', consentPage],
    ['POST', '/provider/oauth2/authorize', consent],
    ['GET', '/provider/oauth2/callback', callback],
    ['GET', '/provider/provider.css', asset('provider.css', 'text/css; charset=utf-8')],
    ['GET', '/provider/done.mjs', asset('done.mjs', 'text/javascript; charset=utf-8')],
  ];
}
