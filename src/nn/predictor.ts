import type { Value } from '../engine/core/value.js';
import { checkEntries } from '../engine/core/array-entries.js';
import { describeOperand } from '../engine/core/describe.js';
import { numericActivation } from './activation.js';
import type { Activation } from './activation.js';

/**
 * An MLP's forward pass on plain numbers, made by `MLP.predictor()`: the outputs for inputs `x`
 * (`nin` numbers), in a new array, or written into `out` (an array or a `Float64Array` of one
 * entry per output), which it then returns.
 */
export interface Predictor {
  /** The outputs for inputs `x`, in a new array. */
  (x: readonly number[]): number[];
  /** The outputs for inputs `x`, written into `out` (one entry per output), which is returned. */
  <T extends number[] | Float64Array>(x: readonly number[], out: T): T;
}

/** @internal What a predictor is made from: the layers' neurons (weights and bias) and the hidden layers' activation. */
interface Network {
  readonly nin: number;
  readonly layers: readonly { readonly neurons: readonly { readonly w: readonly Value[]; readonly b: Value }[] }[];
  readonly activation: Activation;
}

const CALLER = 'MLP.predictor';

/**
 * @internal The predictor of `network` at its current weights: they are copied now, so later
 * training does not change it. Neuron by neuron it computes b + w0·x0 + w1·x1 + ..., left to right,
 * then the activation (none on the last layer): `Neuron.forward`'s float operations in its order.
 */
export function predictorOf(network: Network): Predictor {
  const { nin, layers } = network;
  const act = numericActivation(network.activation);
  // Per layer: each neuron's bias then its weights, in one row of width + 1 numbers.
  const rows = layers.map((layer) => {
    const width = (layer.neurons[0] as { w: readonly Value[] }).w.length;
    const row = new Float64Array(layer.neurons.length * (width + 1));
    layer.neurons.forEach((n, j) => {
      row[j * (width + 1)] = n.b.data;
      n.w.forEach((w, i) => (row[j * (width + 1) + 1 + i] = w.data));
    });
    return { row, width, size: layer.neurons.length };
  });
  const nout = (rows[rows.length - 1] as { size: number }).size;
  // The hidden layers' outputs, reused from call to call (a call runs to its end before the next).
  const hidden = rows.slice(0, -1).map((r) => new Float64Array(r.size));
  function predict(x: readonly number[], out?: number[] | Float64Array): number[] | Float64Array {
    if (!Array.isArray(x)) throw new TypeError(`${CALLER}: x must be an array of numbers, got ${describeOperand(x)}`);
    if (x.length !== nin) throw new RangeError(`${CALLER}: expected ${nin} inputs, got ${x.length}`);
    checkEntries(CALLER, 'x', x, 'a number', (v) => typeof v === 'number');
    if (out !== undefined && !((Array.isArray(out) || out instanceof Float64Array) && out.length === nout)) {
      const got = Array.isArray(out) || out instanceof Float64Array ? `${Array.isArray(out) ? 'an array' : 'a Float64Array'} of ${out.length}` : describeOperand(out);
      const message = `${CALLER}: out must be an array or a Float64Array of ${nout} entries (one per output), got ${got}`;
      throw Array.isArray(out) || out instanceof Float64Array ? new RangeError(message) : new TypeError(message);
    }
    const result = out ?? new Array<number>(nout);
    let input: ArrayLike<number> = x;
    for (let l = 0; l < rows.length; l++) {
      const { row, width, size } = rows[l] as { row: Float64Array; width: number; size: number };
      const last = l === rows.length - 1;
      const output = last ? result : (hidden[l] as Float64Array);
      for (let j = 0, o = 0; j < size; j++, o += width + 1) {
        let z = row[o] as number;
        for (let i = 0; i < width; i++) z += (row[o + 1 + i] as number) * (input[i] as number);
        output[j] = last ? z : act(z);
      }
      input = output;
    }
    return result;
  }
  return predict as Predictor;
}
