// paging.mjs — cursor pages answered from SQL: the core checks the query and seals the cursors
// (hub.pageQuery, hub.cursorEncode); SQLite fetches only the page's rows, whatever the table's size.
import { fromHubError, isHubError } from './http/errors.mjs';

// The core's page-query names and the wire's query-string names.
const RENAME = { identifierType: 'identifier_type' };

/** Runs a core call, answering its HubError as a 400 with the wire's field names. */
export function core(fn) {
  try {
    return fn();
  } catch (err) {
    throw isHubError(err) ? fromHubError(err, RENAME) : err;
  }
}

// Drops absent members: the core reads an unknown or undefined member as the caller's mistake.
const defined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/**
 * One page: {page: {totalCount, next?, prev?}, rows}. `query` holds the request's first, after,
 * before and the filters (deployed, identifierType, userId, hubId) the cursors are bound to;
 * `sourceFor(q)` gives, for the query as the core normalised it, the keyset queries with their
 * parameters bound: {rows(window), count()}. As the core's
 * hub.page(), `next`/`prev` exist when a row lies beyond the page (or beyond the cursor's
 * position, when rows were deleted and the page came back empty).
 */
export function keysetPage(hub, cursorKey, query, sourceFor) {
  const q = core(() => hub.pageQuery(defined(query), cursorKey));
  const source = sourceFor(q);
  const filters = defined({ deployed: q.deployed, identifierType: q.identifierType, userId: q.userId, hubId: q.hubId });
  const { position } = q;
  const rows = source.rows({ position, direction: position?.direction, limit: q.first });
  const low = rows[0] ?? position;
  const high = rows.at(-1) ?? position;
  const beyond = (anchor, direction) => anchor !== undefined && source.rows({ position: anchor, direction, limit: 1 }).length > 0;
  const cursor = (anchor, direction) => core(() => hub.cursorEncode({ name: anchor.name, id: anchor.id, direction }, filters, cursorKey));
  const page = { totalCount: source.count() };
  if (beyond(high, 'after')) page.next = cursor(high, 'after');
  if (beyond(low, 'before')) page.prev = cursor(low, 'before');
  return { page, rows };
}
