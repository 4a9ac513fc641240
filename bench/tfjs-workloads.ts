/**
 * The workloads in TensorFlow.js (CPU backend, float32): the tanh chain as 3000 scalar ops through
 * `tf.valueAndGrads`, and micrograd's demo step twice: as scalar ops per point and neuron (the same
 * graph as every other version here) and as tfjs would be used, with matrix ops over the batch.
 * Every call runs inside `tf.tidy`, so no tensor outlives its step.
 */
import type { Scalar, Tensor, Tf, Variable } from './peers.js';
import type { TanhGrads, TanhInputs } from './tanh-inputs.js';
import { ALPHA, LAYER_SIZES, learningRate, type Moons } from './moons.js';

const LAYERS = LAYER_SIZES.length - 1;

/** The tanh chain in tfjs: 2001 scalar tensors made once; each run differentiates the chain with respect to all of them. */
export class TfTanhChain {
  private readonly xs: Scalar[];
  private readonly n: number;
  private last: Float32Array = new Float32Array(0);
  private y = NaN;

  /** Makes the 2001 scalar inputs (rounded to float32): x0, then the w_i, then the b_i. */
  constructor(
    private readonly tf: Tf,
    inp: TanhInputs,
  ) {
    this.n = inp.w.length;
    this.xs = [tf.scalar(inp.x0), ...Array.from(inp.w, (v) => tf.scalar(v)), ...Array.from(inp.b, (v) => tf.scalar(v))];
  }

  /** One forward and backward pass; returns y + dy/dx0. */
  run(): number {
    const { tf, n } = this;
    const chain = (...args: Tensor[]): Scalar => {
      let y = args[0] as Tensor;
      for (let i = 0; i < n; i++) y = tf.tanh(tf.add(tf.mul(y, args[1 + i] as Tensor), args[1 + n + i] as Tensor));
      return y as Scalar;
    };
    const [value, grads] = tf.tidy(() => {
      const r = tf.valueAndGrads(chain)(this.xs);
      return [r.value, tf.stack(r.grads)];
    });
    this.y = (value as Tensor).dataSync()[0] as number;
    this.last = (grads as Tensor).dataSync() as Float32Array;
    tf.dispose([value as Tensor, grads as Tensor]);
    return this.y + (this.last[0] as number);
  }

  /** The gradients from the last run (float32 values, widened). */
  grads(): TanhGrads {
    const g = this.last;
    return { y: this.y, dx0: g[0] as number, dW: Float64Array.from(g.subarray(1, 1 + this.n)), dB: Float64Array.from(g.subarray(1 + this.n)) };
  }

  /** Frees the input tensors. */
  dispose(): void {
    this.tf.dispose(this.xs);
  }
}

/** A trainer of micrograd's demo in tfjs: one step returns the loss (float32, widened); reset restores the fixture's weights. */
export interface TfDemoTrainer {
  step(k: number): number;
  reset(): void;
  dispose(): void;
}

let variableCount = 0;

/**
 * The demo as tfjs is meant to be used: the 100 points as one [100, 2] matrix, each layer a matMul,
 * the parameters as variables, `tf.variableGrads` for the gradients, SGD by `assign`.
 */
export class TfMatrixDemo implements TfDemoTrainer {
  private readonly X: Tensor;
  private readonly negY: Tensor;
  private readonly W: Variable[] = [];
  private readonly B: Variable[] = [];

  /** Lays the fixture's weights out as matrices: W[l][t][j] is neuron j's weight t. */
  constructor(
    private readonly tf: Tf,
    private readonly m: Moons,
  ) {
    this.X = tf.tensor2d(m.X.map((p) => [p[0], p[1]]));
    this.negY = tf.tensor2d(m.y.map((v) => [-v]));
    const [ws, bs] = this.layout();
    for (let l = 0; l < LAYERS; l++) {
      const id = variableCount++;
      this.W.push(tf.variable(ws[l] as Tensor, true, `demoW${l}_${id}`));
      this.B.push(tf.variable(bs[l] as Tensor, true, `demoB${l}_${id}`));
    }
    tf.dispose([...ws, ...bs]);
  }

  /** The fixture's weights as per-layer [nin, nout] matrices and [nout] bias vectors. */
  private layout(): [Tensor[], Tensor[]] {
    const { tf, m } = this;
    const ws: Tensor[] = [];
    const bs: Tensor[] = [];
    let off = 0;
    for (let l = 0; l < LAYERS; l++) {
      const nin = LAYER_SIZES[l] as number;
      const nout = LAYER_SIZES[l + 1] as number;
      const w = new Float32Array(nin * nout);
      const b = new Float32Array(nout);
      for (let j = 0; j < nout; j++) {
        for (let t = 0; t < nin; t++) w[t * nout + j] = m.params[off + j * (nin + 1) + t] as number;
        b[j] = m.params[off + j * (nin + 1) + nin] as number;
      }
      off += nout * (nin + 1);
      ws.push(tf.tensor2d(w, [nin, nout]));
      bs.push(tf.tensor1d(b));
    }
    return [ws, bs];
  }

