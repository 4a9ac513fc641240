import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, compile, customOp, mean, type CompiledGraph } from '../../../src/index.js';
import { flatten } from '../../../src/engine/compile/tape.js';
import { TIER_UP_AFTER, tiered } from '../../../src/engine/compile/tiered.js';
import { AUTO_GENERATE_MAX_NODES } from '../../../src/engine/compile/compile.js';

/** The graph after the sum: linear in it, or not, or linear with the penalty's product made before the sum (between the last sample and the chain's top). */
type Outer = 'linear' | 'nonlinear' | 'early';

/** A graph of `own.length` samples over two shared leaves, each with its own leaf and constant, summed by mean(), then an outer graph. */
interface Graph {
  readonly shared: Value[];
  readonly own: Value[];
  readonly losses: Value[];
  readonly total: Value;
  readonly loss: Value;
}

/** Builds the graph at these leaf values (`op`, if given, wraps each sample's loss: a custom op, say). */
function build(sharedData: readonly number[], ownData: readonly number[], cs: readonly number[], outer: Outer, op?: (x: Value) => Value): Graph {
  const shared = sharedData.map((x) => new Value(x));
  const own = ownData.map((x) => new Value(x));
  const [w, b] = shared as [Value, Value];
  const losses = own.map((x, k) => {
    const c = cs[k] as number;
    // A tanh unit, a relu kink (an exact zero slope), a tie-prone max and the constant column.
    const h = x.mul(w).add(c).tanh();
    const r = h.mul(b).sub(x).relu().add(h.max(x.mul(c)));
    return op === undefined ? r.square() : op(r).square();
  });
  const early = outer === 'early' ? w.mul(b) : undefined;
  const total = mean(losses);
  const penalty = early ?? w.mul(b);
  const loss = outer === 'nonlinear' ? total.tanh().mul(penalty).add(total) : total.add(penalty.mul(1e-2));
  return { shared, own, losses, total, loss };
}

/** backward() on a fresh build at these leaf values: the loss, then every leaf's gradient. */
function reference(sharedData: readonly number[], ownData: readonly number[], cs: readonly number[], outer: Outer): { y: number[]; graph: Graph } {
  const graph = build(sharedData, ownData, cs, outer);
  graph.loss.backward();
  return { y: [graph.loss.data, ...graph.shared.map((p) => p.grad), ...graph.own.map((p) => p.grad)], graph };
}

function sameBits(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (!Object.is(a, expected[i])) throw new Error(`${what}[${i}]: compiled ${a}, backward() ${expected[i]}`);
  });
}

/** Doubles with the special values every path must treat as backward() does (zeros of both signs, ties, subnormals, infinities, NaN). */
const special = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, -0, 5e-324, -5e-324, 0.25, -0.25, 0.5, 1, -1, 2) },
  { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, NaN, 1e308, -1e-300) },
  { weight: 3, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) },
);

const N = 10;
const CS = [0.5, -1, 2, 0, -0, 0.25, 1.5, -2, 3, -0.75];

/** Compiled with a switch after `after` passes, at initial leaf values of its own. */
function setup(after: number, outer: Outer): { g: Graph; c: CompiledGraph } {
  const g = build([0.3, -0.7], CS.map((_, k) => 0.1 * k - 0.4), CS, outer);
  return { g, c: tiered(flatten(g.loss), after) };
}

