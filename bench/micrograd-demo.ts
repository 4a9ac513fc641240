/**
 * Workload 4: one training step of micrograd's demo, MLP(2, [16, 16, 1]) on 100 moons points with
 * the max-margin loss and L2 regularisation, SGD with micrograd's learning-rate schedule.
 *
 * Every version writes the float operations in micrograd's order, so the losses can be compared
 * with ===:
 *   neuron:    act = ((b + w1*x1) + w2*x2) + ...      (`sum(wi*xi ..., self.b)`), relu if hidden
 *   hinge:     l_i = relu(score_i * (-y_i) + 1)       (`1 + -yi*scorei` runs __rmul__, then __radd__)
 *   data loss: ((l_1 + l_2) + l_3 ...) * (1.0 / 100)  (Python's sum from 0: 0 + l_1 is l_1 exactly)
 *   reg loss:  ((p_1*p_1 + p_2*p_2) + ...) * 1e-4
 *   total:     data + reg
 * Gradients are sums too, and their order is that of a reverse topological sweep: micrograd's
 * depth-first sort visits a node's first operand before its second, and so does memograd's.
 */
import { Value, compile, topologicalOrder, type CompileMode, type CompiledGraph } from '../src/index.js';
import { NaiveValue } from './naive-micrograd.js';
import { ALPHA, LAYER_SIZES, PARAM_COUNT, learningRate, type Moons } from './moons.js';
import { BareNode } from './bare-node.js';

/** The steps of the demo's schedule; timed runs go round it, back to the initial weights after step 99. */
export const SCHEDULE_STEPS = 100;
/** The number of layers after the input. */
const LAYERS = LAYER_SIZES.length - 1;

/** A version of the demo's training step that can be checked and timed. */
export interface DemoTrainer {
  /** One training step at schedule index k: forward, zero grads, backward, SGD update; returns the loss (before the update). */
  step(k: number): number;
  /** The parameters' current values, in micrograd's order. */
  params(): Float64Array;
  /** The parameters' gradients from the last step, in micrograd's order. */
  grads(): Float64Array;
  /** Back to the fixture's initial weights. */
  reset(): void;
}

/** Steps a trainer round the schedule: step k, k + 1, ..., resetting the weights after step 99. */
export class ScheduleRunner {
  private k = 0;

  /** Wraps `trainer`, which must hold the initial weights. */
  constructor(readonly trainer: { step(k: number): number; reset(): void }) {}

  /** One step of the schedule; returns the loss. */
  next(): number {
    const loss = this.trainer.step(this.k);
    if (++this.k === SCHEDULE_STEPS) {
      this.k = 0;
      this.trainer.reset();
    }
    return loss;
  }
}

/** memograd's loss graph over parameter Values (inputs and constants folded into the ops); `BareGraphBuild` builds the same graph. */
export function engineLoss(p: readonly Value[], m: Moons): Value {
  let dataSum: Value | undefined;
  for (let i = 0; i < m.X.length; i++) {
    let act: readonly (Value | number)[] = m.X[i] as readonly number[];
    let off = 0;
    for (let l = 0; l < LAYERS; l++) {
      const nin = LAYER_SIZES[l] as number;
      const nout = LAYER_SIZES[l + 1] as number;
      const next: Value[] = [];
      for (let j = 0; j < nout; j++) {
        const base = off + j * (nin + 1);
        let s = p[base + nin] as Value;
        for (let t = 0; t < nin; t++) s = s.add((p[base + t] as Value).mul(act[t] as Value | number));
        next.push(l < LAYERS - 1 ? s.relu() : s);
      }
      off += nout * (nin + 1);
      act = next;
    }
    const li = (act[0] as Value).mul(-(m.y[i] as number)).add(1).relu();
    dataSum = dataSum === undefined ? li : dataSum.add(li);
  }
  const dataLoss = (dataSum as Value).mul(1.0 / m.X.length);
  let regSum = (p[0] as Value).mul(p[0] as Value);
  for (let k = 1; k < p.length; k++) regSum = regSum.add((p[k] as Value).mul(p[k] as Value));
  return dataLoss.add(regSum.mul(ALPHA));
}

/** What memograd's two versions share: the parameter Values and how they are read and reset. */
abstract class ValueTrainer implements DemoTrainer {
  /** The 337 parameter leaves, in micrograd's order. */
  readonly p: Value[];

  /** Makes the parameter Values from the fixture. */
  constructor(protected readonly m: Moons) {
    this.p = m.params.map((v) => new Value(v));
  }

