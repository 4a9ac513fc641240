import { Value } from './value.js';
import { describeOperand } from './describe.js';
import { checkEntries } from './array-entries.js';

/** @internal Checks a list of Values or numbers for the free functions (`sum`, `dot`, ...), naming the bad element. */
export function operandList(caller: string, xs: unknown, name = 'values'): readonly (Value | number)[] {
  if (!Array.isArray(xs)) throw new TypeError(`${caller}: ${name} must be an array of Values or numbers, got ${describeOperand(xs)}`);
  checkEntries(caller, name, xs, 'a Value or a number', isOperand);
  return xs as readonly (Value | number)[];
}

/** @internal Whether x is a Value or a number. */
export function isOperand(x: unknown): x is Value | number {
  return x instanceof Value || typeof x === 'number';
}

/** @internal A Value operand as is, a number as a constant leaf. */
export function asValue(x: Value | number): Value {
  return x instanceof Value ? x : new Value(x);
}
