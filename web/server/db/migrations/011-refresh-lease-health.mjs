// 011 — one refresh of a connection at a time across processes (a lease in the row, claimed by
// whoever refreshes), and the periodic health check of active connections whose connector has
// a `verify` request (401/403 there is credentials_invalid → needs_reauth).
export const name = 'connection credentials: refresh lease and health checks';

export const sql = `
ALTER TABLE connection_credentials ADD COLUMN refreshing_until INTEGER;   -- ms; a refresh under way until then
ALTER TABLE connection_credentials ADD COLUMN check_at INTEGER;           -- ms; the next health check, NULL: none
CREATE INDEX connection_credentials_check ON connection_credentials(check_at) WHERE check_at IS NOT NULL;
`;
