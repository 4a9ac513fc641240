import { Value } from '../engine/core/value.js';
import { Module } from './module.js';
import type { Random } from '../data/random.js';
import { activate, checkActivation } from './activation.js';
import type { Activation } from './activation.js';
import { checkInputs, checkSize, randomOf } from './module-checks.js';

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
    const random = randomOf('new Neuron', options);
    const activation = checkActivation('new Neuron', options.activation ?? 'relu');
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
