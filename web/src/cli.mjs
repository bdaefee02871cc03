#!/usr/bin/env node
// cli.mjs — the `embedhub` command for npm: runs the WASI build of the core under node:wasi.
import { readFile } from 'node:fs/promises';
import process from 'node:process';

// node:wasi prints an ExperimentalWarning on Node 20; silence that one warning, only here.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
  if (type === 'ExperimentalWarning' && String(warning).includes('WASI')) return;
  return emitWarning.call(process, warning, ...rest);
};
const { WASI } = await import('node:wasi');

const wasi = new WASI({
  version: 'preview1',
  args: ['embedhub', ...process.argv.slice(2)],
  // The command resolves relative paths against EMBEDHUB_CWD (WASI itself starts at "/").
  env: { EMBEDHUB_CWD: process.cwd() },
  preopens: { '/': '/' },
  returnOnExit: true,
});
const bytes = await readFile(new URL('../dist/embedhub-cli.wasm', import.meta.url));
const { instance } = await WebAssembly.instantiate(bytes, wasi.getImportObject());
process.exitCode = wasi.start(instance);
