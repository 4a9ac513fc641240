/**
 * The peer libraries, TensorFlow.js on its pure-JavaScript CPU backend and adnn's scalar AD,
 * loaded at run time from bench/node_modules: the bench package of their own (bench/package.json
 * and its lock), which `npm run bench` installs on first use (scripts/install-tools.mjs), so that
 * the contributors' default install stays small. Neither is bundled into build/bench.js, and
 * their types are written here, for the parts the benchmarks use, so that the project type-checks
 * on a clean clone without them.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

// Resolved from bench/, where the peers are installed (build/bench.js runs from build/).
const BENCH_PACKAGE = new URL('../bench/package.json', import.meta.url);
const require = createRequire(BENCH_PACKAGE);

/** A tfjs tensor, as the benchmarks use it. */
export interface Tensor {
  dataSync(): Float32Array;
  dispose(): void;
}

/** A tfjs scalar (a rank-0 tensor). */
export type Scalar = Tensor;

/** A tfjs variable: a named tensor that can be assigned. */
export interface Variable extends Tensor {
  readonly name: string;
  assign(value: Tensor): void;
}

/** The parts of the TensorFlow.js namespace the benchmarks use. */
export interface Tf {
  readonly version_core: string;
  enableProdMode(): void;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  scalar(value: number): Scalar;
  tensor1d(values: Float32Array): Tensor;
  tensor2d(values: number[][] | Float32Array, shape?: [number, number]): Tensor;
  variable(initial: Tensor, trainable: boolean, name: string): Variable;
  add(a: Tensor, b: Tensor | number): Tensor;
  sub(a: Tensor, b: Tensor | number): Tensor;
  mul(a: Tensor, b: Tensor | number): Tensor;
  matMul(a: Tensor, b: Tensor): Tensor;
  tanh(x: Tensor): Tensor;
  relu(x: Tensor): Tensor;
  square(x: Tensor): Tensor;
  sum(x: Tensor): Tensor;
  addN(xs: Tensor[]): Tensor;
  stack(xs: Tensor[]): Tensor;
  tidy<T>(fn: () => T): T;
  dispose(x: Tensor | Tensor[]): void;
  valueAndGrads(f: (...args: Tensor[]) => Scalar): (args: Tensor[]) => { value: Scalar; grads: Tensor[] };
  variableGrads(f: () => Scalar, vars: Variable[]): { value: Scalar; grads: Record<string, Tensor> };
}

/** Whether the bench package's peers are installed (bench/node_modules). */
export function peersInstalled(): boolean {
  return ['@tensorflow/tfjs/package.json', 'adnn/package.json'].every((f) => existsSync(new URL(`node_modules/${f}`, BENCH_PACKAGE)));
}

/**
 * TensorFlow.js 4.x ready on the 'cpu' backend (float32 tensors, plain JavaScript kernels). Prod
 * mode only turns off tfjs's console warnings, among them the banner that suggests installing
 * tfjs-node (a native backend, not what is compared here).
 */
export async function loadTf(): Promise<Tf> {
  const tf = require('@tensorflow/tfjs') as Tf;
  tf.enableProdMode();
  if (!(await tf.setBackend('cpu'))) throw new Error('tfjs: the cpu backend failed to initialise');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') throw new Error(`tfjs: backend is ${tf.getBackend()}, expected cpu`);
  return tf;
}

/** tfjs's version string. */
export function tfVersion(tf: Tf): string {
  return tf.version_core;
}

/** A node of adnn's scalar graph: its value `x` and derivative `dx`. */
export interface AdNode {
  x: number;
  dx: number;
  /** Sets this node's dx to 1 and propagates derivatives to every node it depends on. */
  backprop(): void;
}

/** A scalar adnn op accepts: a node or a plain number (a constant). */
export type AdScalar = AdNode | number;

/** The parts of `adnn/ad` the benchmarks use. */
export interface Ad {
  lift(x: number, name?: string): AdNode;
  value(x: AdScalar): number;
  derivative(x: AdNode): number;
  scalar: {
    add(a: AdScalar, b: AdScalar): AdScalar;
    mul(a: AdScalar, b: AdScalar): AdScalar;
    tanh(a: AdScalar): AdScalar;
  };
  /** adnn's way to define a new primitive: a forward function and a backward that adds into its input's dx. */
  newUnaryFunction(opts: {
    OutputType: NumberConstructor;
    name: string;
    forward: (x: number) => number;
    backward: (this: AdNode, input: AdNode) => void;
  }): (x: AdScalar) => AdScalar;
}

/** adnn's AD module (CommonJS). */
export function loadAdnn(): Ad {
  return require('adnn/ad') as Ad;
}

/** adnn's version, from its package.json. */
export function adnnVersion(): string {
  return (require('adnn/package.json') as { version: string }).version;
}

/**
 * relu for adnn, which has none among its scalar ops (its `max` has no derivative): defined with
 * adnn's own `newUnaryFunction`, with micrograd's forward (`0 if x < 0 else x`) and derivative
 * (1 where the output is positive).
 */
export function adnnRelu(ad: Ad): (x: AdScalar) => AdScalar {
  return ad.newUnaryFunction({
    OutputType: Number,
    name: 'scalar.relu',
    forward: (x) => (x < 0 ? 0 : x),
    backward(input) {
      input.dx += (this.x > 0 ? 1 : 0) * this.dx;
    },
  });
}

/** Both peers, loaded. */
export interface Peers {
  readonly tf: Tf;
  readonly ad: Ad;
}

/** Loads TensorFlow.js (CPU backend) and adnn from bench/node_modules, with a clear error if they are not installed. */
export async function loadPeers(): Promise<Peers> {
  if (!peersInstalled()) {
    throw new Error('the benchmark peers (tfjs, adnn) are not installed in bench/node_modules: run `npm run bench` (it installs them), or `npm ci --prefix bench`');
  }
  return { tf: await loadTf(), ad: loadAdnn() };
}
