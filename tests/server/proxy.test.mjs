// proxy.test.mjs — behind a reverse proxy, EMBEDHUB_PUBLIC_URL alone is enough: the provider is
// sent back to the public callback URL, the callback page reports to the public origin, and the
// proxied requests (Host: the public host) are answered while other hosts are not.
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { test } from 'node:test';
import { connectionWorld } from './support/connections.mjs';

/** A reverse proxy on a port of its own, forwarding to 127.0.0.1:`target()` with the Host kept. */
async function reverseProxy(target) {
  const server = createServer((req, res) => {
    const up = httpRequest({ host: '127.0.0.1', port: target(), method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(up);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }) };
}

async function freePort() {
  const s = createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

test('behind a proxy, EMBEDHUB_PUBLIC_URL alone makes the sign-in and its callback page work', async () => {
  const hubPort = await freePort();
  const proxy = await reverseProxy(() => hubPort);
  // "localhost" at the proxy's port: a name and port the hub itself does not listen on.
  const publicUrl = `http://localhost:${proxy.port}`;
  const w = await connectionWorld({ config: { port: hubPort, publicUrl } });
  try {
    assert.equal(w.s.url, publicUrl, 'every request of this test goes through the proxy');
    const created = await w.connect('Asana');
    assert.equal(created.status, 201, created.text);
    const authorize = new URL(created.body.authorizeUrl);
    assert.equal(authorize.searchParams.get('redirect_uri'), `${publicUrl}/oauth2/callback`);
    const page = await w.signIn(created.body.authorizeUrl);
    assert.equal(new URL(page.url).origin, publicUrl, 'the provider sends the browser to the public URL');
    assert.equal(page.status, 200, page.text.slice(0, 300));
    assert.match(page.text, /data-status="active"/);
    assert.match(page.text, new RegExp(`data-origin="${publicUrl}"`), 'the page reports to the public origin');
    assert.equal((await w.get(created.body.id)).body.status, 'active');
  } finally {
    await w.close();
    await proxy.close();
  }
});
