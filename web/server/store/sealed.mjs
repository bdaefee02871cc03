// sealed.mjs — columns whose sealed values (security/secrets.mjs) do not follow the convention,
// gathered from the store modules' SEALED_COLUMNS exports: [{table, column, key, aad?(row)}].
// By convention a value in table T, column C, row with primary key k is sealed with
// aadFor(T, C, k), and rotate-key finds and re-seals such values in every table by itself.
import * as activations from './activations.mjs';
import * as connections from './connections.mjs';
import * as integrations from './integrations.mjs';
import * as tenancy from './tenancy.mjs';

export const SEALED_COLUMNS = [activations, connections, integrations, tenancy].flatMap((m) => m.SEALED_COLUMNS ?? []);
