/**
 * Forward mode against reverse mode: the Jacobian of a function with 2 inputs and 1,000 outputs
 * (forward: 2 sweeps, reverse: 1,000), the gradient of a scalar function of 1,000 inputs (reverse:
 * 1 sweep, forward: 1,000), and the crossover between them on functions of n inputs and 100
 * outputs. Each is timed beside hand-written closed-form derivatives in the same process.
 */
import { jacobian, type Value } from '../src/index.js';
import { check, fmtMinMed, fmtRatio, fmtTime, maxRelDiff, ratio, timeInterleaved, type Check, type Timing } from './harness.js';

const WIDE = 1000;
const XY = [0.7, -0.4] as const;
/** The crossover family's outputs, and the input counts tried against them. */
const M = 100;
const CROSSOVER_NS: readonly number[] = [25, 50, 75, 100, 150, 200, 400];

/** R² -> R¹⁰⁰⁰: out_i = tanh(c_i·x·y + sin x), sharing x·y and sin x; c_i = (i + 1)/1000. */
function wide(x: Value, y: Value): Value[] {
  const s = x.mul(y);
  const t = x.sin();
  return Array.from({ length: WIDE }, (_, i) => s.mul((i + 1) / WIDE).add(t).tanh());
}

/** The hand-written Jacobian of `wide`, row by row. */
function wideByHand(x: number, y: number): number[][] {
  const sx = Math.sin(x);
  const cx = Math.cos(x);
  return Array.from({ length: WIDE }, (_, i) => {
    const c = (i + 1) / WIDE;
    const u = Math.tanh(c * x * y + sx);
    const d = 1 - u * u;
    return [d * (c * y + cx), d * c * x];
  });
}

/** R¹⁰⁰⁰ -> R: Σ tanh(x_i·x_{i+1}) around a ring. */
function ring(...xs: Value[]): Value {
  let sum = (xs[0] as Value).mul(xs[1 % xs.length] as Value).tanh();
  for (let i = 1; i < xs.length; i++) sum = sum.add((xs[i] as Value).mul(xs[(i + 1) % xs.length] as Value).tanh());
  return sum;
}

/** The hand-written gradient of `ring`. */
function ringByHand(xs: readonly number[]): number[] {
  const n = xs.length;
  const slope = xs.map((x, i) => 1 - Math.tanh(x * (xs[(i + 1) % n] as number)) ** 2);
  return xs.map((_, i) => (slope[i] as number) * (xs[(i + 1) % n] as number) + (slope[(i - 1 + n) % n] as number) * (xs[(i - 1 + n) % n] as number));
}

const ringPoint = Array.from({ length: WIDE }, (_, i) => Math.sin(i + 1));

/** Rⁿ -> R¹⁰⁰: out_i = sin(c_i·s + x_(i mod n)) with s = Σ tanh x_j shared by every output. */
function family(...xs: Value[]): Value[] {
  let s = (xs[0] as Value).tanh();
  for (let j = 1; j < xs.length; j++) s = s.add((xs[j] as Value).tanh());
  return Array.from({ length: M }, (_, i) => s.mul((i + 1) / M).add(xs[i % xs.length] as Value).sin());
}

const familyPoint = (n: number) => Array.from({ length: n }, (_, j) => Math.cos(j + 1));

/** Every mode's answer against the hand-written derivatives, before any timing. */
export function checkForwardVsReverse(): Check[] {
  const hand = wideByHand(XY[0], XY[1]).flat();
  const forward = jacobian(wide, { mode: 'forward' })(...XY).flat();
  const reverse = jacobian(wide, { mode: 'reverse' })(...XY).flat();
  const ringHand = ringByHand(ringPoint);
  const ringReverse = (jacobian(ring, { mode: 'reverse' })(...ringPoint)[0] as number[]).slice();
  const ringForward = (jacobian(ring, { mode: 'forward' })(...ringPoint)[0] as number[]).slice();
  const n = 30;
  const famForward = jacobian(family, { mode: 'forward' })(...familyPoint(n)).flat();
  const famReverse = jacobian(family, { mode: 'reverse' })(...familyPoint(n)).flat();
  const worst = (a: number[], b: number[]) => maxRelDiff(a, b);
  const d1 = Math.max(worst(forward, hand), worst(reverse, hand));
  const d2 = Math.max(worst(ringForward, ringHand), worst(ringReverse, ringHand));
  const d3 = worst(famForward, famReverse);
  return [
    check('forward vs reverse: 2 -> 1,000 Jacobian, both modes = hand-written', d1 <= 1e-12, `max rel diff ${d1.toExponential(2)}`),
    check('forward vs reverse: 1,000 -> 1 gradient, both modes = hand-written', d2 <= 1e-12, `max rel diff ${d2.toExponential(2)}`),
    check(`forward vs reverse: ${n} -> ${M} Jacobian, forward = reverse`, d3 <= 1e-12, `max rel diff ${d3.toExponential(2)}`),
  ];
}

