// measure.mjs — how bench/run.mjs measures: alternating rounds of ROUND_MS, medians, and the
// printing of figures (BENCH_ROUNDS and BENCH_ROUND_MS override the defaults).
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
export const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 300);

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
export const fmt = (n, digits = 2) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const line = (label, value) => console.log(`  ${label.padEnd(66)} ${value}`);

/** Operations per second of `fn`, measured for about ROUND_MS. */
export function opsPerSecond(fn) {
  let n = 0, batch = 64;
  const start = performance.now();
  let now = start;
  while (now - start < ROUND_MS) {
    for (let i = 0; i < batch; i++) fn();
    n += batch;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/** Runs the contenders in alternating rounds; returns the median ops/s of each. */
export function race(contenders) {
  const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (const fn of Object.values(contenders)) for (let i = 0; i < 2000; i++) fn(); // warm up the JITs
  for (let r = 0; r < ROUNDS; r++) {
    const names = Object.keys(contenders);
    if (r % 2) names.reverse();
    for (const name of names) samples[name].push(opsPerSecond(contenders[name]));
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

/** Median wall time in ms of `fn` over `n` runs. */
export function timeMs(fn, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}
