import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, evaluateExpression, parseExpression, topologicalOrder, type Expression } from '../../src/index.js';
import { TREE_VARIABLES, expressionTree, real } from '../support/arbitraries.js';
import { buildTree, choices, printTree, treeVariables } from '../support/expression-trees.js';
import { centralDifference } from '../support/finite-difference.js';
import { expectClose } from '../support/oracles.js';

function evaluate(source: string, values: Record<string, number | Value>) {
  return evaluateExpression(parseExpression(source), values);
}

describe('evaluateExpression()', () => {
  it('evaluateExpression() of a random expression printed as text gives the value and gradients of the same expression built with Values directly', () => {
    const point = fc.record(Object.fromEntries(TREE_VARIABLES.map((v) => [v, real(-3, 3)])) as Record<string, fc.Arbitrary<number>>);
    fc.assert(
      fc.property(expressionTree, point, fc.integer(), (tree, at, seed) => {
        const text = printTree(tree, choices(seed));
        const parsed = parseExpression(text);
        expect(parsed.variables).toEqual(treeVariables(tree));

        const values: Record<string, number> = {};
        for (const name of parsed.variables) Object.defineProperty(values, name, { value: at[name], enumerable: true });
        const { output, inputs } = evaluateExpression(parsed, values);
        output.backward();

        const leaves = new Map(TREE_VARIABLES.map((name) => [name, new Value(at[name] as number)]));
        const direct = buildTree(tree, leaves);
        direct.backward();

        expect(Object.is(output.data, direct.data), `${text}: value ${output.data} against ${direct.data}`).toBe(true);
        for (const name of parsed.variables) {
          const got = (inputs.get(name) as Value).grad;
          const want = (leaves.get(name) as Value).grad;
          expect(Object.is(got, want), `${text}: d/d${name} ${got} against ${want}`).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('evaluateExpression() gradients agree with finite differences and closed forms', () => {
    // d/dx tanh(x w + b) = w (1 - tanh²), d/dw = x (1 - tanh²), d/db = 1 - tanh²
    const { output, inputs } = evaluate('tanh(x*w + b)', { x: 0.5, w: -1, b: 2 });
    output.backward();
    const s = 1 - Math.tanh(1.5) ** 2;
    expect(output.data).toBe(Math.tanh(1.5));
    expectClose(inputs.get('x')?.grad as number, -s, 1e-15, 0, 'd/dx');
    expectClose(inputs.get('w')?.grad as number, 0.5 * s, 1e-15, 0, 'd/dw');
    expectClose(inputs.get('b')?.grad as number, s, 1e-15, 0, 'd/db');

    const source = 'sqrt(x^2 + y^2) * sin(x / y) - max(x, 2*y) + pow(2, y) / (1 + exp(-x)) + logSigmoid(x*y) - -x^3';
    const f = (xs: number[]) => evaluate(source, { x: xs[0] as number, y: xs[1] as number }).output.data;
    const at = [0.7, -1.3];
    const { output: out, inputs: ins } = evaluate(source, { x: 0.7, y: -1.3 });
    out.backward();
    expectClose(ins.get('x')?.grad as number, centralDifference(f, at, 0), 1e-7, 1e-9, 'd/dx');
    expectClose(ins.get('y')?.grad as number, centralDifference(f, at, 1), 1e-7, 1e-9, 'd/dy');
  });

  it('evaluateExpression() folds a number into its op where Value would (x*2, 2*x), keeps a constant leaf where the op does not commute (2/x), and computes numbers alone (2*3)', () => {
    const x = new Value(4, 'x');
    const right = evaluate('x*2', { x }).output;
    expect([right.op, right.constant, right.parents]).toEqual(['*', 2, [x]]);
    const left = evaluate('2*x', { x }).output;
    expect([left.op, left.constant, left.parents]).toEqual(['*', 2, [x]]);
    expect(evaluate('max(0.5, x)', { x }).output.constant).toBe(0.5);
    const div = evaluate('2/x', { x }).output;
    expect(div.op).toBe('/');
    expect(div.parents.map((p) => [p.data, p.label, p.op])).toEqual([[2, '2', ''], [4, 'x', '']]);
    expect(evaluate('pow(2, x)', { x }).output.parents[0]?.label).toBe('2');
    const folded = evaluate('x * (2*3 - tanh(0))', { x }).output;
    expect([folded.op, folded.constant]).toEqual(['*', 6]);
    expect(topologicalOrder(folded)).toHaveLength(2);
    const constant = evaluate('2^10 - 1', {}).output;
    expect([constant.data, constant.op, constant.label]).toEqual([1023, '', '2^10 - 1']);
  });

  it('evaluateExpression() labels each new node with its subexpression text, on one line and cut at 40 characters', () => {
    const { output } = evaluate('tanh( x*w\n + (b) )', { x: 1, w: 2, b: 3 });
    expect(topologicalOrder(output).map((n) => n.label).sort()).toEqual(['b', 'tanh( x*w + (b) )', 'w', 'x', 'x*w', 'x*w + (b)']);
    const long = `exp(${Array.from({ length: 30 }, (_, i) => `x${i}`).join(' + ')})`;
    const values = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`x${i}`, i]));
    expect(evaluate(long, values).output.label).toBe('exp(x0 + x1 + x2 + x3 + x4 + x5 + x6 +…');
  });

  it('evaluateExpression() uses a Value given for a variable as it is, so gradients reach the caller\'s graph', () => {
    const w = new Value(3, 'weight');
    const h = w.mul(2);
    const { output, inputs } = evaluate('h^2 + h', { h });
    expect(inputs.get('h')).toBe(h);
    expect(h.label).toBe('');
    output.backward();
    expect(w.grad).toBe((2 * 6 + 1) * 2); // d/dw (h² + h) = (2h + 1) dh/dw
  });

  it("evaluateExpression() takes only a values object's own properties: a variable named constructor or __proto__ needs a value", () => {
    expect(() => evaluate('constructor + 1', {})).toThrow(new RangeError("evaluateExpression: no value given for variable 'constructor'"));
    expect(() => evaluate('toString', {})).toThrow(RangeError);
    const values = JSON.parse('{"__proto__": 2, "constructor": 3}') as Record<string, number>;
    expect(evaluate('__proto__ * constructor', values).output.data).toBe(6);
  });

  it('evaluateExpression() differentiates 10,000 nested functions without recursion', () => {
    const { output, inputs } = evaluate(`${'sin('.repeat(10_000)}x${')'.repeat(10_000)}`, { x: 0.5 });
    output.backward();
    let v = 0.5;
    let d = 1;
    for (let i = 0; i < 10_000; i++) {
      d *= Math.cos(v);
      v = Math.sin(v);
    }
    expect(output.data).toBe(v);
    expectClose(inputs.get('x')?.grad as number, d, 1e-12, 0, 'd/dx of sin∘…∘sin');
  });

  it('evaluateExpression() rejects missing and non-number values and malformed expressions with errors that name them', () => {
    expect(() => evaluate('x*w + b', { x: 1, w: 2 })).toThrow(new RangeError("evaluateExpression: no value given for variable 'b'"));
    expect(() => evaluate('x', { x: '1' as never })).toThrow(new TypeError('evaluateExpression: variable \'x\' must be a number or a Value, got string "1"'));
    expect(() => evaluate('x', null as never)).toThrow(TypeError);
    expect(() => evaluateExpression({ source: 'x' } as never, {})).toThrow(/expected an expression from parseExpression/);
    const bad = (steps: unknown[], variables: string[] = []): Expression => ({ source: '', variables, steps }) as unknown as Expression;
    expect(() => evaluateExpression(bad([{ kind: 'binary', op: '+', start: 0, end: 0 }]), {})).toThrow(/malformed \(a step has too few operands\)/);
    expect(() => evaluateExpression(bad([{ kind: 'number', value: 1 }, { kind: 'number', value: 2 }]), {})).toThrow(/operands left over/);
    expect(() => evaluateExpression(bad([{ kind: 'variable', name: 'z' }]), {})).toThrow(/variable 'z' is not listed/);
    expect(() => evaluateExpression(bad([{ kind: 'number', value: 1 }, { kind: 'call', name: 'constructor' }]), {})).toThrow(/is not a function of one argument/);
    expect(() => evaluateExpression(bad([{ kind: 'eval', code: '1' }]), {})).toThrow(/unknown step/);
  });
});
