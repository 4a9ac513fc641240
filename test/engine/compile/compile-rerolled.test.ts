import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, compile, customOp, mean, sum, type CompiledGraph } from '../../../src/index.js';
import { COMPILABLE_OPS } from '../../../src/testing/programs.js';
import { flatten } from '../../../src/engine/compile/tape.js';
import { tryReroll, type Variant } from '../../../src/engine/compile/rerolled.js';
import { findInstances } from '../../../src/engine/compile/reroll.js';

/** An op of a per-sample program: registers r and s, and the sample's constant c (a data column). */
type SampleOp = (r: Value, s: Value, c: number) => Value;
const OPS: readonly SampleOp[] = [
  ...COMPILABLE_OPS.map((op): SampleOp => (r, s) => op(r, s)),
  (r, _s, c) => r.mul(c),
  (r, _s, c) => r.add(c),
  (_r, s, c) => s.sub(c),
  (r, _s, c) => r.mul(c).relu(),
  (r, _s, c) => r.max(c),
  (r, _s, c) => r.pow(c),
  (r, s, c) => r.mul(c).add(s.mul(2)).relu(),
];

interface Step {
  readonly op: number;
  readonly r: number;
  readonly s: number;
}

/** Doubles with the special values every path must treat as backward() does. */
const special = fc.oneof(
  fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 1e308, -1e308, 5e-324, 1e-300, 1, -1),
  fc.double({ min: -3, max: 3, noNaN: true }),
);

/** A sample's loss from the shared leaves, its private leaf and its constant, by the program. */
function sampleLoss(steps: readonly Step[], shared: readonly Value[], own: Value, c: number): Value {
  const regs: Value[] = [...shared, own];
  for (const { op, r, s } of steps) regs.push((OPS[op] as SampleOp)(regs[r % regs.length] as Value, regs[s % regs.length] as Value, c));
  return regs[regs.length - 1] as Value;
}

type Outer = 'linear' | 'nonlinear';

/** The whole graph: the samples' losses summed by a chain, then an outer graph over the sum and the shared leaves. */
function build(steps: readonly Step[], shared: readonly Value[], own: readonly Value[], cs: readonly number[], outer: Outer): Value {
  const losses = own.map((leaf, k) => sampleLoss(steps, shared, leaf, cs[k] as number));
  const s = mean(losses);
  const penalty = (shared[0] as Value).mul(shared[1] as Value);
  return outer === 'linear' ? s.add(penalty.mul(1e-2)) : s.tanh().mul(penalty).add(s);
}

/** backward() on a fresh build at these leaf values: the oracle. */
function reference(steps: readonly Step[], sharedData: readonly number[], ownData: readonly number[], cs: readonly number[], outer: Outer): number[] {
  const shared = sharedData.map((x) => new Value(x));
  const own = ownData.map((x) => new Value(x));
  const y = build(steps, shared, own, cs, outer);
  y.backward();
  return [y.data, ...shared.map((p) => p.grad), ...own.map((p) => p.grad)];
}

function sameBits(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (!Object.is(a, expected[i])) throw new Error(`${what}[${i}]: compiled ${a}, backward() ${expected[i]}`);
  });
}

const program = fc.record({
  steps: fc.array(fc.record({ op: fc.nat({ max: OPS.length - 1 }), r: fc.nat({ max: 20 }), s: fc.nat({ max: 20 }) }), { minLength: 1, maxLength: 10 }),
  n: fc.integer({ min: 8, max: 11 }),
  shared: fc.tuple(special, special),
  own: fc.array(special, { minLength: 11, maxLength: 11 }),
  cs: fc.array(special, { minLength: 11, maxLength: 11 }),
  later: fc.tuple(special, special, fc.array(special, { minLength: 11, maxLength: 11 })),
});

function checkVariant(variant: Variant | undefined, outer: Outer): void {
  fc.assert(
    fc.property(program, ({ steps, n, shared: sharedData, own: ownAll, cs: csAll, later }) => {
      const ownData = ownAll.slice(0, n);
      const cs = csAll.slice(0, n);
      const shared = sharedData.map((x) => new Value(x));
      const own = ownData.map((x) => new Value(x));
      const y = build(steps, shared, own, cs, outer);
      const graph = (variant === undefined ? compile(y, { mode: 'generated' }) : tryReroll(flatten(y), variant)) as CompiledGraph;
      expect(graph.mode).toBe('rerolled');
      if (variant !== undefined) expect(graph.stats.rerolled?.variant).toBe(variant);
      const leaves = [...shared, ...own];
      const runOnce = (): number[] => {
        for (const l of leaves) l.grad = 0;
        const out = graph.run();
        return [out, ...leaves.map((l) => l.grad)];
      };
      sameBits(runOnce(), reference(steps, sharedData, ownData, cs, outer), 'run');
      // New leaf values after the build: the graph re-reads them.
      const [a, b, rest] = later;
      shared[0]!.data = a;
      shared[1]!.data = b;
      own.forEach((l, k) => (l.data = rest[k] as number));
      sameBits(runOnce(), reference(steps, [a, b], rest.slice(0, n), cs, outer), 'run after new leaves');
      sameBits([graph.forward()], [reference(steps, [a, b], rest.slice(0, n), cs, outer)[0] as number], 'forward');
    }),
    { numRuns: 60 },
  );
}

