// done.mjs — the OAuth2 callback page: tells the embed that opened it, then closes the popup.
const result = document.getElementById('result');
const message = { type: 'embedhub:connection', connectionId: result.dataset.connectionId, status: result.dataset.status };
// Only an id and a status travel, nothing secret, so any opener may hear it; the embed also
// polls the connection, so a blocked or missing opener loses nothing.
window.opener?.postMessage(message, '*');
document.getElementById('close').addEventListener('click', () => window.close());
if (window.opener) setTimeout(() => window.close(), 1200);
