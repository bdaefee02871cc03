// demo.mjs — the demo page: a host app that mounts <embed-hub> for the end user whose token it
// was given, beside a panel that checks JSON with the same core. It loads the embed as a host
// would: the single-file bundle (scripts/bundle.mjs: element, client, core loader and glue in one
// module; the .wasm and the locale chunks beside it in web/dist).
import { load, mount } from '../dist/embedhub-embed.min.mjs';
import { claimsOf } from './api.mjs';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'embedhub-demo-token';

// ---- the core, and the JSON check panel ----------------------------------------------------------
let hub;
try {
  hub = await load();
  const input = $('json');
  const status = $('status');
  const check = () => {
    const result = hub.checkJson(input.value);
    status.dataset.state = result.ok ? 'ok' : 'error';
    status.textContent = result.ok
      ? `well-formed JSON (core ${hub.version})`
      : `line ${result.error.line}, column ${result.error.column}: ${result.error.message}`;
  };
  input.addEventListener('input', check);
  check();
} catch (err) {
  $('status').dataset.state = 'error';
  $('status').textContent = `the core failed to load: ${err.message}`;
}

// ---- the end user's token: from the URL fragment (never sent to a server) or pasted ----------
const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromHash) {
  sessionStorage.setItem(TOKEN_KEY, fromHash);
  history.replaceState(null, '', location.pathname);
}
$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  location.reload();
});
const token = sessionStorage.getItem(TOKEN_KEY);
if (!token || !hub) $('signin').hidden = false;
else start(token);

// ---- the hub: the <embed-hub> element, mounted for the token's user -------------------------
function start(token) {
  const { hub: hubId, sub: userId } = claimsOf(token);
  $('hub').hidden = false;
  $('who').textContent = `end user ${userId} · hub ${hubId}`;
  const el = mount($('hub'), {
    apiBase: location.origin, hubId, userId, identifierType: 'internal', token, hub,
    // The demo's providers are local (web/server/demo-idp): say what its API-key check accepts.
    messages: {
      apiKeyHint: 'Demo: {name} is checked at the local demo provider, which accepts any key except one starting with "bad" (refused, 401); a key starting with "fail" fails the post-install step.',
    },
  });
  // The embed's language: its lang attribute (absent: the page's, then the browser's).
  $('lang').addEventListener('change', (e) => {
    if (e.target.value) el.setAttribute('lang', e.target.value);
    else el.removeAttribute('lang');
  });
  el.addEventListener('error', (e) => {
    if (e.detail.error.status !== 401) return;
    sessionStorage.removeItem(TOKEN_KEY);
    $('signin').hidden = false;
    $('hub').hidden = true;
  });
}
