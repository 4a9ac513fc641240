import { describe, expect, it } from 'vitest';
import { parseAssignments } from '../../src/cli/assignments.js';
import { CommandLineError } from '../../src/cli/command-line.js';
import fc from 'fast-check';
import { EXPRESSION_FUNCTIONS, ParseError, parseExpression } from '../../src/index.js';

describe('parseAssignments()', () => {
  it('parseAssignments() reads name=value pairs in order, as decimal numbers', () => {
    const values = parseAssignments(['x=0.5', 'w_1=-1', 'b=+2e-3', 'c=.5', 'd=1.', 'e=1e308', 't=5e-324', '__proto__=7']);
    expect([...values]).toEqual([['x', 0.5], ['w_1', -1], ['b', 0.002], ['c', 0.5], ['d', 1], ['e', 1e308], ['t', 5e-324], ['__proto__', 7]]);
  });

  it('parseAssignments() reads Greek names, as expressions do', () => {
    expect([...parseAssignments(['θ=1', 'Δσ_2=-2', 'αβγ1=3', 'x=4'])]).toEqual([['θ', 1], ['Δσ_2', -2], ['αβγ1', 3], ['x', 4]]);
  });

  it('parseAssignments() takes a name exactly when parseExpression() reads it as one variable (or it is a function name)', () => {
    const char = fc.constantFrom('x', 'Z', '_', '1', '0', 'θ', 'Δ', 'ς', 'Α', 'ο', 'ϕ', '\u00b5', 'é', 'х', '²', '₁', '−', ' ', '.');
    const name = fc.oneof(fc.array(char, { maxLength: 6 }).map((cs) => cs.join('')), fc.constantFrom(...Object.keys(EXPRESSION_FUNCTIONS)));
    fc.assert(
      fc.property(name, (n) => {
        let variable: boolean;
        try {
          const steps = parseExpression(n).steps;
          variable = steps.length === 1 && steps[0]?.kind === 'variable' && steps[0].name === n;
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
          variable = false;
        }
        const expected = variable || Object.hasOwn(EXPRESSION_FUNCTIONS, n);
        let taken: boolean;
        try {
          taken = parseAssignments([`${n}=1`]).has(n);
        } catch (e) {
          if (!(e instanceof CommandLineError)) throw e;
          taken = false;
        }
        expect(taken, JSON.stringify(n)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it.each<[string[], string]>([
    [['Α=1'], "'Α' is not a variable name: this Greek letter looks like the Latin 'A'; write 'A'"],
    [['xϕ=1'], "'xϕ' is not a variable name: names use the Greek letter 'φ' (U+03C6) for it"],
    [['é=1'], "'é' is not a variable name: a name is Latin letters a-z A-Z, Greek letters α-ω (but ο) and Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω, digits 0-9 and _"],
    [['1é=1'], "'1é' is not a variable name (a letter or _, then letters, digits or _)"],
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
