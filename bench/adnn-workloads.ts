/**
 * The workloads in adnn (dritchie/adnn 2.x, scalar reverse mode with a node object and a backward
 * function per op): the tanh chain, micrograd's demo step and the long chain, each graph rebuilt
 * per run as memograd's dynamic path does. Numbers (inputs, constants) are passed to adnn's ops as
 * plain numbers, which adnn, like memograd, keeps out of the graph.
 */
import { adnnRelu, type Ad, type AdNode, type AdScalar } from './peers.js';
import type { TanhGrads, TanhInputs } from './tanh-inputs.js';
import { ALPHA, LAYER_SIZES, learningRate, type Moons } from './moons.js';
import type { DemoTrainer } from './micrograd-demo.js';

const LAYERS = LAYER_SIZES.length - 1;

/** The tanh chain in adnn: leaves lifted once; each run zeroes their dx, builds the chain and backprops. */
export class AdnnTanhChain {
  private readonly x0: AdNode;
  private readonly w: AdNode[];
  private readonly b: AdNode[];
  private y = 0;

  /** Lifts the 2001 inputs. */
  constructor(
    private readonly ad: Ad,
    inp: TanhInputs,
  ) {
    this.x0 = ad.lift(inp.x0);
    this.w = Array.from(inp.w, (v) => ad.lift(v));
    this.b = Array.from(inp.b, (v) => ad.lift(v));
  }

  /** One build + backprop; returns y + dy/dx0. */
  run(): number {
    const { ad, x0, w, b } = this;
    const n = w.length;
    x0.dx = 0;
    for (let i = 0; i < n; i++) {
      (w[i] as AdNode).dx = 0;
      (b[i] as AdNode).dx = 0;
    }
    let y: AdScalar = x0;
    for (let i = 0; i < n; i++) y = ad.scalar.tanh(ad.scalar.add(ad.scalar.mul(y, w[i] as AdNode), b[i] as AdNode));
    (y as AdNode).backprop();
    this.y = ad.value(y);
    return this.y + x0.dx;
  }

  /** The gradients from the last run. */
  grads(): TanhGrads {
    return {
      y: this.y,
      dx0: this.x0.dx,
      dW: Float64Array.from(this.w, (v) => v.dx),
      dB: Float64Array.from(this.b, (v) => v.dx),
    };
  }
}

/** micrograd's demo step in adnn: scalar ops per point and neuron, in micrograd's order, rebuilt each step. */
export class AdnnDemo implements DemoTrainer {
  private readonly p: AdNode[];
  private readonly relu: (x: AdScalar) => AdScalar;

  /** Lifts the 337 parameters. */
  constructor(
    private readonly ad: Ad,
    private readonly m: Moons,
  ) {
    this.p = m.params.map((v) => ad.lift(v));
    this.relu = adnnRelu(ad);
  }

  /** The loss graph at the current weights. */
  build(): AdNode {
    const { ad, p, m, relu } = this;
    const { add, mul } = ad.scalar;
    let dataSum: AdScalar | undefined;
    for (let i = 0; i < m.X.length; i++) {
      let act: readonly AdScalar[] = m.X[i] as readonly number[];
      let off = 0;
      for (let l = 0; l < LAYERS; l++) {
        const nin = LAYER_SIZES[l] as number;
        const nout = LAYER_SIZES[l + 1] as number;
        const next: AdScalar[] = [];
        for (let j = 0; j < nout; j++) {
          const base = off + j * (nin + 1);
          let s: AdScalar = p[base + nin] as AdNode;
          for (let t = 0; t < nin; t++) s = add(s, mul(p[base + t] as AdNode, act[t] as AdScalar));
          next.push(l < LAYERS - 1 ? relu(s) : s);
        }
        off += nout * (nin + 1);
        act = next;
      }
      const li = relu(add(mul(act[0] as AdScalar, -(m.y[i] as number)), 1));
      dataSum = dataSum === undefined ? li : add(dataSum, li);
    }
    const dataLoss = mul(dataSum as AdScalar, 1.0 / m.X.length);
    let regSum = mul(p[0] as AdNode, p[0] as AdNode);
    for (let k = 1; k < p.length; k++) regSum = add(regSum, mul(p[k] as AdNode, p[k] as AdNode));
    return add(dataLoss, mul(regSum, ALPHA)) as AdNode;
  }

  step(k: number): number {
    const loss = this.build();
    const { p } = this;
    for (let i = 0; i < p.length; i++) (p[i] as AdNode).dx = 0;
    loss.backprop();
    const lr = learningRate(k);
    for (let i = 0; i < p.length; i++) {
      const v = p[i] as AdNode;
      v.x -= lr * v.dx;
    }
    return loss.x;
  }

  params(): Float64Array {
    return Float64Array.from(this.p, (v) => v.x);
  }

  grads(): Float64Array {
    return Float64Array.from(this.p, (v) => v.dx);
  }

  reset(): void {
    this.m.params.forEach((v, i) => ((this.p[i] as AdNode).x = v));
  }
}

/** The long chain x = x·m + c for `steps` steps from x0 in adnn (constants stay numbers): the leaf and the output. */
export function adnnLongChain(ad: Ad, steps: number, x0: number, m: number, c: number): { readonly x0: AdNode; readonly y: AdNode } {
  const leaf = ad.lift(x0);
  let y: AdScalar = leaf;
  for (let i = 0; i < steps; i++) y = ad.scalar.add(ad.scalar.mul(y, m), c);
  return { x0: leaf, y: y as AdNode };
}