  abstract step(k: number): number;

  params(): Float64Array {
    return Float64Array.from(this.p, (v) => v.data);
  }

  grads(): Float64Array {
    return Float64Array.from(this.p, (v) => v.grad);
  }

  reset(): void {
    this.m.params.forEach((v, i) => ((this.p[i] as Value).data = v));
  }
}

/** micrograd's update, p -= lr(k) · grad, on parameter Values. */
function sgd(p: readonly Value[], k: number): void {
  const lr = learningRate(k);
  for (let i = 0; i < p.length; i++) {
    const v = p[i] as Value;
    v.data -= lr * v.grad;
  }
}

/** memograd, dynamic: each step rebuilds the graph from the parameter Values, as micrograd does. */
export class EngineDemo extends ValueTrainer {
  /** The loss graph at the current weights (for counting and measuring it). */
  build(): Value {
    return engineLoss(this.p, this.m);
  }

  step(k: number): number {
    const { p } = this;
    const loss = engineLoss(p, this.m);
    for (let i = 0; i < p.length; i++) (p[i] as Value).grad = 0;
    loss.backward();
    sgd(p, k);
    return loss.data;
  }
}

/** memograd, compiled: the loss graph is built once and compiled; each step is zero grads, run(), update. */
export class CompiledDemo extends ValueTrainer {
  /** The compiled loss graph. */
  readonly graph: CompiledGraph;
  /** Milliseconds compile() took (the graph build not included). */
  readonly compileMs: number;

  /** Builds the loss graph from the fixture's weights and compiles it in `mode`. */
  constructor(m: Moons, mode: CompileMode = 'auto') {
    super(m);
    const loss = engineLoss(this.p, m);
    const t0 = performance.now();
    this.graph = compile(loss, { mode });
    this.compileMs = performance.now() - t0;
    if (this.graph.leaves.length !== PARAM_COUNT) throw new Error(`compiled demo: ${this.graph.leaves.length} leaves, expected ${PARAM_COUNT}`);
  }

  step(k: number): number {
    const { p } = this;
    for (let i = 0; i < p.length; i++) (p[i] as Value).grad = 0;
    const loss = this.graph.run();
    sgd(p, k);
    return loss;
  }
}

/** Σ w_k², summed from the first term as Python's sum is (0 + x is x); nothing after the loop but the return (see `FlatDemo.forward`). */
function squareSum(w: Float64Array): number {
  let s = (w[0] as number) * (w[0] as number);
  for (let k = 1; k < w.length; k++) s += (w[k] as number) * (w[k] as number);
  return s;
}

/**
 * What the two hand-written steps share: the weights and gradients in flat Float64Arrays, each
 * layer's parameter offset, and micrograd's SGD step around their own forward and backward passes.
 */
abstract class FlatDemo implements DemoTrainer {
  protected readonly w: Float64Array;
  protected readonly g: Float64Array;
  /** Offset of each layer's first parameter. */
  protected readonly offsets: Int32Array;

  constructor(protected readonly m: Moons) {
    this.w = Float64Array.from(m.params);
    this.g = new Float64Array(PARAM_COUNT);
    this.offsets = new Int32Array(LAYERS);
    for (let l = 1; l < LAYERS; l++) {
      this.offsets[l] = (this.offsets[l - 1] as number) + (LAYER_SIZES[l] as number) * ((LAYER_SIZES[l - 1] as number) + 1);
    }
  }

  /** The hinge terms' sum over the points at the current weights, summed from the first term, filling the pass's buffers. */
  protected abstract dataSum(): number;
  /** The gradients of the last forward pass's loss, into `g`. */
  abstract backward(): void;

  /**
   * micrograd's loss at the current weights: the hinge terms' mean plus the L2 penalty. Kept apart
   * from the loops in `dataSum` and `squareSum`, which end in a bare `return`: V8 optimises a long
   * loop on its first call (on-stack replacement), before the code after the loop has ever run, and
   * that code then has no type feedback. Here it was `this.loss(...)`: the OSR code deoptimised
   * there ("insufficient type feedback for generic named access") and, kept in V8's OSR cache, was
   * entered and deoptimised again on later calls, 3 to 87 times per process.
   */
  forward(): number {
    return this.dataSum() * (1.0 / this.m.X.length) + squareSum(this.w) * ALPHA;
  }

