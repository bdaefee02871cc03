// guard.mjs — what every admin route starts with: the admin key, the query string it allows, a
// checked JSON body; and a path's hub id as its row.
import { notFound } from '../http/errors.mjs';
import { readJson, readQuery } from '../http/io.mjs';
import { requireUlid } from '../services/access.mjs';

/**
 * `admin(schema, fn, query?)`: a handler that checks `Authorization: Admin <key>`, allows the
 * `query` parameters (none by default) and, with a `schema` (http/bodies.mjs), reads and checks
 * the JSON body; then answers `fn(c, body, q)`.
 */
export const adminGuard = ({ core, auth, bodies }) => (schema, fn, query = []) => async (c) => {
  await auth.admin(c.req);
  const q = readQuery(c.url, query);
  let body;
  if (schema) {
    body = await readJson(c.req, core);
    bodies.check(schema, body);
  }
  return fn(c, body, q);
};

/** The hub row named by a path's hub id (400 when malformed, 404 when unknown). */
export async function hubRowOf(store, id) {
  requireUlid(id, 'hub_id');
  const row = await store.tenancy.hub(id);
  if (!row) throw notFound('hub');
  return row;
}
