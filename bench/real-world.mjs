// real-world.mjs — the real-world part of `npm run bench` (run.mjs): each set of sets.mjs (the
// bench fixture, npm's package.json fields, SchemaStore's package.json, tsconfig and GitHub-workflow
// schemas with real instances), embedhub against ajv on the same dialect and schemas: JSON text,
// object, first error and all errors; the goals of issue 14 for each.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Ajv as Ajv07 } from 'ajv';
import addFormats from 'ajv-formats';
import { benchSets, rewritten } from './sets.mjs';
import { goal } from './goals.mjs';
import { fmt, line, race } from './measure.mjs';

/** Runs every set on `hub` (a loaded core; the sets' referenced schemas are added to it). */
export function realWorld(hub) {
  // Each set's dialect and the schemas it refers to, for both contenders (embedhub: on the hub).
  const added = new Set();
  const ehCompile = (set, mode = 'first') => {
    for (const r of set.refs) if (!added.has(r.uri)) { hub.addSchema(r.uri, r.schema); added.add(r.uri); }
    return hub.compile(set.schema, { formats: 'assert', mode, dialect: set.dialect });
  };
  const ajvCompile = (set, allErrors = false) => {
    const ajv = set.dialect === 'draft-07' ? new Ajv07({ allErrors, strict: false }) : new Ajv2020({ allErrors, strict: false });
    addFormats(ajv);
    for (const r of set.refs) ajv.addSchema(r.schema, r.schema.$id ? undefined : r.uri);
    return ajv.compile(set.schema);
  };
  const cache = new Map();
  const sets = benchSets((set, value) => {
    if (!cache.has(set.schema)) cache.set(set.schema, ehCompile(set));
    return cache.get(set.schema).validate(value).valid;
  });
  for (const v of cache.values()) v.free();
  for (const r of rewritten) line(`${r.file}: pattern ${r.from} → ${r.to}`, r.exact ? '(equivalent)' : `(simplified; no instance has ${r.member})`);
  if (rewritten.length) console.log();
  for (const set of sets) {
    const eh = ehCompile(set);
    const ehAll = ehCompile(set, 'all');
    const ajvV = ajvCompile(set);
    const ajvAll = ajvCompile(set, true);
    const objs = set.valid.map((t) => JSON.parse(t));
    // The contenders must agree before their speed means anything.
    for (const o of objs) if (!ajvV(o)) throw new Error(`${set.name}: ajv refuses an instance embedhub accepts: ${JSON.stringify(ajvV.errors)}`);
    for (const t of set.invalid) {
      if (eh.validateJson(t).valid || ajvV(JSON.parse(t))) throw new Error(`${set.name}: an invalid instance passes`);
    }
    const refusedByBoth = (set.rejected ?? []).filter((t) => !ajvV(JSON.parse(t))).length;
    // Each contender walks the instances in the same order.
    const walk = (arr) => { let i = 0; return () => arr[i++ % arr.length]; };
    console.log(`${set.name} — validations/s (instances in turn)`);
    if (set.rejected) line('real instances the schema refuses: ajv refuses them too', `${refusedByBoth} of ${set.rejected.length}`);
    const res = {};
    const runs = [['text', set.valid, (next) => () => eh.validateJson(next()), (next) => () => ajvV(JSON.parse(next()))],
      ['object', objs, (next) => () => eh.validate(next()), (next) => () => ajvV(next())],
      ['first error (text)', set.invalid, (next) => () => eh.validateJson(next()), (next) => () => ajvV(JSON.parse(next()))],
      ['all errors (text)', set.invalid, (next) => () => ehAll.validateJson(next()), (next) => () => ajvAll(JSON.parse(next()))]];
    for (const [what, data, mine, theirs] of runs) {
      if (!data.length) continue;
      const r = race({ embedhub: mine(walk(data)), ajv: theirs(walk(data)) });
      res[what] = r.embedhub / r.ajv;
      line(`${what}: embedhub ${fmt(r.embedhub, 0)}/s, ajv ${fmt(r.ajv, 0)}/s`, `${fmt(res[what])}×`);
    }
    const short = set.name.replace(/ ×.*/, '');
    goal(`text input ≥ 2× ajv — ${short}`, res.text, 2, '×');
    goal(`object input ≥ 1× ajv — ${short}`, res.object, 1, '×');
    goal(`first error, text ≥ 1.5× ajv — ${short}`, res['first error (text)'], 1.5, '×');
    eh.free();
    ehAll.free();
    console.log();
  }
}
