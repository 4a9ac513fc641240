import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, customOp, localGradients, topologicalOrder, buildToyNetwork, TOY_ACTIVATIONS, compile, backwardSteps, gradients } from '../../../src/index.js';
import { ALL_OPS, programArbitrary, runProgram, type Op } from '../../../src/testing/programs.js';
import { walkStats } from '../../../src/engine/core/topo.js';
import { OP_LIST } from '../../../src/engine/core/ops.js';
import { opsNotAppliedToOperands } from '../../support/ops.js';

/**
 * The full sweep, written independently of backward(): every node in the reverse of
 * topologicalOrder (backward()'s order), every edge multiplied, nothing skipped, but the edge of a
 * stopGradient node, which has none (JAX's stop_gradient: not g·0, which is NaN for an infinite g).
 * Returns each node's gradient from this call (leaves: summed from 0, as backward() adds them once).
 */
function fullSweep(root: Value): Map<Value, number> {
  const order = topologicalOrder(root);
  const g = new Map<Value, number>(order.map((n) => [n, 0]));
  g.set(root, 1);
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i] as Value;
    const parents = n.parents;
    if (parents.length === 0 || n.op === 'stopGradient') continue;
    const locals = localGradients(n);
    const gn = g.get(n) as number;
    parents.forEach((p, k) => g.set(p, (g.get(p) as number) + gn * (locals[k] as number)));
  }
  return g;
}

/** backward() from zeroed leaves against the full sweep, with Object.is on every node (signed zeros and NaN too). */
function expectSameAsFullSweep(root: Value): void {
  const order = topologicalOrder(root);
  for (const n of order) n.grad = 0;
  const want = fullSweep(root);
  root.backward();
  for (const n of order) {
    const expected = n.parents.length === 0 ? 0 + (want.get(n) as number) : (want.get(n) as number);
    if (!Object.is(n.grad, expected)) throw new Error(`node ${n} (op '${n.op}'): backward() ${n.grad}, full sweep ${expected}`);
  }
}

// Ops that make gradients exactly 0 (relu off, a max's loser, × 0, x**0) and ops whose local
// derivative is infinite at a finite point (sqrt'(0), log'(5e-324), x**0.5 at 0, 1/x at tiny x).
const slopeInfinity = customOp({ name: 'steep', forward: (x: number) => Math.cbrt(x), derivatives: (_out, x) => [x === 0 ? Infinity : 1 / (3 * Math.cbrt(x) ** 2)] });
const EDGE_OPS: readonly Op[] = [
  ...ALL_OPS,
  (r) => r.relu(),
  (r, s) => r.mul(s).relu(),
  (r) => r.neg().relu(),
  (r) => r.sqrt(),
  (r) => r.log(),
  (r) => r.pow(0.5),
  (r, s) => r.div(s),
  (r) => r.mul(Infinity),
  (r) => slopeInfinity(r),
  (r, s) => r.max(s).mul(0),
  (r) => r.add(1),
  (r) => r.div(1e-300),
  (r, s) => r.pow(s),
  (r) => r.exp(),
  (r) => r.log1p(),
  (r) => r.expm1(),
  (r) => r.tan(),
  (r) => r.sinh(),
  (r) => r.cosh(),
  (r) => r.atanh(),
  (r, s) => r.hypot(s),
];
/** Inputs that sit on kinks and singularities as often as off them. */
const edgeInput = fc.oneof(fc.constantFrom(0, -0, 1, -1, 5e-324, -5e-324, Infinity, -Infinity, NaN), fc.double({ min: -3, max: 3, noNaN: true }));

