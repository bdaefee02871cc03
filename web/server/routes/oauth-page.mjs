// oauth-page.mjs — the page the provider's redirect lands on: says how the sign-in ended,
// tells the embed that opened it (postMessage to that origin only: an id and a status, never a
// secret) and closes, or, when the sign-in ran in the embed's own window, goes back to it.
const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'";
const STYLE = 'body{font:16px/1.5 system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem;color:#1d2330}';

/**
 * Writes the page. `result`: {refused: {status, code, message}} when the callback changed
 * nothing, else {connection (row), connectorName, openerOrigin, returnUrl}.
 */
export function callbackPage(req, res, result) {
  let status = 200;
  let title;
  let body;
  if (result.refused) {
    status = result.refused.status;
    title = 'Sign-in not completed';
    body = `<h1>${title}</h1><p>${escapeHtml(result.refused.message)}</p>
<div id="result" hidden data-error="${escapeHtml(result.refused.code)}"></div>`;
  } else {
    const c = result.connection;
    const ok = c.status === 'active';
    const waiting = c.status === 'connecting';
    title = ok ? `${result.connectorName} is connected` : waiting ? `Connecting ${result.connectorName}…` : `${result.connectorName} was not connected`;
    const note = ok || waiting ? (waiting ? 'The provider is slow to answer; this finishes by itself.' : 'You can close this window.') : (c.last_error ?? '');
    body = `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(note)}</p>
<p><button type="button" id="close">Close window</button></p>
<div id="result" hidden data-connection-id="${escapeHtml(c.id)}" data-status="${escapeHtml(c.status)}"
 data-origin="${escapeHtml(result.openerOrigin ?? '')}" data-return-url="${escapeHtml(result.returnUrl ?? '')}"></div>
<script type="module" src="/oauth2/done.mjs"></script>`;
  }
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': CSP,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  res.end(html);
}
