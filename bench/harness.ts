/** Timing, statistics, heap measurement, result checks and formatting shared by every workload. */

let sinkTotal = 0;

/** Folds a result into a running total that main prints, so no timed work is dead code. */
export function consume(x: number): void {
  sinkTotal += x;
}

/** The running total of every consumed result. */
export function sink(): number {
  return sinkTotal;
}

/** The outcome of one correctness check, printed before any timing. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Builds a check record from a condition and a line of evidence. */
export function check(name: string, ok: boolean, detail: string): Check {
  return { name, ok, detail };
}

/** |a - b| / max(|a|, |b|), and 0 when a === b (including both zero). */
export function relDiff(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/** The largest `relDiff` between two equally long lists of numbers (Infinity if lengths differ). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = relDiff(a[i] as number, b[i] as number);
    if (!(d <= worst)) worst = d; // NaN wins, so a NaN gradient fails the check
  }
  return worst;
}

/** One thing to time: `run` is called `calls` times per sample and each result is consumed. */
export interface Contender {
  readonly name: string;
  readonly calls: number;
  readonly run: () => number;
}

/** Milliseconds per call of one contender: the minimum and median over the timed samples. */
export interface Timing {
  readonly name: string;
  readonly min: number;
  readonly median: number;
  readonly samples: readonly number[];
}

/** How many untimed warm-up samples and timed samples to take, and whether to collect garbage before each. */
export interface Plan {
  readonly warmup: number;
  readonly reps: number;
  readonly gcBetween?: boolean;
}

/** The garbage collector exposed by `node --expose-gc`, if it was. */
export function exposedGc(): (() => void) | undefined {
  return (globalThis as { gc?: () => void }).gc;
}

/** Times the contenders in interleaved rounds (A, B, C, A, B, C, ...) so drift hits all alike. */
export function timeInterleaved(contenders: readonly Contender[], plan: Plan): Timing[] {
  const gc = plan.gcBetween === true ? exposedGc() : undefined;
  const samples: number[][] = contenders.map(() => []);
  for (let round = 0; round < plan.warmup + plan.reps; round++) {
    contenders.forEach((c, k) => {
      if (gc !== undefined) gc();
      const t0 = performance.now();
      for (let i = 0; i < c.calls; i++) consume(c.run());
      const t1 = performance.now();
      if (round >= plan.warmup) (samples[k] as number[]).push((t1 - t0) / c.calls);
    });
  }
  return contenders.map((c, k) => summarize(c.name, samples[k] as number[]));
}

/**
 * One version of a workload and the hand-written baseline, to be timed interleaved in a process of
 * their own (see isolate.ts): the baseline allocates nothing, so the version's garbage collection
 * is its own, and the ratio is taken between samples seconds apart. `info` reports numbers measured
 * while setting up (compile times).
 */
export interface Pair {
  readonly version: Contender;
  readonly hand: Contender;
  readonly plan: Plan;
  readonly info?: () => Readonly<Record<string, number>>;
}

/** A timed pair: the version, the hand-written baseline beside it, and the pair's info. */
export interface PairTiming {
  readonly run: Timing;
  readonly hand: Timing;
  readonly info: Readonly<Record<string, number>>;
}

/** Pair timings from several processes, their samples pooled, with each process's medians kept. */
export interface PooledPair extends PairTiming {
  readonly processes: readonly { readonly run: number; readonly hand: number }[];
}

/**
 * Pools the timings of one pair from several processes: min and median over all their samples. V8
 * does not always optimise the same code the same way, so a version can run at different speeds in
 * different processes (compile()'s interpreter loop ran a demo step in 0.28 ms in most, 0.5 ms in one).
 */
export function poolPairs(ps: readonly PairTiming[]): PooledPair {
  const first = ps[0];
  if (first === undefined) throw new Error('poolPairs: no timings');
  return {
    run: summarize(first.run.name, ps.flatMap((p) => p.run.samples)),
    hand: summarize(first.hand.name, ps.flatMap((p) => p.hand.samples)),
    info: first.info,
    processes: ps.map((p) => ({ run: p.run.median, hand: p.hand.median })),
  };
}

/** Times a pair, interleaved. */
export function timePair(p: Pair): PairTiming {
  const [run, hand] = timeInterleaved([p.version, p.hand], p.plan);
  return { run: run as Timing, hand: hand as Timing, info: p.info?.() ?? {} };
}

/** The minimum and median of a list of per-call times. */
export function summarize(name: string, xs: readonly number[]): Timing {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { name, min: s[0] ?? NaN, median, samples: xs };
}

/** Heap bytes still reachable from what `build` returns (null without `--expose-gc`), plus that result. */
export function retainedBytes<T>(build: () => T): { readonly value: T; readonly bytes: number | null } {
  const gc = exposedGc();
  if (gc === undefined) return { value: build(), bytes: null };
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const value = build();
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  return { value, bytes: after - before };
}

/** A duration given in milliseconds, in ns, µs, ms or s with three significant digits. */
export function fmtTime(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1e-3) return `${sig(ms * 1e6)} ns`;
  if (ms < 1) return `${sig(ms * 1e3)} µs`;
  if (ms < 1000) return `${sig(ms)} ms`;
  return `${sig(ms / 1000)} s`;
}

/** "min / median" of a timing. */
export function fmtMinMed(t: Timing, scale = 1): string {
  return `${fmtTime(t.min * scale)} / ${fmtTime(t.median * scale)}`;
}

/** The ratio a/b of minima and of medians, as "6.1x / 6.3x". */
export function fmtRatio(a: Timing, b: Timing): string {
  return `${ratio(a.min / b.min)} / ${ratio(a.median / b.median)}`;
}

/** A ratio to three significant digits, suffixed with x. */
export function ratio(x: number): string {
  return `${sig(x)}x`;
}

/** A byte count with thousands separators. */
export function fmtBytes(bytes: number): string {
  return `${Math.round(bytes).toLocaleString('en-US')} B`;
}

/** An integer with thousands separators. */
export function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}

/** A number to three significant digits, without exponent notation for ordinary magnitudes. */
export function sig(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return x.toFixed(Math.min(digits, 20));
}

/** A GitHub-flavoured markdown table. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
