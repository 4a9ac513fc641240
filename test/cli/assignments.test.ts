import { describe, expect, it } from 'vitest';
import { parseAssignments } from '../../src/cli/assignments.js';
import { CommandLineError } from '../../src/cli/command-line.js';

describe('parseAssignments()', () => {
  it('parseAssignments() reads name=value pairs in order, as decimal numbers', () => {
    const values = parseAssignments(['x=0.5', 'w_1=-1', 'b=+2e-3', 'c=.5', 'd=1.', 'e=1e308', 't=5e-324', '__proto__=7']);
    expect([...values]).toEqual([['x', 0.5], ['w_1', -1], ['b', 0.002], ['c', 0.5], ['d', 1], ['e', 1e308], ['t', 5e-324], ['__proto__', 7]]);
  });

  it.each<[string[], string]>([
    [['x'], "expected name=value, got 'x'"],
    [['=1'], "'' is not a variable name (a letter or _, then letters, digits or _)"],
    [['x y=1'], "'x y' is not a variable name (a letter or _, then letters, digits or _)"],
    [['x=1', 'x=2'], "variable 'x' is given twice"],
    [['x='], "the value of 'x' is not a number: ''"],
    [['x=0x10'], "the value of 'x' is not a number: '0x10'"],
    [['x=1_000'], "the value of 'x' is not a number: '1_000'"],
    [['x= 1'], "the value of 'x' is not a number: ' 1'"],
    [['x=inf'], "the value of 'x' is not a number: 'inf'"],
    [['x=1\n'], "the value of 'x' is not a number: '1\\u000a'"],
    [['x=1e999'], "the value of 'x' must be a finite number, got '1e999'"],
    [['y=-1e309'], "the value of 'y' must be a finite number, got '-1e309'"],
    [['n=NaN'], "the value of 'n' must be a finite number, got 'NaN'"],
    [['i=Infinity'], "the value of 'i' must be a finite number, got 'Infinity'"],
    [['i=-Infinity'], "the value of 'i' must be a finite number, got '-Infinity'"],
    [[`${'v'.repeat(100)}=1`, `${'v'.repeat(100)}=2`], `variable '${'v'.repeat(37)}...' is given twice`],
  ])('parseAssignments(%j) throws a CommandLineError: %s', (args, message) => {
    expect(() => parseAssignments(args)).toThrow(new CommandLineError(message));
  });
});
