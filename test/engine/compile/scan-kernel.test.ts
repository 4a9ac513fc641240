import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AUTO_GENERATE_MAX_NODES, Value, compile, customOp, topologicalOrder, type CompileMode } from '../../../src/index.js';
import { BINARY_OPS, CONSTANT_OPS, UNARY_OPS } from '../../support/ops.js';
import { withEdges, real } from '../../support/arbitraries.js';
import { SHRINK } from '../../support/scale.js';
import { policyRefusal, withFunctionThrowing } from '../../support/function-constructor.js';

/** A graph and the leaves it reads, made by one build function at given leaf values. */
interface Built {
  readonly root: Value;
  readonly leaves: readonly Value[];
}

/**
 * Compiles `build(xs)` in `mode`, runs it at `xs` and again at `ys` (leaves changed after the
 * build), and checks the output, every leaf's gradient, and (after sync()) every node's value and
 * gradient against backward() on fresh builds, with Object.is. Returns the compiled graph.
 */
function expectBackwardBits(build: (xs: readonly number[]) => Built, xs: readonly number[], ys: readonly number[], mode: CompileMode = 'auto') {
  const built = build(xs);
  const c = compile(built.root, { mode });
  for (const at of [xs, ys]) {
    built.leaves.forEach((l, i) => {
      l.data = at[i] as number;
      l.grad = 0;
    });
    const ref = build(at);
    ref.root.backward();
    const out = c.run();
    if (!Object.is(out, ref.root.data)) throw new Error(`output: compiled ${out}, backward() ${ref.root.data}`);
    built.leaves.forEach((l, i) => {
      const want = (ref.leaves[i] as Value).grad;
      if (!Object.is(l.grad, want)) throw new Error(`leaf ${i}: compiled grad ${l.grad}, backward() ${want}`);
    });
    c.sync();
    const mine = topologicalOrder(built.root);
    const theirs = topologicalOrder(ref.root);
    expect(mine.length).toBe(theirs.length);
    mine.forEach((n, i) => {
      const r = theirs[i] as Value;
      if (n.parents.length === 0) return;
      if (!Object.is(n.data, r.data) || !Object.is(n.grad, r.grad)) throw new Error(`node ${i} (${n.op}): compiled ${n.data}, ${n.grad}; backward() ${r.data}, ${r.grad}`);
    });
  }
  return c;
}

/** The bench's chain: y = tanh(y·w_i + b_i) from x0, with leaves x0, w_1..w_n, b_1..b_n. */
function tanhChain(n: number): (xs: readonly number[]) => Built {
  return (xs) => {
    const leaves = xs.map((x) => new Value(x));
    let y = leaves[0] as Value;
    for (let i = 0; i < n; i++) y = y.mul(leaves[1 + i] as Value).add(leaves[1 + n + i] as Value).tanh();
    return { root: y, leaves };
  };
}

const tanhInputs = (n: number, shift: number): number[] =>
  Array.from({ length: 1 + 2 * n }, (_, i) => (i === 0 ? 0.5 + shift : i <= n ? 1 + 0.1 * Math.sin(i + shift) : 0.01 * Math.cos(i + shift)));

