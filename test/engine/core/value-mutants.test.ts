/**
 * Tests written to kill the mutants that survived `npm run mutation` on value.ts (see
 * docs/mutation-testing.md). Each expectation is hand-computed or a closed form: none compares the
 * engine with itself.
 */
import { describe, expect, it } from 'vitest';
import { NonFiniteError, Value, customOp, grad, gradients, topologicalOrder, zeroGrad } from '../../../src/index.js';
import { caught } from '../../support/caught.js';
import { collectGarbage } from '../../support/collect-garbage.js';
import { descent, newId, setNextId, walkStats } from '../../../src/engine/core/topo.js';
import { OP_LIST } from '../../../src/engine/core/ops.js';

describe('backward({ checkFinite: true }): the whole message', () => {
  it('backward() names a non-finite op value and the inputs it came from, a folded constant last', () => {
    const x = new Value(1);
    const err = caught(() => x.div(0).mul(2).backward({ checkFinite: true })) as NonFiniteError;
    expect(err).toBeInstanceOf(NonFiniteError);
    expect(err.message).toBe("backward: the value of op '/' is Infinity from inputs [1, 0]");
  });

  it('backward() names a non-finite op value with two Value inputs, in parents order', () => {
    const a = new Value(-2);
    const b = new Value(0.5);
    const err = caught(() => a.pow(b).backward({ checkFinite: true })) as NonFiniteError;
    expect(err.message).toBe("backward: the value of op '**' is NaN from inputs [-2, 0.5]");
  });

  it('backward() names a non-finite leaf by its label, with no inputs', () => {
    const w = new Value(NaN, 'w');
    const err = caught(() => w.mul(2).backward({ checkFinite: true })) as NonFiniteError;
    expect(err.node).toBe(w);
    expect(err.kind).toBe('value');
    expect(err.message).toBe("backward: the value of leaf (label 'w') is NaN");
  });

  it('backward() names the op a gradient became non-finite at, with that gradient and its local derivatives', () => {
    // y = 3·sqrt(x) at x = 0: the gradient reaching sqrt is 3, its local derivative 0.5/0 = Infinity.
    const x = new Value(0);
    const s = x.sqrt();
    const err = caught(() => s.mul(3).backward({ checkFinite: true })) as NonFiniteError;
    expect(err.node).toBe(s);
    expect(err.message).toBe(
      "backward: the gradient flowing back through op 'sqrt' became non-finite (its gradient 3, local derivatives [Infinity])",
    );
  });

  it('backward() catches a gradient that overflows on the second parent only', () => {
    // n = a·b = 1e300 · 1e-300 = 1 (finite), y = 1e10 · n: d y / d b = 1e10 · a = Infinity, d y / d a = 1e-290.
    const a = new Value(1e300);
    const b = new Value(1e-300);
    const n = a.mul(b);
    const y = n.mul(1e10);
    expect(n.data).toBeCloseTo(1, 12);
    const err = caught(() => y.backward({ checkFinite: true })) as NonFiniteError;
    expect(err).toBeInstanceOf(NonFiniteError);
    expect(err.node).toBe(n);
    expect(err.kind).toBe('gradient');
    expect(err.message).toBe(
      "backward: the gradient flowing back through op '*' became non-finite (its gradient 10000000000, local derivatives [1e-300, 1e+300])",
    );
    expect([a.grad, b.grad]).toEqual([0, 0]);
  });
});

describe('pow() with a Value exponent at base 0', () => {
  it('pow() at 0 ** 0 has value 1 and gradient 0 in both the base and the exponent', () => {
    // d/da a**0 = 0 (the x**0 rule); d/db a**b = a**b ln a is taken as 0 where a = 0 and b >= 0 (PyTorch's rule),
    // which a mutant of `b >= 0` into `b > 0` turns into 1 · ln 0 = -Infinity here.
    const a = new Value(0);
    const b = new Value(0);
    const y = a.pow(b);
    y.backward();
    expect([y.data, a.grad, b.grad]).toEqual([1, 0, 0]);
  });

  it('pow() of base 0 to a negative Value exponent gives Infinity and a non-zero exponent gradient', () => {
    // 0 ** -1 = Infinity; d/db = out · ln 0 = Infinity · -Infinity = -Infinity (the b >= 0 rule does not apply).
    const a = new Value(0);
    const b = new Value(-1);
    const y = a.pow(b);
    y.backward();
    expect(y.data).toBe(Infinity);
    expect(b.grad).toBe(-Infinity);
  });
});