describe('compile(): the rerolled path against backward() on random per-sample programs', () => {
  it('run() in the default choice (fused for a linear outer graph) equals backward() bit for bit, with special values and new leaf values', () => {
    checkVariant(undefined, 'linear');
  });
  it('run() in the default choice for a nonlinear outer graph (remat) equals backward() bit for bit', () => {
    checkVariant(undefined, 'nonlinear');
  });
  for (const variant of ['fused', 'remat'] as const) {
    it(`run() in the ${variant} variant equals backward() bit for bit`, () => {
      checkVariant(variant, 'linear');
    });
  }
  it('run() in the remat variant equals backward() bit for bit under a nonlinear outer graph', () => {
    checkVariant('remat', 'nonlinear');
  });
  // A known bug, found by the property above in CI (seed -320423851): the stored variant (no longer
  // chosen by tryReroll) gives the last sample's leaf gradient 0 where backward() gives 0.125, at
  // max(own·0.5 + tanh(0), own) with own = 5e-324 (own·0.5 rounds to 0). it.fails flips when fixed.
  it.fails('run() in the stored variant equals backward() at a max() tie made by a subnormal (known bug)', () => {
    // max(r, s) found by what it builds, so that a new op in COMPILABLE_OPS does not move the case (op 8 is r·0.5 + tanh(s)).
    const max = COMPILABLE_OPS.findIndex((f) => f(new Value(1), new Value(2)).op === 'max');
    const steps = [{ op: 0, r: 0, s: 0 }, { op: 0, r: 0, s: 0 }, { op: 8, r: 2, s: 0 }, { op: max, r: 5, s: 2 }];
    const own = [0, 0, 0, 0, 0, 0, 0, 5e-324];
    const cs = own.map(() => 0);
    const shared = [new Value(0), new Value(0)];
    const leaves = own.map((x) => new Value(x));
    const y = build(steps, shared, leaves, cs, 'nonlinear');
    const graph = tryReroll(flatten(y), 'stored') as CompiledGraph;
    const out = graph.run();
    sameBits([out, ...shared.map((p) => p.grad), ...leaves.map((p) => p.grad)], reference(steps, [0, 0], own, cs, 'nonlinear'), 'run');
  });
  it('tryReroll() chooses remat, never stored, for a sample too large to fuse', () => {
    const y = sum(Array.from({ length: 8 }, (_, k) => {
      let r = new Value(k);
      for (let j = 0; j < 400; j++) r = r.mul(0.5).add(1);
      return r;
    }));
    expect(tryReroll(flatten(y))?.stats.rerolled?.variant).toBe('remat');
  });
  it('tryReroll() refuses the fused variant for a nonlinear outer graph', () => {
    const own = Array.from({ length: 8 }, (_, k) => new Value(k));
    const y = mean(own.map((l) => l.mul(2).relu())).tanh();
    expect(() => tryReroll(flatten(y), 'fused')).toThrow(/linear path/);
    expect(tryReroll(flatten(y))?.stats.rerolled?.variant).toBe('remat');
  });
});

/** A small per-sample loss: relu(w·x + b) - y, squared. */
function small(w: Value, b: Value, x: number, yv: number): Value {
  return w.mul(x).add(b).relu().sub(yv).mul(w.mul(x).add(b).relu().sub(yv));
}

