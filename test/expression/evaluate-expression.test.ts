import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, evaluateExpression, parseExpression, topologicalOrder, type Expression } from '../../src/index.js';
import { TREE_VARIABLES, expressionTree, real, type ExpressionTree } from '../support/arbitraries.js';
import { buildTree, choices, printTree, treeVariables } from '../support/expression-trees.js';
import { centralDifference } from '../support/finite-difference.js';
import { expectClose } from '../support/oracles.js';
import { SHRINK } from '../support/scale.js';

function evaluate(source: string, values: Record<string, number | Value>, options?: { share?: boolean }) {
  return evaluateExpression(parseExpression(source), values, options);
}

/**
 * The number of Values `{ share: true }` should build for a tree whose every op has a variable
 * below it (so nothing folds to a number), counted independently: one per distinct variable, per
 * distinct op subtree (keyed as written) and per distinct number left of an op that does not commute.
 */
function distinctNodes(tree: ExpressionTree): number {
  const keys = new Set<string>();
  const num = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));
  const key = (t: ExpressionTree): string => {
    let k: string;
    switch (t.kind) {
      case 'number': return num(t.value);
      case 'variable': k = `var ${t.name}`; break;
      case 'negate': k = `neg(${key(t.x)})`; break;
      case 'binary':
      case 'call': {
        const op = t.kind === 'binary' ? t.op : t.name;
        const args = t.kind === 'binary' ? [t.a, t.b] : t.args;
        const [a] = args;
        if (a?.kind === 'number' && ['-', '/', '^', 'pow'].includes(op)) keys.add(`leaf ${num(a.value)}`);
        k = `${op}(${args.map(key).join(',')})`;
        break;
      }
    }
    keys.add(k);
    return k;
  };
  key(tree);
  return keys.size;
}

/** Every Value's |grad| and |data| at most: a gradient's rounding is a few ulps of this, whatever the order of its sums. */
function scaleOf(output: Value): number {
  return topologicalOrder(output).reduce((m, n) => Math.max(m, Math.abs(n.grad), Math.abs(n.data)), 1);
}

