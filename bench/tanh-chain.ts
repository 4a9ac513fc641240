/** Workload 1: y = tanh(y·w_i + b_i) for 1000 steps, with gradients for x0 and every w_i and b_i. */
import { AUTO_GENERATE_MAX_NODES, Value, compile, gradients, type CompileMode, type CompiledGraph } from '../src/index.js';
import { NaiveValue } from './naive-micrograd.js';
import { STEPS, tanhInputs, type TanhGrads, type TanhInputs } from './tanh-inputs.js';
import { check, maxRelDiff, relDiff, type Check, type Contender, type Pair } from './harness.js';
import { AdnnTanhChain } from './adnn-workloads.js';
import { TfTanhChain } from './tfjs-workloads.js';
import type { Peers } from './peers.js';

export { STEPS } from './tanh-inputs.js';

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
    let y = this.inp.x0;
    tape[0] = y;
    for (let i = 0; i < n; i++) {
      y = Math.tanh(y * (w[i] as number) + (b[i] as number));
      tape[i + 1] = y;
    }
    let g = 1;
    let t = y; // tape[i + 1], carried from the step before
    for (let i = n - 1; i >= 0; i--) {
      const x = tape[i] as number;
      const d = g * (1 - t * t);
      dB[i] = d;
      dW[i] = d * x;
      g = d * (w[i] as number);
      t = x;
    }
    this.dx0 = g;
    return y + g;
  }

  /** The gradients from the last `run`, copied. */
  grads(): TanhGrads {
    return { y: this.tape[this.tape.length - 1] as number, dx0: this.dx0, dW: this.dW.slice(), dB: this.dB.slice() };
  }
}

/**
 * The hand-written chain with every operation rounded to float32, as TensorFlow.js's CPU kernels
 * round each result into a Float32Array: the oracle for tfjs's gradients.
 */
export function handTanhFloat32(inp: TanhInputs): TanhGrads {
  const f = Math.fround;
  const n = inp.w.length;
  const w = inp.w.map(f);
  const b = inp.b.map(f);
  const tape = new Float64Array(n + 1);
  tape[0] = f(inp.x0);
  for (let i = 0; i < n; i++) tape[i + 1] = f(Math.tanh(f(f((tape[i] as number) * (w[i] as number)) + (b[i] as number))));
  const dW = new Float64Array(n);
  const dB = new Float64Array(n);
  let g = 1;
  for (let i = n - 1; i >= 0; i--) {
    const t = tape[i + 1] as number;
    const d = f(g * f(1 - f(t * t)));
    dB[i] = d;
    dW[i] = f(d * (tape[i] as number));
    g = f(d * (w[i] as number));
  }
  return { y: tape[n] as number, dx0: g, dW, dB };
}

/**
 * memograd: leaves made once; each run builds the graph, zeroes the leaf grads and calls backward().
 * The naive port below repeats this class line for line on purpose: one generic class over both
 * node types would make every call site in it polymorphic, and slow both contenders alike.
 */
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

/** memograd, compiled: the chain is built and compiled once; each run zeroes the leaf grads and calls run(), which re-reads the leaves. */
export class CompiledTanhChain {
  private readonly x0: Value;
  private readonly w: Value[];
  private readonly b: Value[];
  private readonly y: Value;
  /** The compiled chain. */
  readonly graph: CompiledGraph;
  /** Milliseconds compile() took (the graph build not included). */
  readonly compileMs: number;

  /** Makes the 2001 leaf Values, builds the chain and compiles it in `mode`. */
  constructor(inp: TanhInputs, mode: CompileMode = 'auto') {
    this.x0 = new Value(inp.x0, 'x0');
    this.w = Array.from(inp.w, (v, i) => new Value(v, `w${i + 1}`));
    this.b = Array.from(inp.b, (v, i) => new Value(v, `b${i + 1}`));
    let y = this.x0;
    for (let i = 0; i < this.w.length; i++) y = y.mul(this.w[i] as Value).add(this.b[i] as Value).tanh();
    this.y = y;
    const t0 = performance.now();
    this.graph = compile(y, { mode });
    this.compileMs = performance.now() - t0;
  }

