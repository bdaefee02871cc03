// present.mjs — wire objects that need more than one row: users and activations.
import { activation, connection, endUser, integrationSummary } from './views.mjs';

export function createPresenter({ store, baseUrl }) {
  const user = (row) => {
    const primary = store.connections.primaryOf(row.id);
    // Users are created with a primary connection; one made outside the server may lack it.
    return endUser(row, primary ? connection(primary) : {});
  };
  return {
    user,
    /** Activation (seed 002) for an activation row; `userRow` saves a lookup when known. */
    activation(row, userRow = store.tenancy.user(row.hub_id, row.user_id, 'internal')) {
      const integration = store.integrations.one(row.hub_id, row.user_id, row.integration_id);
      return activation(row, user(userRow), integrationSummary(integration, baseUrl()), store.activations.bindings(row.id));
    },
  };
}
