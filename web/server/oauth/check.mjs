// check.mjs — the connector's own requests made with a new credential: `verify` (must answer
// 2xx) and `postInstall` (made once after verification). A 4xx is final; a network error, a
// timeout, a 429 or a 5xx is transient (retried later by the caller).
import { ProviderError, classify } from './errors.mjs';

/**
 * The headers that present `credential` as `auth` says: 'bearer' (default), 'basic' (the
 * credential as user name, empty password) or 'header:<Name>'.
 */
export function authHeaders(auth = 'bearer', credential) {
  if (auth === 'basic') return { authorization: `Basic ${Buffer.from(`${credential}:`).toString('base64')}` };
  if (auth.startsWith('header:')) return { [auth.slice(7).toLowerCase()]: credential };
  return { authorization: `Bearer ${credential}` };
}

/** A short account of the provider's answer for last_error, never repeating the credential. */
async function answerText(res, credential) {
  let text = '';
  try {
    text = (await res.text()).slice(0, 2000);
  } catch {
    return '';
  }
  let said = text;
  try {
    const json = JSON.parse(text);
    said = [json.error, json.error_description ?? json.message].filter((x) => typeof x === 'string').join(': ') || '';
  } catch {
    said = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  }
  if (credential) said = said.split(credential).join('…');
  return said.slice(0, 200);
}

/**
 * Makes one request of `step` ({url, method?, auth?}) with `credential`. Resolves with the status
 * on 2xx; throws a ProviderError otherwise. `what` names the step in messages ("verify").
 */
export async function callStep(step, credential, { what, timeoutMs = 10_000, fetchImpl = fetch } = {}) {
  const method = (step.method ?? (what === 'post-install' ? 'POST' : 'GET')).toUpperCase();
  const headers = { accept: 'application/json', ...authHeaders(step.auth, credential) };
  let res;
  try {
    res = await fetchImpl(step.url, {
      method,
      headers: method === 'GET' || method === 'HEAD' ? headers : { ...headers, 'content-type': 'application/json' },
      body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw classify(err, `the provider's ${what} endpoint`);
  }
  if (res.status >= 200 && res.status < 300) {
    res.body?.cancel().catch(() => {});
    return res.status;
  }
  const said = await answerText(res, credential);
  const kind = res.status >= 500 || res.status === 429 ? 'transient' : 'final';
  throw new ProviderError(kind, `the provider's ${what} endpoint answered ${res.status}${said ? `: ${said}` : ''}`, { status: res.status });
}
