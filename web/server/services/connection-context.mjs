// connection-context.mjs — what the connection services share (`ctx`): the store, sealing, the
// OAuth client, the connector's provider settings, one-at-a-time work per connection (serial),
// and status changes through the core's state machine, recorded in the outbox (transition).
import { callStep } from '../oauth/check.mjs';
import { createOAuthClient } from '../oauth/client.mjs';
import { classify } from '../oauth/errors.mjs';
import { connection as view, connectionChanges } from './views.mjs';

const QUIET = { info() {}, warn() {}, error() {} };

/** `emit(type, conn, data)`: an event in the outbox, inside the caller's transaction (services/events.mjs). */
export function eventEmitter(store, recordEvent) {
  return async (type, conn, data) => {
    const hubId = await store.connections.hubOf(conn.id);
    if (hubId) await recordEvent(store, { type, hubId, data, orderingKey: conn.id });
  };
}

/** `serial(id, fn)`: runs `fn` after the connection's earlier work: one thing at a time per connection. */
export function serialQueue() {
  const chains = new Map(); // connection id → the tail of its serialized work
  return function serial(id, fn) {
    const prev = chains.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => {});
    chains.set(id, tail);
    tail.then(() => { if (chains.get(id) === tail) chains.delete(id); });
    return next;
  };
}

/** Applies `event` to connection `id` through the core, stores it, records the change. */
function transition({ core, store, emit }, id, event, error) {
  return store.tx(async () => {
    const current = await store.connections.byId(id);
    const at = new Date().toISOString();
    const next = core.applyEvent(view(current), event, error === undefined ? { now: at } : { now: at, error });
    await store.connections.update(connectionChanges(next));
    if (next.status !== current.status) {
      await emit('connection.status_changed', current, {
        connectionId: id, userId: current.user_id, from: current.status, to: next.status, lastError: next.last_error ?? null,
      });
    }
    return next;
  });
}

/**
 * The shared `ctx` (see connection-tokens.mjs and connection-steps.mjs; `tokens` is added by the
 * caller). `connectorSettings`: connector-settings.mjs; `emit`: eventEmitter().
 */
export function createContext({ core, store, secrets, baseUrl, timing, log, oauth, connectorSettings, emit }) {
  return {
    store,
    secrets,
    timing,
    log: log ?? QUIET,
    oauth: oauth ?? createOAuthClient({ timeoutSeconds: Math.ceil(timing.stepTimeoutMs / 1000) }),
    callStep,
    providerError: classify,
    settingsOf: (connector) => connectorSettings.resolve(connector),
    callbackUrl: () => `${baseUrl()}/oauth2/callback`,
    serial: serialQueue(),
    transition: (id, event, error) => transition({ core, store, emit }, id, event, error),
  };
}
