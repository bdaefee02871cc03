// ui/states.mjs — what the user has: activations (integration id → activation with its bound
// connections) and connections (id → connection), and the tile state the core derives.

export class UserStates {
  /** Map integration id → activation; null until loaded. */
  acts = null;
  /** Map connection id → connection; null until loaded. */
  conns = null;

  /** Loads both through `client` (every page of activations). */
  async fetch(client, signal) {
    const acts = new Map();
    const [, conns] = await Promise.all([
      (async () => { for await (const a of client.activations({ first: 100, signal })) acts.set(a.integration.id, a); })(),
      client.listConnections({ signal }),
    ]);
    this.acts = acts;
    this.conns = new Map(conns.connections.map((c) => [c.id, c]));
  }

  /** Keeps a connection the hub just answered with (its one-time authorizeUrl left out). */
  remember(conn) {
    const { authorizeUrl, ...c } = conn;
    this.conns.set(c.id, c);
  }

  /** Drops a connection the hub deleted. */
  forget(id) {
    this.conns.delete(id);
  }

  /** Ids of the connections some activation of the user's is bound to. */
  used() {
    return new Set([...(this.acts?.values() ?? [])].flatMap((a) => a.connections.map((b) => b.connectionId)));
  }

  /** The connections bound to the user's activation of `integrationId` (none when inactive). */
  bound(integrationId) {
    const act = this.acts?.get(integrationId);
    return act ? act.connections.map((b) => this.conns.get(b.connectionId)).filter(Boolean) : [];
  }

  /** The core's tile state for integration `i`, or null until the core and states are in. */
  stateOf(hub, i) {
    if (!hub || !this.acts) return null;
    return hub.tileState({ integration: { isDeployed: i.isDeployed, isActivated: i.isActivated }, connections: this.bound(i.id) });
  }
}
