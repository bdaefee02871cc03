// sealed.mjs — every column that holds sealed values (security/secrets.mjs), gathered from the
// store modules' SEALED_COLUMNS exports: [{table, column, key, aad?(row)}]. The value of row r
// is sealed with aad(r), by default aadFor(table, column, r[key]). rotate-key re-seals them all.
import * as activations from './activations.mjs';
import * as connections from './connections.mjs';
import * as integrations from './integrations.mjs';
import * as tenancy from './tenancy.mjs';

export const SEALED_COLUMNS = [activations, connections, integrations, tenancy].flatMap((m) => m.SEALED_COLUMNS ?? []);
