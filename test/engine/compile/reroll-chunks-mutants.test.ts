import { describe, expect, it } from 'vitest';
import { Value, mean, type CompiledGraph } from '../../../src/index.js';
import { flatten } from '../../../src/engine/compile/tape.js';
import { tryReroll, type Variant } from '../../../src/engine/compile/rerolled.js';
import { findInstances, type Instances } from '../../../src/engine/compile/reroll.js';
import { template } from '../../../src/engine/compile/reroll-emit.js';

// Tests written from StrykerJS's survivors in reroll-chunks.ts and reroll-emit.ts
// (docs/mutation-testing.md): each compiles a small rerolled graph in a forced variant and checks
// run() against backward() on a fresh build, bit for bit.

/**
 * A sample's loss from the shared leaves, its private leaf and its constant; a leaf it makes itself
 * (a second private leaf) is handed to `keep`, so that its gradient is compared too.
 */
type Sample = (shared: readonly Value[], own: Value, c: number, keep: (leaf: Value) => Value) => Value;

function build(sample: Sample, sharedData: readonly number[], ownData: readonly number[], cs: readonly number[], outer: (s: Value) => Value): { y: Value; leaves: Value[] } {
  const shared = sharedData.map((x) => new Value(x));
  const own = ownData.map((x) => new Value(x));
  const made: Value[] = [];
  const keep = (leaf: Value): Value => {
    made.push(leaf);
    return leaf;
  };
  return { y: outer(mean(own.map((leaf, k) => sample(shared, leaf, cs[k] as number, keep)))), leaves: [...shared, ...own, ...made] };
}

/** run() of the forced variant and backward() on a fresh build: the output and every leaf's gradient, which must be the same bits. */
function runAndReference(variant: Variant, sample: Sample, sharedData: readonly number[], ownData: readonly number[], cs: readonly number[], outer: (s: Value) => Value): [number[], number[]] {
  const compiled = build(sample, sharedData, ownData, cs, outer);
  const graph = tryReroll(flatten(compiled.y), variant) as CompiledGraph;
  expect(graph.stats.rerolled?.variant).toBe(variant);
  const out = graph.run();
  const fresh = build(sample, sharedData, ownData, cs, outer);
  fresh.y.backward();
  return [[out, ...compiled.leaves.map((l) => l.grad)], [fresh.y.data, ...fresh.leaves.map((l) => l.grad)]];
}

function expectSameBits(actual: readonly number[], expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (!Object.is(a, expected[i])) throw new Error(`[${i}]: compiled ${a}, backward() ${expected[i]}`);
  });
}

describe('the rerolled kernels under a zero gradient at the output', () => {
  // sqrt() is never skipped under a zero gradient (its slope 1/(2·sqrt(a)) is Infinity at a = 0,
  // and the full sweep gives 0 × Infinity = NaN), so the output's zero guard does not span the
  // sample and the kernels must take every step: backward() gives w and the leaf at 0 NaN.
  const samples: readonly (readonly [string, Sample])[] = [
    ['sqrt(w·own)', ([w], own) => own.mul(w as Value).sqrt()],
    // tanh()'s span below the output covers the sample, the output's does not.
    ['sqrt(tanh(w·own))', ([w], own) => own.mul(w as Value).tanh().sqrt()],
    // ·2 is guarded (relu() reads it); its gradient is NaN where a dead unit meets sqrt(0), though the output's is 0.
    ['sqrt(relu(2·tanh(w·own)))', ([w], own) => own.mul(w as Value).tanh().mul(2).relu().sqrt()],
  ];
  const ownData = [1, 0, 4, 0.25, 2, 9, 0.5, 3];
  const cs = ownData.map(() => 0);
  const outers: Record<Variant, (s: Value) => Value> = {
    // Linear: the sum's gradient is 1/8 · 0.
    fused: (s) => s.mul(0),
    // Nonlinear: relu() of a negative number passes 0.
    remat: (s) => s.sub(100).relu(),
    stored: (s) => s.sub(100).relu(),
  };
  for (const variant of ['fused', 'remat', 'stored'] as const) {
    it(`run() in the ${variant} variant gives NaN where a sample's sqrt(0) meets a zero gradient, as backward() does`, () => {
      for (const [what, sample] of samples) {
        const [actual, expected] = runAndReference(variant, sample, [2], ownData, cs, outers[variant]);
        // The oracle's own numbers, worked by hand: w and own_1 (at 0) get 0 × Infinity = NaN times a finite number.
        expect(expected[1], what).toBeNaN();
        expect(expected[3], what).toBeNaN();
        expect(expected[2], what).toBe(0);
        expectSameBits(actual, expected);
      }
    });
  }
});