  step(k: number): number {
    const loss = this.forward();
    this.backward();
    const { w, g } = this;
    const lr = learningRate(k);
    for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) - lr * (g[i] as number);
    return loss;
  }

  params(): Float64Array {
    return this.w.slice();
  }

  grads(): Float64Array {
    return this.g.slice();
  }

  reset(): void {
    this.w.set(this.m.params);
  }
}

/**
 * Hand-written with Float64Arrays: a forward pass over the points into a tape (each neuron's
 * pre-activation and each layer's output), then the reverse sweep over the tape, backwards in
 * everything (points, layers, neurons), as reverse mode runs. That order is also the one that
 * makes its gradient sums, and so every later loss, equal to micrograd's bit for bit.
 */
export class HandDemo extends FlatDemo {
  /** Per point, per layer: the neurons' pre-activations (z) and outputs (a); a[0] is the input. */
  private readonly z: Float64Array[][];
  private readonly a: Float64Array[][];
  /** Per point: the hinge argument m_i = score_i * (-y_i) + 1. */
  private readonly margin: Float64Array;
  /** Scratch: d loss / d (a layer's outputs) for one point. */
  private readonly da: Float64Array[];
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;

  /** Copies the fixture into typed arrays and allocates the tape once. */
  constructor(m: Moons) {
    const n = m.X.length;
    super(m);
    this.xs = Float64Array.from(m.X.flat());
    this.ys = Float64Array.from(m.y);
    this.z = Array.from({ length: n }, () => LAYER_SIZES.map((size) => new Float64Array(size)));
    this.a = Array.from({ length: n }, () => LAYER_SIZES.map((size) => new Float64Array(size)));
    this.margin = new Float64Array(n);
    this.da = LAYER_SIZES.map((size) => new Float64Array(size));
  }

  /** The hinge terms' sum at the current weights, filling the tape. */
  protected dataSum(): number {
    const { w, z, a, margin, offsets, xs, ys } = this;
    const n = margin.length;
    let dataSum = 0;
    for (let i = 0; i < n; i++) {
      const zi = z[i] as Float64Array[];
      const ai = a[i] as Float64Array[];
      const input = ai[0] as Float64Array;
      input[0] = xs[2 * i] as number;
      input[1] = xs[2 * i + 1] as number;
      for (let l = 0; l < LAYERS; l++) {
        const nin = LAYER_SIZES[l] as number;
        const nout = LAYER_SIZES[l + 1] as number;
        const hidden = l < LAYERS - 1;
        const x = ai[l] as Float64Array;
        const zo = zi[l + 1] as Float64Array;
        const ao = ai[l + 1] as Float64Array;
        let base = offsets[l] as number;
        for (let j = 0; j < nout; j++) {
          let s = w[base + nin] as number;
          for (let t = 0; t < nin; t++) s += (w[base + t] as number) * (x[t] as number);
          zo[j] = s;
          ao[j] = hidden ? (s > 0 ? s : 0) : s;
          base += nin + 1;
        }
      }
      const mi = ((ai[LAYERS] as Float64Array)[0] as number) * -(ys[i] as number) + 1;
      margin[i] = mi;
      const li = mi > 0 ? mi : 0;
      dataSum = i === 0 ? li : dataSum + li;
    }
    return dataSum;
  }

  /** d loss / d w into `g` (zeroed first), from the tape the last `forward` filled. */
  backward(): void {
    const { w, g, z, a, margin, da, offsets } = this;
    const n = margin.length;
    // The regularisation term came last in the forward pass, so it is first here: p*p gives p twice.
    for (let k = 0; k < w.length; k++) {
      const r = ALPHA * (w[k] as number);
      g[k] = r + r;
    }
    const dl = 1.0 / n; // d loss / d l_i for every point
    for (let i = n - 1; i >= 0; i--) {
      const zi = z[i] as Float64Array[];
      const ai = a[i] as Float64Array[];
      const top = da[LAYERS] as Float64Array;
      top[0] = (margin[i] as number) > 0 ? dl * -(this.ys[i] as number) : 0;
      for (let l = LAYERS - 1; l >= 0; l--) {
        const nin = LAYER_SIZES[l] as number;
        const nout = LAYER_SIZES[l + 1] as number;
        const hidden = l < LAYERS - 1;
        const x = ai[l] as Float64Array;
        const zo = zi[l + 1] as Float64Array;
        const dOut = da[l + 1] as Float64Array;
        const dIn = da[l] as Float64Array;
        dIn.fill(0);
        let base = (offsets[l] as number) + (nout - 1) * (nin + 1);
        for (let j = nout - 1; j >= 0; j--) {
          const dz = hidden ? ((zo[j] as number) > 0 ? (dOut[j] as number) : 0) : (dOut[j] as number);
          if (l > 0) {
            for (let t = nin - 1; t >= 0; t--) {
              g[base + t] = (g[base + t] as number) + dz * (x[t] as number);
              dIn[t] = (dIn[t] as number) + dz * (w[base + t] as number);
            }
          } else {
            for (let t = nin - 1; t >= 0; t--) g[base + t] = (g[base + t] as number) + dz * (x[t] as number);
          }
          g[base + nin] = (g[base + nin] as number) + dz;
          base -= nin + 1;
        }
      }
    }
  }