describe('tiered() (the interpreter, then the rerolled loops)', () => {
  it('run() and forward() equal backward() on a fresh build bit for bit before, at and after the switch, with the leaves changed between passes, the mode saying which ran', () => {
    const pass = fc.record({ forward: fc.boolean(), shared: fc.array(special, { minLength: 2, maxLength: 2 }), own: fc.array(special, { minLength: N, maxLength: N }) });
    fc.assert(
      fc.property(fc.nat({ max: 4 }), fc.constantFrom<Outer>('linear', 'nonlinear', 'early'), fc.array(pass, { minLength: 1, maxLength: 8 }), (after, outer, passes) => {
        const { g, c } = setup(after, outer);
        expect(c.mode).toBe('interpreted');
        passes.forEach((p, k) => {
          g.shared.forEach((x, i) => ((x.data = p.shared[i] as number), (x.grad = 0)));
          g.own.forEach((x, i) => ((x.data = p.own[i] as number), (x.grad = 0)));
          const expected = reference(p.shared, p.own, CS, outer).y;
          if (p.forward) sameBits([c.forward()], [expected[0] as number], `pass ${k} forward`);
          else sameBits([c.run(), ...g.shared.map((x) => x.grad), ...g.own.map((x) => x.grad)], expected, `pass ${k} run`);
          sameBits([g.loss.data], [expected[0] as number], `pass ${k} output`);
          expect(c.mode).toBe(k < after ? 'interpreted' : 'rerolled');
        });
      }),
      { numRuns: 60 },
    );
  });

  it('says in stats when it will switch and whether it did, with the rerolled stats after the switch', () => {
    const { c } = setup(2, 'nonlinear');
    expect(c.stats).toEqual({ tierUp: { after: 2, state: 'waiting' } });
    c.run();
    c.forward();
    expect(c.stats).toEqual({ tierUp: { after: 2, state: 'waiting' } });
    expect(c.mode).toBe('interpreted');
    c.run();
    expect(c.mode).toBe('rerolled');
    expect(c.stats).toEqual({ rerolled: { instances: N, nodesPerInstance: expect.any(Number), constantColumns: 1, leafColumns: 1, variant: 'remat' }, tierUp: { after: 2, state: 'switched' } });
    expect(setup(0, 'linear').c.stats.tierUp).toEqual({ after: 0, state: 'waiting' });
  });

  it('switches at the start of the pass after `after` passes: with after = 0 the first pass already runs rerolled', () => {
    const { c } = setup(0, 'linear');
    expect(c.mode).toBe('interpreted');
    c.forward();
    expect(c.mode).toBe('rerolled');
    expect(c.stats.rerolled?.variant).toBe('fused');
  });

  it('keeps `leaves` and `size` across the switch', () => {
    const { g, c } = setup(1, 'nonlinear');
    const { leaves, size } = c;
    expect(size).toBe(flatten(g.loss).nodes.length);
    expect(new Set(leaves)).toEqual(new Set([...g.shared, ...g.own]));
    c.run();
    c.run();
    expect(c.mode).toBe('rerolled');
    expect(c.leaves).toBe(leaves);
    expect(c.size).toBe(size);
  });

  it('readers made before the switch read the rerolled passes\' values after it (a partial sum of the chain included), and readers made after it too', () => {
    for (const outer of ['linear', 'nonlinear', 'early'] as const) {
      const { g, c } = setup(2, outer);
      const link = g.total.parents[0] as Value; // mean's sum, times 1/n: the chain's top
      const partial = link.parents[0] as Value; // a partial sum below the top
      const nodes = [g.losses[3] as Value, g.total, link, partial, g.own[1] as Value];
      const early = c.reader(nodes);
      const out = new Float64Array(nodes.length);
      const before = early();
      const kept = [...before];
      sameBits(kept, nodes.map((n) => n.data), 'before any pass');
      for (let k = 0; k < 5; k++) {
        g.shared[0]!.data = 0.3 + 0.1 * k;
        g.own[1]!.data = -0.2 * k;
        const sharedData = g.shared.map((x) => x.data);
        const ownData = g.own.map((x) => x.data);
        if (k % 2 === 0) c.run();
        else c.forward();
        const fresh = reference(sharedData, ownData, CS, outer).graph;
        const link2 = fresh.total.parents[0] as Value;
        const expected = [fresh.losses[3] as Value, fresh.total, link2, link2.parents[0] as Value, fresh.own[1] as Value].map((n) => n.data);
        sameBits([...early()], expected, `${outer} pass ${k} early reader`);
        sameBits([...early.into(out)], expected, `${outer} pass ${k} early reader into()`);
        sameBits([...c.reader(nodes)()], expected, `${outer} pass ${k} new reader`);
      }
      expect(c.mode).toBe('rerolled');
      // A value handed out never changes under the caller.
      sameBits([...before], kept, 'the first array');
    }
  });

  it('reader() checks its nodes before and after the switch', () => {
    const { c } = setup(1, 'linear');
    expect(() => c.reader([new Value(1)])).toThrow(RangeError);
    c.run();
    c.run();
    expect(c.mode).toBe('rerolled');
    expect(() => c.reader([new Value(1)])).toThrow(RangeError);
  });

  it('sync() after the switch writes the last rerolled pass into every inner node, as backward() leaves them', () => {
    for (const outer of ['linear', 'nonlinear', 'early'] as const) {
      const { g, c } = setup(1, outer);
      c.run();
      g.shared[1]!.data = -1.25;
      g.own[4]!.data = 0.75;
      for (const x of [...g.shared, ...g.own]) x.grad = 0;
      c.run();
      expect(c.mode).toBe('rerolled');
      c.sync();
      const fresh = reference(g.shared.map((x) => x.data), g.own.map((x) => x.data), CS, outer).graph;
      const mine = flatten(g.loss).nodes;
      const theirs = flatten(fresh.loss).nodes;
      expect(mine.length).toBe(theirs.length);
      mine.forEach((n, i) => {
        const f = theirs[i] as Value;
        sameBits([n.data, n.grad], [f.data, f.grad + 0], `${outer} node ${i}`);
      });
    }
  });

  it('a graph that does not reroll (7 samples, fewer than 8) never switches: it keeps interpreting, exactly', () => {
    const cs = CS.slice(0, 7);
    const g = build([0.3, -0.7], cs.map((_, k) => 0.2 * k - 0.5), cs, 'nonlinear');
    const c = tiered(flatten(g.loss), 1);
    for (let k = 0; k < 4; k++) {
      g.shared[0]!.data = 0.25 * k;
      for (const x of [...g.shared, ...g.own]) x.grad = 0;
      const y = c.run();
      sameBits([y, ...g.shared.map((x) => x.grad), ...g.own.map((x) => x.grad)], reference(g.shared.map((x) => x.data), g.own.map((x) => x.data), cs, 'nonlinear').y, `pass ${k}`);
      expect(c.mode).toBe('interpreted');
    }
    expect(c.stats).toEqual({ tierUp: { after: 1, state: 'kept' } });
  });

  it('a pass a custom op throws in still counts; the passes after it and the switch (which finds no rerolled shape: a custom op) stay exact', () => {
    let fail = false;
    const wobble = customOp({ name: 'wobble', forward: (x) => {
      if (fail) throw new RangeError('wobble: refused');
      return x * 1.5;
    }, derivatives: () => [1.5] });
    const g = build([0.3, -0.7], CS.map((_, k) => 0.1 * k), CS, 'linear', wobble);
    const c = tiered(flatten(g.loss), 2);
    const read = c.reader([g.total]);
    c.run();
    const first = read()[0] as number;
    fail = true;
    expect(() => c.run()).toThrow('wobble: refused');
    // The failed pass left no values: sync() writes nothing, the reader reads the nodes' own.
    g.total.data = 42;
    c.sync();
    expect(g.total.data).toBe(42);
    expect(read()[0]).toBe(42);
    expect(first).not.toBe(42);
    fail = false;
    for (const x of [...g.shared, ...g.own]) x.grad = 0;
    const y = c.run(); // the third pass: the switch is tried here
    expect(c.stats).toEqual({ tierUp: { after: 2, state: 'kept' } });
    expect(c.mode).toBe('interpreted');
    const fresh = build(g.shared.map((x) => x.data), g.own.map((x) => x.data), CS, 'linear', wobble);
    fresh.loss.backward();
    sameBits([y, read()[0] as number, ...g.shared.map((x) => x.grad)], [fresh.loss.data, fresh.total.data, ...fresh.shared.map((x) => x.grad)], 'after the failure');
  });
});

