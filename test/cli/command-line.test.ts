import { describe, expect, it } from 'vitest';
import { CommandLineError, parseCommandLine, precisionOption } from '../../src/cli/command-line.js';

const KINDS = { help: 'flag', out: 'value', toy: 'flag' } as const;

describe('parseCommandLine()', () => {
  it('parseCommandLine() reads flags, --name value and --name=value, with -h as --help', () => {
    const { options, positionals } = parseCommandLine(['a', '--toy', '--out', 'f.svg', 'b=1', '-h'], KINDS);
    expect([...options]).toEqual([['toy', true], ['out', 'f.svg'], ['help', true]]);
    expect(positionals).toEqual(['a', 'b=1']);
    expect(parseCommandLine(['--out=x=y.dot'], KINDS).options.get('out')).toBe('x=y.dot');
    expect(parseCommandLine(['--out=--toy'], KINDS).options.get('out')).toBe('--toy');
    // A negative number after a space is a value, for the option's own check to judge; so is '-'.
    expect(parseCommandLine(['--out', '-3'], KINDS).options.get('out')).toBe('-3');
    expect(parseCommandLine(['--out', '-.5'], KINDS).options.get('out')).toBe('-.5');
    expect(parseCommandLine(['--out', '-'], KINDS).options.get('out')).toBe('-');
  });

  it('parseCommandLine() keeps an argument that starts with a single minus as a positional (an expression such as -x^2), and everything after --', () => {
    expect(parseCommandLine(['-x^2', '-', '-1'], KINDS).positionals).toEqual(['-x^2', '-', '-1']);
    expect(parseCommandLine(['--', '--toy', '-h'], KINDS)).toEqual({ options: new Map(), positionals: ['--toy', '-h'] });
  });

  it.each<[string[], string]>([
    [['--bogus'], "unknown option '--bogus'"],
    [['--bogus=1'], "unknown option '--bogus'"],
    [['--constructor'], "unknown option '--constructor'"],
    [['--toy', '--toy'], "option '--toy' is given twice"],
    [['--toy=1'], "option '--toy' takes no value"],
    [['--out'], "option '--out' needs a value"],
    [['--x'], "unknown option '--x'"],
    [['--a\nb'], "unknown option '--a\\u000ab'"],
    [['--tyo'], "unknown option '--tyo'; did you mean '--toy'?"],
    [['--ou=f.svg'], "unknown option '--ou'; did you mean '--out'?"],
    [['--out', '--toy'], "option '--out' needs a value, got '--toy', which looks like an option (write --out=--toy if it is the value)"],
    [['--out', '-x.svg'], "option '--out' needs a value, got '-x.svg', which looks like an option (write --out=-x.svg if it is the value)"],
  ])('parseCommandLine(%j) throws a CommandLineError: %s', (args, message) => {
    expect(() => parseCommandLine(args, KINDS)).toThrow(new CommandLineError(message));
  });

  it('parseCommandLine() quotes at most 40 characters of an unknown option of 100,000 dashes', () => {
    expect(() => parseCommandLine([`--${'-'.repeat(100_000)}`], KINDS)).toThrow(new CommandLineError(`unknown option '${'-'.repeat(37)}...'`));
  });

  it('parseCommandLine() with expressionFirst says how to pass an expression that starts with --, until an expression is given', () => {
    const how = { expressionFirst: true };
    expect(() => parseCommandLine(['--x', 'x=3'], KINDS, how)).toThrow(
      new CommandLineError("unknown option '--x'; to pass an expression that starts with '--', put -- before it"),
    );
    expect(() => parseCommandLine(['x', '--bogus'], KINDS, how)).toThrow(new CommandLineError("unknown option '--bogus'"));
    expect(parseCommandLine(['--out', 'f.dot', '--', '--x', 'x=3'], KINDS, how)).toEqual({ options: new Map([['out', 'f.dot']]), positionals: ['--x', 'x=3'] });
  });
});

describe('precisionOption()', () => {
  it('precisionOption() reads an integer from 1 to 17 and rejects anything else', () => {
    expect(precisionOption(undefined)).toBeUndefined();
    expect([precisionOption('1'), precisionOption('17'), precisionOption('04')]).toEqual([1, 17, 4]);
    for (const bad of ['0', '18', '2.5', '-3', '1e1', '', ' 3', 'x']) {
      expect(() => precisionOption(bad)).toThrow(new CommandLineError(`--precision must be an integer from 1 to 17, got '${bad}'`));
    }
  });
});