describe('zeroGrad() on what is and is not an iterable of Values', () => {
  it('zeroGrad() takes any iterable of Values, a Set included', () => {
    const a = new Value(1);
    const b = new Value(2);
    a.grad = 3;
    b.grad = -4;
    zeroGrad(new Set([a, b]));
    expect([a.grad, b.grad]).toEqual([0, 0]);
  });

  it('zeroGrad() refuses null, a string and a plain object as not iterables of Values', () => {
    const notIterable = /^zeroGrad: expected an array \(or iterable\) of Values, got /;
    expect(() => zeroGrad(null as unknown as Value[])).toThrow(notIterable);
    expect(() => zeroGrad('ab' as unknown as Value[])).toThrow(notIterable);
    expect(() => zeroGrad({} as unknown as Value[])).toThrow(notIterable);
  });
});

describe('the derivative of a custom op without derivativeValues', () => {
  const softsign = customOp({
    name: 'softsign',
    forward: (x) => x / (1 + Math.abs(x)),
    derivatives: (_out, x) => [1 / (1 + Math.abs(x)) ** 2],
  });

  it("grad() gives it as a node whose op is 'opaque', with the derivative's value 1/(1+|x|)²", () => {
    const d = grad((v) => softsign(v))(0.5);
    expect(d.op).toBe('opaque');
    expect(d.data).toBe(1 / 1.5 ** 2);
  });

  it('backward() through it throws the whole message: which op, and what to give it', () => {
    const d = grad((v) => softsign(v))(0.5);
    expect(() => d.backward()).toThrow(
      "backward: cannot differentiate the derivative of custom op 'softsign' a second time; give the op derivativeValues to make its derivative differentiable",
    );
  });
});

describe('the op-code guards', () => {
  it('backward() throws on a node whose op code has no derivative, rather than giving a NaN gradient', () => {
    const y = new Value(1).exp();
    (y as unknown as { _code: number })._code = 99;
    expect(() => y.backward()).toThrow('memograd: unknown op code 99');
  });

  it('backward() throws on a one-input op code given a second parent, rather than ignoring that parent', () => {
    const a = new Value(1);
    const y = a.exp();
    (y as unknown as { _b: Value })._b = new Value(2);
    expect(() => y.backward()).toThrow(/^memograd: op code \d+ has no second parent$/);
  });
});

describe('backward() options', () => {
  it('backward({ checkFinite: false }) and backward({}) check nothing: log(0) gives -Infinity with gradient Infinity', () => {
    for (const options of [{ checkFinite: false }, {}]) {
      const x = new Value(0);
      const y = x.log();
      expect(() => y.backward(options)).not.toThrow();
      expect([y.data, x.grad]).toEqual([-Infinity, Infinity]);
    }
  });
});

describe('relu() at -0', () => {
  it('relu() of -0 is +0, as max(0, x) is for every x <= 0, not the -0 it was given', () => {
    const y = new Value(-0).relu();
    expect(Object.is(y.data, 0)).toBe(true);
  });
});

describe('backward() skipping a zero gradient only where it changes nothing', () => {
  it('backward() still gives 0 × Infinity = NaN through a skippable op (exp) whose value overflowed', () => {
    // y = 0 · e^x at x = 1000: e^1000 = Infinity, so d y / d x = 0 · e^1000 = NaN (IEEE), not the 0 a skip would leave.
    const x = new Value(1000);
    const e = x.exp();
    expect(e.data).toBe(Infinity);
    e.mul(0).backward();
    expect(x.grad).toBeNaN();
  });
});

