// function-length.test.mjs — no function in web/ is over 80 lines (issue 13's "Done when"; the
// C evaluator's dispatch loop is C, not here). A simple scan, not a parser: strings, template
// text, comments and regular expressions are blanked out, then every `function` (declaration
// or expression), method definition and arrow with a block (or parenthesised) body is measured
// from its first line to the line of its matching closing brace (or parenthesis). A factory
// counts as one function, closures and all.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAX_LINES = 80;


// After these, a `/` starts a regular expression rather than a division.
const REGEX_AFTER = /(?:^|[(,=:[!&|?{};+\-*%<>~^]|\b(?:return|typeof|case|in|of|new|delete|void|throw|else|do|await|yield))$/;

const blank = (text) => text.replace(/[^\n]/g, ' ');

// The end (exclusive) of the quoted string, template literal or regex starting at `i`.
function literalEnd(src, i) {
  const quote = src[i];
  let cls = false;
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') j++;
    else if (quote === '/' && c === '[') cls = true;
    else if (quote === '/' && c === ']') cls = false;
    else if (c === quote && !cls) return j + 1;
    else if (c === '\n' && quote !== '`') return j;
    else if (quote === '`' && c === '$' && src[j + 1] === '{') j = expressionEnd(src, j + 1);
  }
  return src.length;
}

// The index of the `}` closing a template's `${` (its `{` at `open`), skipping nested strings.
function expressionEnd(src, open) {
  let depth = 0;
  for (let j = open; j < src.length; j++) {
    const c = src[j];
    if (c === '"' || c === "'" || c === '`') j = literalEnd(src, j) - 1;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j;
  }
  return src.length;
}

// The index of the `}` (or `)`) closing the `{` (or `(`) at `open` in stripped code.
function closing(code, open) {
  const [down, up] = code[open] === '(' ? ['(', ')'] : ['{', '}'];
  let depth = 0;
  for (let j = open; j < code.length; j++) {
    if (code[j] === down) depth++;
    else if (code[j] === up && --depth === 0) return j;
  }
  return code.length;
}

/** `src` with strings, template text, comments and regexes blanked (newlines kept). */
export function stripCode(src) {
  let out = '';
  let last = ''; // the last non-space code character(s), to tell a regex from a division
  for (let i = 0; i < src.length;) {
    const c = src[i];
    let end = -1;
    if (c === '/' && src[i + 1] === '/') end = src.indexOf('\n', i) === -1 ? src.length : src.indexOf('\n', i);
    else if (c === '/' && src[i + 1] === '*') end = src.indexOf('*/', i + 2) === -1 ? src.length : src.indexOf('*/', i + 2) + 2;
    else if (c === '"' || c === "'" || c === '`' || (c === '/' && REGEX_AFTER.test(last.trimEnd()))) end = literalEnd(src, i);
    if (end >= 0) {
      if (!(c === '/' && (src[i + 1] === '/' || src[i + 1] === '*'))) last = 'x';
      out += blank(src.slice(i, end));
      i = end;
      continue;
    }
    out += c;
    last = (last + (/\s/.test(c) ? ' ' : c)).slice(-12);
    i++;
  }
  return out;
}

const lineOf = (text, index) => text.slice(0, index).split('\n').length;

// `function name(`, a method `name(…) {` at the start of a line, `=> {`, or `=> (` (an arrow
// answering a parenthesised expression, such as an object literal of methods).
const STARTS = /\bfunction\b\s*\*?\s*([\w$]*)\s*\(|=>\s*[{(]|^[ \t]*(?:async[ \t]+)?(?:static[ \t]+)?(?:get[ \t]+|set[ \t]+)?\*?[ \t]*(#?[\w$]+)[ \t]*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*\{/gm;
const NOT_METHODS = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'return', 'function']);

// The index of the body's `{` for a function whose parameter list opens at or after `from`.
function bodyStart(code, from) {
  const open = code.indexOf('(', from);
  let depth = 0;
  for (let k = open; k >= 0 && k < code.length; k++) {
    if (code[k] === '(') depth++;
    else if (code[k] === ')' && --depth === 0) return code.indexOf('{', k);
  }
  return -1;
}

/** [{name, line, length}] of the functions in `src` longer than `max` lines. */
export function longFunctions(src, max = MAX_LINES) {
  const code = stripCode(src);
  const found = [];
  for (const m of code.matchAll(STARTS)) {
    if (m[2] && NOT_METHODS.has(m[2])) continue;
    const name = m[1] || m[2] || (m[0].startsWith('=>') ? '<arrow>' : '<anonymous>');
    const open = m[0].startsWith('=>') || m[0].endsWith('{') ? m.index + m[0].length - 1 : bodyStart(code, m.index);
    if (open < 0) continue;
    const close = closing(code, open);
    const line = lineOf(code, m.index);
    const length = lineOf(code, close) - line + 1;
    if (length > max) found.push({ name, line, length });
  }
  return found;
}

function moduleFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return moduleFiles(path);
    return e.name.endsWith('.mjs') ? [path] : [];
  });
}

test('the scan measures functions, methods and arrows, and is not fooled by braces in text', () => {
  const body = (n) => Array.from({ length: n }, (_, i) => `  x += ${i};`).join('\n');
  const src = [
    `export function big() {\n${body(80)}\n}`,
    `const small = () => {\n${body(10)}\n};`,
    `const factory = (deps) => ({\n${body(80)}\n});`,
    `const obj = {\n  async method(a, b = () => 1) {\n${body(79)}\n  },\n};`,
    `function text() {\n  const s = '}}}'; const t = \`\${'{'} }\`; const r = /[}]/g; // }\n${body(79)}\n}`,
  ].join('\n');
  assert.deepEqual(longFunctions(src).map((f) => `${f.name}:${f.length}`), ['big:82', '<arrow>:82', 'method:81', 'text:82']);
});

test(`no function under web/ is over ${MAX_LINES} lines`, () => {
  const over = [];
  for (const file of moduleFiles(join(ROOT, 'web'))) {
    const path = relative(ROOT, file).split('\\').join('/');
    for (const f of longFunctions(readFileSync(file, 'utf8'))) {
      over.push(`${path}:${f.line} ${f.name} (${f.length} lines)`);
    }
  }
  assert.deepEqual(over, [], `functions over ${MAX_LINES} lines:\n${over.join('\n')}`);
});
