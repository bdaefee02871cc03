#!/usr/bin/env node
// cli.mjs — the `embedhub` command for npm: runs the WASI build of the core under node:wasi.
// Globs and directories among the file arguments of `validate` and `test` are expanded here, not
// by the shell, so that a CI step behaves the same in bash, PowerShell and cmd; the WASI program
// then gets plain file names, in order, and reads them all in one process.
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import process from 'node:process';

// node:wasi prints an ExperimentalWarning on Node 20; silence that one warning, only here.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
  if (type === 'ExperimentalWarning' && String(warning).includes('WASI')) return;
  return emitWarning.call(process, warning, ...rest);
};

class UsageError extends Error {}

const MAGIC = /[*?[{]/;

/** Expands {a,b} alternatives (nested too) into separate patterns. */
function braces(pattern) {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{' && depth++ === 0) open = i;
    else if (c === '}' && depth > 0 && --depth === 0) {
      const parts = [];
      let d = 0;
      let from = open + 1;
      for (let k = open + 1; k < i; k++) {
        if (pattern[k] === '{') d++;
        else if (pattern[k] === '}') d--;
        else if (pattern[k] === ',' && d === 0) { parts.push(pattern.slice(from, k)); from = k + 1; }
      }
      parts.push(pattern.slice(from, i));
      if (parts.length < 2) continue; // "{x}" is literal, as in bash
      const head = pattern.slice(0, open);
      const tail = pattern.slice(i + 1);
      return parts.flatMap((p) => braces(head + p + tail));
    }
  }
  return [pattern];
}

/** One path segment of a glob as a RegExp: * and ? stay inside the segment, [...] is a class. */
function segmentRegExp(seg) {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[' && seg.indexOf(']', i + 2) > 0) {
      const end = seg.indexOf(']', i + 2);
      let body = seg.slice(i + 1, end);
      const negate = body[0] === '!' || body[0] === '^';
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'u');
}

const join = (dir, name) => (dir === '' ? name : dir.endsWith('/') ? dir + name : `${dir}/${name}`);
const kind = (p) => {
  try {
    const s = statSync(p);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
};
const entries = (dir) => {
  try {
    return readdirSync(dir === '' ? '.' : dir, { withFileTypes: true });
  } catch {
    return [];
  }
};

/** Files matching the segments segs[i…] under `dir` ("" is the working directory). */
function walk(dir, segs, i, out) {
  const seg = segs[i];
  const last = i === segs.length - 1;
  if (seg === '**') {
    if (last) return allFiles(dir, () => true, out); // "dir/**": every file under it
    walk(dir, segs, i + 1, out);
    for (const e of entries(dir)) if (e.isDirectory() && !e.name.startsWith('.')) walk(join(dir, e.name), segs, i, out);
    return;
  }
  if (!MAGIC.test(seg)) {
    const p = join(dir, seg);
    if (last) { if (kind(p) === 'file') out.add(p); } else if (kind(p) === 'dir') walk(p, segs, i + 1, out);
    return;
  }
  const re = segmentRegExp(seg);
  for (const e of entries(dir)) {
    if ((e.name.startsWith('.') && !seg.startsWith('.')) || !re.test(e.name)) continue;
    const p = join(dir, e.name);
    const k = e.isSymbolicLink() ? kind(p) : e.isDirectory() ? 'dir' : 'file';
    if (last) { if (k === 'file') out.add(p); } else if (k === 'dir') walk(p, segs, i + 1, out);
  }
}

/** Every file under `dir` accepted by `keep`, not following links to directories. */
function allFiles(dir, keep, out) {
  for (const e of entries(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory()) allFiles(p, keep, out);
    else if ((e.isFile() || (e.isSymbolicLink() && kind(p) === 'file')) && keep(e.name)) out.add(p);
  }
}

const byPath = (a, b) => (a < b ? -1 : a > b ? 1 : 0); // code unit order: the same everywhere

/** The files an argument names: itself, a directory's .json files, or a glob's matches. */
function expand(arg) {
  if (arg === '-') return [arg];
  const k = kind(arg);
  if (k === 'dir') {
    const out = new Set();
    allFiles(arg.replace(/\/+$/, '') || '/', (name) => name.endsWith('.json'), out);
    if (out.size === 0) throw new UsageError(`no .json file under the directory '${arg}'`);
    return [...out].sort(byPath);
  }
  if (k === 'file' || !MAGIC.test(arg)) return [arg]; // a missing file is the program's to report
  const out = new Set(); // {a,b} alternatives in their order, as a shell has them; each sorted
  for (const pattern of braces(arg.replaceAll('\\', '/'))) {
    const segs = pattern.split('/');
    const absolute = segs[0] === '';
    let i = absolute ? 1 : 0;
    let base = absolute ? '/' : '';
    while (i < segs.length - 1 && !MAGIC.test(segs[i]) && segs[i] !== '**') base = join(base, segs[i++]);
    const found = new Set();
    walk(base, segs, i, found);
    for (const f of [...found].sort(byPath)) out.add(f);
  }
  if (out.size === 0) throw new UsageError(`no file matches the pattern '${arg}'`);
  return [...out];
}

const VALUED = new Set(['--schema', '--formats', '--spec', '--errors', '--ref', '--valid', '--invalid']);
const EXPANDED = new Set(['--ref', '--valid', '--invalid']);

/** The arguments of `validate` and `test` with every glob and directory expanded, in order. */
function expandArgs(args) {
  const out = [];
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (options && a === '--') { options = false; out.push(a); continue; }
    if (options && VALUED.has(a) && i + 1 < args.length) {
      const v = args[++i];
      if (EXPANDED.has(a)) for (const f of expand(v)) out.push(a, f);
      else out.push(a, v);
      continue;
    }
    if (options && a.startsWith('--')) { out.push(a); continue; }
    out.push(...expand(a));
  }
  return out;
}

let args = process.argv.slice(2);
if (args[0] === 'validate' || args[0] === 'test') {
  try {
    args = [args[0], ...expandArgs(args.slice(1))];
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`embedhub: ${e.message}\n`);
    process.exit(2);
  }
}

// The WASI program sees one tree rooted at "/": on Windows, that of the working directory's
// drive, with its paths written C:\a\b -> /a/b (files on other drives are out of reach).
const windows = process.platform === 'win32';
const cwd = process.cwd();
const wasiPath = (p) => (windows ? p.replace(/^[A-Za-z]:(?=[\\/])/, '').replaceAll('\\', '/') : p);
if (windows) args = args.map((a) => (a.startsWith('--') ? a : wasiPath(a)));

const { WASI } = await import('node:wasi');
const wasi = new WASI({
  version: 'preview1',
  args: ['embedhub', ...args],
  // The command resolves relative paths against EMBEDHUB_CWD (WASI itself starts at "/").
  env: { EMBEDHUB_CWD: wasiPath(cwd) },
  preopens: { '/': windows ? cwd.slice(0, 3) : '/' },
  returnOnExit: true,
});
const bytes = await readFile(new URL('../dist/embedhub-cli.wasm', import.meta.url));
const { instance } = await WebAssembly.instantiate(bytes, wasi.getImportObject());
process.exitCode = wasi.start(instance);
