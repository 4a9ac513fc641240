import type { Value } from '../engine/core/value.js';
import { OP_DETAILS } from '../engine/core/op-details.js';
import { describeOperand } from '../engine/core/describe.js';

/** A neuron's nonlinearity; `linear` is none (an MLP's last layer). */
export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'linear';

/** The activations a network's hidden layers can use. */
export const HIDDEN_ACTIVATIONS: readonly Exclude<Activation, 'linear'>[] = Object.freeze(['relu', 'tanh', 'sigmoid']);

const ALL: readonly Activation[] = ['relu', 'tanh', 'sigmoid', 'linear'];

/** @internal `x` through `activation`. */
export function activate(x: Value, activation: Activation): Value {
  switch (activation) {
    case 'relu': return x.relu();
    case 'tanh': return x.tanh();
    case 'sigmoid': return x.sigmoid();
    case 'linear': return x;
  }
}

/**
 * @internal `activation` on a plain number, with the float operations of the Value method (relu
 * passes a NaN through, as `Value.relu` does), so that a forward pass on numbers gives the Value
 * forward's data bit for bit.
 */
export function numericActivation(activation: Activation): (x: number) => number {
  switch (activation) {
    // The op table's forwards: the numbers the Value ops compute (test/engine/core/op-table.test.ts).
    case 'relu': return (x) => OP_DETAILS.relu.forward(x);
    case 'tanh': return (x) => OP_DETAILS.tanh.forward(x);
    case 'sigmoid': return (x) => OP_DETAILS.sigmoid.forward(x);
    case 'linear': return (x) => x;
  }
}

/** @internal Checks an activation name, naming the caller. */
export function checkActivation(caller: string, x: unknown, allowed: readonly string[] = ALL): Activation {
  // allowed holds strings only, so it includes nothing else: no typeof test is needed.
  if (!(allowed as readonly unknown[]).includes(x)) {
    throw new RangeError(`${caller}: activation must be one of ${allowed.join(', ')}, got ${describeOperand(x)}`);
  }
  return x as Activation;
}