describe('backward() refuses bad options, naming itself', () => {
  it('backward(null) and backward(3) throw a TypeError naming backward and the options', () => {
    const x = new Value(2);
    expect(() => x.mul(x).backward(null as never)).toThrow(new TypeError('backward: options must be an object, got null'));
    expect(() => x.mul(x).backward(3 as never)).toThrow(new TypeError('backward: options must be an object, got number 3'));
  });

  it("backward({ checkFinite: 'yes' }) throws a TypeError naming backward and checkFinite", () => {
    const x = new Value(2);
    expect(() => x.mul(x).backward({ checkFinite: 'yes' } as never)).toThrow(
      new TypeError('backward: checkFinite must be a boolean, got string "yes"'),
    );
  });
});

describe('NonFiniteError', () => {
  it("is named 'NonFiniteError' (what a stack trace and String(err) show) and is a RangeError", () => {
    const err = caught(() => new Value(0).log().backward({ checkFinite: true }));
    expect(err).toBeInstanceOf(RangeError);
    expect((err as Error).name).toBe('NonFiniteError');
    expect(String(err)).toBe("NonFiniteError: backward: the value of op 'log' is -Infinity from inputs [0]");
  });

  it('backward({ checkFinite: true }) passes a finite graph of one- and two-input ops and a folded constant', () => {
    // y = tanh(a) · b + 2 at a = 0, b = 3: dy/da = b (1 - tanh² 0) = 3, dy/db = tanh 0 = 0.
    const a = new Value(0);
    const b = new Value(3);
    a.tanh().mul(b).add(2).backward({ checkFinite: true });
    expect([a.grad, b.grad]).toEqual([3, 0]);
  });
});

describe("Value's inspector form called directly, without Node's options", () => {
  const INSPECT = Symbol.for('nodejs.util.inspect.custom');
  type Inspectable = { [INSPECT]: (depth: number, options?: object) => string };

  it('gives the same plain text as util.inspect: label=data, grad, op', () => {
    const x = new Value(2, 'x');
    const y = x.add(3);
    expect((y as unknown as Inspectable)[INSPECT](0)).toBe("Value(5, grad=0, op='+')");
    expect((x as unknown as Inspectable)[INSPECT](0, {})).toBe('Value(x=2, grad=0)');
    expect((new Value(-0) as unknown as Inspectable)[INSPECT](0)).toBe('Value(-0, grad=0)');
  });
});

describe('the leaves a gradients() graph fixes at build time', () => {
  it("gradients() of relu(x)·x gives relu's slope as an unlabelled leaf (only x is labelled)", () => {
    // d/dx relu(x)·x = relu'(x)·x + relu(x) = 1·2 + 2 = 4 at x = 2; relu'(2) = 1 is a leaf fixed at build time.
    const x = new Value(2, 'x');
    const [g] = gradients(x.relu().mul(x), [x]) as [Value];
    expect(g.data).toBe(4);
    const leaves = topologicalOrder(g).filter((n) => n.parents.length === 0);
    expect(leaves).toContain(x);
    expect(leaves.length).toBeGreaterThan(1);
    expect(leaves.filter((n) => n !== x).map((n) => n.label)).toEqual(leaves.filter((n) => n !== x).map(() => ''));
  });
});

describe('backward() keeps no graph alive after it returns', () => {
  it('backward() lets the garbage collector reclaim a finished graph, after a normal return and after a NonFiniteError', async () => {
    const refs = ((): WeakRef<Value>[] => {
      const x = new Value(2);
      const inner = x.mul(x).tanh();
      inner.add(1).backward();
      const bad = new Value(0).log();
      expect(() => bad.mul(2).backward({ checkFinite: true })).toThrow(NonFiniteError);
      return [new WeakRef(inner), new WeakRef(bad)];
    })();
    await collectGarbage();
    expect(refs.map((r) => r.deref())).toEqual([undefined, undefined]);
  });
});

