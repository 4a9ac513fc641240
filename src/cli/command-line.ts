import { printable } from './printable.js';
import { CommandLineError } from './command-errors.js';
import { didYouMeanHint } from './did-you-mean.js';

export { CommandLineError };

/** The options a subcommand takes: a flag, or an option with a value. */
export type OptionKinds = Readonly<Record<string, 'flag' | 'value'>>;

/** A parsed command line: each option given (a flag as `true`), and the positional arguments in order. */
export interface CommandLine {
  readonly options: ReadonlyMap<string, string | true>;
  readonly positionals: readonly string[];
}

/** How `parseCommandLine` words its errors. */
export interface CommandLineOptions {
  /**
   * The first positional is an expression (memograd grad): an unknown option given before it may
   * be an expression that starts with '--', and its error says how to pass one.
   */
  readonly expressionFirst?: boolean;
}

/**
 * Splits a subcommand's arguments into options (`--name`, `--name value`, `--name=value`, and
 * `-h` for `--help`) and positionals. Any other argument that starts with a single '-' is a
 * positional, so that an expression such as `-x^2` needs no `--` before it; `--` ends the options
 * (so `-- --x` passes the expression `--x`). An option given twice is an error, and so is a value
 * after a space that looks like an option (`--out --toy`; `--out=--toy` gives it), as in
 * `memograd train`, except a negative number (`--precision -3`), left to the option's own check.
 * An unknown option's message suggests the option it most likely meant.
 */
export function parseCommandLine(args: readonly string[], kinds: OptionKinds, how: CommandLineOptions = {}): CommandLine {
  const options = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') && arg !== '-h') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg === '-h' ? 'help' : arg.slice(2, eq === -1 ? undefined : eq);
    const kind = Object.hasOwn(kinds, name) ? kinds[name] : undefined;
    if (kind === undefined) {
      const given = eq === -1 ? arg : arg.slice(0, eq);
      const guess = didYouMeanHint(given, Object.keys(kinds).map((k) => `--${k}`));
      const hint = guess !== '' ? guess : how.expressionFirst === true && positionals.length === 0 ? "; to pass an expression that starts with '--', put -- before it" : '';
      throw new CommandLineError(`unknown option '${printable(given)}'${hint}`);
    }
    if (options.has(name)) throw new CommandLineError(`option '--${name}' is given twice`);
    if (kind === 'flag') {
      if (eq !== -1) throw new CommandLineError(`option '--${name}' takes no value`);
      options.set(name, true);
    } else if (eq !== -1) {
      options.set(name, arg.slice(eq + 1));
    } else {
      const value = args[i + 1];
      if (value === undefined) throw new CommandLineError(`option '--${name}' needs a value`);
      if (value.startsWith('-') && value !== '-' && !/^-\.?\d/.test(value)) {
        const shown = printable(value);
        throw new CommandLineError(`option '--${name}' needs a value, got '${shown}', which looks like an option (write --${name}=${shown} if it is the value)`);
      }
      options.set(name, value);
      i++;
    }
  }
  return { options, positionals };
}

/** The value of a `--precision` option: significant digits in a picture, an integer in [1, 17]. */
export function precisionOption(text: string | true | undefined): number | undefined {
  if (text === undefined || text === true) return undefined;
  const digits = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
  if (!(digits >= 1 && digits <= 17)) throw new CommandLineError(`--precision must be an integer from 1 to 17, got '${printable(text)}'`);
  return digits;
}

/**
 * The value of an option that names a file: undefined if not given. An empty name is a usage
 * error, and so is a name that does not end in one of `extensions` (any case), if any are given.
 */
export function fileOption(options: CommandLine['options'], name: string, ...extensions: readonly string[]): string | undefined {
  const value = options.get(name);
  if (value === undefined || value === true) return undefined;
  if (value === '') throw new CommandLineError(`--${name} needs a file name, got ''`);
  if (extensions.length > 0 && !extensions.some((ext) => value.toLowerCase().endsWith(ext))) {
    const kinds = extensions.map((ext) => `a ${ext}`).join(' or ');
    throw new CommandLineError(`--${name} must name ${kinds} file, got '${printable(value)}'`);
  }
  return value;
}
