// events.mjs — events for the host product: recorded in the outbox in the same transaction as
// the change they report (so a crash can neither lose nor invent one), then delivered to the
// hub's webhooks by services/webhooks.mjs.
import { ulid } from '../ulid.mjs';

/** Every event type, with the shape of its `data`. */
export const EVENT_TYPES = [
  'connection.created', // {connectionId, userId, from: null, to, lastError}
  'connection.status_changed', // {connectionId, userId, from, to, lastError}
  'connection.deleted', // {connectionId, userId, from, to: null, lastError}
  'activation.created', // {activationId, userId, integrationId}
  'activation.deleted', // {activationId, userId, integrationId}
  'activation.settings_changed', // {activationId, userId, integrationId}
];

// The delivery worker of each engine, woken up when an event is recorded on it.
const wakers = new WeakMap();
const engineOf = (store) => store.db ?? store;

/** Registers `wake()`, called (after the current tick) whenever an event is recorded on `store`'s engine. */
export function onEventRecorded(store, wake) {
  wakers.set(engineOf(store), wake);
}

/**
 * Records an event. Call it INSIDE the transaction that makes the change (`await
 * store.tx(async (t) => { …; await recordEvent(t, event); })`): `{type, hubId, data,
 * orderingKey}`. `orderingKey` groups events delivered in order (the connection id for
 * connection events, the activation id for activation events). Resolves with the event's id.
 * Events of one key enter the outbox in the order they happened only if the transaction holds
 * the key's row lock before recording (PostgreSQL: `connections.byId` inside a transaction,
 * `activations.lock`, a DELETE, or a row it has just inserted; web/server/README.md).
 */
export async function recordEvent(store, { type, hubId, data, orderingKey }) {
  if (!EVENT_TYPES.includes(type)) throw new TypeError(`recordEvent: unknown event type ${type}`);
  if (typeof hubId !== 'string' || typeof orderingKey !== 'string' || data === null || typeof data !== 'object') {
    throw new TypeError('recordEvent: {type, hubId, data, orderingKey} with hubId and orderingKey strings and data an object');
  }
  if (!store.db?.inTx?.()) throw new TypeError('recordEvent: call it inside the transaction that makes the change (store.tx)');
  const id = ulid();
  const now = Date.now();
  const n = await store.events.record({
    id, type, hub_id: hubId, ordering_key: orderingKey, data: JSON.stringify(data), created_at: new Date(now).toISOString(),
  }, now);
  const wake = wakers.get(engineOf(store));
  // Soon after: the caller's transaction has committed (or rolled back) by then, or the worker's
  // next look finds the delivery anyway.
  if (n && wake) setTimeout(() => store.db.detach(wake), 5).unref?.();
  return id;
}