describe('the stored kernel\'s exit from the top chunk', () => {
  it('run() in each variant gives a second private leaf read above the exit (max(relu(a·l + tanh(w)), l), l winning) its gradient, as backward() does', () => {
    // l = c is the sample's second private leaf (slot 1), read first by the product, so that the
    // top chunk runs from the max down to the product; where l wins the max, relu()'s gradient is 0
    // and the sample leaves at relu(), writing l's gradient (adj) there.
    const sample: Sample = ([w], own, c, keep) => {
      const l = keep(new Value(c));
      return own.mul(l).add((w as Value).tanh()).relu().max(l);
    };
    const ownData = [0.5, 1, 0, -1, 2, 0.25, 3, -2];
    const cs = [3, 0.5, 2, 1, 0, 4, -1, 5];
    for (const variant of ['fused', 'remat', 'stored'] as const) {
      const outer = variant === 'fused' ? (s: Value): Value => s.mul(2) : (s: Value): Value => s.tanh();
      const [actual, expected] = runAndReference(variant, sample, [-5], ownData, cs, outer);
      // Sample 0: 0.5·3 + tanh(-5) < 3, so l wins; its gradient is the sample's own, which is not 0.
      expect(expected[10]).not.toBe(0);
      expectSameBits(actual, expected);
    }
  });
});

describe('template(): the zero guards\' spans', () => {
  it('run() in each variant gives w·own its gradient through the output where a dead relu() below reads it too (relu(2·tanh(b)) + b, b + relu(2·tanh(b))), as backward() does', () => {
    // b = own·w is read by tanh() and by the output: the span under relu() (2·tanh(b)) must stop
    // at b, so that a dead unit does not skip b's step, which passes the output's gradient to own and w.
    const samples: readonly (readonly [string, Sample])[] = [
      ['relu(2·tanh(b)) + b', ([w], own) => {
        const b = own.mul(w as Value);
        return b.tanh().mul(2).relu().add(b);
      }],
      ['b + relu(2·tanh(b))', ([w], own) => {
        const b = own.mul(w as Value);
        return b.add(b.tanh().mul(2).relu());
      }],
    ];
    const ownData = [1, -1, 2, -2, 0.5, -0.5, 3, -3];
    const cs = ownData.map(() => 0);
    for (const [what, sample] of samples) {
      for (const variant of ['fused', 'remat', 'stored'] as const) {
        const outer = variant === 'fused' ? (s: Value): Value => s.mul(2) : (s: Value): Value => s.tanh();
        const [actual, expected] = runAndReference(variant, sample, [0.5], ownData, cs, outer);
        // own_1 = -1: b = -0.5, its unit dead; its gradient comes through the output alone, w·adj, not 0.
        expect(expected[3], what).not.toBe(0);
        expectSameBits(actual, expected);
      }
    }
  });
});