describe('compile() in mode auto, tiering up', () => {
  /** A graph of more nodes than 'auto' writes code for: `n` samples of the build above, or with a custom op in each. */
  const large = (n: number, op?: (x: Value) => Value): Graph => {
    const cs = Array.from({ length: n }, (_, k) => CS[k % CS.length] as number);
    return build([0.3, -0.7], cs.map((_, k) => ((k % 13) - 6) / 8), cs, 'nonlinear', op);
  };

  it(`interprets a large rerollable graph for TIER_UP_AFTER (${TIER_UP_AFTER}) passes, then runs it rerolled, bit for bit backward() at both ends`, () => {
    const g = large(2_000);
    const c = compile(g.loss);
    expect(c.size).toBeGreaterThan(AUTO_GENERATE_MAX_NODES);
    expect(c.stats.tierUp).toEqual({ after: TIER_UP_AFTER, state: 'waiting' });
    const check = (k: number): void => {
      g.shared[0]!.data = 0.3 + k / 4096;
      for (const x of [...g.shared, ...g.own]) x.grad = 0;
      const y = c.run();
      const fresh = build(g.shared.map((x) => x.data), g.own.map((x) => x.data), g.own.map((_, i) => CS[i % CS.length] as number), 'nonlinear');
      fresh.loss.backward();
      sameBits([y, ...g.shared.map((x) => x.grad), ...g.own.map((x) => x.grad)], [fresh.loss.data, ...fresh.shared.map((x) => x.grad), ...fresh.own.map((x) => x.grad)], `pass ${k}`);
    };
    check(0);
    for (let k = 1; k < TIER_UP_AFTER - 1; k++) c.forward();
    check(TIER_UP_AFTER - 1);
    expect(c.mode).toBe('interpreted');
    check(TIER_UP_AFTER);
    expect(c.mode).toBe('rerolled');
    expect(c.stats.tierUp).toEqual({ after: TIER_UP_AFTER, state: 'switched' });
    expect(c.stats.rerolled?.instances).toBe(2_000);
  });

  it("does not tier up a large graph with a custom op, nor in modes 'interpreted' and 'generated'", () => {
    const wobble = customOp({ name: 'wobble', forward: (x) => x * 1.5, derivatives: () => [1.5] });
    const withCustom = compile(large(2_000, wobble).loss);
    expect(withCustom.mode).toBe('interpreted');
    expect(withCustom.stats.tierUp).toBeUndefined();
    const g = large(2_000);
    expect(compile(g.loss, { mode: 'interpreted' }).stats.tierUp).toBeUndefined();
    const generated = compile(g.loss, { mode: 'generated' });
    expect(generated.mode).toBe('rerolled');
    expect(generated.stats.tierUp).toBeUndefined();
  });

  it("runs a small graph as before: generated code, no tier-up", () => {
    const c = compile(setup(0, 'linear').g.loss);
    expect(c.mode).toBe('generated');
    expect(c.stats.tierUp).toBeUndefined();
  });
});