describe('compile(): when the rerolled path does not apply, today\'s modes run', () => {
  const w = new Value(0.5);
  const b = new Value(-0.1);
  const xs = Array.from({ length: 12 }, (_, k) => k / 3 - 1);
  const reason = (y: Value): string => {
    const found = findInstances(flatten(y));
    return typeof found === 'string' ? found : 'found';
  };
  it('compile() rerolls 8 instances and reports them in its stats', () => {
    const y = sum(xs.slice(0, 8).map((x, k) => small(w, b, x, k % 2)));
    const graph = compile(y, { mode: 'generated' });
    expect(graph.mode).toBe('rerolled');
    expect(graph.stats.rerolled).toEqual({ instances: 8, nodesPerInstance: 9, constantColumns: 2, leafColumns: 0, variant: 'fused' });
  });
  it('compile() rerolls a chain summed with another term at its top (sum(losses).add(penalty)), and private leaves become leaf columns', () => {
    const own = xs.map((x) => new Value(x));
    const y = sum(own.map((leaf) => small(w, b, 2, 1).mul(leaf))).add(w.mul(w));
    const graph = compile(y, { mode: 'generated' });
    expect(graph.stats.rerolled).toEqual({ instances: 12, nodesPerInstance: 11, constantColumns: 0, leafColumns: 1, variant: 'fused' });
    const reference = (): number[] => {
      const ws = new Value(w.data);
      const bs = new Value(b.data);
      const os = own.map((l) => new Value(l.data));
      const z = sum(os.map((leaf) => small(ws, bs, 2, 1).mul(leaf))).add(ws.mul(ws));
      z.backward();
      return [z.data, ws.grad, bs.grad, ...os.map((l) => l.grad)];
    };
    for (const l of [w, b, ...own]) l.grad = 0;
    const out = graph.run();
    expect([out, w.grad, b.grad, ...own.map((l) => l.grad)]).toEqual(reference());
  });
  it('compile() interprets a graph it would reroll where new Function is blocked (a strict Content-Security-Policy), and rethrows other errors', () => {
    const y = sum(xs.map((x, k) => small(w, b, x, k % 2)));
    const original = globalThis.Function;
    globalThis.Function = function blockedFunction(): never {
      throw new EvalError('Refused to evaluate a string as JavaScript');
    } as unknown as FunctionConstructor;
    try {
      expect(compile(y).mode).toBe('interpreted');
      expect(tryReroll(flatten(y))).toBeUndefined();
      globalThis.Function = function brokenFunction(): never {
        throw new Error('not a policy');
      } as unknown as FunctionConstructor;
      expect(() => tryReroll(flatten(y))).toThrow(/not a policy/);
    } finally {
      globalThis.Function = original;
    }
  });
  it('compile() keeps generated code for 7 instances (fewer than 8)', () => {
    const y = sum(xs.slice(0, 7).map((x, k) => small(w, b, x, k % 2)));
    expect(compile(y, { mode: 'generated' }).mode).toBe('generated');
    expect(reason(y)).toBe('no chain of sums of 8 or more terms');
  });
  it("compile() in 'interpreted' mode interprets a graph it could reroll", () => {
    expect(compile(sum(xs.map((x) => small(w, b, x, 1))), { mode: 'interpreted' }).mode).toBe('interpreted');
  });
  it('compile() refuses instances sharing an inner node', () => {
    const h = w.tanh();
    const y = sum(xs.map((x) => h.mul(x).relu()));
    expect(compile(y, { mode: 'generated' }).mode).toBe('generated');
    expect(reason(y)).toBe('a node is used by two instances, or by an instance and the rest of the graph');
  });
  it('compile() refuses an instance whose output the outer graph also reads', () => {
    const losses = xs.map((x) => small(w, b, x, 1));
    const y = sum(losses).add((losses[3] as Value).mul(2));
    expect(compile(y, { mode: 'generated' }).mode).toBe('generated');
    expect(reason(y)).toBe('a node is used by two instances, or by an instance and the rest of the graph');
  });
  it('compile() refuses instances of different shapes', () => {
    const y = sum(xs.map((x, k) => (k === 5 ? small(w, b, x, 1).tanh() : small(w, b, x, 1))));
    expect(compile(y, { mode: 'generated' }).mode).toBe('generated');
    expect(reason(y)).toBe('the instances differ in size');
    const z = sum(xs.map((x, k) => (k === 5 ? w.mul(x).tanh() : w.mul(x).exp())));
    expect(reason(z)).toBe('the instances differ in shape');
  });
  it('compile() refuses a sum that is not a left-fold chain (a balanced tree)', () => {
    const losses = xs.slice(0, 8).map((x) => small(w, b, x, 1));
    const pair = (i: number): Value => (losses[i] as Value).add(losses[i + 1] as Value);
    const y = pair(0).add(pair(2)).add(pair(4).add(pair(6)));
    expect(compile(y, { mode: 'generated' }).mode).toBe('generated');
  });
  it('compile() refuses a chain that sums its terms out of the order they were made', () => {
    const y = sum(xs.map((x) => small(w, b, x, 1)).reverse());
    expect(reason(y)).toBe('the chain does not sum its terms in the order they were made');
    expect(compile(y, { mode: 'generated' }).mode).toBe('generated');
  });
  it('compile() refuses a sum of leaves', () => {
    const y = sum(xs.map((x) => new Value(x)));
    expect(reason(y)).toBe('the terms of the sum are leaves');
  });
  it('compile() refuses a custom op inside an instance', () => {
    const twice = customOp({ name: 'twice', forward: (x: number) => 2 * x, derivatives: () => [2] });
    const y = sum(xs.map((x) => twice(w.mul(x))));
    expect(reason(y)).toBe('an instance holds a custom op');
    expect(compile(y, { mode: 'generated' }).mode).toBe('generated');
  });
  it('compile() leaves an unknown op code inside an instance to the other modes, which throw on it', () => {
    const y = sum(xs.map((x) => {
      const broken = w.mul(x);
      broken._code = 99;
      return broken.relu();
    }));
    expect(reason(y)).toBe('an instance holds an unknown op');
    expect(() => compile(y, { mode: 'generated' })).toThrow(/^memograd: compile: unknown op code 99/);
  });
  it('compile() refuses a node of the outer graph made between the instances', () => {
    const losses: Value[] = [];
    let extra: Value | undefined;
    xs.forEach((x, k) => {
      losses.push(small(w, b, x, 1));
      if (k === 4) extra = w.exp();
    });
    const y = mean(losses).add(extra as Value);
    expect(reason(y)).toBe('a node of the outer graph lies between the instances');
    expect(compile(y, { mode: 'generated' }).mode).toBe('generated');
  });
  it('compile() refuses a shared leaf read by every instance in two phases (its gradient would be summed in another order)', () => {
    const scores = xs.map((x) => w.mul(x).relu());
    const y = sum(scores.map((s) => s.mul(w)));
    expect(reason(y)).toBe('a shared leaf is read by the instances in interleaved phases');
    // A leaf read in the second phase only sums in the instances' order: rerolled.
    expect(reason(sum(scores.map((s) => s.mul(b))))).toBe('found');
  });
});