  /** The loss at weights `p` (plain numbers, no tape reuse concerns): for finite differences. */
  lossAt(p: Float64Array): number {
    const saved = this.w.slice();
    this.w.set(p);
    const loss = this.forward();
    this.w.set(saved);
    return loss;
  }
}

/**
 * The fastest correct hand-written step, the baseline every ratio is taken against. As `HandDemo`
 * (the same float operations for everything it computes, so its losses and gradients equal
 * micrograd's bit for bit), but it skips what contributes exactly nothing: the hinge samples with
 * margin <= 0 (on average 89 of the 100 here) propagate no gradient, a relu unit whose output is 0
 * neither passes a gradient back nor contributes to the next layer's sums, and its weights get no
 * update. Adding an exact 0 to a sum changes nothing (the sums here never hold -0), so skipping
 * those terms keeps every result identical; `checkDemo` verifies it before anything is timed.
 * Everything lives in typed arrays allocated once: a step allocates nothing.
 */
export class SparseHandDemo extends FlatDemo {
  /** Per point, each layer's outputs (layer 0: the inputs), flattened: point i, layer l at aOff[l] + i·size. */
  private readonly a: Float64Array[];
  /** Per point and layer, the indices of the units whose output is not 0, and how many there are. */
  private readonly live: Int32Array[];
  private readonly liveCount: Int32Array[];
  private readonly margin: Float64Array;
  /** d loss / d (a layer's outputs), for one point, by layer. */
  private readonly da: Float64Array[];
  private readonly ys: Float64Array;

