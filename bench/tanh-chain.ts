/** Workload 1: y = tanh(y·w_i + b_i) for 1000 steps, with gradients for x0 and every w_i and b_i. */
import { Value, gradients } from '../src/index.js';
import { NaiveValue } from './naive-micrograd.js';
import { mulberry32 } from './prng.js';
import { check, maxRelDiff, relDiff, timeInterleaved, type Check, type Timing } from './harness.js';

/** Chain length: 2·STEPS + 1 = 2001 inputs. */
export const STEPS = 1000;

/** The fixed inputs: x0 = 0.5, w_i in [0.95, 1.05), b_i in [-0.01, 0.01), from a seeded PRNG. */
export interface TanhInputs {
  readonly x0: number;
  readonly w: Float64Array;
  readonly b: Float64Array;
}

/** The output and its gradients with respect to x0, each w_i and each b_i. */
export interface TanhGrads {
  readonly y: number;
  readonly dx0: number;
  readonly dW: Float64Array;
  readonly dB: Float64Array;
}

/** The deterministic inputs; w near 1 and small b keep y near 0 so gradients do not vanish. */
export function tanhInputs(steps = STEPS): TanhInputs {
  const rand = mulberry32(42);
  const w = new Float64Array(steps);
  const b = new Float64Array(steps);
  for (let i = 0; i < steps; i++) {
    w[i] = 1 + 0.1 * (rand() - 0.5);
    b[i] = 0.02 * (rand() - 0.5);
  }
  return { x0: 0.5, w, b };
}

/** Hand-written: forward into a Float64Array tape, then one reverse loop writing dx0, dW and dB. */
export class HandTanhChain {
  private readonly tape: Float64Array;
  private readonly dW: Float64Array;
  private readonly dB: Float64Array;
  private dx0 = 0;

  /** Allocates the tape and gradient buffers once, as hand-written code would. */
  constructor(private readonly inp: TanhInputs) {
    this.tape = new Float64Array(inp.w.length + 1);
    this.dW = new Float64Array(inp.w.length);
    this.dB = new Float64Array(inp.w.length);
  }

  /** One forward and reverse pass; returns y + dx0. */
  run(): number {
    const { w, b } = this.inp;
    const { tape, dW, dB } = this;
    const n = w.length;
    tape[0] = this.inp.x0;
    for (let i = 0; i < n; i++) tape[i + 1] = Math.tanh((tape[i] as number) * (w[i] as number) + (b[i] as number));
    let g = 1;
    for (let i = n - 1; i >= 0; i--) {
      const t = tape[i + 1] as number;
      const d = g * (1 - t * t);
      dB[i] = d;
      dW[i] = d * (tape[i] as number);
      g = d * (w[i] as number);
    }
    this.dx0 = g;
    return (tape[n] as number) + g;
  }

  /** The gradients from the last `run`, copied. */
  grads(): TanhGrads {
    return { y: this.tape[this.tape.length - 1] as number, dx0: this.dx0, dW: this.dW.slice(), dB: this.dB.slice() };
  }
}

/** memograd: leaves made once; each run builds the graph, zeroes the leaf grads and calls backward(). */
export class EngineTanhChain {
  private readonly x0: Value;
  private readonly w: Value[];
  private readonly b: Value[];
  private y: Value;

  /** Makes the 2001 leaf Values. */
  constructor(inp: TanhInputs) {
    this.x0 = new Value(inp.x0, 'x0');
    this.w = Array.from(inp.w, (v, i) => new Value(v, `w${i + 1}`));
    this.b = Array.from(inp.b, (v, i) => new Value(v, `b${i + 1}`));
    this.y = this.x0;
  }

  /** One build + backward; returns y + dx0. */
  run(): number {
    const { x0, w, b } = this;
    const n = w.length;
    x0.grad = 0;
    for (let i = 0; i < n; i++) {
      (w[i] as Value).grad = 0;
      (b[i] as Value).grad = 0;
    }
    let y = x0;
    for (let i = 0; i < n; i++) y = y.mul(w[i] as Value).add(b[i] as Value).tanh();
    y.backward();
    this.y = y;
    return y.data + x0.grad;
  }