describe('compile(): the scan kernel on chains of identical units', () => {
  it('run() on the tanh chain (1000 steps) runs one loop of 999 units and equals backward() bit for bit, before and after the leaves change', () => {
    const c = expectBackwardBits(tanhChain(1000), tanhInputs(1000, 0), tanhInputs(1000, 1));
    expect(c.mode).toBe('generated');
    expect(c.stats).toEqual({ scan: { units: 999, nodesPerUnit: 5 } });
  });

  it('run() adds each unit\'s own leaf\'s gradient once to what its .grad held, as backward() does (from -0 and from other values, over two runs), and reader() reads those leaves', () => {
    // Saturated units (tanh(±30) is ±1 exactly) with weights of alternating sign pass -0 down the
    // chain: a leaf whose .grad is -0 and whose run gives it exactly 0 keeps its -0 only if that 0
    // is not added, as backward() adds nothing then.
    const n = 16;
    const saturated = Array.from({ length: 1 + 2 * n }, (_, i) => (i === 0 ? 30 : i <= n ? (i % 2 === 0 ? -30 : 30) : i % 3 === 0 ? -0 : 0));
    const starts = [-0, 0, 0.5, -1e-300, 3];
    for (const xs of [saturated, tanhInputs(n, 0.5)]) {
      const built = tanhChain(n)(xs);
      const ref = tanhChain(n)(xs);
      const c = compile(built.root, { mode: 'generated' });
      expect(c.stats.scan?.units).toBe(n - 1);
      const read = c.reader(built.leaves);
      built.leaves.forEach((l, i) => (l.grad = starts[i % starts.length] as number));
      ref.leaves.forEach((l, i) => (l.grad = starts[i % starts.length] as number));
      for (let pass = 0; pass < 2; pass++) {
        c.run();
        ref.root.backward();
        built.leaves.forEach((l, i) => {
          const want = (ref.leaves[i] as Value).grad;
          if (!Object.is(l.grad, want)) throw new Error(`pass ${pass}, leaf ${i}: compiled grad ${l.grad}, backward() ${want}`);
        });
      }
      expect(Array.from(read())).toEqual(xs);
    }
  });

  it('compile() lets the loop read and write the units\' own leaves itself, but for a position whose leaf the code after the loop reads', () => {
    const n = 16;
    const internals = (c: unknown): number => (c as { _passLeaves: number })._passLeaves;
    // The loop runs units 2..16 (the first, x0·w1, runs before it): b_1..b_15 and w_2..w_16 are theirs.
    const plain = expectBackwardBits(tanhChain(n), tanhInputs(n, 0), tanhInputs(n, 1), 'generated');
    expect(plain.stats.scan).toEqual({ units: n - 1, nodesPerUnit: 5 });
    expect(internals(plain)).toBe(2 * (n - 1));
    // The output also reads b_1, the first loop unit's first node: the b's stay with readLeaves() and
    // endRun(), and b_1's gradient sums the loop's and the output's contributions.
    const readsB1 = (xs: readonly number[]): Built => {
      const { root, leaves } = tanhChain(n)(xs);
      return { root: root.add(leaves[1 + n] as Value), leaves };
    };
    const c = expectBackwardBits(readsB1, tanhInputs(n, 0), tanhInputs(n, 1), 'generated');
    expect(c.stats.scan).toEqual({ units: n - 1, nodesPerUnit: 5 });
    expect(internals(c)).toBe(n - 1);
    // Without a loop, no leaf is the passes' own.
    expect(internals(compile(tanhChain(n)(tanhInputs(n, 0)).root, { mode: 'interpreted' }))).toBe(0);
  });

  it('run() on the million-node chain x·1.0001 + 0.0001 runs as a loop in auto mode and equals backward() bit for bit', () => {
    const steps = 250_000 / SHRINK;
    const build = ([x]: readonly number[]): Built => {
      const x0 = new Value(x as number);
      let y = x0;
      for (let i = 0; i < steps; i++) y = y.mul(1.0001).add(0.0001);
      return { root: y, leaves: [x0] };
    };
    const { root, leaves } = build([1]);
    const c = compile(root);
    expect(c.stats.scan).toEqual({ units: steps - 1, nodesPerUnit: 2 });
    expect(c.run()).toBe(root.data);
    const ref = build([1]);
    ref.root.backward();
    expect(Object.is(leaves[0]?.grad, ref.leaves[0]?.grad)).toBe(true);
    expect(Object.is(root.data, ref.root.data)).toBe(true);
  });

  it('run() sums a shared leaf\'s contributions from every unit, a suffix and a prefix in backward()\'s order', () => {
    // w is shared by every unit and read by the suffix and the prefix; u is a computed node
    // before the chain that every unit reads; each unit reads its own leaf twice and the carry twice.
    const n = 40;
    const build = (xs: readonly number[]): Built => {
      const leaves = xs.map((x) => new Value(x));
      const [x0, w] = leaves as [Value, Value];
      const u = w.mul(x0).sin();
      let y = x0.add(w);
      for (let i = 0; i < n; i++) {
        const own = leaves[2 + i] as Value;
        y = y.mul(y).mul(w).add(own.mul(own)).sub(u.mul(own)).tanh().add(y.mul(0.25));
      }
      return { root: y.mul(w).add(leaves[5] as Value), leaves };
    };
    const xs = Array.from({ length: 2 + n }, (_, i) => Math.sin(3 * i + 1));
    const ys = Array.from({ length: 2 + n }, (_, i) => Math.cos(5 * i + 2) * 1e3);
    const c = expectBackwardBits(build, xs, ys, 'generated');
    expect(c.stats.scan?.units).toBeGreaterThanOrEqual(n - 2);
  });

  it('run() reads folded constants that differ between units (pow\'s exponent among them, 0 included) from columns, bit for bit', () => {
    const ks = [2, 0, -0, 0.5, 3, -1, 1e308, NaN, Infinity, -Infinity, 1, 1.5];
    const build = (xs: readonly number[]): Built => {
      const x0 = new Value(xs[0] as number);
      let y = x0;
      for (const k of [...ks, ...ks]) y = y.abs().add(0.5).pow(k).mul(k).max(k).sub(0.25).tanh();
      return { root: y, leaves: [x0] };
    };
    const c = expectBackwardBits(build, [0.7], [-3], 'generated');
    expect(c.stats.scan?.units).toBeGreaterThanOrEqual(2 * ks.length - 2);
  });
});

