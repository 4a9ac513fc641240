import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, compile, customOp, mean, sum, type CompiledGraph, type RerollStats } from '../../../src/index.js';
import { COMPILABLE_OPS, SMOOTH_OPS } from '../../../src/testing/programs.js';
import { flatten } from '../../../src/engine/compile/tape.js';
import { tryReroll, type Variant } from '../../../src/engine/compile/rerolled.js';
import { findInstances } from '../../../src/engine/compile/reroll.js';
import { policyRefusal, withFunctionThrowing } from '../../support/function-constructor.js';

/** An op of a per-sample program: registers r and s, and the sample's constant c (a data column). */
type SampleOp = (r: Value, s: Value, c: number) => Value;
/** The one op that does not read r (see `longSteps`). */
const SUB_OF_S: SampleOp = (_r, s, c) => s.sub(c);
/** The binary kinks, which a program may end with (see `steps`). */
const MAX_OF: SampleOp = (r, s) => r.max(s);
const MIN_OF: SampleOp = (r, s) => r.min(s);
/** The ops with a kink or a slope that is exactly 0 (COMPILABLE_OPS lists them after SMOOTH_OPS), and this file's own. */
const KINK_OPS: readonly SampleOp[] = [
  ...COMPILABLE_OPS.slice(SMOOTH_OPS.length).map((op): SampleOp => (r, s) => op(r, s)),
  (r, _s, c) => r.mul(c).relu(),
  (r, _s, c) => r.max(c),
  (r, s, c) => r.mul(c).add(s.mul(2)).relu(),
  MAX_OF,
  MIN_OF,
];
const OPS: readonly SampleOp[] = [
  ...SMOOTH_OPS.map((op): SampleOp => (r, s) => op(r, s)),
  ...KINK_OPS,
  (r, _s, c) => r.mul(c),
  (r, _s, c) => r.add(c),
  SUB_OF_S,
  (r, _s, c) => r.pow(c),
];
/** An op of OPS, a kink one time in three (most kinks are one op among many). */
const opIndex = fc.oneof(
  { weight: 2, arbitrary: fc.nat({ max: OPS.length - 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: SMOOTH_OPS.length, max: SMOOTH_OPS.length + KINK_OPS.length - 1 }) },
);

interface Step {
  readonly op: number;
  readonly r: number;
  readonly s: number;
}

/**
 * Doubles with the special values every path must treat as backward() does: kinks need exact
 * zeros of both signs, subnormals (5e-324 · 0.5 is 0) and ties (max(a, b) at a = b), so most draws
 * come from a short list that the leaves and the constants share.
 */
const special = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, -0, 5e-324, -5e-324, 1e-310, 0.25, -0.25, 0.5, 1, -1, 2) },
  { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, NaN, 1e308, -1e308, 1e-300) },
  { weight: 3, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) },
);

/** A register of a program: often the sample's private leaf (register 2), so a late op reads it beside what was made from it. */
const register = fc.oneof({ weight: 3, arbitrary: fc.nat({ max: 20 }) }, { weight: 1, arbitrary: fc.constant(2) });

/** A sample's loss from the shared leaves, its private leaf and its constant, by the program. */
function sampleLoss(steps: readonly Step[], shared: readonly Value[], own: Value, c: number): Value {
  const regs: Value[] = [...shared, own];
  for (const { op, r, s } of steps) regs.push((OPS[op] as SampleOp)(regs[r % regs.length] as Value, regs[s % regs.length] as Value, c));
  return regs[regs.length - 1] as Value;
}

type Outer = 'linear' | 'nonlinear';

/** A sample's loss from the two shared leaves, its private leaf and its constant. */
type Sample = (shared: readonly Value[], own: Value, c: number) => Value;

/** The whole graph: the samples' losses summed by a chain, then an outer graph over the sum and the shared leaves. */
function build(steps: readonly Step[] | Sample, shared: readonly Value[], own: readonly Value[], cs: readonly number[], outer: Outer): Value {
  const sample: Sample = typeof steps === 'function' ? steps : (sh, leaf, c) => sampleLoss(steps, sh, leaf, c);
  const losses = own.map((leaf, k) => sample(shared, leaf, cs[k] as number));
  const s = mean(losses);
  const penalty = (shared[0] as Value).mul(shared[1] as Value);
  return outer === 'linear' ? s.add(penalty.mul(1e-2)) : s.tanh().mul(penalty).add(s);
}

