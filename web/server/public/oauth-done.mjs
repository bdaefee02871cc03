// oauth-done.mjs — the OAuth2 callback page's script: tells the embed that opened the popup
// (only at the origin that started the sign-in) and closes; in the embed's own window (the
// popup was blocked) it goes back to the page, with the outcome in the URL's fragment.
const result = document.getElementById('result');
const { connectionId, status, origin, returnUrl } = result.dataset;
const message = { type: 'embedhub:connection', connectionId, status };
if (window.opener && origin) {
  window.opener.postMessage(message, origin);
  setTimeout(() => window.close(), 800);
} else if (returnUrl) {
  const back = new URL(returnUrl);
  back.hash = new URLSearchParams({ 'embedhub-connection': connectionId, 'embedhub-status': status }).toString();
  window.location.replace(back.href);
}
document.getElementById('close')?.addEventListener('click', () => window.close());
