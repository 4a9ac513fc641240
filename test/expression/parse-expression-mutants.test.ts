/**
 * Tests written for the survivors of the mutation runs over src/expression/parse-expression.ts and
 * variable-name.ts (docs/mutation-testing.md): boundaries and tie-breaks the other tests step over.
 */
import { describe, expect, it } from 'vitest';
import { ParseError, parseExpression } from '../../src/index.js';

const FUNCTIONS = 'exp, log, tanh, relu, sigmoid, sqrt, abs, sin, cos, softplus, log1p, expm1, square, logSigmoid, max, min, pow';

function message(source: string): string {
  try {
    parseExpression(source);
  } catch (e) {
    if (e instanceof ParseError) return e.message;
    throw e;
  }
  throw new Error(`parseExpression(${JSON.stringify(source)}) did not throw`);
}

describe('parseExpression(), against the mutants of its survivors', () => {
  it('parseExpression() quotes a name of 24 characters whole and cuts one of 25 to 21 and ...', () => {
    const n24 = 'abcdefghijklmnopqrstuvwx';
    expect(message(`${n24}(1)`)).toBe(`unknown function '${n24}' at column 1; the functions are ${FUNCTIONS}`);
    expect(message(`${n24}y(1)`)).toBe(`unknown function 'abcdefghijklmnopqrstu...' at column 1; the functions are ${FUNCTIONS}`);
  });

  it.each([
    ['ex(x)', 'exp'], // 2 letters: one edit allowed
    ['mix(x)', 'max'], // max and min are both one edit away: the first in EXPRESSION_FUNCTIONS wins
    ['mins(x, y)', 'min'], // max is two edits away, min one
    ['tanhhh(x)', 'tanh'], // 6 letters: two edits allowed
    ['SQRT(x)', 'sqrt'], // case does not count
    ['lgo(x)', 'log'], // a transposition counts one
    ['ogl(x)', undefined], // two transpositions apart from log: too far for 3 letters
    ['sinhh(x)', undefined], // two edits from sin, at 5 letters
    ['xyz(x)', undefined],
  ])('parseExpression(%j) suggests %j', (source, guess) => {
    const name = source.slice(0, source.indexOf('('));
    expect(message(source)).toBe(`unknown function '${name}' at column 1${guess === undefined ? `; the functions are ${FUNCTIONS}` : `; did you mean '${guess}'?`}`);
  });

  it.each([
    ['x !', "unexpected character '!' at column 3"], // 0x21, the first printable ASCII
    ['x ~', "unexpected character '~' at column 3"], // 0x7e, the last
    ['x \u007f', 'unexpected character U+007F at column 3'],
    ['x \u0080', 'unexpected character U+0080 at column 3'],
    ['x \u00a1', "unexpected character '\u00a1' (U+00A1) at column 3"], // the first printable after NBSP
    ['x \ud800', 'unexpected character U+D800 at column 3'], // a lone surrogate
    ['x \udfff y', 'unexpected character U+DFFF at column 3'],
    ['x \ue000', 'unexpected character U+E000 at column 3'], // private use
    ['x \u2028', 'unexpected character U+2028 at column 3'],
    ['x\u000b', 'unexpected character U+000B at column 2'], // vertical tab: not a space the grammar skips
    ['x\u000c', 'unexpected character U+000C at column 2'],
  ])('parseExpression(%j) shows the character as itself only where it prints: %s', (source, expected) => {
    expect(message(source)).toBe(expected);
  });

  it('parseExpression() skips exactly space, tab, newline and carriage return between tokens', () => {
    expect(parseExpression(' \t\r\nx \t\r\n').steps).toEqual([{ kind: 'variable', name: 'x', start: 4, end: 5 }]);
  });
});