/** One op of a random unit: its op, and where each operand comes from. */
interface UnitStep {
  readonly op: number;
  readonly kind: 'unary' | 'binary' | 'constant';
  /** Second operand: 0 an earlier op of the unit (or the carry), 1 the unit's own leaf, 2 the shared leaf, 3 the node computed before the chain. */
  readonly second: number;
  readonly earlier: number;
  /** A constant the same in every unit, or one per unit. */
  readonly perUnit: boolean;
  readonly k: number;
}

const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 1e308, -1e308, 5e-324, 2, 0.5, -1];
const value = withEdges(real(-3, 3));
const stepArb: fc.Arbitrary<UnitStep> = fc.record({
  op: fc.nat(),
  kind: fc.constantFrom('unary' as const, 'binary' as const, 'constant' as const),
  second: fc.integer({ min: 0, max: 3 }),
  earlier: fc.nat(),
  perUnit: fc.boolean(),
  k: fc.oneof(fc.constantFrom(...SPECIAL), real(-3, 3)),
});

/** A chain of `units` copies of `unit` from a leaf, between a small prefix and suffix; leaves: x0, the shared one, one per unit. */
function randomChain(unit: readonly UnitStep[], units: number, useOwnInSuffix: boolean): (xs: readonly number[]) => Built {
  return (xs) => {
    const leaves = xs.map((x) => new Value(x));
    const [x0, shared] = leaves as [Value, Value];
    const before = x0.mul(shared).add(1);
    let y = before.tanh();
    for (let u = 0; u < units; u++) {
      const own = leaves[2 + u] as Value;
      const ops: Value[] = [y];
      unit.forEach((s, j) => {
        // Each op reads the one before it (the carry for the first), so the output depends on every op.
        const a = ops[j] as Value;
        if (s.kind === 'unary') {
          ops.push((UNARY_OPS[s.op % UNARY_OPS.length] as (typeof UNARY_OPS)[number])[1](a));
          return;
        }
        if (s.kind === 'constant') {
          const k = s.perUnit ? (SPECIAL[(s.op + u) % SPECIAL.length] as number) : s.k;
          ops.push((CONSTANT_OPS[s.op % CONSTANT_OPS.length] as (typeof CONSTANT_OPS)[number])[1](a, k));
          return;
        }
        const b = [ops[s.earlier % (j + 1)] as Value, own, shared, before][s.second] as Value;
        ops.push((BINARY_OPS[s.op % BINARY_OPS.length] as (typeof BINARY_OPS)[number])[1](a, b));
      });
      y = ops[ops.length - 1] as Value;
    }
    const root = useOwnInSuffix ? y.mul(shared).add(leaves[2 + (units >> 1)] as Value) : y;
    return { root, leaves };
  };
}

