import { CommandLineError } from './command-line.js';
import { printable } from './printable.js';
import { variableNameProblem } from '../expression/variable-name.js';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads `name=value` arguments into an ordered map of numbers. Values are finite decimal numbers
 * (`0.5`, `-1`, `1e-3`): `NaN`, `Infinity` and a number too large for a double (`1e999`) are
 * errors that name the variable, as is a name given twice.
 */
export function parseAssignments(args: readonly string[]): Map<string, number> {
  const values = new Map<string, number>();
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq === -1) throw new CommandLineError(`expected name=value, got '${printable(arg)}'`);
    const name = arg.slice(0, eq);
    const text = arg.slice(eq + 1);
    // The names expressions read (Latin and Greek letters), with parseExpression's hint for a character out of place.
    const problem = variableNameProblem(name);
    if (problem !== undefined) {
      throw new CommandLineError(`'${printable(name)}' is not a variable name${problem === '' ? ' (a letter or _, then letters, digits or _)' : `: ${problem}`}`);
    }
    if (values.has(name)) throw new CommandLineError(`variable '${printable(name)}' is given twice`);
    if (/^[+-]?Infinity$|^NaN$/.test(text)) throw new CommandLineError(`the value of '${printable(name)}' must be a finite number, got '${text}'`);
    if (!NUMBER.test(text)) throw new CommandLineError(`the value of '${printable(name)}' is not a number: '${printable(text)}'`);
    const value = Number(text);
    // A decimal too large for a double reads as ±Infinity.
    if (!Number.isFinite(value)) throw new CommandLineError(`the value of '${printable(name)}' must be a finite number, got '${printable(text)}'`);
    values.set(name, value);
  }
  return values;
}
