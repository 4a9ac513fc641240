/**
 * `--trainer-warmup [steps] [rounds]`: what a whole training run of the demo costs in each mode of
 * compile() (issue 21: when 'auto' should tier up from the interpreter to the rerolled loops). Each
 * run is `memograd train`'s default demo (moons, 100 points, seed 12; MLP(2, [16, 16, 1]) seeded
 * 13; SGD from 1.0 to 0.1; hinge loss + 1e-4 L2) stepped as the Trainer steps a compiled graph:
 * built once, a reader of the scores made before the first run, then per step zero the gradients,
 * run(), read the scores, update. Each run is a fresh process (V8's warm-up is what it measures),
 * the modes rotating in order round by round; the figures are medians over the rounds, wall-clock
 * and CPU time (CPU counts V8's background compiler threads too, and is steadier under load).
 * Then the ski-rental figures behind TIER_UP_AFTER (tiered.ts): the rerolled loops' largest
 * cumulative cost beyond the interpreter's over a run, and how many interpreted steps cost as much.
 */
import os from 'node:os';
import { MLP, SGD, compile, hingeLoss, l2Penalty, linearDecay, makeMoons, type Value } from '../src/index.js';
import { runIsolated } from './isolate.js';
import { fmtTime } from './harness.js';

/** The runs compared: the interpreter throughout, the rerolled loops from the start ('generated'), and the default ('auto': the interpreter, tiering up to the loops). */
export const TRAINER_MODES = ['interpreted', 'generated', 'auto'] as const;
/** One of TRAINER_MODES. */
export type TrainerMode = (typeof TRAINER_MODES)[number];

/** A run's record: the mode compile() ran, and at each mark (steps done) the wall-clock and CPU ms since the graph was built. */
export interface TrainerRun {
  readonly mode: string;
  readonly compileMs: number;
  readonly marks: readonly (readonly [steps: number, wallMs: number, cpuMs: number])[];
  /** The median step time (ms) of each block of 100 steps. */
  readonly blockMedians: readonly number[];
  /** Wall-clock ms since the graph was built, after each step. */
  readonly cumulative: readonly number[];
  /** The first step (counted from 1) that ran in mode 'rerolled', 0 if none did. */
  readonly rerolledFrom: number;
  readonly loss: number;
}

const MARKS = [1, 10, 50, 100, 200, 500, 1000, 2000, 3000, 5000, 10000];

