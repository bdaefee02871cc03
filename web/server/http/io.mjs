// io.mjs — reading requests (bodies, JSON, query strings) and writing JSON answers.
import { ApiError } from './errors.mjs';

const BODY_LIMIT = 64 * 1024;

/** Writes `body` as JSON (or nothing for 204) with the common headers already set on `res`. */
export function sendJson(res, status, body, headers = {}) {
  const text = status === 204 ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(status === 204 ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

// A refused body is still read (and thrown away) up to this much and this long, so the client,
// which usually sends all of it before reading an answer, sees the 413 instead of a reset.
const DRAIN_LIMIT = 32 * 1024 * 1024;
const DRAIN_MS = 10_000;

/**
 * Reads and discards the rest of `req` (up to DRAIN_LIMIT bytes or DRAIN_MS), then settles; a
 * body beyond that is cut off, and the answer goes out on a connection that closes.
 */
export function drain(req) {
  return new Promise((resolve) => {
    if (req.readableEnded) return resolve();
    let size = 0;
    const done = () => {
      clearTimeout(timer);
      req.off('data', onData);
      resolve();
    };
    const onData = (chunk) => {
      size += chunk.length;
      if (size > DRAIN_LIMIT) {
        req.pause();
        done();
      }
    };
    const timer = setTimeout(() => { req.pause(); done(); }, DRAIN_MS);
    req.on('data', onData);
    req.once('end', done);
    req.once('error', done);
    req.once('close', done);
    req.resume();
  });
}

/** The raw body, refusing more than `limit` bytes (413) without keeping the rest in memory. */
export function readBody(req, limit = BODY_LIMIT) {
  const tooLarge = () => new ApiError(413, 'body_too_large', `the request body is larger than ${limit} bytes`, { headers: { connection: 'close' } });
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return drain(req).then(() => { throw tooLarge(); });
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let done = false;
    const onData = (chunk) => {
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.off('data', onData);
        drain(req).then(() => reject(tooLarge()));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => { if (!done) { done = true; resolve(Buffer.concat(chunks)); } });
    req.on('error', (err) => { if (!done) { done = true; reject(err); } });
  });
}

const mediaType = (req) => (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();

/**
 * The body as a JSON value, checked by the core first so a malformed body is answered with the
 * core's code and the line and column of the problem (`core`: the adapter of core.mjs, or any
 * object with checkJson). `optional`: an empty body is `undefined`.
 */
export async function readJson(req, core, { optional = false } = {}) {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody && optional) return undefined;
  const type = mediaType(req);
  const charset = /;\s*charset=([^;\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (type !== 'application/json' || (charset !== undefined && charset !== 'utf-8')) {
    await drain(req);
    throw new ApiError(415, 'unsupported_media_type', 'the request body must be application/json (UTF-8)');
  }
  const bytes = await readBody(req);
  if (bytes.length === 0 && optional) return undefined;
  const check = core.checkJson(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  if (!check.ok) {
    const { code, message, offset, line, column } = check.error;
    throw new ApiError(400, code, `the request body is not JSON: ${message} at line ${line}, column ${column}`, {
      details: { offset, line, column },
    });
  }
  return JSON.parse(bytes.toString('utf8'));
}

/** A urlencoded form body (the simulated provider's consent page posts one). */
export async function readForm(req) {
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    await drain(req);
    throw new ApiError(415, 'unsupported_media_type', 'the form must be application/x-www-form-urlencoded');
  }
  return new URLSearchParams((await readBody(req)).toString('utf8'));
}

/**
 * The query string as an object of the `allowed` names. An unknown or repeated parameter is a
 * 400: a typo such as `deploy=true` silently ignored would list the wrong integrations.
 */
export function readQuery(url, allowed) {
  const out = {};
  for (const [name, value] of url.searchParams) {
    if (!allowed.includes(name)) {
      const expected = allowed.length ? `expected ${allowed.join(', ')}` : 'this endpoint takes none';
      throw new ApiError(400, 'query_invalid', `unknown query parameter '${name}'; ${expected}`, {
        fields: [{ field: name, message: 'unknown query parameter' }],
      });
    }
    if (name in out) {
      throw new ApiError(400, 'query_invalid', `query parameter '${name}' is given more than once`, {
        fields: [{ field: name, message: 'given more than once' }],
      });
    }
    out[name] = value;
  }
  return out;
}
