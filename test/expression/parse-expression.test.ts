import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EXPRESSION_FUNCTIONS, ParseError, parseExpression, type Expression } from '../../src/index.js';
import { SHRINK } from '../support/scale.js';

// The functions an unknown name's message lists, in their order: the list itself is checked by expression-functions.test.ts.
const FUNCTIONS = Object.keys(EXPRESSION_FUNCTIONS).join(', ');

/** The steps in postfix, one token each: numbers, names, `neg`, operators and function names. */
function postfix(e: Expression): string {
  return e.steps
    .map((s) => (s.kind === 'number' ? String(s.value) : s.kind === 'variable' ? s.name : s.kind === 'negate' ? 'neg' : s.kind === 'binary' ? s.op : s.name))
    .join(' ');
}

/** What parsing `source` throws (it must be a ParseError). */
function failure(source: string): ParseError {
  try {
    parseExpression(source);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error(`parseExpression(${JSON.stringify(source)}) did not throw`);
}

describe('parseExpression()', () => {
  it('parseExpression() turns tanh(x*w + b) into postfix steps, with its variables in order of first appearance', () => {
    const e = parseExpression('tanh(x*w + b)');
    expect(postfix(e)).toBe('x w * b + tanh');
    expect(e.variables).toEqual(['x', 'w', 'b']);
    expect(e.source).toBe('tanh(x*w + b)');
    expect(Object.isFrozen(e) && Object.isFrozen(e.steps) && Object.isFrozen(e.variables)).toBe(true);
    expect(parseExpression('b*a + b*c + a').variables).toEqual(['b', 'a', 'c']);
  });

  it.each([
    ['-x^2', 'x 2 ^ neg'], // ^ binds tighter than unary minus, as in mathematics
    ['-2^2', '2 2 ^ neg'],
    ['2^3^2', '2 3 2 ^ ^'], // right-associative
    ['x**y**z', 'x y z ^ ^'],
    ['2^-x', '2 x neg ^'], // a unary minus may follow ^
    ['a^-b^c', 'a b c ^ neg ^'],
    ['1-2-3', '1 2 - 3 -'], // left-associative
    ['8/4/2', '8 4 / 2 /'],
    ['a-b*c', 'a b c * -'],
    ['(a-b)*c', 'a b - c *'],
    ['-a*b', 'a neg b *'],
    ['a*-b', 'a b neg *'],
    ['a--b', 'a b neg -'],
    ['--x', 'x neg neg'],
    ['((x))', 'x'],
    ['max(a, b*c) + tanh(-x)', 'a b c * max x neg tanh +'],
    ['pow(x, 2) / min(1, y)', 'x 2 pow 1 y min /'],
    ['logSigmoid(log1p(expm1(x)))', 'x expm1 log1p logSigmoid'],
    [' \t\nx\r\n+ 1 ', 'x 1 +'],
  ])('parseExpression(%j) gives %j', (source, expected) => {
    expect(postfix(parseExpression(source))).toBe(expected);
  });

  it.each([
    ['0', 0], ['42', 42], ['3.25', 3.25], ['.5', 0.5], ['1.', 1], ['1e-3', 0.001], ['2E+10', 2e10], ['1.5e2', 150], ['007', 7], ['1e-400', 0], ['1.7976931348623157e308', Number.MAX_VALUE], ['0.0000001e309', 1e302],
  ])('parseExpression() reads the number %s as %d', (source, value) => {
    expect(parseExpression(source).steps).toEqual([{ kind: 'number', value, start: 0, end: source.length }]);
  });

  it('parseExpression() gives every step the span of its subexpression in the source (parentheses included where they wrap an operand)', () => {
    const source = 'tanh( x*w + (b) )';
    expect(parseExpression(source).steps.map((s) => source.slice(s.start, s.end))).toEqual(['x', 'w', 'x*w', 'b', 'x*w + (b)', source]);
  });

  it.each([
    ['tanh(x))', "unexpected ')' at column 8: there is no '(' to close", 8],
    ['x + )', "unexpected ')' at column 5: expected a number, a variable, a function call, '(' or '-'", 5],
    ['tahn(x)', "unknown function 'tahn' at column 1; did you mean 'tanh'?", 1],
    ['1 + sigmod(x)', "unknown function 'sigmod' at column 5; did you mean 'sigmoid'?", 5],
    ['Exp(x)', "unknown function 'Exp' at column 1; did you mean 'exp'?", 1],
    ['logsigmoid(x)', "unknown function 'logsigmoid' at column 1; did you mean 'logSigmoid'?", 1],
    ['frobnicate(x)', `unknown function 'frobnicate' at column 1; the functions are ${FUNCTIONS}`, 1],
    ['', "unexpected end of input at column 1: expected a number, a variable, a function call, '(' or '-'", 1],
    ['x *', "unexpected end of input at column 4: expected a number, a variable, a function call, '(' or '-'", 4],
    ['+x', "unexpected '+' at column 1: expected a number, a variable, a function call, '(' or '-'", 1],
    ['x * * y', "unexpected '*' at column 5: expected a number, a variable, a function call, '(' or '-'", 5],
    ['2x', "unexpected 'x' at column 2: expected an operator (+ - * / ^) or the end", 2],
    ['(x y)', "unexpected 'y' at column 4: expected an operator (+ - * / ^) or ')'", 4],
    ['max(x y)', "unexpected 'y' at column 7: expected an operator (+ - * / ^) or ',' or ')'", 7],
    ['sin(x)(y)', "unexpected '(' at column 7: expected an operator (+ - * / ^) or the end", 7],
    ['(x + 1', "missing ')' at column 7: the '(' at column 1 is not closed", 7],
    ['exp (x + 1', "missing ')' at column 11: the '(' at column 5 is not closed", 11],
    ['exp + 1', "unexpected '+' at column 5: expected '(' after the function 'exp'", 5],
    ['exp(x, y)', 'too many arguments at column 6: exp(x) takes 1', 6],
    ['max(x)', 'too few arguments at column 6: max(a, b) takes 2, got 1', 6],
    ['pow(1, 2, 3)', 'too many arguments at column 9: pow(a, b) takes 2', 9],
    ['f()', `unknown function 'f' at column 1; the functions are ${FUNCTIONS}`, 1],
    ['exp()', "unexpected ')' at column 5: expected a number, a variable, a function call, '(' or '-'", 5],
    ['(1, 2)', "unexpected ',' at column 3: commas only separate a function's arguments", 3],
    ['x $ y', "unexpected character '$' at column 3", 3],
    ['x = 1', "unexpected character '=' at column 3", 3],
    ['1e', "malformed number '1e' at column 1: expected digits after 'e'", 1],
    ['2.5E+', "malformed number '2.5E+' at column 1: expected digits after 'E'", 1],
    ['2*1e400*x', "number '1e400' at column 3 is too large for a double (it would read as Infinity)", 3],
    ['x + 0.5e309', "number '0.5e309' at column 5 is too large for a double (it would read as Infinity)", 5],
    ['1.7976931348623159e308', "number '1.7976931348623159e308' at column 1 is too large for a double (it would read as Infinity)", 1],
    [`${'9'.repeat(400)}`, `number '${'9'.repeat(21)}...' at column 1 is too large for a double (it would read as Infinity)`, 1],
    ['.', "unexpected character '.' at column 1", 1],
    ['1.2.3', "unexpected '.3' at column 4: expected an operator (+ - * / ^) or the end", 4],
    ['😀 + é + $', "unexpected character '😀' (U+1F600) at column 1", 1],
    ['x + 😀😀', "unexpected character '😀' (U+1F600) at column 5", 5],
    ['(😀)', "unexpected character '😀' (U+1F600) at column 2", 2],
    ['x\u0000', 'unexpected character U+0000 at column 2', 2],
    ['x +\u00a0y', 'unexpected character U+00A0 at column 4', 4],
    ['x\n+\ny z', "unexpected 'z' at column 7: expected an operator (+ - * / ^) or the end", 7],
    ['abcdefghijklmnopqrstuvwxyz(1)', `unknown function 'abcdefghijklmnopqrstu...' at column 1; the functions are ${FUNCTIONS}`, 1],
  ])('parseExpression(%j) throws a ParseError: %s', (source, message, column) => {
    const e = failure(source);
    expect(e).toBeInstanceOf(SyntaxError);
    expect(e.name).toBe('ParseError');
    expect(e.message).toBe(message);
    expect(e.column).toBe(column);
  });

  it.each([
    ['x − y', 'x y -'], // U+2212, the minus sign the playground prints
    ['−x', 'x neg'],
    ['x −−y', 'x y neg -'],
    ['a × b · c ⋅ d', 'a b * c * d *'], // U+00D7, U+00B7, U+22C5
    ['a ÷ b', 'a b /'], // U+00F7
    ['x²', 'x 2 ^'],
    ['x³ + y⁴', 'x 3 ^ y 4 ^ +'],
    ['x⁰ + x¹ + x⁵⁶⁷⁸⁹', 'x 0 ^ x 1 ^ + x 56789 ^ +'],
    ['x⁻¹', 'x -1 ^'],
    ['x²³', 'x 23 ^'],
    ['x ²', 'x 2 ^'],
    ['-x²', 'x 2 ^ neg'], // as -x^2
    ['−x²', 'x 2 ^ neg'],
    ['2^x²', '2 x 2 ^ ^'], // as 2^x^2
    ['a*b²', 'a b 2 ^ *'],
    ['(a+b)²', 'a b + 2 ^'],
    ['tanh(x)²', 'x tanh 2 ^'],
    ['(x²)³', 'x 2 ^ 3 ^'],
    ['(x²)^3', 'x 2 ^ 3 ^'],
    ['2²', '2 2 ^'],
    ['x^-y²', 'x y 2 ^ neg ^'],
    ['α*x + β', 'α x * β +'],
    ['θ1 - σ_2 + Δx + Σw²', 'θ1 σ_2 - Δx + Σw 2 ^ +'],
    ['αβγδεζηθικλμνξπρςστυφχψω + ΓΔΘΛΞΠΣΦΨΩ', 'αβγδεζηθικλμνξπρςστυφχψω ΓΔΘΛΞΠΣΦΨΩ +'],
    ['_λ', '_λ'],
  ])('parseExpression(%j) reads the Unicode minus, ×, ÷, superscript powers and Greek names: %j', (source, expected) => {
    expect(postfix(parseExpression(source))).toBe(expected);
  });

  it('parseExpression() lists Greek variables by name and gives a superscript power the span of its base and exponent', () => {
    expect(parseExpression('α*x + β*α').variables).toEqual(['α', 'x', 'β']);
    const source = '(x+1)² − x⁻¹';
    expect(parseExpression(source).steps.map((s) => source.slice(s.start, s.end))).toEqual(['x', '1', 'x+1', '²', '(x+1)²', 'x', '⁻¹', 'x⁻¹', source]);
    expect(parseExpression('x⁻⁰').steps[1]).toEqual({ kind: 'number', value: -0, start: 1, end: 3 });
  });

  it.each([
    ['x – y', "unexpected character '–' (U+2013) at column 3: write '-' or '−' (U+2212) for minus", 3],
    ['x — y', "unexpected character '—' (U+2014) at column 3: write '-' or '−' (U+2212) for minus", 3],
    ['x ‐ y', "unexpected character '‐' (U+2010) at column 3: write '-' or '−' (U+2212) for minus", 3],
    ['x － y', "unexpected character '－' (U+FF0D) at column 3: write '-' or '−' (U+2212) for minus", 3],
    ['²', "unexpected '²' at column 1: expected a number, a variable, a function call, '(' or '-'", 1],
    ['x + ⁻¹', "unexpected '⁻¹' at column 5: expected a number, a variable, a function call, '(' or '-'", 5],
    ['x⁻', "malformed power '⁻' at column 2: expected superscript digits (⁰¹²³⁴⁵⁶⁷⁸⁹) after '⁻'", 2],
    ['x⁻ + 1', "malformed power '⁻' at column 2: expected superscript digits (⁰¹²³⁴⁵⁶⁷⁸⁹) after '⁻'", 2],
    ['x²⁻¹', "unexpected '⁻¹' at column 3: a superscript power is raised again only inside parentheses, as in (x²)³", 3],
    ['x² ³', "unexpected '³' at column 4: a superscript power is raised again only inside parentheses, as in (x²)³", 4],
    ['x²^3', "unexpected '^' at column 3: a superscript power is raised again only inside parentheses, as in (x²)³", 3],
    ['x²**3', "unexpected '**' at column 3: a superscript power is raised again only inside parentheses, as in (x²)³", 3],
    ['sin²(x)', "unexpected '²' at column 4: expected '(' after the function 'sin'; a power goes after the call, as in sin(x)²", 4],
    [`x${'⁹'.repeat(400)}`, "power '⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹...' at column 2 is too large for a double (it would read as Infinity)", 2],
    ['x⁺¹', "unexpected character '⁺' (U+207A) at column 2: a power in superscript is digits ⁰¹²³⁴⁵⁶⁷⁸⁹, with ⁻ before them for a negative one (x², x⁻¹); write ^ for any other", 2],
    ['xⁿ', "unexpected character 'ⁿ' (U+207F) at column 2: a power in superscript is digits ⁰¹²³⁴⁵⁶⁷⁸⁹, with ⁻ before them for a negative one (x², x⁻¹); write ^ for any other", 2],
    ['w₁', "unexpected character '₁' (U+2081) at column 2: subscripts are not read (write w1 or w_1 for an index)", 2],
    ['Α + A', "unexpected character 'Α' (U+0391) at column 1: this Greek letter looks like the Latin 'A'; write 'A'", 1],
    ['x*Ρ', "unexpected character 'Ρ' (U+03A1) at column 3: this Greek letter looks like the Latin 'P'; write 'P'", 3],
    ['ο', "unexpected character 'ο' (U+03BF) at column 1: this Greek letter looks like the Latin 'o'; write 'o'", 1],
    ['ϕ', "unexpected character 'ϕ' (U+03D5) at column 1: names use the Greek letter 'φ' (U+03C6) for it", 1],
    ['2*ϵ', "unexpected character 'ϵ' (U+03F5) at column 3: names use the Greek letter 'ε' (U+03B5) for it", 3],
    ['\u00b5', "unexpected character '\u00b5' (U+00B5) at column 1: names use the Greek letter '\u03bc' (U+03BC) for it", 1], // the micro sign
    ['\u2126', "unexpected character '\u2126' (U+2126) at column 1: names use the Greek letter '\u03a9' (U+03A9) for it", 1], // the ohm sign
    ['é + x', "unexpected character 'é' (U+00E9) at column 1: a name is Latin letters a-z A-Z, Greek letters α-ω (but ο) and Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω, digits 0-9 and _", 1],
    ['xé', "unexpected character 'é' (U+00E9) at column 2: a name is Latin letters a-z A-Z, Greek letters α-ω (but ο) and Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω, digits 0-9 and _", 2],
    ['x + х', "unexpected character 'х' (U+0445) at column 5: a name is Latin letters a-z A-Z, Greek letters α-ω (but ο) and Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω, digits 0-9 and _", 5],
    ['ά', "unexpected character 'ά' (U+03AC) at column 1: a name is Latin letters a-z A-Z, Greek letters α-ω (but ο) and Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω, digits 0-9 and _", 1],
    ['x٣', "unexpected character '٣' (U+0663) at column 2: a name is Latin letters a-z A-Z, Greek letters α-ω (but ο) and Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω, digits 0-9 and _", 2],
    ['y\u0302', "unexpected character U+0302 at column 2: a name is Latin letters a-z A-Z, Greek letters α-ω (but ο) and Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω, digits 0-9 and _", 2],
    ['変数', "unexpected character '変' (U+5909) at column 1: a name is Latin letters a-z A-Z, Greek letters α-ω (but ο) and Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω, digits 0-9 and _", 1],
    ['𝑥 + 1', "unexpected character '𝑥' (U+1D465) at column 1: a name is Latin letters a-z A-Z, Greek letters α-ω (but ο) and Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω, digits 0-9 and _", 1],
  ])('parseExpression(%j) refuses with what is allowed instead: %s', (source, message, column) => {
    const e = failure(source);
    expect(e.message).toBe(message);
    expect(e.column).toBe(column);
  });

  it('parseExpression() reads 10,000 nested parentheses, unary minuses and function calls without recursion', () => {
    expect(postfix(parseExpression(`${'('.repeat(10_000)}x${')'.repeat(10_000)}`))).toBe('x');
    expect(parseExpression(`${'-'.repeat(10_000)}x`).steps).toHaveLength(10_001);
    expect(parseExpression(`${'tanh('.repeat(10_000)}x${')'.repeat(10_000)}`).steps).toHaveLength(10_001);
    const deep = 1_000_000 / SHRINK;
    expect(parseExpression(`${'('.repeat(deep)}1${')'.repeat(deep)}`).steps).toHaveLength(1);
    expect(failure(`${'('.repeat(10_000)}x${')'.repeat(9_999)}`).message).toBe("missing ')' at column 20001: the '(' at column 1 is not closed");
    expect(failure('x^'.repeat(100_000 / SHRINK)).column).toBe(200_000 / SHRINK + 1);
  });

  it('parseExpression() never crashes on random bytes: it returns an expression or throws a one-line ParseError at a column inside the input', () => {
    const decodings = [(b: Uint8Array) => new TextDecoder('latin1').decode(b), (b: Uint8Array) => new TextDecoder('utf-8').decode(b)];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), fc.nat({ max: 1 }), (bytes, which) => {
        const source = (decodings[which] as (b: Uint8Array) => string)(bytes);
        expectParsesOrParseError(source);
      }),
      { numRuns: 2000 / SHRINK },
    );
  });

  it('parseExpression() never crashes on random strings of its own tokens and of any code units', () => {
    const token = fc.constantFrom('x', 'y1', '_', 'exp', 'max', 'pow', 'tanh', 'tahn', '(', ')', ',', '+', '-', '*', '/', '^', '**', '1', '2.5', '.5', '1e-3', '1e', '.', ' ', '\n', 'é', '😀', '\ud800', '−', '×', '÷', '²', '⁻', '⁻¹', 'α', 'Α', 'ϕ', '₁');
    fc.assert(
      fc.property(fc.oneof(fc.array(token, { maxLength: 40 }).map((ts) => ts.join('')), fc.string({ unit: 'binary', maxLength: 40 })), (source) => {
        expectParsesOrParseError(source);
      }),
      { numRuns: 3000 / SHRINK },
    );
  });

  it('parseExpression() rejects what is not a string with a TypeError', () => {
    expect(() => parseExpression(42 as never)).toThrow(new TypeError('parseExpression: expected a string, got number 42'));
    expect(() => parseExpression(undefined as never)).toThrow(TypeError);
  });
});

function expectParsesOrParseError(source: string): void {
  let e: unknown;
  try {
    const parsed = parseExpression(source);
    expect(parsed.source).toBe(source);
    return;
  } catch (thrown) {
    e = thrown;
  }
  expect(e).toBeInstanceOf(ParseError);
  const error = e as ParseError;
  expect(error.message).not.toMatch(/[\n\r]/);
  expect(error.message).toMatch(/ at column \d+/);
  expect(error.column).toBeGreaterThanOrEqual(1);
  expect(error.column).toBeLessThanOrEqual([...source].length + 1);
}
