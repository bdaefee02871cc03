// serve.mjs — a static server for web/ with the strict CSP the embed must work under, for browser
// tests that need the page but no API (`npm start` runs the hub server, web/server/main.mjs).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = fileURLToPath(new URL('..', import.meta.url));

const types = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

export const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/** A server for the files under `root` (default web/); `/` goes to the demo page. */
export function createStaticServer(root = webRoot) {
  return createServer(async (req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'content-security-policy': csp, 'x-content-type-options': 'nosniff' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(400, 'bad path\n');
    }
    if (path === '/') {
      res.writeHead(302, { location: '/demo/' });
      return res.end();
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return send(404, 'not found\n');
    try {
      send(200, await readFile(file), types[extname(file)] ?? 'application/octet-stream');
    } catch {
      send(404, 'not found\n');
    }
  });
}