  /** One run: zero the leaf grads, recompute values and gradients; returns y + dx0. */
  run(): number {
    const { x0, w, b } = this;
    const n = w.length;
    x0.grad = 0;
    for (let i = 0; i < n; i++) {
      (w[i] as Value).grad = 0;
      (b[i] as Value).grad = 0;
    }
    return this.graph.run() + x0.grad;
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

/** Whether two gradient sets are identical bit for bit (Object.is on y and all 2001 gradients). */
function sameBits(a: TanhGrads, b: TanhGrads): boolean {
  const fa = flat(a);
  const fb = flat(b);
  return Object.is(a.y, b.y) && fa.length === fb.length && fa.every((x, i) => Object.is(x, fb[i]));
}

/**
 * Engine, compiled, naive and adnn gradients against the hand-written ones; the hand-written ones
 * against central differences; tfjs's against the hand-written chain rounded to float32 at every op
 * (with `peers.tf` undefined, tfjs is not checked).
 */
export function checkTanhChain(peers: { readonly ad: Peers['ad'] | undefined; readonly tf: Peers['tf'] | undefined }): Check[] {
  const inp = tanhInputs();
  const hand = new HandTanhChain(inp);
  const engine = new EngineTanhChain(inp);
  const naive = new NaiveTanhChain(inp);
  const graph = new GraphTanhChain(inp);
  const byDefault = new CompiledTanhChain(inp);
  const interpreted = new CompiledTanhChain(inp, 'interpreted');
  const adnn = peers.ad === undefined ? undefined : new AdnnTanhChain(peers.ad, inp);
  graph.run();
  hand.run();
  // Twice, so a leaf gradient that is not zeroed between runs would show up doubled.
  for (const v of [engine, naive, byDefault, interpreted, ...(adnn === undefined ? [] : [adnn])]) {
    v.run();
    v.run();
  }
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
  const a = adnn?.grads();
  const graphSame = sameBits(graph.grads(), e);
  const yE = relDiff(e.y, h.y);
  const yN = relDiff(v.y, h.y);
  const out = [
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
      graphSame,
      graphSame ? 'identical' : `max rel diff ${maxRelDiff(flat(graph.grads()), flat(e)).toExponential(2)}`,
    ),
    check(
      `tanh chain: compile()'s default mode 'auto' generates code for the chain (at most AUTO_GENERATE_MAX_NODES = ${AUTO_GENERATE_MAX_NODES.toLocaleString('en-US')} nodes)`,
      byDefault.graph.mode === 'generated',
      `default: ${byDefault.graph.mode}, ${byDefault.graph.size.toLocaleString('en-US')} nodes`,
    ),
    ...[byDefault, interpreted].map((c) =>
      check(
        `tanh chain: compiled run() (${c === byDefault ? 'default mode, ' : ''}${c.graph.mode}) equals backward() bit for bit on y and all ${hf.length} gradients, run twice`,
        sameBits(c.grads(), e),
        sameBits(c.grads(), e) ? `identical (${c.graph.size} nodes, ${c.graph.leaves.length} leaves)` : `max rel diff ${maxRelDiff(flat(c.grads()), flat(e)).toExponential(2)}`,
      ),
    ),
    check(
      `tanh chain: naive port's ${hf.length} gradients and y vs hand-written`,
      dN <= TOL && yN <= TOL,
      `max rel diff ${dN.toExponential(2)} (y: ${yN.toExponential(2)}; tol ${TOL.toExponential(0)})`,
    ),
  ];
  if (a !== undefined) {
    const dA = maxRelDiff(flat(a), hf);
    const yA = relDiff(a.y, h.y);
    out.push(
      check(
        `tanh chain: adnn's ${hf.length} gradients and y vs hand-written, run twice`,
        dA <= TOL && yA <= TOL,
        `max rel diff ${dA.toExponential(2)} (y: ${yA.toExponential(2)}; tol ${TOL.toExponential(0)})`,
      ),
    );
  }
  const tf = peers.tf;
  if (tf !== undefined) {
    const chain = new TfTanhChain(tf, inp);
    chain.run();
    const t = chain.grads();
    chain.dispose();
    const same = sameBits(t, handTanhFloat32(inp));
    out.push(
      check(
        `tanh chain: tfjs's ${hf.length} gradients and y equal the hand-written chain rounded to float32 at every op, bit for bit`,
        same,
        `${same ? 'identical' : `max rel diff ${maxRelDiff(flat(t), flat(handTanhFloat32(inp))).toExponential(2)}`}; ` +
          `float32 vs the float64 hand-written: max rel diff ${maxRelDiff(flat(t), hf).toExponential(2)} (y: ${relDiff(t.y, h.y).toExponential(2)})`,
      ),
    );
  }
  return out;
}

/** The tanh chain's timed versions, each paired with the hand-written chain, by name; each is timed in a process of its own. */
export const TANH_VERSIONS = ['dynamic', 'auto', 'interpreted', 'gradients', 'naive', 'adnn', 'tfjs'] as const;

/** One of TANH_VERSIONS. */
export type TanhVersion = (typeof TANH_VERSIONS)[number];

/** The pair for one version: a run is build (or re-read the leaves) + gradients; samples are about 20 ms. */
export function tanhPair(version: TanhVersion, peers: Peers): Pair {
  const inp = tanhInputs();
  const handChain = new HandTanhChain(inp);
  const hand = { name: 'hand-written', calls: 1000, run: () => handChain.run() };
  const plan = { warmup: 3, reps: 15 };
  const pair = (name: string, v: { run(): number }, calls: number, p = plan, info?: () => Record<string, number>): Pair => {
    const versionC: Contender = { name, calls, run: () => v.run() };
    return info === undefined ? { version: versionC, hand, plan: p } : { version: versionC, hand, plan: p, info };
  };
  switch (version) {
    case 'dynamic':
      return pair('memograd', new EngineTanhChain(inp), 100);
    case 'auto': {
      const c = new CompiledTanhChain(inp);
      if (c.graph.mode !== 'generated') throw new Error(`tanh chain: the default mode compiled to ${c.graph.mode}, expected generated: the bench's labels would be wrong`);
      return pair('compiled (default mode: generated)', c, 500, plan, () => ({ compileMs: c.compileMs }));
    }
    case 'interpreted': {
      const c = new CompiledTanhChain(inp, 'interpreted');
      return pair('compiled (interpreted)', c, 300, plan, () => ({ compileMs: c.compileMs }));
    }
    case 'gradients':
      return pair('gradients()', new GraphTanhChain(inp), 10);
    case 'naive':
      return pair('naive port', new NaiveTanhChain(inp), 25);
    case 'adnn':
      return pair('adnn', new AdnnTanhChain(peers.ad, inp), 80);
    case 'tfjs':
      return pair('tfjs', new TfTanhChain(peers.tf, inp), 1, { warmup: 1, reps: 5 });
  }
}
