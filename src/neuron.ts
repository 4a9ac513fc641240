import { Value } from './value.js';
import { Module } from './module.js';
import { Random, checkSeed } from './random.js';
import { activate, checkActivation } from './activation.js';
import type { Activation } from './activation.js';
import { describeOperand } from './describe.js';

/** Options for `Neuron`. */
export interface NeuronOptions {
  /** The nonlinearity after the weighted sum (default `relu`, micrograd's `nonlin=True`). */
  readonly activation?: Activation;
  /** The generator the weights are drawn from (default `new Random(seed)`). */
  readonly random?: Random;
  /** The seed of a fresh generator when `random` is not given (default 0). */
  readonly seed?: number;
  /** A prefix for the parameters' labels (`w0`, `w1`, ..., `b`). */
  readonly label?: string;
}

/**
 * One unit: activation(b + w0·x0 + w1·x1 + ...), micrograd's `Neuron`. Weights start uniform in
 * [-1, 1), drawn in order from the generator, and the bias at 0, as in micrograd.
 *
 * @example
 * const n = new Neuron(2, { activation: 'tanh', seed: 1 });
 * n.forward([0.5, -1]).data; // tanh(b + w0·0.5 - w1)
 */
export class Neuron extends Module {
  /** The weights, one per input. */
  readonly w: readonly Value[];
  /** The bias. */
  readonly b: Value;
  /** The nonlinearity. */
  readonly activation: Activation;

  constructor(nin: number, options: NeuronOptions = {}) {
    super();
    checkSize('new Neuron', 'nin', nin);
    const activation = checkActivation('new Neuron', options.activation ?? 'relu');
    const random = randomOf('new Neuron', options);
    const label = options.label ?? '';
    const w: Value[] = [];
    for (let i = 0; i < nin; i++) w.push(new Value(random.uniform(-1, 1), `${label}w${i}`));
    this.w = Object.freeze(w);
    this.b = new Value(0, `${label}b`);
    this.activation = activation;
  }

  /** The neuron's output for inputs `x` (numbers or Values, one per weight). */
  forward(x: readonly (Value | number)[]): Value {
    checkInputs('Neuron.forward', x, this.w.length);
    return this._forward(x);
  }

  /**
   * @internal Without the checks. The sum starts from the bias and adds w_i·x_i left to right,
   * micrograd's `sum((wi*xi for ...), self.b)`: the same float operations in the same order.
   */
  _forward(x: readonly (Value | number)[]): Value {
    const w = this.w;
    let act = this.b;
    for (let i = 0; i < w.length; i++) act = act.add((w[i] as Value).mul(x[i] as Value | number));
    return activate(act, this.activation);
  }

  /** The weights, then the bias. */
  parameters(): Value[] {
    return [...this.w, this.b];
  }
}

/** @internal Checks a layer size: an integer >= 1. */
export function checkSize(caller: string, name: string, n: unknown): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new RangeError(`${caller}: ${name} must be an integer >= 1, got ${describeOperand(n)}`);
  }
}

/** @internal The generator named by `random` or `seed` in a module's options. */
export function randomOf(caller: string, options: { readonly random?: Random; readonly seed?: number }): Random {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${caller}: options must be an object, got ${describeOperand(options)}`);
  }
  if (options.random !== undefined) {
    if (!(options.random instanceof Random)) {
      throw new TypeError(`${caller}: random must be a Random, got ${describeOperand(options.random)}`);
    }
    if (options.seed !== undefined) throw new TypeError(`${caller}: give random or seed, not both`);
    return options.random;
  }
  return new Random(checkSeed(caller, options.seed ?? 0));
}

/** @internal Checks a forward pass's inputs: an array of `n` Values or numbers. */
export function checkInputs(caller: string, x: unknown, n: number): void {
  if (!Array.isArray(x)) throw new TypeError(`${caller}: x must be an array of Values or numbers, got ${describeOperand(x)}`);
  if (x.length !== n) throw new RangeError(`${caller}: expected ${n} inputs, got ${x.length}`);
  for (let i = 0; i < n; i++) {
    const xi: unknown = x[i];
    if (!(xi instanceof Value) && typeof xi !== 'number') {
      throw new TypeError(`${caller}: x[${i}] must be a Value or a number, got ${describeOperand(xi)}`);
    }
  }
}