  /** The gradients from the last `run`. */
  grads(): TanhGrads {
    return {
      y: this.y.data,
      dx0: this.x0.grad,
      dW: Float64Array.from(this.w, (v) => v.grad),
      dB: Float64Array.from(this.b, (v) => v.grad),
    };
  }
}

/**
 * memograd's graph-building path, `gradients(y, leaves)`: the gradients come back as Values that
 * could be differentiated again. Timed beside `backward()` to show what first-order users save.
 */
export class GraphTanhChain {
  private readonly leaves: Value[];
  private out: { y: number; grads: Value[] } = { y: NaN, grads: [] };

  /** Makes the 2001 leaf Values, x0 first, then the w_i, then the b_i. */
  constructor(private readonly inp: TanhInputs) {
    this.leaves = [new Value(inp.x0), ...Array.from(inp.w, (v) => new Value(v)), ...Array.from(inp.b, (v) => new Value(v))];
  }

  /** One build + gradients(); returns y + dx0. */
  run(): number {
    const n = this.inp.w.length;
    const { leaves } = this;
    let y = leaves[0] as Value;
    for (let i = 0; i < n; i++) y = y.mul(leaves[1 + i] as Value).add(leaves[1 + n + i] as Value).tanh();
    const grads = gradients(y, leaves);
    this.out = { y: y.data, grads };
    return y.data + (grads[0] as Value).data;
  }

  /** The gradients from the last `run`. */
  grads(): TanhGrads {
    const n = this.inp.w.length;
    const g = this.out.grads.map((v) => v.data);
    return { y: this.out.y, dx0: g[0] as number, dW: Float64Array.from(g.slice(1, 1 + n)), dB: Float64Array.from(g.slice(1 + n)) };
  }
}

/** The naive micrograd port, run exactly like the engine. */
export class NaiveTanhChain {
  private readonly x0: NaiveValue;
  private readonly w: NaiveValue[];
  private readonly b: NaiveValue[];
  private y: NaiveValue;

  /** Makes the 2001 leaf nodes. */
  constructor(inp: TanhInputs) {
    this.x0 = new NaiveValue(inp.x0);
    this.w = Array.from(inp.w, (v) => new NaiveValue(v));
    this.b = Array.from(inp.b, (v) => new NaiveValue(v));
    this.y = this.x0;
  }

  /** One build + backward; returns y + dx0. */
  run(): number {
    const { x0, w, b } = this;
    const n = w.length;
    x0.grad = 0;
    for (let i = 0; i < n; i++) {
      (w[i] as NaiveValue).grad = 0;
      (b[i] as NaiveValue).grad = 0;
    }
    let y = x0;
    for (let i = 0; i < n; i++) y = y.mul(w[i] as NaiveValue).add(b[i] as NaiveValue).tanh();
    y.backward();
    this.y = y;
    return y.data + x0.grad;
  }

  /** The gradients from the last `run`. */
  grads(): TanhGrads {
    return {
      y: this.y.data,
      dx0: this.x0.grad,
      dW: Float64Array.from(this.w, (v) => v.grad),
      dB: Float64Array.from(this.b, (v) => v.grad),
    };
  }
}

/** All 2001 gradients in one list: dx0, then dW, then dB. */
function flat(g: TanhGrads): Float64Array {
  const out = new Float64Array(1 + g.dW.length + g.dB.length);
  out[0] = g.dx0;
  out.set(g.dW, 1);
  out.set(g.dB, 1 + g.dW.length);
  return out;
}

/** The chain's output computed with plain numbers, for central differences. */
function forward(inp: TanhInputs): number {
  let y = inp.x0;
  for (let i = 0; i < inp.w.length; i++) y = Math.tanh(y * (inp.w[i] as number) + (inp.b[i] as number));
  return y;
}

/** Central difference of the output with respect to flat input k (0 = x0, then w, then b). */
function centralDifference(inp: TanhInputs, k: number): number {
  const n = inp.w.length;
  const shifted = (delta: number): number => {
    const w = inp.w.slice();
    const b = inp.b.slice();
    let x0 = inp.x0;
    if (k === 0) x0 += delta;
    else if (k <= n) w[k - 1] = (w[k - 1] as number) + delta;
    else b[k - n - 1] = (b[k - n - 1] as number) + delta;
    return forward({ x0, w, b });
  };
  const h = 1e-5; // roundoff dominates below this for the 1e-5-sized gradients
  return (shifted(h) - shifted(-h)) / (2 * h);
}