describe('template()', () => {
  /** template() of 8 samples of `sample` over one shared leaf w, summed; and w's tape position. */
  function templateOf(sample: (w: Value, own: Value, c: number) => Value): { tm: ReturnType<typeof template>; w: number } {
    const w = new Value(0.5);
    const losses = [0.5, -1, 2, 0.25, 3, -0.5, 1.5, 4].map((c, k) => sample(w, new Value(k / 10 + 0.05), c));
    const tape = flatten(losses.reduce((acc, l) => acc.add(l)));
    const ins = findInstances(tape) as Instances;
    expect(typeof ins).toBe('object');
    return { tm: template(tape, ins), w: tape.nodes.indexOf(w) };
  }

  it('template() guards a kink\'s operand and the output over the whole sample, and probes the values no carrying reader covers (own·w → tanh → ·2 → relu → + c)', () => {
    // Nodes: 0 own, 1 own·w, 2 tanh, 3 ·2, 4 relu, 5 + c. Every span reaches node 0; only 3 (read by relu) and 5 (the output) are guarded, to node 1.
    const { tm, w } = templateOf((wv, own, c) => own.mul(wv).tanh().mul(2).relu().add(c));
    expect([...tm.code].length).toBe(6);
    expect([...tm.guardTo]).toEqual([-1, -1, -1, 1, -1, 1]);
    expect(tm.wholeSpan).toBe(true);
    // ·2's value reads for its slope and relu() does not carry: probed; tanh is covered by ·2, which carries; own·w by none (tanh does not carry).
    expect(tm.probes).toEqual([3, 1]);
    expect(tm.shared).toEqual([w]);
  });

  it('template() stops a span at a node the output reads too (relu(2·tanh(b)) + b, b = own·w)', () => {
    // Nodes: 0 own, 1 b, 2 tanh, 3 ·2, 4 relu, 5 relu + b. ·2's span holds tanh only; the output's the whole sample.
    const { tm } = templateOf((wv, own) => {
      const b = own.mul(wv);
      return b.tanh().mul(2).relu().add(b);
    });
    expect([...tm.guardTo]).toEqual([-1, -1, -1, 2, -1, 1]);
    expect(tm.wholeSpan).toBe(true);
    // b is read by tanh (no carry) and by the output's add, which carries but is not covered: probed.
    expect(tm.probes).toEqual([3, 1]);
  });

  it('template() gives an output whose span holds sqrt() no guard, and a sample with no leaf of its own its first node at 0 (sqrt(own·w); tanh(w)·2)', () => {
    const unsafe = templateOf((wv, own) => own.mul(wv).sqrt()).tm;
    expect([...unsafe.guardTo]).toEqual([-1, -1, -1]);
    expect(unsafe.wholeSpan).toBe(false);
    expect(unsafe.probes).toEqual([1]);
    // Node 0 = tanh(w), an op of the sample: covered by ·2, which carries and is probed.
    const noLeaf = templateOf((wv) => wv.tanh().mul(2)).tm;
    expect([...noLeaf.guardTo]).toEqual([-1, 0]);
    expect(noLeaf.wholeSpan).toBe(true);
    expect(noLeaf.probes).toEqual([1]);
    // Node 0 = tanh(w) read by relu(), which does not carry: probed itself.
    expect(templateOf((wv) => wv.tanh().relu()).tm.probes).toEqual([0]);
  });

  it('template() gives a kink\'s operand whose span holds only leaves no guard, and guards one read by a kink and by another op ((own·w).relu() + c; relu(h) + h·c, h = tanh(own·w))', () => {
    // Nodes: 0 own, 1 own·w (its span: own alone, one instruction), 2 relu, 3 + c.
    const short = templateOf((wv, own, c) => own.mul(wv).relu().add(c)).tm;
    expect([...short.guardTo]).toEqual([-1, -1, -1, 1]);
    expect(short.probes).toEqual([1]);
    // Nodes: 0 own, 1 own·w, 2 h, 3 relu, 4 h·c, 5 the sum. h is read by relu() and by the product.
    const twice = templateOf((wv, own, c) => {
      const h = own.mul(wv).tanh();
      return h.relu().add(h.mul(c));
    }).tm;
    expect([...twice.guardTo]).toEqual([-1, -1, 1, -1, -1, 1]);
  });

  it('template() probes no product by a data column (CF checks the columns), but the value it reads (tanh(own)·c_k)', () => {
    const { tm } = templateOf((_wv, own, c) => own.tanh().mul(c));
    expect([...tm.ins.column]).toEqual([-1, -1, 0]);
    expect(tm.probes).toEqual([1]);
    expect(tm.shared).toEqual([]);
  });
});

describe('the stored kernels across forward chunks', () => {
  it('run() in the stored variant keeps a value that only a later forward chunk reads (a sum of 130 terms, cut at 120 nodes), bit for bit backward()', () => {
    // Each sample sums its private leaf and 130 constants: node 119 of the sample, an add, is read
    // only by node 120, in the second forward chunk, and by no backward step (an add's slopes are
    // 1): the first chunk must still keep it for the second.
    const sample: Sample = (_shared, own, c) => {
      let s = own;
      for (let i = 0; i < 130; i++) s = s.add(c + i / 8);
      return s;
    };
    const ownData = [1, -2, 0.5, 3, -0.25, 8, 1.5, -4];
    const cs = ownData.map((_, k) => k / 4);
    const [actual, expected] = runAndReference('stored', sample, [], ownData, cs, (s) => s.tanh());
    expectSameBits(actual, expected);
  });
});