describe('compile(): sync() and reader() of a rerolled graph', () => {
  const xs = Array.from({ length: 9 }, (_, k) => k / 4 - 1);
  const build = (w: Value, b: Value, own: readonly Value[]): { y: Value; scores: Value[] } => {
    const scores = xs.map((x, k) => w.mul(x).add(b).relu().mul(own[k] as Value));
    return { y: mean(scores.map((s, k) => s.sub(k % 3).relu())).tanh(), scores };
  };
  for (const variant of ['fused', 'remat', 'stored'] as const) {
    it(`sync() after run() in the ${variant} variant writes every inner node's value and gradient as backward() on a fresh build at the new leaves`, () => {
      const w = new Value(0.7);
      const b = new Value(0.2);
      const own = xs.map((x) => new Value(x + 2));
      const { y, scores } = build(w, b, own);
      const outerLinear = variant === 'fused' ? mean(scores.map((s, k) => s.sub(k % 3).relu())) : y;
      const graph = tryReroll(flatten(outerLinear), variant) as CompiledGraph;
      const read = graph.reader(scores);
      expect(read()).toEqual(Float64Array.from(scores, (s) => s.data));
      w.data = -0.4;
      b.data = 1.5;
      own.forEach((l, k) => (l.data = k - 4));
      graph.run();
      const scoresRead = read();
      graph.sync();
      const fw = new Value(w.data);
      const fb = new Value(b.data);
      const fresh = build(fw, fb, own.map((l) => new Value(l.data)));
      const freshY = variant === 'fused' ? mean(fresh.scores.map((s, k) => s.sub(k % 3).relu())) : fresh.y;
      freshY.backward();
      const mine = flatten(outerLinear).nodes;
      const theirs = flatten(freshY).nodes;
      expect(mine.length).toBe(theirs.length);
      mine.forEach((node, i) => {
        if (node._a === null) return;
        sameBits([node.data, node.grad], [(theirs[i] as Value).data, (theirs[i] as Value).grad], `node ${i}`);
      });
      sameBits([...scoresRead], fresh.scores.map((s) => s.data), 'reader after run()');
      // forward() alone: the reader sees its values, and sync() writes values only.
      w.data = 0.9;
      graph.forward();
      const again = build(new Value(0.9), new Value(b.data), own.map((l) => new Value(l.data)));
      sameBits([...read()], again.scores.map((s) => s.data), 'reader after forward()');
    });
  }
  it('sync() before any pass changes nothing', () => {
    const w = new Value(0.7);
    const b = new Value(0.2);
    const own = xs.map((x) => new Value(x + 2));
    const { y, scores } = build(w, b, own);
    const before = scores.map((s) => s.data);
    const graph = compile(y, { mode: 'generated' });
    expect(graph.mode).toBe('rerolled');
    w.data = 3;
    graph.sync();
    expect(scores.map((s) => s.data)).toEqual(before);
  });
});