describe('backward() skips nodes whose gradient is exactly 0', () => {
  it('the random programs apply every op of the table straight to a register (so to the edge inputs), with a Value and with a folded number where the op has both', () => {
    const missing = opsNotAppliedToOperands(EDGE_OPS, (x) => new Value(x));
    expect(missing).toEqual([]);
  });

  it('gives the full sweep bit for bit on random programs over every op, kinks and singular points included', () => {
    fc.assert(
      fc.property(programArbitrary(EDGE_OPS, 24), fc.array(edgeInput, { minLength: 1, maxLength: 4 }), (steps, xs) => {
        expectSameAsFullSweep(runProgram(EDGE_OPS, steps, xs.map((x) => new Value(x))));
      }),
      { numRuns: 400 },
    );
  });

  it('gives the full sweep bit for bit on the seed\'s toy network (every activation) and on a relu network with dead units', () => {
    for (const activation of TOY_ACTIVATIONS) {
      const net = buildToyNetwork({ x1: 0.05, x2: 0.1, w1: 0.15, w2: 0.2, w3: 0.25, w4: 0.3, w5: 0.4, w6: 0.45, y: 0.01 }, activation);
      expectSameAsFullSweep(net.E);
    }
    // Half the first layer is off for these inputs: its units' gradients are exactly 0.
    const xs = [new Value(0.5), new Value(-1)];
    const hidden = [1, -1, 2, -2].map((w, j) => xs[0]!.mul(w).add(xs[1]!.mul(j - 1.5)).relu());
    let out = hidden[0]!;
    for (const h of hidden.slice(1)) out = out.add(h.mul(0.7));
    expectSameAsFullSweep(out.mul(-1).add(1).relu().add(out.mul(out).mul(1e-4)));
  });

  it("propagates 0 × Infinity = NaN where a skipped node's local derivative is infinite: sqrt at 0, log at 0, a custom op", () => {
    const x = new Value(0);
    x.sqrt().relu().backward(); // relu'(0) = 0 gives sqrt a gradient of 0; sqrt'(0) = Infinity
    expect(x.grad).toBeNaN();
    const y = new Value(0);
    y.log().relu().backward(); // log 0 = -Infinity, relu of it 0 with slope 0; log'(0) = Infinity
    expect(y.grad).toBeNaN();
    const z = new Value(0);
    slopeInfinity(z).mul(0).backward();
    expect(z.grad).toBeNaN();
    // A skippable op whose value is not finite is not skipped either: Infinity × w, times 0.
    const [a, w] = [new Value(Infinity), new Value(2)];
    a.mul(w).relu().mul(0).backward();
    expect(w.grad).toBeNaN();
  });

  it('really skips: a product whose gradient is 0 has its operands read less often than one whose gradient is not', () => {
    const reads = (slope: number): number => {
      const [x, y] = [new Value(-1), new Value(3)];
      const p = x.mul(y); // -3
      let count = 0;
      const b = p._b;
      Object.defineProperty(p, '_b', { get: () => (count++, b) });
      // relu(-3) has slope 0, so p's gradient is 0; p.mul(slope) gives it `slope` instead.
      const root = slope === 0 ? p.relu() : p.mul(slope);
      root.backward();
      expect(x.grad).toBe(slope * 3);
      return count;
    };
    expect(reads(0)).toBeLessThan(reads(1));
  });
});

describe('backward() skips only where the values the full sweep multiplies by are finite, leaves changed after the build included', () => {
  it('y = x·w, root = y·0, then w.data = Infinity: x.grad is NaN (0 × Infinity), as the full sweep, backwardSteps() and gradients() give', () => {
    const [x, w] = [new Value(2, 'x'), new Value(3, 'w')];
    const root = x.mul(w).mul(0);
    w.data = Infinity;
    root.backward();
    expect(x.grad).toBeNaN();
    expect(w.grad).toBe(0); // d/dw: 0 × x = 0
    expectSameAsFullSweep(root);
  });

  it('the same after compile().run() in both modes, the use where leaves change after the build', () => {
    for (const mode of ['generated', 'interpreted'] as const) {
      const [x, w] = [new Value(2, 'x'), new Value(3, 'w')];
      // relu(-1 · x·w) is off at the build: the interpreter's span under it is skippable.
      const root = x.mul(w).mul(-1).relu().add(x.mul(w).mul(0));
      const step = compile(root, { mode });
      w.data = Infinity;
      step.run();
      expect(x.grad, mode).toBeNaN();
      x.grad = 0;
      root.backward();
      expect(x.grad, mode).toBeNaN();
    }
  });

  it('every op that reads its operand or its own value: a leaf moved after the build to where the local derivative is infinite or NaN gives NaN, not 0', () => {
    // Each builds a node from leaf x at a harmless value, then moves x where the slope is not finite.
    const cases: readonly (readonly [string, (x: Value) => Value, number])[] = [
      ['mul (first operand)', (x) => new Value(1).mul(x), Infinity],
      ['mul by a constant leaf, second operand', (x) => x.mul(new Value(2)), NaN],
      ['sin', (x) => x.sin(), Infinity],
      ['cos', (x) => x.cos(), -Infinity],
      ['softplus', (x) => x.softplus(), NaN],
      ['log1p', (x) => x.log1p(), -1],
      ['expm1', (x) => x.expm1(), 710],
      ['atan', (x) => x.atan(), NaN],
      ['sinh', (x) => x.sinh(), Infinity],
      ['cosh', (x) => x.cosh(), -Infinity],
      ['asinh', (x) => x.asinh(), NaN],
      ['atanh', (x) => x.atanh(), 1],
      ['silu', (x) => x.silu(), NaN],
      ['erf', (x) => x.erf(), NaN],
      ['gelu', (x) => x.gelu(), NaN],
    ];
    // Every op the table lets backward() skip by its values, but those whose slope is read from the
    // node's own value, fixed at the build, so that moving the leaf cannot make it infinite:
    // exp (out), tanh (1 - out²), sigmoid (out (1 - out)), tan (1 + out²).
    const fromOwnValue = ['exp', 'tanh', 'sigmoid', 'tan'];
    const byValues = OP_LIST.filter(([, def]) => def.zeroSkip === 'values').map(([name]) => name as string);
    expect(byValues).toEqual(expect.arrayContaining(fromOwnValue));
    expect(new Set(cases.map(([name]) => name.split(' ')[0]))).toEqual(new Set(byValues.filter((name) => !fromOwnValue.includes(name))));
    for (const [name, op, moved] of cases) {
      const x = new Value(0.5, 'x');
      const n = op(x);
      const root = n.mul(0);
      x.data = moved;
      const leaves = topologicalOrder(root).filter((v) => v.parents.length === 0);
      for (const l of leaves) l.grad = 0;
      const want = fullSweep(root);
      root.backward();
      for (const l of leaves) expect(Object.is(l.grad, 0 + (want.get(l) as number)), `${name}: leaf ${l}`).toBe(true);
      // The case is one where skipping was wrong: some leaf's full-sweep gradient is 0 × (not finite).
      expect(leaves.some((l) => Number.isNaN(want.get(l))), name).toBe(true);
    }
  });

  it('gives the full sweep, backwardSteps() and gradients() bit for bit on random programs whose leaves move to ±0, ±Infinity, NaN and subnormals after the build', () => {
    fc.assert(
      fc.property(
        programArbitrary(EDGE_OPS, 24),
        fc.array(edgeInput, { minLength: 1, maxLength: 4 }),
        fc.array(movedInput, { minLength: 4, maxLength: 4 }),
        (steps, xs, moved) => {
          const leaves = xs.map((x) => new Value(x));
          const root = runProgram(EDGE_OPS, steps, leaves);
          leaves.forEach((l, i) => (l.data = moved[i] as number));
          expectSameAsFullSweep(root);
          expectStepsAndGradientsAsBackward(root, leaves);
        },
      ),
      { numRuns: 400 },
    );
  });
});