/** backward() on a fresh build at these leaf values: the oracle. */
function reference(steps: readonly Step[] | Sample, sharedData: readonly number[], ownData: readonly number[], cs: readonly number[], outer: Outer): number[] {
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

/** The graph's nodes and which of them are the sum's chain of partial sums (the fast passes keep only its top). */
function partsOf(y: Value): { nodes: readonly Value[]; links: ReadonlySet<Value> } {
  const tape = flatten(y);
  const ins = findInstances(tape);
  if (typeof ins === 'string') throw new Error(ins);
  return { nodes: tape.nodes, links: new Set([...ins.links].slice(0, -1).map((i) => tape.nodes[i] as Value)) };
}

/** max(r, s) and min(r, s) in OPS. */
const BINARY_KINKS = [OPS.indexOf(MAX_OF), OPS.indexOf(MIN_OF)];

/**
 * A program; one time in three it ends in max() or min() of its last value and the private leaf
 * (either side), where a zero gradient passes below while the leaf gets its own.
 */
const steps = fc
  .tuple(
    fc.array(fc.record({ op: opIndex, r: register, s: register }), { minLength: 1, maxLength: 10 }),
    fc.option(fc.record({ op: fc.constantFrom(...BINARY_KINKS), leafFirst: fc.boolean() }), { freq: 2 }),
  )
  .map(([body, end]): Step[] => {
    if (end === null) return body;
    const last = body.length + 2;
    return [...body, { op: end.op, r: end.leafFirst ? 2 : last, s: end.leafFirst ? last : 2 }];
  });

/**
 * A program of 121 to 160 steps, each reading the step before it as r (and any register as s), so that every
 * step is in the sample: more than 120 nodes, stored in several chunks by default.
 */
const longSteps = fc
  .array(fc.record({ op: opIndex.map((i) => (OPS[i] === SUB_OF_S ? 0 : i)), s: register }), { minLength: 121, maxLength: 160 })
  .map((body): Step[] => body.map(({ op, s }, i) => ({ op, r: i + 2, s })));

/** The program's data: shared leaves, per-sample leaves and constants, and new leaf values for a second run. */
const data = {
  n: fc.integer({ min: 8, max: 11 }),
  shared: fc.tuple(special, special),
  own: fc.array(special, { minLength: 11, maxLength: 11 }),
  cs: fc.array(special, { minLength: 11, maxLength: 11 }),
  later: fc.tuple(special, special, fc.array(special, { minLength: 11, maxLength: 11 })),
};
const program = fc.record({ steps, ...data });
const longProgram = fc.record({ steps: longSteps, ...data });

/** Runs `variant` (undefined: compile()'s choice, which must be `expected`) on random programs against backward(). */
function checkVariant(variant: Variant | undefined, outer: Outer, expected: Variant = variant as Variant, programs = program, numRuns = 60): void {
  fc.assert(
    fc.property(programs, ({ steps, n, shared: sharedData, own: ownAll, cs: csAll, later }) => {
      const ownData = ownAll.slice(0, n);
      const cs = csAll.slice(0, n);
      const shared = sharedData.map((x) => new Value(x));
      const own = ownData.map((x) => new Value(x));
      const y = build(steps, shared, own, cs, outer);
      const graph = (variant === undefined ? compile(y, { mode: 'generated' }) : tryReroll(flatten(y), variant)) as CompiledGraph;
      expect(graph.mode).toBe('rerolled');
      expect(graph.stats.rerolled?.variant).toBe(expected);
      const leaves = [...shared, ...own];
      // A reader of every node but the partial sums, made before any pass (as the Trainer makes its own).
      const { nodes, links } = partsOf(y);
      const kept = nodes.filter((node) => !links.has(node));
      const read = graph.reader(kept);
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
      const fresh = flatten(build(steps, [a, b].map((x) => new Value(x)), rest.slice(0, n).map((x) => new Value(x)), cs, outer)).nodes;
      sameBits([...read()], kept.map((node) => (fresh[nodes.indexOf(node)] as Value).data), 'reader after run');
      // The loops stored what the reader reads (made before the first pass, as the Trainer's): no pass replayed.
      expect((graph as CompiledGraph & { _replays: number })._replays).toBe(0);
      sameBits([graph.forward()], [reference(steps, [a, b], rest.slice(0, n), cs, outer)[0] as number], 'forward');
    }),
    { numRuns },
  );
}

describe('compile(): the rerolled path against backward() on random per-sample programs', () => {
  it('run() in the default choice (fused for a linear outer graph) equals backward() bit for bit, with special values and new leaf values', () => {
    checkVariant(undefined, 'linear', 'fused');
  });
  it('run() in the default choice for a nonlinear outer graph (remat) equals backward() bit for bit', () => {
    checkVariant(undefined, 'nonlinear', 'remat');
  });
  for (const outer of ['linear', 'nonlinear'] as const) {
    it(`run() in the default choice for samples of more than 120 nodes (stored, in several chunks) equals backward() bit for bit under a ${outer} outer graph`, () => {
      checkVariant(undefined, outer, 'stored', longProgram, 15);
    });
  }
  for (const variant of ['fused', 'remat', 'stored'] as const) {
    it(`run() in the ${variant} variant equals backward() bit for bit`, () => {
      checkVariant(variant, 'linear');
    });
  }
  for (const variant of ['remat', 'stored'] as const) {
    it(`run() in the ${variant} variant equals backward() bit for bit under a nonlinear outer graph`, () => {
      checkVariant(variant, 'nonlinear');
    });
  }
  // Found by the property in CI (seed -320423851): the stored variant gave the last sample's leaf
  // gradient 0 where backward() gives 0.125. own·0.5 rounding to 0 is not what matters: own wins
  // the max() (as at own = 1, below), its gradient was lost when the top chunk left the sample.
  it('run() in the stored variant equals backward() at max(own·0.5 + tanh(0), own) with own = 5e-324 (the case CI found)', () => {
    const steps = [{ op: 0, r: 0, s: 0 }, { op: 0, r: 0, s: 0 }, { op: 8, r: 2, s: 0 }, { op: OPS.indexOf(MAX_OF), r: 5, s: 2 }];
    const own = [0, 0, 0, 0, 0, 0, 0, 5e-324];
    const cs = own.map(() => 0);
    const shared = [new Value(0), new Value(0)];
    const leaves = own.map((x) => new Value(x));
    const y = build(steps, shared, leaves, cs, 'nonlinear');
    const graph = tryReroll(flatten(y), 'stored') as CompiledGraph;
    const out = graph.run();
    sameBits([out, ...shared.map((p) => p.grad), ...leaves.map((p) => p.grad)], reference(steps, [0, 0], own, cs, 'nonlinear'), 'run');
  });
  // The stored kernel's top chunk leaves the sample at the first zero gradient whose span reaches
  // the sample's first node; a private leaf read above that point (by a max() or a min(), the
  // binary kinks) had its gradient in DS, written only by a later chunk, and lost. Each case reads
  // its private leaf there and passes a zero below, from the kink or from a kink under it.
  const zeroBelowALeaf: readonly (readonly [string, Sample, readonly number[]])[] = [
    ['max(h, leaf), the leaf wins', ([s0], own) => own.mul(0.5).add((s0 as Value).tanh()).max(own), [1, 2, 0, 3, -1, 1, 0.5, 1]],
    ['min(h, leaf), the leaf wins', ([s0], own) => own.mul(0.5).add((s0 as Value).tanh()).min(own), [-1, -2, 0, -3, 1, -1, -0.5, -1]],
    ['max(leaf, h), the leaf first', ([s0], own) => own.max(own.mul(0.5).add((s0 as Value).tanh())), [1, 2, 0, 3, -1, 1, 0.5, 1]],
    ['max(relu(h), leaf) at a tie (a dead unit, the leaf at ±0)', ([s0], own, c) => own.mul(c).add(s0 as Value).sub(2).relu().max(own), [0, -0, 0, -0, 0, 1, -1, 0]],
    ['max(stopGradient(h), leaf)', ([s0], own, c) => own.mul(c).add(s0 as Value).stopGradient().max(own), [1, -2, 0, 3, -1, 1, 0.5, 2]],
    ['max(relu(h), leaf) over max(a constant) and relu()', ([s0], own) => own.mul(0.5).add((s0 as Value).tanh()).relu().max(own).max(0.25).relu(), [1, 2, 0, 3, -1, 1, 0.5, 1]],
    ['min(max(h, 0.25), leaf) under min(a constant)', ([s0], own) => own.mul(0.5).add((s0 as Value).tanh()).max(0.25).min(own).min(2), [0.1, -2, 0, 3, -1, 1, 0.3, 5e-324]],
    ['max(h, leaf) with the leaf a subnormal', ([s0], own) => own.mul(0.5).add((s0 as Value).tanh()).max(own), [5e-324, -5e-324, 0, -0, 5e-324, 1e-310, 5e-324, 5e-324]],
  ];
  for (const [what, sample, ownData] of zeroBelowALeaf) {
    for (const variant of ['fused', 'remat', 'stored'] as const) {
      it(`run() in the ${variant} variant equals backward() where a zero gradient meets a private leaf read above it: ${what}`, () => {
        const outer: Outer = variant === 'fused' ? 'linear' : 'nonlinear';
        const cs = ownData.map((_, k) => (k % 3) - 1);
        const sharedData = [0, 0.5];
        const shared = sharedData.map((x) => new Value(x));
        const leaves = ownData.map((x) => new Value(x));
        const graph = tryReroll(flatten(build(sample, shared, leaves, cs, outer)), variant) as CompiledGraph;
        expect(graph.stats.rerolled?.variant).toBe(variant);
        const out = graph.run();
        sameBits([out, ...shared.map((p) => p.grad), ...leaves.map((p) => p.grad)], reference(sample, sharedData, ownData, cs, outer), 'run');
      });
    }
  }
  it('tryReroll() chooses stored for a sample too large to fuse (more than 120 nodes), under a linear outer graph or not, and fused or remat for one of 120', () => {
    // A sample of 1 + 2·steps nodes, one more with the negation.
    const sampleSum = (steps: number, negated: boolean): Value => sum(Array.from({ length: 8 }, (_, k) => {
      let r = negated ? new Value(k).neg() : new Value(k);
      for (let j = 0; j < steps; j++) r = r.mul(0.5).add(1);
      return r;
    }));
    const stats = (y: Value): RerollStats | undefined => tryReroll(flatten(y))?.stats.rerolled;
    expect(stats(sampleSum(60, false))).toMatchObject({ nodesPerInstance: 121, variant: 'stored' });
    expect(stats(sampleSum(60, false).tanh())).toMatchObject({ nodesPerInstance: 121, variant: 'stored' });
    expect(stats(sampleSum(400, false))).toMatchObject({ nodesPerInstance: 801, variant: 'stored' });
    expect(stats(sampleSum(59, true).add(1))).toMatchObject({ nodesPerInstance: 120, variant: 'fused' });
    expect(stats(sampleSum(59, true).tanh())).toMatchObject({ nodesPerInstance: 120, variant: 'remat' });
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
    withFunctionThrowing(policyRefusal(), () => {
      expect(compile(y).mode).toBe('interpreted');
      expect(tryReroll(flatten(y))).toBeUndefined();
    });
    withFunctionThrowing(new Error('not a policy'), () => {
      expect(() => tryReroll(flatten(y))).toThrow(/not a policy/);
    });
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
  it('compile() keeps generated code for a graph it would reroll but for a custom op outside the instances, and run() equals backward()', () => {
    const twice = customOp({ name: 'twice', forward: (x: number) => 2 * x, derivatives: () => [2] });
    const build = (ws: Value, bs: Value): Value => twice(sum(xs.map((x, k) => small(ws, bs, x, k % 2))));
    const y = build(w, b);
    expect(reason(y)).toBe('found');
    const graph = compile(y, { mode: 'generated' });
    expect(graph.mode).toBe('generated');
    w.grad = 0;
    b.grad = 0;
    const out = graph.run();
    const ws = new Value(w.data);
    const bs = new Value(b.data);
    const z = build(ws, bs);
    z.backward();
    expect([out, w.grad, b.grad]).toEqual([z.data, ws.grad, bs.grad]);
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
      // Every variant's loops store the values a reader made before the pass reads: no replay.
      expect((graph as CompiledGraph & { _replays: number })._replays).toBe(0);
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
  for (const variant of ['fused', 'remat', 'stored'] as const) {
    it(`reader() after run() or forward() in the ${variant} variant reads the pass's own values, replaying no pass, bit for bit as a fresh build`, () => {
      const w = new Value(0.7);
      const b = new Value(0.2);
      const own = xs.map((x) => new Value(x + 2));
      const { y, scores } = build(w, b, own);
      const top = variant === 'fused' ? mean(scores.map((s, k) => s.sub(k % 3).relu())) : y;
      const { nodes, links } = partsOf(top);
      const graph = tryReroll(flatten(top), variant) as CompiledGraph & { _replays: number };
      const kept = nodes.filter((node) => !links.has(node));
      const read = graph.reader(kept);
      const readScores = graph.reader(scores);
      const check = (what: string): void => {
        const fresh = build(new Value(w.data), new Value(b.data), own.map((l) => new Value(l.data)));
        const freshTop = variant === 'fused' ? mean(fresh.scores.map((s, k) => s.sub(k % 3).relu())) : fresh.y;
        const theirs = flatten(freshTop).nodes;
        sameBits([...read()], kept.map((node) => (theirs[nodes.indexOf(node)] as Value).data), what);
        sameBits([...readScores()], fresh.scores.map((s) => s.data), `${what}, scores`);
      };
      w.data = -0.4;
      b.data = 1.5;
      graph.run();
      check('after run()');
      w.data = 0.9;
      graph.forward();
      check('after forward()');
      own.forEach((l, k) => (l.data = k - 4));
      graph.run();
      check('after new leaves');
      expect(graph._replays).toBe(0);
    });
  }
  for (const variant of ['remat', 'stored'] as const) {
    it(`reader() made after a pass, or of a partial sum, replays the pass once and reads its values bit for bit (${variant})`, () => {
      const w = new Value(0.7);
      const b = new Value(0.2);
      const own = xs.map((x) => new Value(x + 2));
      const { y, scores } = build(w, b, own);
      const { nodes, links } = partsOf(y);
      const graph = tryReroll(flatten(y), variant) as CompiledGraph & { _replays: number };
      graph.run();
      w.data = -0.4;
      graph.run();
      const readScores = graph.reader(scores);
      const fresh = build(new Value(w.data), new Value(b.data), own.map((l) => new Value(l.data)));
      sameBits([...readScores()], fresh.scores.map((s) => s.data), 'reader made after run()');
      expect(graph._replays).toBe(1);
      graph.run();
      sameBits([...readScores()], fresh.scores.map((s) => s.data), 'the same reader after the next run()');
      expect(graph._replays).toBe(1);
      // Nodes the loops already store, leaves and the output: a reader made now needs no new loops, so no replay.
      const outer = [w, b, ...own, y];
      const readMore = graph.reader([...scores, ...outer]);
      sameBits([...readMore()], [...fresh.scores.map((s) => s.data), w.data, b.data, ...own.map((l) => l.data), fresh.y.data], 'a second reader made after run()');
      expect(graph._replays).toBe(1);
      const chain = [...links];
      const readChain = graph.reader(chain);
      const theirs = flatten(fresh.y).nodes;
      sameBits([...readChain()], chain.map((node) => (theirs[nodes.indexOf(node)] as Value).data), 'partial sums');
      expect(graph._replays).toBe(2);
    });
  }
  it('a reader made after a pass of the stored variant in several chunks rebuilds its forward chunks only, and run() still equals backward() bit for bit', () => {
    // Over 240 nodes a sample: three chunks forward and backward, values crossing them in the kept rows.
    const sample = (w: Value, b: Value, l: Value, x: number): { out: Value; mid: Value } => {
      let h = l.mul(x);
      let mid = h;
      for (let i = 0; i < 90; i++) {
        h = h.mul(w).add(b).tanh();
        if (i === 50) mid = h;
      }
      return { out: h, mid };
    };
    const make = (w: Value, b: Value, own: readonly Value[]) => {
      const parts = xs.map((x, k) => sample(w, b, own[k] as Value, x));
      return { y: mean(parts.map((q) => q.out)).mul(3), mids: parts.map((q) => q.mid) };
    };
    const w = new Value(0.7);
    const b = new Value(0.2);
    const own = xs.map((x) => new Value(x + 2));
    const { y, mids } = make(w, b, own);
    const graph = tryReroll(flatten(y), 'stored') as CompiledGraph & { _replays: number };
    expect(graph.stats.rerolled?.nodesPerInstance).toBeGreaterThan(240);
    const leaves = [w, b, ...own];
    const check = (what: string): void => {
      for (const l of leaves) l.grad = 0;
      const out = graph.run();
      const fw = new Value(w.data);
      const fb = new Value(b.data);
      const fown = own.map((l) => new Value(l.data));
      const fresh = make(fw, fb, fown);
      fresh.y.backward();
      sameBits([out, ...leaves.map((l) => l.grad)], [fresh.y.data, ...[fw, fb, ...fown].map((l) => l.grad)], what);
      sameBits([...readMids()], fresh.mids.map((m) => m.data), `${what}, reader`);
    };
    graph.run();
    w.data = -0.4;
    graph.run();
    const loops = graph as unknown as { fwd: unknown; rev: unknown };
    const [fwd, rev] = [loops.fwd, loops.rev];
    const readMids = graph.reader(mids);
    // New forward chunks that store the values read; the backward loop, and what V8 made of it, kept.
    expect(loops.fwd).not.toBe(fwd);
    expect(loops.rev).toBe(rev);
    // The pass before the reader stored nothing for it: read now, it is replayed once; every later run stores the values.
    const last = make(new Value(w.data), new Value(b.data), own.map((l) => new Value(l.data)));
    sameBits([...readMids()], last.mids.map((m) => m.data), 'the reader of the pass before it');
    expect(graph._replays).toBe(1);
    check('the first run after the reader');
    expect(graph._replays).toBe(1);
    b.data = 1.5;
    own.forEach((l, k) => (l.data = k / 3 - 1));
    check('a run at new leaves');
    expect(graph._replays).toBe(1);
  });
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

// The outer graph's nodes made before the instances (here a penalty made first) run before the
// loops, in their own straight-line code; the random programs above make theirs after.
describe('compile(): the rerolled path with outer nodes made before the instances', () => {
  const xs = Array.from({ length: 9 }, (_, k) => k / 4 - 1);
  const build = (w: Value, b: Value, outer: Outer): Value => {
    const pre = w.mul(b).tanh();
    const losses = xs.map((x, k) => small(w, b, x, k % 2));
    return outer === 'linear' ? mean(losses).add(pre.mul(0.5)) : mean(losses).tanh().mul(pre);
  };
  const cases = [['fused', 'linear'], ['remat', 'linear'], ['remat', 'nonlinear'], ['stored', 'linear'], ['stored', 'nonlinear']] as const;
  for (const [variant, outer] of cases) {
    it(`run(), forward() and sync() in the ${variant} variant under a ${outer} outer graph equal backward() on a fresh build, bit for bit`, () => {
      const w = new Value(0.7);
      const b = new Value(-0.2);
      const y = build(w, b, outer);
      const graph = tryReroll(flatten(y), variant) as CompiledGraph;
      expect(graph.stats.rerolled?.variant).toBe(variant);
      const fresh = (): Value => {
        const z = build(new Value(w.data), new Value(b.data), outer);
        z.backward();
        return z;
      };
      for (const [wv, bv] of [[0.7, -0.2], [-0.4, 1.5]] as const) {
        w.data = wv;
        b.data = bv;
        w.grad = 0;
        b.grad = 0;
        const out = graph.run();
        const z = fresh();
        const [zw, zb] = flatten(z).leaves;
        sameBits([out, w.grad, b.grad], [z.data, (zw as Value).grad, (zb as Value).grad], `run at w = ${wv}`);
        graph.sync();
        const mine = flatten(y).nodes;
        const theirs = flatten(z).nodes;
        mine.forEach((node, i) => {
          if (node._a === null) return;
          sameBits([node.data, node.grad], [(theirs[i] as Value).data, (theirs[i] as Value).grad], `node ${i} after run at w = ${wv}`);
        });
      }
      w.data = 1.25;
      sameBits([graph.forward()], [fresh().data], 'forward');
    });
  }
});

// The instances' first and last nodes belong to the loops alone: straight-line code run for them
// as well would add t · slope with t = 0 to a shared leaf's gradient, NaN where the slope is
// infinite (sqrt'(0); w / u's slope 1/u, where u is an instance's value, which v does not hold).
describe('compile(): a shared leaf read by an instance\'s first or last node', () => {
  const xs = Array.from({ length: 9 }, (_, k) => 1 + k / 4);
  // Each sample, and the closed form of d mean / dw: mean(x · 0.5/sqrt(w)) and mean(x / (w + x)²).
  const samples: readonly (readonly [string, number, number, (w: Value, x: number) => Value])[] = [
    ['the first node, sqrt(w) at w = 0', 0, Infinity, (w, x) => w.sqrt().mul(x)],
    ['the last node, w / (w + x) at w = 0.5', 0.5, xs.reduce((acc, x) => acc + x / (0.5 + x) ** 2, 0) / xs.length, (w, x) => w.div(w.add(x))],
  ];
  for (const [what, at, slope, sample] of samples) {
    for (const variant of ['fused', 'remat', 'stored'] as const) {
      it(`run() in the ${variant} variant gives the leaf backward()'s gradient: ${what}`, () => {
        const build = (w: Value): Value => {
          const s = mean(xs.map((x) => sample(w, x)));
          // A nonlinear outer graph whose slope is 1 at s = 0.
          return variant === 'fused' ? s : s.mul(s).add(s);
        };
        const w = new Value(at);
        const graph = tryReroll(flatten(build(w)), variant) as CompiledGraph;
        expect(graph.stats.rerolled?.variant).toBe(variant);
        const out = graph.run();
        const ref = new Value(at);
        const z = build(ref);
        z.backward();
        if (variant === 'fused') expect(ref.grad).toBeCloseTo(slope, 14);
        sameBits([out, w.grad], [z.data, ref.grad], 'run');
      });
    }
  }
});

describe('tryReroll(): the outer graph and the size bounds', () => {
  const xs = Array.from({ length: 8 }, (_, k) => k / 3 - 1);
  /** 8 samples, `pre` MULC nodes made before them and 2 + `adds` after: the mean's MULC, `adds` ADDCs and the ADD of the two. */
  const outerOf = (pre: number, adds: number): Value => {
    const w = new Value(0.5);
    const b = new Value(-0.1);
    let q: Value = w;
    for (let k = 0; k < pre; k++) q = q.mul(0.5);
    let p = mean(xs.map((x, k) => small(w, b, x, k % 2)));
    for (let k = 0; k < adds; k++) p = p.add(1);
    return p.add(q);
  };
  it('tryReroll() runs an outer graph of 5,000 nodes (2,500 before the instances, 2,500 after), and refuses 5,001 (2,501 before)', () => {
    expect(tryReroll(flatten(outerOf(2500, 2498)))?.stats.rerolled?.variant).toBe('fused');
    expect(tryReroll(flatten(outerOf(2501, 2498)))).toBeUndefined();
  });
  it('tryReroll() runs the sum as the second operand of the outer graph (fused: computed after the loop), and run() equals backward()', () => {
    const build = (w: Value, b: Value): Value => {
      const m = mean(xs.map((x, k) => small(w, b, x, k % 2)));
      return w.mul(b).add(m);
    };
    const w = new Value(0.5);
    const b = new Value(-0.1);
    const graph = tryReroll(flatten(build(w, b))) as CompiledGraph;
    expect(graph.stats.rerolled?.variant).toBe('fused');
    for (const wv of [0.5, -2]) {
      w.data = wv;
      w.grad = 0;
      b.grad = 0;
      const out = graph.run();
      const ws = new Value(wv);
      const bs = new Value(b.data);
      const z = build(ws, bs);
      z.backward();
      sameBits([out, w.grad, b.grad], [z.data, ws.grad, bs.grad], `run at w = ${wv}`);
      sameBits([graph.forward()], [z.data], `forward at w = ${wv}`);
    }
  });
  it('tryReroll() runs a sample of as many nodes as its bound, and refuses one more (the bound lowered to 9)', () => {
    // A sample of 1 + 2·4 nodes, one more with the negation.
    const sampleSum = (negated: boolean): Value => sum(Array.from({ length: 8 }, (_, k) => {
      let r = negated ? new Value(k).neg() : new Value(k);
      for (let j = 0; j < 4; j++) r = r.mul(0.5).add(1);
      return r;
    }));
    expect(tryReroll(flatten(sampleSum(false)), undefined, 9)?.stats.rerolled?.nodesPerInstance).toBe(9);
    expect(tryReroll(flatten(sampleSum(true)))?.stats.rerolled?.nodesPerInstance).toBe(10);
    expect(tryReroll(flatten(sampleSum(true)), undefined, 9)).toBeUndefined();
  });
});

// A sample whose gradient is 0 is skipped whole only if its values and its constants are finite:
// 0 · Infinity is NaN. Each sample's own constants are checked, not its neighbours'.
describe('compile(): a sample with an infinite constant under a zero adjoint', () => {
  // Sample k: w·c0 + w·c1 (two constant columns); sample 2's second constant is Infinity. The
  // outer relu(-mean) has slope 0 at -Infinity, so every sample's adjoint is 0.
  const c0 = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4];
  const c1 = [0.25, 0.5, Infinity, 1, 1.25, 1.5, 1.75, 2];
  const build = (w: Value): Value => mean(c0.map((c, k) => w.mul(c).add(w.mul(c1[k] as number)))).neg().relu();
  for (const variant of ['remat', 'stored'] as const) {
    it(`run() in the ${variant} variant gives the leaf backward()'s gradient, NaN`, () => {
      const w = new Value(0.5);
      const graph = tryReroll(flatten(build(w)), variant) as CompiledGraph;
      expect(graph.stats.rerolled).toMatchObject({ variant, constantColumns: 2 });
      const out = graph.run();
      const ref = new Value(0.5);
      const z = build(ref);
      z.backward();
      expect(ref.grad).toBeNaN();
      sameBits([out, w.grad], [z.data, ref.grad], 'run');
    });
  }
});

describe('compile(): which loops each variant runs, and when sync() and reader() replay a pass', () => {
  const xs = Array.from({ length: 9 }, (_, k) => k / 4 - 1);
  const losses = (w: Value, b: Value): Value[] => xs.map((x, k) => small(w, b, x, k % 2));
  /** The loops a rerolled graph runs (private): the stored variant's come from reroll-chunks.ts. */
  const loopNames = (graph: CompiledGraph): string[] => {
    const { fwd, rev } = graph as unknown as { fwd: { name: string }; rev: { name: string } };
    return [fwd.name, rev.name];
  };
  it('tryReroll() runs the stored variant in reroll-chunks.ts\'s loops, and the fused and remat variants in one function each way', () => {
    const w = new Value(0.5);
    const b = new Value(-0.1);
    const y = mean(losses(w, b)).tanh();
    expect(loopNames(tryReroll(flatten(y), 'stored') as CompiledGraph)).toEqual(['rerolledLoop', 'rerolledLoop']);
    expect(loopNames(tryReroll(flatten(y), 'remat') as CompiledGraph)).toEqual(['rerolledKernel', 'rerolledKernel']);
    expect(loopNames(tryReroll(flatten(mean(losses(w, b)))) as CompiledGraph)).toEqual(['rerolledKernel', 'rerolledKernel']);
  });
  it('reader() of the mean after run() in the fused variant under a zero adjoint (the mean times 0), after a forward() at other leaves, reads the mean a fresh build computes', () => {
    const w = new Value(0.5);
    const b = new Value(-0.1);
    const m = mean(losses(w, b));
    const graph = tryReroll(flatten(m.mul(0))) as CompiledGraph;
    expect(graph.stats.rerolled?.variant).toBe('fused');
    const read = graph.reader([m]);
    graph.forward();
    w.data = -0.3;
    b.data = 0.7;
    graph.run();
    sameBits([...read()], [mean(losses(new Value(-0.3), new Value(0.7))).data], 'reader after run()');
  });
  for (const variant of ['fused', 'remat'] as const) {
    it(`reader() of the chain's partial sums made before any pass, in the ${variant} variant, reads them after run() as a fresh build computes them (its fast pass keeps only the top)`, () => {
      const w = new Value(0.5);
      const b = new Value(-0.1);
      const m = mean(losses(w, b));
      const top = variant === 'fused' ? m : m.tanh();
      const { nodes, links } = partsOf(top);
      const chain = [...links];
      const graph = tryReroll(flatten(top), variant) as CompiledGraph;
      const read = graph.reader(chain);
      w.data = -0.3;
      graph.run();
      const theirs = flatten(variant === 'fused' ? mean(losses(new Value(-0.3), new Value(-0.1))) : mean(losses(new Value(-0.3), new Value(-0.1))).tanh()).nodes;
      sameBits([...read()], chain.map((node) => (theirs[nodes.indexOf(node)] as Value).data), 'partial sums');
    });
  }
  it('sync() after run() in the fused variant under a zero adjoint, at an infinite leaf after a forward() at finite ones, writes backward()\'s gradients (NaN: 0 · Infinity)', () => {
    const w = new Value(0.5);
    const b = new Value(-0.1);
    const y = mean(losses(w, b)).mul(0);
    const graph = tryReroll(flatten(y)) as CompiledGraph;
    expect(graph.stats.rerolled?.variant).toBe('fused');
    graph.forward();
    w.data = Infinity;
    graph.run();
    graph.sync();
    const z = mean(losses(new Value(Infinity), new Value(-0.1))).mul(0);
    z.backward();
    const mine = flatten(y).nodes;
    const theirs = flatten(z).nodes;
    expect(theirs.some((node) => node._a !== null && Number.isNaN(node.grad))).toBe(true);
    mine.forEach((node, i) => {
      if (node._a === null) return;
      sameBits([node.data, node.grad], [(theirs[i] as Value).data, (theirs[i] as Value).grad], `node ${i}`);
    });
  });
  it('reader() made before a pass of the stored variant replays none (its forward chunks store the nodes read); sync() replays the pass once, and not again', () => {
    const w = new Value(0.5);
    const b = new Value(-0.1);
    const ls = losses(w, b);
    const graph = tryReroll(flatten(mean(ls).tanh()), 'stored') as CompiledGraph & { _replays: number };
    const read = graph.reader(ls);
    graph.run();
    const replays: number[] = [];
    read();
    replays.push(graph._replays);
    read();
    replays.push(graph._replays);
    graph.sync();
    replays.push(graph._replays);
    graph.sync();
    read();
    replays.push(graph._replays);
    expect(replays).toEqual([0, 0, 1, 1]);
  });
});