const SHARE_VARIABLES = ['x', 'y'] as const;
// Small sets of variables and numbers, and an op on a subtree and itself, so that repeats are common.
// Every op has a variable below it (numbers are leaves beside one), and a divisor is never a number near 0.
const shareTree: fc.Arbitrary<ExpressionTree> = fc.letrec<{ tree: ExpressionTree }>((tie) => {
  const number = fc.constantFrom(0, -0, 1, 2, 0.5).map((value): ExpressionTree => ({ kind: 'number', value }));
  const op = fc.constantFrom('+' as const, '-' as const, '*' as const);
  return {
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...SHARE_VARIABLES).map((name): ExpressionTree => ({ kind: 'variable', name })),
      tie('tree').map((x): ExpressionTree => ({ kind: 'negate', x })),
      fc.tuple(op, tie('tree'), tie('tree')).map(([o, a, b]): ExpressionTree => ({ kind: 'binary', op: o, a, b })),
      fc.tuple(op, tie('tree')).map(([o, t]): ExpressionTree => ({ kind: 'binary', op: o, a: t, b: t })),
      fc.tuple(op, number, tie('tree')).map(([o, a, b]): ExpressionTree => ({ kind: 'binary', op: o, a, b })),
      // A positive base: 0^x is infinite for x < 0, and so are its gradients.
      fc.tuple(fc.constantFrom(1, 2, 0.5), tie('tree')).map(([value, b]): ExpressionTree => ({ kind: 'binary', op: '^', a: { kind: 'number', value }, b })),
      fc.tuple(fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const), tie('tree'), number.filter((n) => n.kind === 'number' && n.value !== 0)).map(([o, a, b]): ExpressionTree => ({ kind: 'binary', op: o, a, b })),
      fc.tuple(fc.constantFrom('tanh', 'sin', 'sigmoid', 'square'), tie('tree')).map(([name, x]): ExpressionTree => ({ kind: 'call', name, args: [x] })),
      fc.tuple(tie('tree'), tie('tree')).map(([a, b]): ExpressionTree => ({ kind: 'call', name: 'max', args: [a, b] })),
    ),
  };
}).tree;

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
      { numRuns: 1500 / SHRINK },
    );
  });

  it('evaluateExpression() of a random expression printed with −, ×, ÷, superscript powers and Greek names gives the value and gradients of the same expression built with Values directly', () => {
    const greek = new Map([['x', 'θ'], ['y', 'Δσ_2'], ['w_1', 'w_1'], ['constructor', 'λ']]);
    const rename = (t: ExpressionTree): ExpressionTree => {
      switch (t.kind) {
        case 'number': return t;
        case 'variable': return { kind: 'variable', name: greek.get(t.name) as string };
        case 'negate': return { kind: 'negate', x: rename(t.x) };
        case 'binary': return { ...t, a: rename(t.a), b: rename(t.b) };
        case 'call': return { ...t, args: t.args.map(rename) };
      }
    };
    const point = fc.record(Object.fromEntries(TREE_VARIABLES.map((v) => [greek.get(v) as string, real(-3, 3)])) as Record<string, fc.Arbitrary<number>>);
    // Half of the trees are a power with an integer exponent at the top, so that superscripts are common.
    const power = fc.tuple(expressionTree, fc.integer({ min: -3, max: 12 })).map(([a, n]): ExpressionTree => ({ kind: 'binary', op: '^', a, b: { kind: 'number', value: n } }));
    let superscripts = 0;
    fc.assert(
      fc.property(fc.oneof(expressionTree, power).map(rename), point, fc.integer(), (tree, at, seed) => {
        const text = printTree(tree, choices(seed), true);
        if (/[⁰¹²³⁴⁵⁶⁷⁸⁹]/.test(text)) superscripts++;
        const parsed = parseExpression(text);
        expect(parsed.variables).toEqual(treeVariables(tree));
        const { output, inputs } = evaluateExpression(parsed, at);
        output.backward();
        const leaves = new Map([...greek.values()].map((name) => [name, new Value(at[name] as number)]));
        const direct = buildTree(tree, leaves);
        direct.backward();
        expect(Object.is(output.data, direct.data), `${text}: value ${output.data} against ${direct.data}`).toBe(true);
        for (const name of parsed.variables) {
          const got = (inputs.get(name) as Value).grad;
          const want = (leaves.get(name) as Value).grad;
          expect(Object.is(got, want), `${text}: d/d${name} ${got} against ${want}`).toBe(true);
        }
      }),
      { numRuns: 1500 / SHRINK },
    );
    // Not vacuous: many of the texts hold a superscript power.
    expect(superscripts).toBeGreaterThan(SHRINK === 1 ? 300 : 10);
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

  it('evaluateExpression(…, { share: true }) builds each distinct subexpression once: node counts worked out by hand', () => {
    const count = (source: string, values: Record<string, number | Value>, share: boolean) => topologicalOrder(evaluate(source, values, { share }).output).length;
    // x, x+1, the product; unshared, x+1 twice.
    expect(count('(x+1)*(x+1)', { x: 2 }, true)).toBe(3);
    expect(count('(x+1)*(x+1)', { x: 2 }, false)).toBe(4);
    // x, y, one constant leaf 2, 2/x, 2/y, the sum.
    expect(count('2/x + 2/y', { x: 2, y: 3 }, true)).toBe(6);
    expect(count('2/x + 2/y', { x: 2, y: 3 }, false)).toBe(7);
    // -0 is not 0: x, x*0, x*-0, the sum; but x*0 twice is one node.
    expect(count('x*0 + x*(-0)', { x: 2 }, true)).toBe(4);
    expect(count('x*0 + x*0', { x: 2 }, true)).toBe(3);
    // NaN is NaN (0/0 folds to it): x, x + NaN, the product.
    expect(count('(x + 0/0) * (x + 0/0)', { x: 2 }, true)).toBe(3);
    // The same constant however it is written: 1+2 folds to 3, so x, 3*x, the sum.
    expect(count('(1+2)*x + 3*x', { x: 2 }, true)).toBe(3);
    // As written: 2*x and x*2 are two nodes (x, both, the sum).
    expect(count('2*x + x*2', { x: 2 }, true)).toBe(4);
    // Two names given the same Value are one operand node: v, exp(v), the sum.
    const v = new Value(0.5, 'v');
    expect(count('exp(a) + exp(b)', { a: v, b: v }, true)).toBe(3);
    // The shared node is the first occurrence, labelled with its text.
    const { output } = evaluate('(x+1)*(x + 1)', { x: 2 }, { share: true });
    expect(output.parents[0]).toBe(output.parents[1]);
    expect(output.parents[0]?.label).toBe('x+1');
  });

  it('evaluateExpression(…, { share: true }) of a random expression builds one Value per distinct subexpression, with the unshared value and gradients to a few ulps', () => {
    const point = fc.record({ x: real(-2, 2), y: real(-2, 2) });
    let fewer = 0;
    fc.assert(
      fc.property(shareTree, point, fc.integer(), (tree, at, seed) => {
        const parsed = parseExpression(printTree(tree, choices(seed)));
        const values: Record<string, number> = {};
        for (const name of parsed.variables) values[name] = at[name as 'x' | 'y'];
        const shared = evaluateExpression(parsed, values, { share: true });
        const plain = evaluateExpression(parsed, values);
        const nodes = topologicalOrder(shared.output).length;
        expect(nodes, parsed.source).toBe(distinctNodes(tree));
        if (nodes < topologicalOrder(plain.output).length) fewer++;
        shared.output.backward();
        plain.output.backward();
        expect(Object.is(shared.output.data, plain.output.data), parsed.source).toBe(true);
        const scale = scaleOf(plain.output);
        for (const name of parsed.variables) {
          const got = (shared.inputs.get(name) as Value).grad;
          const want = (plain.inputs.get(name) as Value).grad;
          if (!Number.isFinite(want)) expect(got, `${parsed.source} d/d${name}`).toBe(want);
          else expectClose(got, want, 0, 8 * Number.EPSILON * scale, `${parsed.source} d/d${name}`);
        }
      }),
      { numRuns: 500 / SHRINK },
    );
    // The property is not vacuous: many random trees repeat a subexpression.
    expect(fewer).toBeGreaterThan(SHRINK === 1 ? 50 : 0); // at 50 runs (mutation testing), 5 to 15
  });

  it('evaluateExpression(…, { share: true }) gradients agree with finite differences and with the unshared graph', () => {
    for (const source of ['(x+y)*(x+y)', 'tanh(x*y + 1) * tanh(x*y + 1) + sin(x*y)', 'sigmoid(x - y)^2 / (1 + sigmoid(x - y)) - 2/x - 2/x']) {
      const f = (xs: number[]) => evaluate(source, { x: xs[0] as number, y: xs[1] as number }, { share: true }).output.data;
      const at = [0.7, -1.3];
      const shared = evaluate(source, { x: 0.7, y: -1.3 }, { share: true });
      const plain = evaluate(source, { x: 0.7, y: -1.3 });
      shared.output.backward();
      plain.output.backward();
      expect(topologicalOrder(shared.output).length).toBeLessThan(topologicalOrder(plain.output).length);
      expect(shared.output.data).toBe(plain.output.data);
      ['x', 'y'].forEach((name, i) => {
        const got = shared.inputs.get(name)?.grad ?? 0;
        expectClose(got, centralDifference(f, at, i), 1e-7, 1e-9, `${source}: d/d${name}`);
        expectClose(got, plain.inputs.get(name)?.grad as number, 4 * Number.EPSILON, 0, `${source}: d/d${name} unshared`);
      });
    }
  });

  it('evaluateExpression() rejects options that are not an object and a share that is not a boolean', () => {
    const x = parseExpression('x');
    expect(() => evaluateExpression(x, { x: 1 }, 1 as never)).toThrow(new TypeError('evaluateExpression: options must be an object, got number 1'));
    expect(() => evaluateExpression(x, { x: 1 }, null as never)).toThrow(/evaluateExpression: options must be an object, got null/);
    expect(() => evaluateExpression(x, { x: 1 }, { share: 'yes' } as never)).toThrow(new TypeError('evaluateExpression: share must be a boolean, got string "yes"'));
    expect(evaluateExpression(x, { x: 1 }, {}).output.data).toBe(1);
  });

  it('evaluateExpression(…, { share: true }) differentiates 10,000 nested functions and 10,000 repeats without recursion', () => {
    const { output } = evaluate(`${'sin('.repeat(10_000)}x${')'.repeat(10_000)}`, { x: 0.5 }, { share: true });
    output.backward();
    expect(topologicalOrder(output)).toHaveLength(10_001);
    const repeated = evaluate(Array.from({ length: 10_000 }, () => 'exp(x)').join(' + '), { x: 0.5 }, { share: true });
    repeated.output.backward();
    // x, exp(x), and 9,999 sums.
    expect(topologicalOrder(repeated.output)).toHaveLength(2 + 9_999);
    expectClose(repeated.inputs.get('x')?.grad as number, 10_000 * Math.exp(0.5), 1e-12, 0, 'd/dx of 10,000 exp(x)');
  });
});
