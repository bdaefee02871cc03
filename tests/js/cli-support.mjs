// cli-support.mjs — what the CLI tests share: the npm command run in the CI fixtures' folder,
// throwaway folders removed after the file's tests, and its output split into lines.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { run } from './helpers.mjs';

const cli = fileURLToPath(new URL('../../web/src/cli.mjs', import.meta.url));
export const cwd = fileURLToPath(new URL('../fixtures/cli/ci/', import.meta.url));
export const embedhub = (args, options) => run(process.execPath, [cli, ...args], { cwd, ...options });
export const scratch = (prefix) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};
export const lines = (out) => out.trim().split('\n').filter(Boolean);
