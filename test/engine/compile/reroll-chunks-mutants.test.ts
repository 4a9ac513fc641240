import { describe, expect, it } from 'vitest';
import { Value, mean, type CompiledGraph } from '../../../src/index.js';
import { flatten } from '../../../src/engine/compile/tape.js';
import { tryReroll, type Variant } from '../../../src/engine/compile/rerolled.js';

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
