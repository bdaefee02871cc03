// events.mjs — events for the host product: recorded in the outbox in the same transaction as
// the change they report (so a crash can neither lose nor invent one), then delivered to the
// hub's webhooks by services/webhooks.mjs.
import { ulid } from '../ulid.mjs';
import { eventStore } from '../store/events.mjs';

/** Every event type, with the shape of its `data`. */
export const EVENT_TYPES = [
  'connection.created', // {connectionId, userId, from: null, to, lastError}
  'connection.status_changed', // {connectionId, userId, from, to, lastError}
  'connection.deleted', // {connectionId, userId, from, to: null, lastError}
  'activation.created', // {activationId, userId, integrationId}
  'activation.deleted', // {activationId, userId, integrationId}
  'activation.settings_changed', // {activationId, userId, integrationId}
];

// One event store per database connection; the delivery worker of that database is woken up.
const stores = new WeakMap();
const wakers = new WeakMap();
const storeOf = (db) => {
  let s = stores.get(db);
  if (!s) stores.set(db, (s = eventStore(db)));
  return s;
};

/** Registers `wake()`, called (after the current tick) whenever an event is recorded on `db`. */
export function onEventRecorded(db, wake) {
  wakers.set(db, wake);
}

/**
 * Records an event. Call it INSIDE the transaction that makes the change, with that
 * transaction's database (a better-sqlite3 Database, or the store, whose `.db` is used):
 * `{type, hubId, data, orderingKey}`. `orderingKey` groups events delivered in order (the
 * connection id for connection events, the activation id for activation events). Returns the
 * event's id.
 */
export function recordEvent(db, { type, hubId, data, orderingKey }) {
  const conn = db.db ?? db;
  if (!EVENT_TYPES.includes(type)) throw new TypeError(`recordEvent: unknown event type ${type}`);
  if (typeof hubId !== 'string' || typeof orderingKey !== 'string' || data === null || typeof data !== 'object') {
    throw new TypeError('recordEvent: {type, hubId, data, orderingKey} with hubId and orderingKey strings and data an object');
  }
  const id = ulid();
  const now = Date.now();
  const n = storeOf(conn).record({
    id, type, hub_id: hubId, ordering_key: orderingKey, data: JSON.stringify(data), created_at: new Date(now).toISOString(),
  }, now);
  const wake = wakers.get(conn);
  // After the tick: the caller's transaction has committed (or rolled back) by then.
  if (n && wake) setImmediate(wake);
  return id;
}