  step(k: number): number {
    const { tf, X, negY, W, B } = this;
    const vars = [...W, ...B];
    const lossFn = (): Scalar => {
      let h: Tensor = X;
      for (let l = 0; l < LAYERS; l++) {
        const z = tf.add(tf.matMul(h, W[l] as Tensor), B[l] as Tensor);
        h = l < LAYERS - 1 ? tf.relu(z) : z;
      }
      const losses = tf.relu(tf.add(tf.mul(h, negY), 1));
      const dataLoss = tf.mul(tf.sum(losses), 1.0 / this.m.X.length);
      const reg = tf.mul(tf.addN(vars.map((v) => tf.sum(tf.square(v)))), ALPHA);
      return tf.add(dataLoss, reg) as Scalar;
    };
    const lr = learningRate(k);
    const value = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(lossFn, vars);
      for (const v of vars) v.assign(tf.sub(v, tf.mul(grads[v.name] as Tensor, lr)));
      return value;
    });
    const loss = value.dataSync()[0] as number;
    value.dispose();
    return loss;
  }

  reset(): void {
    const [ws, bs] = this.layout();
    for (let l = 0; l < LAYERS; l++) {
      (this.W[l] as Variable).assign(ws[l] as Tensor);
      (this.B[l] as Variable).assign(bs[l] as Tensor);
    }
    this.tf.dispose([...ws, ...bs]);
  }

  dispose(): void {
    this.tf.dispose([this.X, this.negY, ...this.W, ...this.B]);
  }
}

/**
 * The demo as scalar ops, the same graph as memograd's and micrograd's: one scalar tensor per
 * parameter, `tf.valueAndGrads` over all 337, SGD on the scalars.
 */
export class TfScalarDemo implements TfDemoTrainer {
  private p: Scalar[];

  /** Makes the 337 scalar parameters. */
  constructor(
    private readonly tf: Tf,
    private readonly m: Moons,
  ) {
    this.p = m.params.map((v) => tf.scalar(v));
  }

  step(k: number): number {
    const { tf, m } = this;
    const lossFn = (...p: Tensor[]): Scalar => {
      let dataSum: Tensor | undefined;
      for (let i = 0; i < m.X.length; i++) {
        let act: (Tensor | number)[] = [...(m.X[i] as readonly number[])];
        let off = 0;
        for (let l = 0; l < LAYERS; l++) {
          const nin = LAYER_SIZES[l] as number;
          const nout = LAYER_SIZES[l + 1] as number;
          const next: Tensor[] = [];
          for (let j = 0; j < nout; j++) {
            const base = off + j * (nin + 1);
            let s = p[base + nin] as Tensor;
            for (let t = 0; t < nin; t++) s = tf.add(s, tf.mul(p[base + t] as Tensor, act[t] as Tensor | number));
            next.push(l < LAYERS - 1 ? tf.relu(s) : s);
          }
          off += nout * (nin + 1);
          act = next;
        }
        const li = tf.relu(tf.add(tf.mul(act[0] as Tensor, -(m.y[i] as number)), 1));
        dataSum = dataSum === undefined ? li : tf.add(dataSum, li);
      }
      const dataLoss = tf.mul(dataSum as Tensor, 1.0 / m.X.length);
      let regSum = tf.mul(p[0] as Tensor, p[0] as Tensor);
      for (let k = 1; k < p.length; k++) regSum = tf.add(regSum, tf.mul(p[k] as Tensor, p[k] as Tensor));
      return tf.add(dataLoss, tf.mul(regSum, ALPHA)) as Scalar;
    };
    const lr = learningRate(k);
    const [value, next] = tf.tidy(() => {
      const { value, grads } = tf.valueAndGrads(lossFn)(this.p);
      return [value, this.p.map((q, i) => tf.sub(q, tf.mul(grads[i] as Tensor, lr)) as Scalar)] as const;
    });
    tf.dispose(this.p);
    this.p = [...next];
    const loss = value.dataSync()[0] as number;
    value.dispose();
    return loss;
  }

  reset(): void {
    this.tf.dispose(this.p);
    this.p = this.m.params.map((v) => this.tf.scalar(v));
  }

  dispose(): void {
    this.tf.dispose(this.p);
  }
}
