// 003 — an activation's secret settings and its submitted variables are sealed at rest
// (security/secrets.mjs). integration_settings keeps the readable settings; its secret entries
// hold '********' (or null when unset), their values live sealed in secret_settings.
import { aadFor } from '../../security/secrets.mjs';

export const name = 'activations keep secret settings and dynamic variables sealed';

/** `db`: the engine (db/sqlite.mjs, db/postgres.mjs), inside the migration's transaction. */
export async function up(db, { secrets }) {
  await db.exec('ALTER TABLE activations ADD COLUMN secret_settings TEXT');
  const rows = await db.all('SELECT id, integration_settings, dynamic_variables FROM activations');
  if (rows.length && !secrets) throw new Error('migration 003 seals existing activations: open the database with the server (it has the key)');
  for (const row of rows) {
    const hidden = {};
    const settings = JSON.parse(row.integration_settings).map((s) => {
      if (s.configtype !== 'secret' || s.configvalue === null) return s;
      hidden[s.configkey] = s.configvalue;
      return { ...s, configvalue: '********' };
    });
    await db.run('UPDATE activations SET integration_settings = ?, dynamic_variables = ?, secret_settings = ? WHERE id = ?', [
      JSON.stringify(settings), secrets.seal(row.dynamic_variables, aadFor('activations', 'dynamic_variables', row.id)),
      secrets.seal(JSON.stringify(hidden), aadFor('activations', 'secret_settings', row.id)), row.id]);
  }
}
