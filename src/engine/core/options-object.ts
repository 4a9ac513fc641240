import { describeOperand } from './describe.js';

/**
 * @internal The options argument of a public function, checked: undefined is no options, and
 * anything else but a plain object (null, a number, a string, an array, a function) is a
 * `TypeError` that names `caller`, rather than a property read failing somewhere inside.
 */
export function optionsObject(caller: string, options: unknown): asserts options is object | undefined {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new TypeError(`${caller}: options must be an object, got ${describeOperand(options)}`);
  }
}

/** @internal A boolean option: undefined or a boolean, else a `TypeError` naming `caller` and the option. */
export function booleanOption(caller: string, name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new TypeError(`${caller}: ${name} must be a boolean, got ${describeOperand(value)}`);
  return value;
}
