// log.mjs — structured logs: one JSON object per line on a stream (stdout by default).

/** A logger writing `{time, level, ...fields}` lines; `enabled: false` drops everything. */
export function createLogger({ stream = process.stdout, enabled = true } = {}) {
  const write = (level, fields) => {
    if (enabled) stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, ...fields })}\n`);
  };
  return {
    info: (fields) => write('info', fields),
    warn: (fields) => write('warn', fields),
    error: (fields) => write('error', fields),
  };
}