describe('compile(): the scan kernel on random chains', () => {
  it('run() in auto and generated mode equals backward() bit for bit on random chains over the op table, with special leaf values and constants, and after the leaves change; the loop ran', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 10, max: 24 }),
        fc.boolean(),
        fc.constantFrom<CompileMode>('auto', 'generated'),
        fc.infiniteStream(value),
        (unit, units, useOwn, mode, values) => {
          const count = 2 + units;
          const xs = Array.from({ length: count }, () => values.next().value as number);
          const ys = Array.from({ length: count }, () => values.next().value as number);
          const c = expectBackwardBits(randomChain(unit, units, useOwn), xs, ys, mode);
          expect(c.stats.scan?.units).toBeGreaterThanOrEqual(units - 2);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('compile(): where the scan kernel refuses', () => {
  const chain = (n: number, leak: number): ((xs: readonly number[]) => Built) => (xs) => {
    const leaves = xs.map((x) => new Value(x));
    let y = leaves[0] as Value;
    let leaked: Value | undefined;
    for (let i = 0; i < n; i++) {
      const inner = y.mul(leaves[1 + i] as Value);
      if (i === leak) leaked = inner;
      y = inner.add(0.1).tanh();
    }
    return { root: leaked === undefined ? y : y.add(leaked), leaves };
  };
  const inputs = (n: number, s: number): number[] => Array.from({ length: n + 1 }, (_, i) => Math.sin(i + s));

  it('compile() runs 8 units as a loop, but not 7 (generated code, bit for bit)', () => {
    // A chain's first unit runs before the loop when its carry is a leaf: 9 steps make 8 units.
    expect(expectBackwardBits(chain(9, -1), inputs(9, 0), inputs(9, 1), 'generated').stats.scan?.units).toBe(8);
    const c = expectBackwardBits(chain(8, -1), inputs(8, 0), inputs(8, 1), 'generated');
    expect(c.mode).toBe('generated');
    expect(c.stats).toEqual({});
  });

  it('compile() refuses units whose inner node is read outside them (here by the output), unless a long enough chain remains', () => {
    expect(expectBackwardBits(chain(14, 7), inputs(14, 0), inputs(14, 1), 'generated').stats).toEqual({});
    expect(expectBackwardBits(chain(30, 7), inputs(30, 0), inputs(30, 1), 'generated').stats.scan?.units).toBeGreaterThanOrEqual(20);
  });

  it('compile() refuses a recurrence on the two steps before (no unit carries one value), and a chain of ops that never repeat', () => {
    const fib = (xs: readonly number[]): Built => {
      const leaves = xs.map((x) => new Value(x));
      let [p, q] = leaves as [Value, Value];
      for (let i = 0; i < 30; i++) [p, q] = [q, q.mul(p).mul(0.5)];
      return { root: q, leaves };
    };
    expect(expectBackwardBits(fib, [0.9, 1.1], [1.2, -0.3], 'generated').stats).toEqual({});
    const names = UNARY_OPS.filter(([name]) => !['exp', 'cosh', 'sinh', 'expm1', 'tan'].includes(name));
    const mixed = (xs: readonly number[]): Built => {
      const x = new Value(xs[0] as number);
      let y = x;
      names.forEach(([, op], i) => (y = op(y).mul(1 + i)));
      return { root: y, leaves: [x] };
    };
    expect(expectBackwardBits(mixed, [0.3], [-0.2], 'generated').stats).toEqual({});
  });

  it('compile() runs no loop in interpreted mode, nor for a graph with a custom op', () => {
    expect(expectBackwardBits(tanhChain(20), tanhInputs(20, 0), tanhInputs(20, 1), 'interpreted').stats).toEqual({});
    const twice = customOp({ name: 'twice', forward: (x) => 2 * x, derivatives: () => [2] });
    const custom = (xs: readonly number[]): Built => {
      const { root, leaves } = tanhChain(20)(xs);
      return { root: twice(root), leaves };
    };
    expect(expectBackwardBits(custom, tanhInputs(20, 0), tanhInputs(20, 1), 'generated').stats).toEqual({});
  });

  it('compile() keeps straight-line code where the ops outside the loop outnumber those in it', () => {
    const x = new Value(0.5);
    let y = x;
    for (let i = 0; i < 10; i++) y = y.mul(0.9).tanh();
    // Each product reads the two before it: no chain. The loop: 9 units of 2 ops (the chain's
    // first product and last tanh run outside it). Outside: those 2, neg, exp, the products, the sum.
    let [p, q] = [x.neg(), x.exp()];
    for (let i = 0; i < 16; i++) [p, q] = [q, q.mul(p)];
    const c = compile(y.add(q), { mode: 'generated' });
    expect(c.mode).toBe('generated');
    expect(c.stats).toEqual({});
    let [p2, q2] = [x.neg(), x.exp()];
    for (let i = 0; i < 14; i++) [p2, q2] = [q2, q2.mul(p2)];
    expect(compile(y.add(q2), { mode: 'generated' }).stats).toEqual({}); // 19 ops outside, 18 in
    [p2, q2] = [x.neg(), x.exp()];
    for (let i = 0; i < 13; i++) [p2, q2] = [q2, q2.mul(p2)];
    expect(compile(y.add(q2), { mode: 'generated' }).stats.scan?.units).toBe(9);
  });

  it('compile() in auto mode interprets a chain whose nodes outside the loop exceed AUTO_GENERATE_MAX_NODES, which generated mode runs as a loop', () => {
    const x = new Value(0.5);
    let y = x;
    for (let i = 0; i < AUTO_GENERATE_MAX_NODES; i++) y = y.mul(0.9).tanh();
    // Each product reads the two before it: no chain, all straight-line code.
    let [p, q] = [x.neg(), x.exp()];
    for (let i = 0; i < AUTO_GENERATE_MAX_NODES; i++) [p, q] = [q, q.mul(p)];
    const root = y.add(q);
    expect(compile(root).mode).toBe('interpreted');
    const generated = compile(root, { mode: 'generated' });
    expect(generated.stats.scan?.units).toBe(AUTO_GENERATE_MAX_NODES - 1);
  });

  it('compile() falls back to the interpreter in auto mode where new Function is blocked, even for a chain', () => {
    withFunctionThrowing(policyRefusal(), () => {
      const { root } = tanhChain(20)(tanhInputs(20, 0));
      const c = compile(root);
      expect(c.mode).toBe('interpreted');
      expect(c.stats).toEqual({});
    });
  });

  it('compile() rethrows an error of new Function other than a policy refusal for a chain, rather than quietly running no scan', () => {
    withFunctionThrowing(new SyntaxError('not a policy'), (calls) => {
      const { root } = tanhChain(20)(tanhInputs(20, 0));
      expect(() => compile(root)).toThrow(/not a policy/);
      // Thrown by the scan kernel's new Function, not by generated code's after a swallowed one.
      expect(calls()).toBe(1);
    });
  });
});