describe('Value.op names every op, with a Value operand and with a folded number', () => {
  // The names micrograd and the pictures use: the op's symbol for arithmetic, its name otherwise.
  const x = new Value(0.5, 'x');
  const y = new Value(2, 'y');
  const cases: [string, Value][] = [
    ['+', x.add(y)], ['+', x.add(2)], ['-', x.sub(y)], ['-', x.sub(2)], ['*', x.mul(y)], ['*', x.mul(2)],
    ['/', x.div(y)], ['/', x.div(2)], ['**', x.pow(y)], ['**', x.pow(2)], ['max', x.max(y)], ['max', x.max(2)],
    ['min', x.min(y)], ['min', x.min(2)], ['neg', x.neg()], ['exp', x.exp()], ['log', x.log()], ['tanh', x.tanh()],
    ['relu', x.relu()], ['sigmoid', x.sigmoid()], ['sqrt', x.sqrt()], ['abs', x.abs()], ['sin', x.sin()], ['cos', x.cos()],
    ['softplus', x.softplus()], ['log1p', x.log1p()], ['expm1', x.expm1()], ['hypot', x.hypot(y)], ['hypot', x.hypot(2)],
    ['tan', x.tan()], ['atan', x.atan()], ['sinh', x.sinh()], ['cosh', x.cosh()], ['asinh', x.asinh()], ['atanh', x.atanh()], ['silu', x.silu()],
    ['erf', x.erf()], ['gelu', x.gelu()], ['stopGradient', x.stopGradient()],
  ];
  it.each(cases)('op is %j', (name, v) => {
    expect(v.op).toBe(name);
  });

  it('the cases cover every op of the table, an op with a folded constant twice (with a Value and with a number)', () => {
    const count = (symbol: string) => cases.filter(([name]) => name === symbol).length;
    expect(new Set(cases.map(([name]) => name))).toEqual(new Set(OP_LIST.map(([, def]) => def.symbol)));
    for (const [name, def] of OP_LIST) expect(count(def.symbol), name).toBe(def.constantCode === null ? 1 : 2);
  });

  it("a leaf's op is ''", () => {
    expect(x.op).toBe('');
  });
});

/**
 * Makes `count` inner nodes that nothing uses: an inner node made before them is then too old for
 * the walk by creation ids (the offsets from a later root span far more than the nodes it reaches),
 * and backward() takes its fallback sweep.
 */
function ageIds(count: number): void {
  const z = new Value(0);
  for (let i = 0; i < count; i++) z.add(1);
}

describe('backward() by creation ids', () => {
  it('backward() walks past offsets of nodes the root does not use without falling back, with the closed-form gradients', () => {
    const x = new Value(1.5);
    const y = new Value(-0.5);
    const p = x.mul(y);
    x.add(100); // unused: empty offsets between the nodes the root reaches
    y.exp();
    const q = p.sin();
    x.tanh();
    const root = q.add(p.mul(2)); // sin(xy) + 2xy
    const before = walkStats.fallbacks;
    root.backward();
    expect(walkStats.fallbacks).toBe(before);
    expect(x.grad).toBeCloseTo((Math.cos(-0.75) + 2) * -0.5, 14);
    expect(y.grad).toBeCloseTo((Math.cos(-0.75) + 2) * 1.5, 14);
  });

  it.each([
    ['first', 0],
    ['first', 7],
    ['second', 0],
    ['second', 7],
  ] as const)('backward() keeps the gradient of a %s operand %i offsets past the end of the table, which it grows', (operand, extra) => {
    const x = new Value(0.5);
    const y = new Value(3);
    const far = x.mul(y);
    const size = descent.values.length;
    // A chain of size - 1 + extra sums: far's offset from the root is size + extra.
    let c: Value = x;
    for (let i = 0; i < size - 1 + extra; i++) c = c.add(1);
    const root = operand === 'first' ? far.add(c) : c.add(far); // xy + x + (size - 1 + extra)
    const before = walkStats.fallbacks;
    root.backward();
    expect(walkStats.fallbacks).toBe(before);
    expect(descent.values.length).toBeGreaterThan(size);
    expect([x.grad, y.grad]).toEqual([1 + 3, 0.5]);
  });

  it('backward() through an opaque node throws from the walk by ids, without walking the graph a second time', () => {
    const softsign = customOp({ name: 'softsign', forward: (x) => x / (1 + Math.abs(x)), derivatives: (_out, x) => [1 / (1 + Math.abs(x)) ** 2] });
    const d = grad((v) => softsign(v))(0.5);
    const root = d.mul(2);
    const before = walkStats.fallbacks;
    expect(() => root.backward()).toThrow("backward: cannot differentiate the derivative of custom op 'softsign' a second time");
    expect(walkStats.fallbacks).toBe(before);
  });
});

