// idp.mjs — a real authorization server (oidc-provider, web/server/demo-idp) on 127.0.0.1:0 for
// the tests, and a "browser" that signs in and consents over plain HTTP with a cookie jar.
import { DEMO_ACCOUNT, startDemoIdp } from '../../../web/server/demo-idp/index.mjs';

export { DEMO_ACCOUNT };

/** Starts an authorization server; options as startDemoIdp's. Remember to close() it. */
export const startIdp = (options = {}) => startDemoIdp(options);

/** A minimal cookie jar: name → {value, path}, sent to paths under the cookie's path. */
export function cookieJar() {
  const cookies = new Map();
  return {
    take(headers) {
      for (const line of headers.getSetCookie()) {
        const [pair, ...attrs] = line.split(';');
        const i = pair.indexOf('=');
        const name = pair.slice(0, i).trim();
        const path = attrs.map((a) => a.trim()).find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
        const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || pair.slice(i + 1) === '';
        const key = `${name} ${path}`;
        if (expired) cookies.delete(key);
        else cookies.set(key, { name, value: pair.slice(i + 1), path });
      }
    },
    header(pathname) {
      return [...cookies.values()].filter((c) => pathname.startsWith(c.path)).map((c) => `${c.name}=${c.value}`).join('; ');
    },
  };
}

/**
 * Opens `authorizeUrl` like a browser: follows redirects on the authorization server, signs in
 * (`login`/`password`, the demo account by default) and answers the consent page (`decision`:
 * 'allow' or 'deny'). Resolves with the URL the server finally redirects to (the client's
 * redirect_uri with code/state or error) without requesting it. `jar` lets calls share a session.
 */
export async function authorize(authorizeUrl, { login = DEMO_ACCOUNT.login, password = DEMO_ACCOUNT.password, decision = 'allow', jar = cookieJar() } = {}) {
  const origin = new URL(authorizeUrl).origin;
  let url = new URL(authorizeUrl);
  let method = 'GET';
  let body;
  for (let hop = 0; hop < 20; hop++) {
    const headers = { cookie: jar.header(url.pathname), accept: 'text/html' };
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    jar.take(res.headers);
    const text = await res.text();
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location'), url);
      if (next.origin !== origin) return next;
      url = next;
      method = 'GET';
      body = undefined;
      continue;
    }
    if (res.status !== 200) throw new Error(`authorization server answered ${res.status}: ${text.slice(0, 300)}`);
    const action = /<form method="post" action="([^"]+)"/.exec(text)?.[1];
    if (!action) throw new Error(`no form on the authorization server's page: ${text.slice(0, 300)}`);
    url = new URL(action.replace(/&#(\d+);/g, (m, n) => String.fromCharCode(Number(n))), url);
    method = 'POST';
    body = action.endsWith('/login')
      ? new URLSearchParams({ login, password }).toString()
      : new URLSearchParams({ decision }).toString();
  }
  throw new Error('too many redirects at the authorization server');
}