/** Leaves' new values: the IEEE edges and ordinary numbers. */
const movedInput = fc.oneof(fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1e-310, -1, 710), fc.double({ min: -3, max: 3, noNaN: true }));

/** backwardSteps()' gradients and gradients()' values against backward()'s (already run on zeroed grads), Object.is. */
function expectStepsAndGradientsAsBackward(root: Value, leaves: readonly Value[]): void {
  const byNode = new Map<Value, number>();
  for (const s of backwardSteps(root)) byNode.set(s.node, s.gradient);
  for (const n of topologicalOrder(root)) {
    const want = n.parents.length === 0 ? 0 + (byNode.get(n) as number) : (byNode.get(n) as number);
    if (!Object.is(n.grad, want)) throw new Error(`node ${n} (op '${n.op}'): backward() ${n.grad}, backwardSteps() ${want}`);
  }
  // gradients() builds Values from the graph's nodes; it refuses nothing here (no compile).
  const reachable = new Set(topologicalOrder(root));
  const wrt = leaves.filter((l) => reachable.has(l));
  gradients(root, wrt).forEach((g, i) => {
    const l = wrt[i] as Value;
    if (!Object.is(g.data, l.grad)) throw new Error(`leaf ${l}: backward() ${l.grad}, gradients() ${g.data}`);
  });
}

describe('backward() by the fallback order skips by the same rule', () => {
  it('an inner node made long before the rest (the walk falls back), then w.data = Infinity under × 0: x.grad is NaN', () => {
    const [x, w] = [new Value(2, 'x'), new Value(3, 'w')];
    const old = x.mul(w);
    let junk = new Value(0);
    for (let i = 0; i < 100_000; i++) junk = junk.add(1);
    const root = old.mul(0).add(new Value(1).mul(2));
    w.data = Infinity;
    const before = walkStats.fallbacks;
    root.backward();
    expect(walkStats.fallbacks).toBe(before + 1);
    expect(x.grad).toBeNaN();
    expectSameAsFullSweep(root);
  });
});

describe('backward() zero skipping, op by op', () => {
  it('a product by an infinite constant under a zero gradient gives its operand 0 × Infinity = NaN', () => {
    const x = new Value(2);
    x.mul(Infinity).mul(0).backward();
    expect(x.grad).toBeNaN();
  });

  it("a quotient whose first slope is finite and second is not, under a zero gradient, gives the divisor 0 × -Infinity = NaN", () => {
    const [a, b] = [new Value(1e300), new Value(1e-10)];
    a.div(b).mul(0).backward(); // a / b overflows: d/db = -Infinity / 1e-10; d/da = 1e10
    expect(a.grad).toBe(0);
    expect(b.grad).toBeNaN();
  });

  it('really skips a sum whose gradient is 0: its operands are read less often than those of one whose gradient is not', () => {
    const reads = (slope: number): number => {
      const [x, y] = [new Value(-1), new Value(-3)];
      const s = x.add(y); // -4
      let count = 0;
      const b = s._b;
      Object.defineProperty(s, '_b', { get: () => (count++, b) });
      (slope === 0 ? s.relu() : s.mul(slope)).backward();
      expect(x.grad).toBe(slope);
      return count;
    };
    expect(reads(0)).toBeLessThan(reads(1));
  });
});