/** Relative tolerance for engine (and naive) gradients against the hand-written ones. */
const TOL = 1e-12;

/** Engine and naive gradients against the hand-written ones; the hand-written ones against central differences. */
export function checkTanhChain(): Check[] {
  const inp = tanhInputs();
  const hand = new HandTanhChain(inp);
  const engine = new EngineTanhChain(inp);
  const naive = new NaiveTanhChain(inp);
  const graph = new GraphTanhChain(inp);
  graph.run();
  hand.run();
  // Twice, so a leaf gradient that is not zeroed between runs would show up doubled.
  engine.run();
  engine.run();
  naive.run();
  naive.run();
  const h = hand.grads();
  const e = engine.grads();
  const v = naive.grads();
  const hf = flat(h);
  const magnitudes = Array.from(hf, Math.abs);
  const smallest = Math.min(...magnitudes);
  const largest = Math.max(...magnitudes);
  const spots = [0, 1, 500, STEPS, STEPS + 1, STEPS + 700, 2 * STEPS];
  const fdWorst = Math.max(...spots.map((k) => relDiff(hf[k] as number, centralDifference(inp, k))));
  const dE = maxRelDiff(flat(e), hf);
  const dN = maxRelDiff(flat(v), hf);
  const eFlat = flat(e);
  const gFlat = flat(graph.grads());
  const sameBits = gFlat.length === eFlat.length && gFlat.every((x, i) => Object.is(x, eFlat[i]));
  const yE = relDiff(e.y, h.y);
  const yN = relDiff(v.y, h.y);
  return [
    check('tanh chain: hand-written gradients vs central differences (7 inputs)', fdWorst < 1e-5, `max rel diff ${fdWorst.toExponential(2)} (tol 1e-5)`),
    check(
      'tanh chain: gradients not vanishing',
      smallest > 1e-9 && largest < 1e3,
      `|grad| in [${smallest.toExponential(2)}, ${largest.toExponential(2)}], dx0 = ${h.dx0.toExponential(3)}`,
    ),
    check(
      `tanh chain: memograd's ${hf.length} gradients and y vs hand-written`,
      dE <= TOL && yE <= TOL,
      `max rel diff ${dE.toExponential(2)} (y: ${yE.toExponential(2)}; tol ${TOL.toExponential(0)})`,
    ),
    check(
      `tanh chain: gradients() (graph-building) equals backward() bit for bit on all ${hf.length} gradients`,
      sameBits,
      sameBits ? 'identical' : `max rel diff ${maxRelDiff(gFlat, eFlat).toExponential(2)}`,
    ),
    check(
      `tanh chain: naive port's ${hf.length} gradients and y vs hand-written`,
      dN <= TOL && yN <= TOL,
      `max rel diff ${dN.toExponential(2)} (y: ${yN.toExponential(2)}; tol ${TOL.toExponential(0)})`,
    ),
  ];
}

/** Timings per build + backward of memograd, hand-written and naive, interleaved. */
export interface TanhTimings {
  readonly engine: Timing;
  readonly hand: Timing;
  readonly naive: Timing;
  readonly graph: Timing;
}

/** Times the three versions, each sample about the same length of wall time. */
export function timeTanhChain(): TanhTimings {
  const inp = tanhInputs();
  const hand = new HandTanhChain(inp);
  const engine = new EngineTanhChain(inp);
  const naive = new NaiveTanhChain(inp);
  const graph = new GraphTanhChain(inp);
  const [e, h, n, g] = timeInterleaved(
    [
      { name: 'memograd', calls: 200, run: () => engine.run() },
      { name: 'hand-written', calls: 2000, run: () => hand.run() },
      { name: 'naive port', calls: 10, run: () => naive.run() },
      { name: 'gradients()', calls: 20, run: () => graph.run() },
    ],
    { warmup: 3, reps: 15 },
  );
  return { engine: e as Timing, hand: h as Timing, naive: n as Timing, graph: g as Timing };
}
