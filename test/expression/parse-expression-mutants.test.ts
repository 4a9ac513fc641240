/**
 * Tests written for the survivors of the mutation runs over src/expression/parse-expression.ts and
 * variable-name.ts (docs/mutation-testing.md): boundaries and tie-breaks the other tests step over.
 */
import { describe, expect, it } from 'vitest';
import { EXPRESSION_FUNCTIONS, ParseError, parseExpression } from '../../src/index.js';

// The functions the message lists, in their order: the list itself is checked by expression-functions.test.ts.
const FUNCTIONS = Object.keys(EXPRESSION_FUNCTIONS).join(', ');

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
    ['exa(x)', 'exp'], // one substitution from exp; max is further, even by a transposition
    ['aexp(x)', 'exp'], // one insertion before the name
    ['ogl(x)', undefined], // two transpositions apart from log: too far for 3 letters
    ['sinxx(x)', undefined], // two edits from sin and from sinh, at 5 letters
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

  it('parseExpression() spans each negation, call of two arguments and superscript power from its first character to its last', () => {
    const source = '-a * max(b, -c)² + d';
    const e = parseExpression(source);
    expect(e.steps.map((s) => source.slice(s.start, s.end))).toEqual(['a', '-a', 'b', 'c', '-c', 'max(b, -c)', '²', 'max(b, -c)²', '-a * max(b, -c)²', 'd', source]);
    const pow = 'pow(x, 2)^y';
    expect(parseExpression(pow).steps.map((s) => pow.slice(s.start, s.end))).toEqual(['x', '2', 'pow(x, 2)', 'y', pow]);
  });

  it.each([
    ['x \u2015 y', "unexpected character '\u2015' (U+2015) at column 3: write '-' or '\u2212' (U+2212) for minus"], // the last dash of 2010-2015
    ['x \ufe58 y', "unexpected character '\ufe58' (U+FE58) at column 3: write '-' or '\u2212' (U+2212) for minus"],
    ['x \ufe63 y', "unexpected character '\ufe63' (U+FE63) at column 3: write '-' or '\u2212' (U+2212) for minus"],
    ['x \u2016 y', "unexpected character '\u2016' (U+2016) at column 3"],
    ['x \u200f y', 'unexpected character U+200F at column 3'],
    ['x\u2080', "unexpected character '\u2080' (U+2080) at column 2: subscripts are not read (write w1 or w_1 for an index)"],
    ['x\u209c', "unexpected character '\u209c' (U+209C) at column 2: subscripts are not read (write w1 or w_1 for an index)"],
    ['x\u209f', "unexpected character U+209F at column 2: subscripts are not read (write w1 or w_1 for an index)"], // the block's last, unassigned
    ['x\u20a0', "unexpected character '\u20a0' (U+20A0) at column 2"],
    ['x\u207f', "unexpected character '\u207f' (U+207F) at column 2: a power in superscript is digits \u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079, with \u207b before them for a negative one (x\u00b2, x\u207b\u00b9); write ^ for any other"],
    ['x\u2071', "unexpected character '\u2071' (U+2071) at column 2: a power in superscript is digits \u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079, with \u207b before them for a negative one (x\u00b2, x\u207b\u00b9); write ^ for any other"],
    ['x\u2073', "unexpected character U+2073 at column 2: a power in superscript is digits \u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079, with \u207b before them for a negative one (x\u00b2, x\u207b\u00b9); write ^ for any other"],
    ['x\u206f', 'unexpected character U+206F at column 2'],
    ['x\u00b4', "unexpected character '\u00b4' (U+00B4) at column 2"], // beside \u00b2 and \u00b3, not a digit
    ['x\u00b8', "unexpected character '\u00b8' (U+00B8) at column 2"],
    ['x\u00ba', "unexpected character '\u00ba' (U+00BA) at column 2: a name is Latin letters a-z A-Z, Greek letters \u03b1-\u03c9 (but \u03bf) and \u0393 \u0394 \u0398 \u039b \u039e \u03a0 \u03a3 \u03a6 \u03a8 \u03a9, digits 0-9 and _"],
    ['x\u207a', "unexpected character '\u207a' (U+207A) at column 2: a power in superscript is digits \u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079, with \u207b before them for a negative one (x\u00b2, x\u207b\u00b9); write ^ for any other"],
  ])('parseExpression(%j) refuses with the hint for what it looks like: %s', (source, expected) => {
    expect(message(source)).toBe(expected);
  });

  it.each([
    ['x \u00d7 \u00d7 y', "unexpected '\u00d7' at column 5: expected a number, a variable, a function call, '(' or '-'"],
    ['x \u00b7 \u00b7 y', "unexpected '\u00b7' at column 5: expected a number, a variable, a function call, '(' or '-'"],
    ['x \u00f7 \u00f7 y', "unexpected '\u00f7' at column 5: expected a number, a variable, a function call, '(' or '-'"],
    ['exp \u2212 x', "unexpected '\u2212' at column 5: expected '(' after the function 'exp'"],
    ['x, y', "unexpected ',' at column 2: commas only separate a function's arguments"],
    ['max(x, y), z', "unexpected ',' at column 10: commas only separate a function's arguments"],
    ['x + * y', "unexpected '*' at column 5: expected a number, a variable, a function call, '(' or '-'"],
  ])('parseExpression(%j) quotes the operator or comma it did not expect as written: %s', (source, expected) => {
    expect(message(source)).toBe(expected);
  });

  it('parseExpression() lets a superscript power follow a closing parenthesis or another operand, but not raise one again', () => {
    expect(parseExpression('(x\u00b2)\u00b3 + y\u00b2').steps.map((s) => s.kind)).toEqual(['variable', 'number', 'binary', 'number', 'binary', 'variable', 'number', 'binary', 'binary']);
    expect(message('x\u00b2 + y\u00b2\u00b3 ^ 2')).toBe("unexpected '^' at column 10: a superscript power is raised again only inside parentheses, as in (x\u00b2)\u00b3");
  });

  it('parseExpression() reads every superscript digit, the ends of the range \u2074-\u2079 included, and \u207b only before digits', () => {
    const exponent = (source: string) => (parseExpression(source).steps[1] as { value: number }).value;
    expect(['x\u2070', 'x\u00b9', 'x\u00b2', 'x\u00b3', 'x\u2074', 'x\u2075', 'x\u2076', 'x\u2077', 'x\u2078', 'x\u2079'].map(exponent)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(exponent('x\u207b\u00b9\u2070')).toBe(-10);
    expect(exponent('x\u00b9\u2070\u2070')).toBe(100);
    expect(parseExpression('x\u00b2 + 1').steps.map((s) => s.kind)).toEqual(['variable', 'number', 'binary', 'number', 'binary']);
  });
});