describe('backward() where creation ids cannot order the graph (the fallback sweep)', () => {
  it('backward() of a NaN leaf sets its gradient to 1 and throws nothing: checkFinite is off', () => {
    const w = new Value(NaN);
    expect(() => w.backward()).not.toThrow();
    expect(w.grad).toBe(1);
  });

  it('backward() without checkFinite, through an inner node made long before, gives NaN where it arises and throws nothing', () => {
    const x = new Value(-1);
    const y = new Value(2);
    const old = x.log(); // log(-1) = NaN
    ageIds(8_000);
    const root = old.mul(y);
    const before = walkStats.fallbacks;
    expect(() => root.backward()).not.toThrow();
    expect(walkStats.fallbacks).toBe(before + 1);
    // d/dx y·log(x) = y/x = -2 (finite: only the value is NaN); d/dy = log(x) = NaN.
    expect(x.grad).toBe(-2);
    expect(y.grad).toBeNaN();
  });

  it('backward({ checkFinite: true }) passes a finite graph with folded constants whose ids cannot order it', () => {
    const x = new Value(0.5);
    const y = new Value(-3);
    const old = x.mul(y).add(0.25);
    ageIds(8_000);
    const root = old.mul(4).add(y); // root = 4(xy + 0.25) + y
    const before = walkStats.fallbacks;
    expect(() => root.backward({ checkFinite: true })).not.toThrow();
    expect(walkStats.fallbacks).toBe(before + 1);
    expect([x.grad, y.grad]).toEqual([4 * -3, 4 * 0.5 + 1]);
  });

  it('backward() gives the closed-form gradients when a second operand has an id the walk cannot place (made 2^29 ids away)', () => {
    const x = new Value(0.5);
    const y = new Value(3);
    const saved = newId();
    setNextId(2 ** 29);
    const old = x.mul(y);
    setNextId(saved);
    // The first operand (sin) is reached by id; the second (old) lies 2^29 offsets away, beyond any table.
    const root = x.sin().add(old);
    const before = walkStats.fallbacks;
    root.backward();
    expect(walkStats.fallbacks).toBe(before + 1);
    expect(x.grad).toBeCloseTo(Math.cos(0.5) + 3, 15);
    expect(y.grad).toBe(0.5);
  });
});

describe('backward() computes no local derivative for a node whose gradient is 0', () => {
  /**
   * How often backward() reads each operand field of the product p = u·v (the first through
   * localB, the second through localA, beyond the sweep's own read of each), with p's gradient
   * 0 (under a relu that is off: p = -3) or 1.
   */
  const reads = (operands: () => [Value, Value], slope: 0 | 1, options?: { checkFinite: boolean }): [number, number] => {
    const [u, v] = operands();
    const p = u.mul(v);
    expect(p.data).toBe(-3);
    let [ra, rb] = [0, 0];
    const [a, b] = [p._a, p._b];
    Object.defineProperty(p, '_a', { get: () => (ra++, a) });
    Object.defineProperty(p, '_b', { get: () => (rb++, b) });
    const root = slope === 0 ? p.relu() : p.mul(1);
    root.backward(options);
    // d root / d u = slope · v.
    expect(u.parents.length === 0 ? u.grad : (u.parents[0] as Value).grad).toBe(slope * 3);
    return [ra, rb];
  };
  const leaves = (): [Value, Value] => [new Value(-1), new Value(3)];
  const inner = (): [Value, Value] => [new Value(-1).add(0), new Value(3).add(0)];

  it.each([
    ['leaves', leaves, undefined],
    ['inner nodes', inner, undefined],
    ['leaves, with checkFinite', leaves, { checkFinite: true }],
    ['inner nodes, with checkFinite', inner, { checkFinite: true }],
  ] as const)('backward() on a product of %s reads both operand fields less often when its gradient is 0', (_what, operands, options) => {
    const [a0, b0] = reads(operands, 0, options);
    const [a1, b1] = reads(operands, 1, options);
    expect(a0).toBeLessThan(a1);
    expect(b0).toBeLessThan(b1);
  });
});
