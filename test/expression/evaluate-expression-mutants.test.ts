/**
 * Tests written for the survivors of the mutation run over src/expression/evaluate-expression.ts
 * (docs/mutation-testing.md): each names what a wrong program would get past the other tests.
 */
import { describe, expect, it } from 'vitest';
import { Value, evaluateExpression, parseExpression, topologicalOrder, type Expression } from '../../src/index.js';

function evaluate(source: string, values: Record<string, number | Value>, options?: { share?: boolean }) {
  return evaluateExpression(parseExpression(source), values, options);
}

const UNARY = ['exp', 'log', 'tanh', 'relu', 'sigmoid', 'sqrt', 'abs', 'sin', 'cos', 'softplus', 'log1p', 'expm1', 'tan', 'atan', 'sinh', 'cosh', 'asinh', 'silu', 'erf', 'gelu', 'square', 'logSigmoid'] as const;

describe('evaluateExpression(), against the mutants of its survivors', () => {
  it('evaluateExpression() refuses an expression that is not an object, null or undefined with its own TypeError', () => {
    for (const [bad, shown] of [[undefined, 'undefined'], [null, 'null'], [42, 'number 42'], [{ source: 'x', variables: [], steps: 'x' }, 'an object']] as const) {
      expect(() => evaluateExpression(bad as never, {})).toThrow(new RegExp(`^evaluateExpression: expected an expression from parseExpression, got ${shown}`));
    }
    expect(() => evaluateExpression({ source: 1, variables: [], steps: [] } as never, {})).toThrow(/^evaluateExpression: expected an expression from parseExpression/);
  });

  it('evaluateExpression() refuses values that are not an object, null or undefined with its own TypeError', () => {
    const x = parseExpression('x');
    for (const [bad, shown] of [[null, 'null'], [undefined, 'undefined'], [3, 'number 3'], ['x', 'string "x"']] as const) {
      expect(() => evaluateExpression(x, bad as never)).toThrow(new TypeError(`evaluateExpression: values must be an object of numbers or Values by name, got ${shown}`));
    }
    // A constant expression reads no values, but they are still checked.
    expect(() => evaluateExpression(parseExpression('1'), null as never)).toThrow(/values must be an object/);
  });

  it.each(UNARY)('evaluateExpression() of %s(x) is the Value method of that name, value and gradient', (name) => {
    for (const at of [0.3, 2.5, -0.7]) {
      const { output, inputs } = evaluate(`${name}(x)`, { x: at });
      output.backward();
      const x = new Value(at);
      const direct = (x as unknown as Record<string, () => Value>)[name]?.call(x) as Value;
      direct.backward();
      expect(Object.is(output.data, direct.data), `${name}(${at})`).toBe(true);
      expect(Object.is(inputs.get('x')?.grad, x.grad), `d/dx ${name}(${at})`).toBe(true);
      expect(output.op).toBe(direct.op);
    }
  });

  it('evaluateExpression() folds a number on the left of min and max into the op, as for + and *: no constant leaf', () => {
    for (const source of ['min(2, x)', 'max(2, x)', '2 + x', '2 * x']) {
      const x = new Value(1, 'x');
      const { output } = evaluate(source, { x });
      expect(output.parents, source).toEqual([x]);
      expect(topologicalOrder(output), source).toHaveLength(2);
    }
  });

  it('evaluateExpression(…, { share: true }) shares a repeated max, min or pow call, and only an identical one', () => {
    const count = (source: string) => topologicalOrder(evaluate(source, { x: 2, y: 3 }, { share: true }).output).length;
    expect(count('max(x, 1) + max(x, 1)')).toBe(3); // x, max, the sum
    expect(count('pow(x, y) * pow(x, y)')).toBe(4); // x, y, pow, the product
    expect(count('min(x, 1) + min(x, 2)')).toBe(4);
    expect(count('pow(x, y) * pow(y, x)')).toBe(5);
  });

  it('evaluateExpression(…, { share: true }) keeps apart ops whose operand keys would run together without a separator (node 1 with 23, node 12 with 3)', () => {
    // The product a*...*g is keyed 12th (ids 0-11 go to a, b, a*b, c, ...), b is node 1: (a…g)^3 and b^23 are different nodes.
    const values = { a: 1, b: 2, c: 1, d: 1, e: 1, f: 1, g: 1 };
    const { output } = evaluate('(a*b*c*d*e*f*g)^3 + b^23', values, { share: true });
    expect(output.data).toBe(2 ** 3 + 2 ** 23);
  });

  it('evaluateExpression(…, { share: true }) tells Values apart by identity, not by their value or label', () => {
    const a = new Value(1, 'v');
    const b = new Value(1, 'v');
    const { output } = evaluate('exp(p) + exp(q)', { p: a, q: b }, { share: true });
    expect(topologicalOrder(output)).toHaveLength(5); // a, b, two exps, the sum
    output.backward();
    expect([a.grad, b.grad]).toEqual([Math.E, Math.E]);
  });

  it('evaluateExpression() labels a constant result with its source trimmed and on one line', () => {
    expect(evaluate(' 1 +\n\t2 ', {}).output.label).toBe('1 + 2');
  });

  it('evaluateExpression() cuts a label at 40 characters, not at 39, and whenever the subexpression spans more than 160 characters of source', () => {
    const forty = `x + ${'y'.repeat(36)}`;
    expect(evaluate(forty, { x: 1, ['y'.repeat(36)]: 2 }).output.label).toBe(forty);
    const fortyOne = `x + ${'y'.repeat(37)}`;
    expect(evaluate(fortyOne, { x: 1, ['y'.repeat(37)]: 2 }).output.label).toBe(`x + ${'y'.repeat(35)}…`);
    // 160 characters of source, mostly spaces: short once collapsed, and not cut.
    const spaced = `x${' '.repeat(157)}+y`;
    expect(spaced).toHaveLength(160);
    expect(evaluate(spaced, { x: 1, y: 2 }).output.label).toBe('x +y');
    // 161: the label reads only the first 160 ('x', spaces, '+'), so it is cut however short it is.
    expect(evaluate(`x${' '.repeat(158)}+y`, { x: 1, y: 2 }).output.label).toBe('x +…');
    // A subexpression that starts late: its length, not its end, is compared with 160.
    const inner = evaluate(`z * (x${' '.repeat(150)}+ y)`, { x: 1, y: 2, z: 3 }).output.parents[1] as Value;
    expect(inner.label).toBe('x + y');
  });

  it('evaluateExpression() reads only the steps of a well-formed expression object (a hand-made one too)', () => {
    const e: Expression = { source: 'x+x', variables: ['x'], steps: parseExpression('x+x').steps };
    expect(evaluateExpression(e, { x: 2 }).output.data).toBe(4);
  });
});
