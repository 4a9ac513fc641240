/**
 * The peer libraries, loaded at run time from node_modules (dev dependencies, never bundled into
 * build/bench.js): TensorFlow.js on its pure-JavaScript CPU backend, and adnn's scalar AD.
 */
import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);

/** The TensorFlow.js namespace. */
export type Tf = typeof TF;

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

/** Loads TensorFlow.js (CPU backend) and adnn. */
export async function loadPeers(): Promise<Peers> {
  return { tf: await loadTf(), ad: loadAdnn() };
}