  /** Copies the fixture into typed arrays and allocates every buffer once. */
  constructor(m: Moons) {
    const n = m.X.length;
    super(m);
    this.ys = Float64Array.from(m.y);
    this.a = LAYER_SIZES.map((size) => new Float64Array(n * size));
    this.live = LAYER_SIZES.map((size) => new Int32Array(n * size));
    this.liveCount = LAYER_SIZES.map(() => new Int32Array(n));
    const input = this.a[0] as Float64Array;
    input.set(m.X.flat());
    // The inputs are read densely (an input of exactly 0 is kept: it costs nothing to keep).
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < (LAYER_SIZES[0] as number); t++) (this.live[0] as Int32Array)[i * (LAYER_SIZES[0] as number) + t] = t;
      (this.liveCount[0] as Int32Array)[i] = LAYER_SIZES[0] as number;
    }
    this.margin = new Float64Array(n);
    this.da = LAYER_SIZES.map((size) => new Float64Array(size));
  }

  /**
   * Trains on other points from the next step on, as many as the fixture it was made with: `xs`
   * their coordinates (two per point), `ys` their labels. The minibatch baseline draws a batch per step.
   */
  setPoints(xs: Float64Array, ys: Float64Array): void {
    if (xs.length !== (this.a[0] as Float64Array).length || ys.length !== this.ys.length) throw new Error('SparseHandDemo.setPoints: wrong number of points');
    (this.a[0] as Float64Array).set(xs);
    this.ys.set(ys);
  }

  /** The hinge terms' sum at the current weights, filling the outputs and the live lists. */
  protected dataSum(): number {
    const { w, a, live, liveCount, margin, offsets, ys } = this;
    const n = margin.length;
    let dataSum = 0;
    for (let i = 0; i < n; i++) {
      let score = 0;
      for (let l = 0; l < LAYERS; l++) {
        const nin = LAYER_SIZES[l] as number;
        const nout = LAYER_SIZES[l + 1] as number;
        const hidden = l < LAYERS - 1;
        const x = a[l] as Float64Array;
        const xo = i * nin;
        const inLive = live[l] as Int32Array;
        const inCount = (liveCount[l] as Int32Array)[i] as number;
        const ao = a[l + 1] as Float64Array;
        const outLive = live[l + 1] as Int32Array;
        const oo = i * nout;
        let count = 0;
        let base = offsets[l] as number;
        for (let j = 0; j < nout; j++) {
          let s = w[base + nin] as number;
          for (let q = 0; q < inCount; q++) {
            const t = inLive[xo + q] as number;
            s += (w[base + t] as number) * (x[xo + t] as number);
          }
          if (!hidden) score = s;
          else if (s > 0) {
            ao[oo + j] = s;
            outLive[oo + count++] = j;
          } else ao[oo + j] = 0;
          base += nin + 1;
        }
        (liveCount[l + 1] as Int32Array)[i] = count;
      }
      const mi = score * -(ys[i] as number) + 1;
      margin[i] = mi;
      const li = mi > 0 ? mi : 0;
      dataSum = i === 0 ? li : dataSum + li;
    }
    return dataSum;
  }

  /** d loss / d w into `g`, from what the last `forward` left: only the live points and units. */
  backward(): void {
    const { w, g, a, live, liveCount, margin, da, offsets, ys } = this;
    const n = margin.length;
    for (let k = 0; k < w.length; k++) {
      const r = ALPHA * (w[k] as number);
      g[k] = r + r;
    }
    const dl = 1.0 / n;
    for (let i = n - 1; i >= 0; i--) {
      if (!((margin[i] as number) > 0)) continue; // an inactive hinge sample: no gradient at all
      (da[LAYERS] as Float64Array)[0] = dl * -(ys[i] as number);
      for (let l = LAYERS - 1; l >= 0; l--) {
        const nin = LAYER_SIZES[l] as number;
        const nout = LAYER_SIZES[l + 1] as number;
        const x = a[l] as Float64Array;
        const xo = i * nin;
        const inLive = live[l] as Int32Array;
        const inCount = (liveCount[l] as Int32Array)[i] as number;
        const dOut = da[l + 1] as Float64Array;
        const dIn = da[l] as Float64Array;
        // The output layer's one unit is always live; a hidden layer's live units are listed.
        const outCount = l === LAYERS - 1 ? 1 : ((liveCount[l + 1] as Int32Array)[i] as number);
        const outLive = live[l + 1] as Int32Array;
        const oo = i * nout;
        if (l > 0) for (let q = 0; q < inCount; q++) dIn[inLive[xo + q] as number] = 0;
        for (let r = outCount - 1; r >= 0; r--) {
          const j = l === LAYERS - 1 ? 0 : (outLive[oo + r] as number);
          const dz = dOut[j] as number;
          const base = (offsets[l] as number) + j * (nin + 1);
          for (let q = inCount - 1; q >= 0; q--) {
            const t = inLive[xo + q] as number;
            g[base + t] = (g[base + t] as number) + dz * (x[xo + t] as number);
            if (l > 0) dIn[t] = (dIn[t] as number) + dz * (w[base + t] as number);
          }
          g[base + nin] = (g[base + nin] as number) + dz;
        }
      }
    }
  }

}

/**
 * A lower bound for any step that rebuilds its graph, as memograd's dynamic path (and micrograd)
 * must: the demo's graph built as bare garbage-collected objects (a value, an op code, two
 * operands: no gradient, label or id, no checks), with nothing else: no backward, no update. Its
 * loss at the initial weights equals micrograd's (`checkDemo`); each step builds the same graph.
 */
export class BareGraphBuild {
  private readonly p: readonly BareNode[];

  constructor(private readonly m: Moons) {
    this.p = m.params.map((v) => new BareNode(v, 0, null, null));
  }

