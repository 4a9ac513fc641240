import type { Value } from '../engine/core/value.js';
import { Module } from './module.js';
import { Neuron } from './neuron.js';
import { checkInputs, checkSize, randomOf } from './module-checks.js';
import type { Random } from '../data/random.js';
import { checkActivation } from './activation.js';
import type { Activation } from './activation.js';

/** Options for `Layer`. */
export interface LayerOptions {
  /** Every neuron's nonlinearity (default `relu`). */
  readonly activation?: Activation;
  /** The generator the weights are drawn from, neuron by neuron (default `new Random(seed)`). */
  readonly random?: Random;
  /** The seed of a fresh generator when `random` is not given (default 0). */
  readonly seed?: number;
  /** A prefix for the parameters' labels (neuron j's are `<label>n<j>.w0`, ...). */
  readonly label?: string;
}

/**
 * `nout` neurons that each see all `nin` inputs: micrograd's `Layer`.
 *
 * @example
 * const layer = new Layer(2, 3, { seed: 1 });
 * layer.forward([1, 2]).length; // 3
 */
export class Layer extends Module {
  /** The neurons, in order. */
  readonly neurons: readonly Neuron[];
  /** The number of inputs. */
  readonly nin: number;

  constructor(nin: number, nout: number, options: LayerOptions = {}) {
    super();
    checkSize('new Layer', 'nin', nin);
    checkSize('new Layer', 'nout', nout);
    const random = randomOf('new Layer', options);
    const activation = checkActivation('new Layer', options.activation ?? 'relu');
    const label = options.label ?? '';
    const neurons: Neuron[] = [];
    for (let j = 0; j < nout; j++) neurons.push(new Neuron(nin, { activation, random, label: `${label}n${j}.` }));
    this.neurons = Object.freeze(neurons);
    this.nin = nin;
  }

  /** Each neuron's output for inputs `x`. */
  forward(x: readonly (Value | number)[]): Value[] {
    checkInputs('Layer.forward', x, this.nin);
    return this._forward(x);
  }

  /** @internal Without the checks. */
  _forward(x: readonly (Value | number)[]): Value[] {
    return this.neurons.map((n) => n._forward(x));
  }

  /** Neuron by neuron: each one's weights, then its bias. */
  parameters(): Value[] {
    return this.neurons.flatMap((n) => n.parameters());
  }
}
