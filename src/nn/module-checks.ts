import { checkEntries } from '../engine/core/array-entries.js';
import { isOperand } from '../engine/core/operands.js';
import { Random, checkSeed } from '../data/random.js';
import { describeOperand } from '../engine/core/describe.js';
import { optionsObject } from '../engine/core/options-object.js';
import { integerOption } from '../engine/core/number-option.js';

/*
 * The argument checks that Neuron, Layer and MLP share: sizes, the generator in their options, and
 * a forward pass's inputs. Each error names the caller and the bad value.
 */

/** @internal Whether n is a layer size: an integer >= 1. */
export function isSize(n: unknown): n is number {
  // Number.isInteger is false for anything that is not a number.
  return Number.isInteger(n) && (n as number) >= 1;
}

/** @internal Checks a layer size: an integer >= 1 (a `TypeError` for a non-number, else a `RangeError`). */
export function checkSize(caller: string, name: string, n: unknown): void {
  integerOption(caller, name, n, 1);
}

/** @internal The generator named by `random` or `seed` in a module's options. */
export function randomOf(caller: string, options: { readonly random?: Random; readonly seed?: number }): Random {
  optionsObject(`${caller}`, options);
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
  checkEntries(caller, 'x', x, 'a Value or a number', isOperand);
}