  /**
   * Builds the loss graph, op for op as `engineLoss` does (change both together), and returns the
   * loss; `k` is unused (nothing is updated). A copy rather than one builder shared by every
   * contender: a builder called with bare nodes, Values and adnn's nodes would turn polymorphic
   * in V8 and time them all slower.
   */
  step(_k: number): number {
    const { p, m } = this;
    const add = (x: BareNode, y: BareNode | number): BareNode =>
      typeof y === 'number' ? new BareNode(x.data + y, 2, x, y) : new BareNode(x.data + y.data, 1, x, y);
    const mul = (x: BareNode, y: BareNode | number): BareNode =>
      typeof y === 'number' ? new BareNode(x.data * y, 4, x, y) : new BareNode(x.data * y.data, 3, x, y);
    const relu = (x: BareNode): BareNode => new BareNode(x.data > 0 ? x.data : 0, 5, x, null);
    let dataSum: BareNode | undefined;
    for (let i = 0; i < m.X.length; i++) {
      let act: readonly (BareNode | number)[] = m.X[i] as readonly number[];
      let off = 0;
      for (let l = 0; l < LAYERS; l++) {
        const nin = LAYER_SIZES[l] as number;
        const nout = LAYER_SIZES[l + 1] as number;
        const next: BareNode[] = [];
        for (let j = 0; j < nout; j++) {
          const base = off + j * (nin + 1);
          let s = p[base + nin] as BareNode;
          for (let t = 0; t < nin; t++) s = add(s, mul(p[base + t] as BareNode, act[t] as BareNode | number));
          next.push(l < LAYERS - 1 ? relu(s) : s);
        }
        off += nout * (nin + 1);
        act = next;
      }
      const li = relu(add(mul(act[0] as BareNode, -(m.y[i] as number)), 1));
      dataSum = dataSum === undefined ? li : add(dataSum, li);
    }
    const dataLoss = mul(dataSum as BareNode, 1.0 / m.X.length);
    let regSum = mul(p[0] as BareNode, p[0] as BareNode);
    for (let k = 1; k < p.length; k++) regSum = add(regSum, mul(p[k] as BareNode, p[k] as BareNode));
    return add(dataLoss, mul(regSum, ALPHA)).data;
  }

  /** Nothing to reset: the weights never change. */
  reset(): void {}
}

/** The naive micrograd port, run as micrograd's demo runs: inputs wrapped as nodes, Python's sums from 0. */
export class NaiveDemo implements DemoTrainer {
  private readonly p: NaiveValue[];

  /** Makes the parameter nodes from the fixture. */
  constructor(private readonly m: Moons) {
    this.p = m.params.map((v) => new NaiveValue(v));
  }

  /** micrograd's `loss()`: the graph at the current weights. */
  build(): NaiveValue {
    const { p, m } = this;
    let dataSum: NaiveValue | number = 0;
    for (let i = 0; i < m.X.length; i++) {
      let act: NaiveValue[] = (m.X[i] as readonly number[]).map((v) => new NaiveValue(v));
      let off = 0;
      for (let l = 0; l < LAYERS; l++) {
        const nin = LAYER_SIZES[l] as number;
        const nout = LAYER_SIZES[l + 1] as number;
        const next: NaiveValue[] = [];
        for (let j = 0; j < nout; j++) {
          const base = off + j * (nin + 1);
          let s = p[base + nin] as NaiveValue;
          for (let t = 0; t < nin; t++) s = s.add((p[base + t] as NaiveValue).mul(act[t] as NaiveValue));
          next.push(l < LAYERS - 1 ? s.relu() : s);
        }
        off += nout * (nin + 1);
        act = next;
      }
      const li = (act[0] as NaiveValue).mul(-(m.y[i] as number)).add(1).relu();
      // Python's sum(): 0 + l_1 calls l_1.__radd__(0), which is l_1 + Value(0).
      dataSum = typeof dataSum === 'number' ? li.add(dataSum) : dataSum.add(li);
    }
    const dataLoss = (dataSum as NaiveValue).mul(1.0 / m.X.length);
    let regSum: NaiveValue | number = 0;
    for (const q of p) regSum = typeof regSum === 'number' ? q.mul(q).add(regSum) : regSum.add(q.mul(q));
    return dataLoss.add((regSum as NaiveValue).mul(ALPHA));
  }

  step(k: number): number {
    const loss = this.build();
    for (const q of this.p) q.grad = 0;
    loss.backward();
    const lr = learningRate(k);
    for (const q of this.p) q.data -= lr * q.grad;
    return loss.data;
  }

  params(): Float64Array {
    return Float64Array.from(this.p, (v) => v.data);
  }

  grads(): Float64Array {
    return Float64Array.from(this.p, (v) => v.grad);
  }

  reset(): void {
    this.m.params.forEach((v, i) => ((this.p[i] as NaiveValue).data = v));
  }
}

/** The nodes of memograd's loss graph (leaves included). */
export function engineNodeCount(m: Moons): number {
  return topologicalOrder(new EngineDemo(m).build()).length;
}

/** The nodes of the naive port's loss graph, counted as micrograd would (every wrapped number a node). */
export function naiveNodeCount(m: Moons): number {
  const seen = new Set<NaiveValue>();
  const stack = [new NaiveDemo(m).build()];
  while (stack.length > 0) {
    const v = stack.pop() as NaiveValue;
    if (seen.has(v)) continue;
    seen.add(v);
    for (const c of v._prev) stack.push(c);
  }
  return seen.size;
}
