// 002 — connection templates say whether the integration writes through them.
// A sandbox connection allows no writes (seed 003): the core refuses one for such a template.
export const name = 'connection templates say whether the integration writes through them';

export const sql = `ALTER TABLE connection_templates ADD COLUMN writes INTEGER NOT NULL DEFAULT 0 CHECK (writes IN (0, 1));`;
