import { CommandLineError } from './command-line.js';
import { printable } from './printable.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads `name=value` arguments into an ordered map of numbers. Values are decimal numbers
 * (`0.5`, `-1`, `1e-3`) or `NaN`, `Infinity` and `-Infinity`; a name given twice is an error.
 */
export function parseAssignments(args: readonly string[]): Map<string, number> {
  const values = new Map<string, number>();
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq === -1) throw new CommandLineError(`expected name=value, got '${printable(arg)}'`);
    const name = arg.slice(0, eq);
    const text = arg.slice(eq + 1);
    if (!NAME.test(name)) throw new CommandLineError(`'${printable(name)}' is not a variable name (a letter or _, then letters, digits or _)`);
    if (values.has(name)) throw new CommandLineError(`variable '${name}' is given twice`);
    const value = NUMBER.test(text) || /^[+-]?Infinity$|^NaN$/.test(text) ? Number(text) : NaN;
    if (Number.isNaN(value) && text !== 'NaN') throw new CommandLineError(`the value of '${name}' is not a number: '${printable(text)}'`);
    values.set(name, value);
  }
  return values;
}