/** One run of `steps` steps in `mode` (call it in a fresh process). */
export function trainerRun(mode: TrainerMode, steps: number): TrainerRun {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const cpu = (): number => {
    const u = process.cpuUsage(c0);
    return (u.user + u.system) / 1000;
  };
  const data = makeMoons(100, { noise: 0.1, seed: 12 });
  const model = new MLP(2, [16, 16, 1], { activation: 'relu', seed: 13 });
  const params = model.parameters();
  const optimizer = new SGD(params, { lr: linearDecay(1.0, 0.1, steps) });
  const outputs = data.X.map((x) => model.forward(x));
  const loss = hingeLoss(outputs.map((o) => o[0] as Value), data.y).add(l2Penalty(params, 1e-4));
  const c = performance.now();
  const graph = compile(loss, mode === 'auto' ? {} : { mode });
  const compileMs = performance.now() - c;
  const read = graph.reader(outputs.flat());
  const marks: [number, number, number][] = [];
  const times: number[] = [];
  const cumulative: number[] = [];
  let rerolledFrom = 0;
  let last = NaN;
  let right = 0;
  for (let k = 0; k < steps; k++) {
    const a = performance.now();
    optimizer.zeroGrad();
    last = graph.run();
    const scores = read();
    for (let i = 0; i < scores.length; i++) if ((scores[i] as number) > 0 === (data.y[i] as number) > 0) right++;
    optimizer.step();
    const b = performance.now();
    times.push(b - a);
    cumulative.push(b - t0);
    if (rerolledFrom === 0 && graph.mode === 'rerolled') rerolledFrom = k + 1;
    if (MARKS.includes(k + 1)) marks.push([k + 1, b - t0, cpu()]);
  }
  const blockMedians: number[] = [];
  for (let lo = 0; lo < steps; lo += 100) blockMedians.push(median(times.slice(lo, lo + 100)));
  // `right` keeps the reads alive.
  return { mode: graph.mode, compileMs, marks, blockMedians, cumulative, rerolledFrom, loss: right >= 0 ? last : NaN };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** The parent: `rounds` fresh processes per mode, alternating, then the medians. */
export function trainerWarmup(steps: number, rounds: number): number {
  console.log(`micrograd demo stepped as the Trainer steps it, ${steps} steps, ${rounds} rounds of fresh processes (load ${loadAverage()}):`);
  const runs: Record<TrainerMode, TrainerRun[]> = { interpreted: [], generated: [], auto: [] };
  for (let r = 0; r < rounds; r++) {
    const n = TRAINER_MODES.length;
    for (const mode of TRAINER_MODES.map((_, i) => TRAINER_MODES[(i + r) % n] as TrainerMode)) {
      const run = runIsolated(`trainer-demo:${mode}:${steps}`) as TrainerRun;
      runs[mode].push(run);
      const end = run.marks[run.marks.length - 1] as readonly [number, number, number];
      const switched = run.rerolledFrom > 1 ? `, rerolled from step ${run.rerolledFrom}` : '';
      console.log(`  round ${r + 1}, ${mode.padEnd(11)} (${run.mode}${switched}): compile ${fmtTime(run.compileMs)}, ${steps} steps ${fmtTime(end[1])} wall, ${fmtTime(end[2])} CPU`);
    }
  }
  for (const mode of TRAINER_MODES) {
    const rs = runs[mode];
    const at = (i: number, field: 1 | 2): string => fmtTime(median(rs.map((run) => (run.marks[i] as readonly number[])[field] as number)));
    const marks = (rs[0] as TrainerRun).marks.map(([k], i) => `${k}: ${at(i, 1)} / ${at(i, 2)}`).join(', ');
    const blocks = (rs[0] as TrainerRun).blockMedians.map((_, b) => fmtTime(median(rs.map((run) => run.blockMedians[b] as number)))).join(', ');
    console.log(`${mode} (${(rs[0] as TrainerRun).mode}), medians: compile ${fmtTime(median(rs.map((run) => run.compileMs)))}`);
    console.log(`  after N steps, wall / CPU since the graph was built: ${marks}`);
    console.log(`  median step per block of 100 steps: ${blocks}`);
  }
  skiRental(runs.interpreted, runs.generated, runs.auto);
  console.log(`load at the end ${loadAverage()}`);
  return 0;
}

function loadAverage(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}

/**
 * The ski-rental figures (see TIER_UP_AFTER): from the medians over the rounds of the wall-clock
 * time since the graph was built, after each step, the largest lead of the interpreter over the
 * rerolled loops (what switching costs: building them, then their slow steps while V8 optimises
 * them), the step where it peaks and the step from which the loops are ahead for good, and the
 * interpreter's median step over the run: the switch pays for itself after lead / step steps.
 */
function skiRental(interpreted: readonly TrainerRun[], rerolled: readonly TrainerRun[], tiered: readonly TrainerRun[]): void {
  const steps = Math.min(...[...interpreted, ...rerolled, ...tiered].map((run) => run.cumulative.length));
  /** The largest lead of the interpreter over `runs` in wall-clock time since the build, its step, and the step from which `runs` stay ahead. */
  const trail = (runs: readonly TrainerRun[]): [lead: number, peak: number, ahead: number] => {
    let lead = -Infinity;
    let peak = 0;
    let ahead = 0;
    for (let k = 0; k < steps; k++) {
      const d = median(runs.map((run) => run.cumulative[k] as number)) - median(interpreted.map((run) => run.cumulative[k] as number));
      if (d > lead) {
        lead = d;
        peak = k + 1;
      }
      if (d > 0) ahead = k + 2;
    }
    return [lead, peak, ahead];
  };
  const [lead, peak, ahead] = trail(rerolled);
  const [tieredLead, tieredPeak, tieredAhead] = trail(tiered);
  const step = median(interpreted.map((run) => median(run.cumulative.map((c, k) => c - (k === 0 ? 0 : (run.cumulative[k - 1] as number))))));
  const aheadText = ahead > steps ? `not ahead within ${steps} steps` : `ahead from step ${ahead}`;
  console.log(`ski rental: the rerolled loops trail the interpreter by at most ${fmtTime(lead)} of wall-clock (step ${peak}; ${aheadText}); the interpreter's median step ${fmtTime(step)}: the switch costs about ${Math.round(lead / step)} interpreted steps`);
  const tieredText = tieredAhead > steps ? `not ahead within ${steps} steps` : `ahead from step ${tieredAhead}`;
  console.log(`  'auto' (switching at step ${(tiered[0] as TrainerRun).rerolledFrom}) trails it by at most ${fmtTime(tieredLead)} (step ${tieredPeak}; ${tieredText}): about ${Math.round(tieredLead / step)} interpreted steps`);
  // CPU time is sampled at the marks only (V8's background compiler threads count there too).
  const marks = (interpreted[0] as TrainerRun).marks;
  const cpuAt = (runs: readonly TrainerRun[], i: number): number => median(runs.map((run) => (run.marks[i] as readonly number[])[2] as number));
  let cpuLead = -Infinity;
  let cpuPeak = 0;
  marks.forEach(([k], i) => {
    const d = cpuAt(rerolled, i) - cpuAt(interpreted, i);
    if (d > cpuLead) [cpuLead, cpuPeak] = [d, k];
  });
  const last = marks.length - 1;
  const lastStep = (marks[last] as readonly number[])[0] as number;
  const firstStep = (marks[0] as readonly number[])[0] as number;
  const cpuStep = (cpuAt(interpreted, last) - cpuAt(interpreted, 0)) / (lastStep - firstStep);
  console.log(`  in CPU time, at the marks: at most ${fmtTime(cpuLead)} behind (step ${cpuPeak}); the interpreter's mean step ${fmtTime(cpuStep)}: about ${Math.round(cpuLead / cpuStep)} interpreted steps`);
}
