// static.mjs — /healthz, the icons, and the demo page with the embed's files (web/demo, web/src,
// web/dist) under the strict CSP the embed must work with.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError, notFound } from '../http/errors.mjs';
import { readQuery } from '../http/io.mjs';
import { iconSvg } from '../icons.mjs';
import { markOf } from '../seed/seed.mjs';

const WEB = fileURLToPath(new URL('../../', import.meta.url));
const SERVED = ['demo', 'src', 'dist'];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8',
};
export const PAGE_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' https: data:; frame-ancestors 'none'";

export function staticRoutes({ store, core, storage }) {
  async function healthz({ url }) {
    readQuery(url, []);
    // A query proves the database answers; the version says which core is loaded.
    await store.ping();
    // After a write failed for want of space, a small write says whether there is room again.
    if (storage?.failedAt && !(await storage.probe())) {
      throw new ApiError(503, 'storage_unavailable', 'the server cannot write to its database: the disk is full', { headers: { 'retry-after': '30' } });
    }
    return { status: 200, body: { message: 'ok', core: core.version } };
  }

  async function icon({ res, params }) {
    const m = /^([a-z0-9-]{1,64})\.svg$/.exec(params.file);
    if (!m) throw notFound('icon');
    const svg = iconSvg(m[1], markOf(m[1]));
    res.writeHead(200, {
      'content-type': 'image/svg+xml',
      'content-length': Buffer.byteLength(svg),
      'cache-control': 'public, max-age=86400',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      'access-control-allow-origin': '*',
    });
    res.end(svg);
  }

  async function file({ res, params }, dir) {
    let path = params['*'];
    if (path === '' || path.endsWith('/')) path += 'index.html';
    const root = join(WEB, dir) + sep;
    // No served file has a path this long; the file system would refuse it (ENAMETOOLONG).
    if (path.length > 1024) throw notFound('file');
    const full = normalize(join(root, path));
    if (!full.startsWith(root) || path.includes('\0')) throw notFound('file');
    let body;
    try {
      body = await readFile(full);
    } catch (err) {
      if (['ENOENT', 'EISDIR', 'ENOTDIR', 'ENAMETOOLONG'].includes(err.code)) throw notFound('file');
      throw err;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(full)] ?? 'application/octet-stream',
      'content-length': body.length,
      'content-security-policy': PAGE_CSP,
      'cache-control': 'no-cache',
    });
    res.end(body);
  }

  const home = async ({ res }) => {
    res.writeHead(302, { location: '/demo/', 'content-length': 0 });
    res.end();
  };

  return [
    ['GET', '/healthz', healthz],
    ['GET', '/icons/:file', icon],
    ['GET', '/', home],
    ...SERVED.map((dir) => ['GET', `/${dir}/*`, (c) => file(c, dir)]),
    // '/demo' without the slash would resolve the page's relative URLs against '/'.
    ['GET', '/demo', home],
  ];
}