/** Times the three workloads and prints them with the measured crossover; returns the crossover's input count. */
export function timeForwardVsReverse(): number {
  console.log('\nforward vs reverse mode: jacobian(f, { mode }) including evaluating f; min / median of 15, in this process:');
  const [wf, wr, wh] = timeInterleaved(
    [
      { name: 'forward', calls: 1, run: () => (jacobian(wide, { mode: 'forward' })(...XY)[WIDE - 1] as number[])[1] as number },
      { name: 'reverse', calls: 1, run: () => (jacobian(wide, { mode: 'reverse' })(...XY)[WIDE - 1] as number[])[1] as number },
      { name: 'hand', calls: 20, run: () => (wideByHand(XY[0], XY[1])[WIDE - 1] as number[])[1] as number },
    ],
    { warmup: 3, reps: 15 },
  ) as [Timing, Timing, Timing];
  console.log(`  2 inputs -> ${WIDE} outputs (Jacobian): forward ${fmtMinMed(wf)} (${fmtRatio(wf, wh)} hand-written), reverse ${fmtMinMed(wr)} (${fmtRatio(wr, wh)}); forward is ${ratio(wr.median / wf.median)} faster`);
  const [rr, rf, rh] = timeInterleaved(
    [
      { name: 'reverse', calls: 1, run: () => (jacobian(ring, { mode: 'reverse' })(...ringPoint)[0] as number[])[0] as number },
      { name: 'forward', calls: 1, run: () => (jacobian(ring, { mode: 'forward' })(...ringPoint)[0] as number[])[0] as number },
      { name: 'hand', calls: 20, run: () => ringByHand(ringPoint)[0] as number },
    ],
    { warmup: 2, reps: 9 },
  ) as [Timing, Timing, Timing];
  console.log(`  ${WIDE} inputs -> 1 output (gradient): reverse ${fmtMinMed(rr)} (${fmtRatio(rr, rh)} hand-written), forward ${fmtMinMed(rf)} (${fmtRatio(rf, rh)}); reverse is ${ratio(rf.median / rr.median)} faster`);
  console.log(`  crossover: n inputs -> ${M} outputs, forward / reverse time (median of 9):`);
  let crossover = NaN;
  let previous: { n: number; r: number } | undefined;
  for (const n of CROSSOVER_NS) {
    const xs = familyPoint(n);
    const [f, r] = timeInterleaved(
      [
        { name: 'forward', calls: 1, run: () => (jacobian(family, { mode: 'forward' })(...xs)[0] as number[])[0] as number },
        { name: 'reverse', calls: 1, run: () => (jacobian(family, { mode: 'reverse' })(...xs)[0] as number[])[0] as number },
      ],
      { warmup: 2, reps: 9 },
    ) as [Timing, Timing];
    const q = f.median / r.median;
    console.log(`    n = ${String(n).padStart(3)}: forward ${fmtTime(f.median)}, reverse ${fmtTime(r.median)}, forward / reverse ${q.toFixed(2)}`);
    // Where forward / reverse crosses 1, interpolated linearly in n between the two points around it.
    if (previous !== undefined && Number.isNaN(crossover) && previous.r < 1 && q >= 1) {
      crossover = previous.n + ((1 - previous.r) / (q - previous.r)) * (n - previous.n);
    }
    previous = { n, r: q };
  }
  console.log(`  forward mode is faster below about n = ${Number.isNaN(crossover) ? '?' : crossover.toFixed(0)} inputs for ${M} outputs`);
  return crossover;
}
