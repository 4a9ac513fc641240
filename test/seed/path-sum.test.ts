import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, pathSumGradient, topologicalOrder } from '../../src/index.js';
import { real } from '../support/arbitraries.js';

/** y(0) = x, y(k) = y(k-1)*0.5 + y(k-1)*0.5: 2^k paths from y(k) to x, dy(k)/dx = 1. */
function ladder(k: number): { x: Value; top: Value } {
  const x = new Value(0.75, 'x');
  let top = x;
  for (let i = 0; i < k; i++) top = top.mul(0.5).add(top.mul(0.5));
  return { x, top };
}

/**
 * One step of a random expression: an op on earlier nodes picked by index, so later nodes
 * share earlier ones (diamonds, reuse of one node on both sides of an op).
 */
interface Step {
  readonly op: 'mean' | 'halfDiff' | 'mul' | 'square' | 'tanh' | 'sigmoid' | 'scale';
  readonly i: number;
  readonly j: number;
  readonly c: number;
}

const program = fc.record({
  leaves: fc.array(real(-1, 1), { minLength: 1, maxLength: 3 }),
  steps: fc.array(
    fc.record({
      op: fc.constantFrom('mean', 'halfDiff', 'mul', 'square', 'tanh', 'sigmoid', 'scale'),
      i: fc.nat(),
      j: fc.nat(),
      c: real(-1, 1),
    }),
    { minLength: 1, maxLength: 10 },
  ),
});

/**
 * Builds the expression: the leaves, then one node per step. Every op maps [-1, 1] into [-1, 1] and has local derivatives of
 * magnitude <= 1 (sums are halved), so each path's product is at most 1 in magnitude and the
 * rounding of both methods is bounded by the number of paths.
 */
function build(leafValues: readonly number[], steps: readonly Step[]): Value[] {
  const nodes = leafValues.map((x, k) => new Value(x, `x${k}`));
  for (const { op, i, j, c } of steps) {
    const a = nodes[i % nodes.length] as Value;
    const b = nodes[j % nodes.length] as Value;
    const next =
      op === 'mean' ? a.add(b).mul(0.5)
      : op === 'halfDiff' ? a.sub(b).mul(0.5)
      : op === 'mul' ? a.mul(b)
      : op === 'square' ? a.mul(a)
      : op === 'tanh' ? a.tanh()
      : op === 'sigmoid' ? a.sigmoid()
      : a.mul(c);
    nodes.push(next);
  }
  return nodes;
}

/**
 * The number of paths from `output` to `input` and the multiplications the path sum should take
 * (the sum of the paths' lengths: a path of L edges costs L, its product 1 × d1 × … × dL being
 * formed from scratch), counted by dynamic programming over the graph, independently of the
 * enumeration: a node's paths to `input` are its parents' (one per edge), and their total length
 * is the parents' total lengths plus one edge for each of the parents' paths.
 */
function expectedCounts(output: Value, input: Value): { paths: number; multiplications: number } {
  const paths = new Map<Value, number>(); // paths from the node down to input
  const length = new Map<Value, number>(); // their lengths, summed
  for (const n of topologicalOrder(output)) {
    if (n === input) {
      paths.set(n, 1);
      length.set(n, 0);
      continue;
    }
    let p = 0;
    let l = 0;
    for (const parent of n.parents) {
      const q = paths.get(parent) as number;
      p += q;
      l += (length.get(parent) as number) + q;
    }
    paths.set(n, p);
    length.set(n, l);
  }
  return { paths: paths.get(output) as number, multiplications: length.get(output) as number };
}

describe('pathSumGradient(): agreement with backward()', () => {
  it('pathSumGradient() agrees with backward() on random expression graphs with shared subexpressions', () => {
    fc.assert(
      fc.property(program, ({ leaves: values, steps }) => {
        const nodes = build(values, steps);
        const output = nodes[nodes.length - 1] as Value;
        output.backward();
        // Every inner node too: backward() leaves d output / d node in each node's grad.
        for (const input of nodes) {
          const r = pathSumGradient(output, input);
          const expected = expectedCounts(output, input);
          expect(r.paths).toBe(expected.paths);
          expect(r.multiplications).toBe(expected.multiplications);
          const reference = input.grad;
          // Each path product is <= 1 in magnitude and carries <= (depth + 1) roundings; the sums
          // of the two methods add at most `paths` more: a bound, not a fudge factor.
          const bound = 4 * Number.EPSILON * Math.max(1, r.paths) * (steps.length + 2 + r.paths);
          if (!(Math.abs(r.gradient - reference) <= bound)) {
            throw new Error(`d out/d ${input.label || input.op}: path sum ${r.gradient}, backward() ${reference}`);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('pathSumGradient() counts x*x as two edges: d(x*x)/dx = 2x over 2 paths', () => {
    const x = new Value(3, 'x');
    expect(pathSumGradient(x.mul(x), x)).toEqual({ gradient: 6, paths: 2, multiplications: 2 });
  });

  it('pathSumGradient() sums a diamond: d/dx of tanh(x) * sigmoid(x) over its two paths', () => {
    const x = new Value(0.4, 'x');
    const y = x.tanh().mul(x.sigmoid());
    const t = Math.tanh(0.4);
    const s = 1 / (1 + Math.exp(-0.4));
    const r = pathSumGradient(y, x);
    expect(r.paths).toBe(2);
    expect(r.multiplications).toBe(4);
    expect(r.gradient).toBeCloseTo((1 - t * t) * s + t * s * (1 - s), 15);
  });

  it('pathSumGradient() adds nothing for a path through stopGradient\'s edge (not its product with 0, NaN under an infinite factor), and still counts it', () => {
    const x = new Value(2, 'x');
    const u = new Value(Infinity, 'u');
    // Two paths to x: through x.stopGradient() (1 · u · 0 = NaN) and through x·3 (1 · 1 · 3).
    const out = x.stopGradient().mul(u).add(x.mul(3));
    expect(pathSumGradient(out, x)).toEqual({ gradient: 3, paths: 2, multiplications: 5 });
    out.backward();
    expect(x.grad).toBe(3);
    for (const c of [NaN, -Infinity, -2]) {
      const y = new Value(-1.5);
      const only = y.stopGradient().mul(new Value(c));
      expect(Object.is(pathSumGradient(only, y).gradient, 0)).toBe(true);
    }
  });

  it('pathSumGradient() is 1 over one empty path when output is the input', () => {
    const x = new Value(2);
    expect(pathSumGradient(x, x)).toEqual({ gradient: 1, paths: 1, multiplications: 0 });
  });

  it('pathSumGradient() is 0 over no paths when output does not depend on input', () => {
    const x = new Value(2);
    const z = new Value(5);
    expect(pathSumGradient(x.mul(3).tanh(), z)).toEqual({ gradient: 0, paths: 0, multiplications: 0 });
  });

  it('pathSumGradient() does not enumerate paths to other leaves', () => {
    // A 2^18-path ladder next to a single edge to v: one multiplication means only v's path was walked.
    const { top } = ladder(18);
    const v = new Value(3, 'v');
    expect(pathSumGradient(top.add(v), v, { maxPaths: 1 })).toEqual({ gradient: 1, paths: 1, multiplications: 1 });
  });

  it('pathSumGradient() multiplies along each path from scratch, shared prefix and suffix included', () => {
    // y = (s*7)*11 with s = u*2 + u*3 and u = x*5: 2 paths, each y -> s*7 -> s -> u*c -> u -> x, 5 edges,
    // so 2 × 5 = 10 multiplications. Sharing the 2 edges above the fork between the two paths
    // would make it 8; backward(), which reuses every node's gradient, takes one per edge: 7.
    const x = new Value(1.5, 'x');
    const u = x.mul(5);
    const y = u.mul(2).add(u.mul(3)).mul(7).mul(11);
    expect(pathSumGradient(y, x)).toEqual({ gradient: 7 * 11 * (2 + 3) * 5, paths: 2, multiplications: 10 });
  });

  it('pathSumGradient() walks a 200 000-node chain without recursion', () => {
    const x = new Value(1, 'x');
    let y = x;
    for (let i = 0; i < 200_000; i++) y = y.add(1);
    expect(pathSumGradient(y, x)).toEqual({ gradient: 1, paths: 1, multiplications: 200_000 });
  });
});

describe('pathSumGradient(): exponential cost', () => {
  it.each([0, 1, 2, 5, 10, 16])('pathSumGradient() counts 2^k paths of 2k edges, 2k × 2^k multiplications, on the ladder of k = %i rungs', (k) => {
    const { x, top } = ladder(k);
    const r = pathSumGradient(top, x);
    // Each rung is two edges of a path: from the sum to one of its two products, then to the rung below.
    const edgesPerPath = 2 * k;
    expect(r.paths).toBe(2 ** k);
    expect(r.multiplications).toBe(2 ** k * edgesPerPath);
    // Every path carries 0.5^k and there are 2^k of them: the sum is exactly 1.
    expect(r.gradient).toBe(1);
    top.backward();
    expect(x.grad).toBe(1);
  });

  it('pathSumGradient() throws a RangeError with the count reached once past maxPaths', () => {
    const { x, top } = ladder(200);
    expect(() => pathSumGradient(top, x, { maxPaths: 1000 })).toThrow(RangeError);
    expect(() => pathSumGradient(top, x, { maxPaths: 1000 })).toThrow(/reached 1001 paths .*maxPaths = 1000/);
  });

  it('pathSumGradient() stops a 2^24-path graph by itself with the default maxPaths of 1e7', () => {
    // 10^7 paths of 48 edges: about 5 × 10^8 multiplications before the guard trips.
    const { x, top } = ladder(24);
    expect(() => pathSumGradient(top, x)).toThrow(/^pathSumGradient: reached 10000001 paths/);
  });

  it('pathSumGradient() allows exactly maxPaths paths', () => {
    const { x, top } = ladder(3);
    expect(pathSumGradient(top, x, { maxPaths: 8 }).paths).toBe(8);
    expect(() => pathSumGradient(top, x, { maxPaths: 7 })).toThrow(/reached 8 paths/);
    expect(() => pathSumGradient(top, x, { maxPaths: 0 })).toThrow(/reached 1 paths/);
    expect(pathSumGradient(top, x, { maxPaths: Infinity }).paths).toBe(8);
  });
});

describe('pathSumGradient(): bad input', () => {
  const x = new Value(1);
  const call = (output: unknown, input: unknown, options?: unknown) =>
    pathSumGradient(output as Value, input as Value, options as { maxPaths?: number });

  it('pathSumGradient() rejects a non-Value output or input with a TypeError', () => {
    expect(() => call(1, x)).toThrow(TypeError);
    expect(() => call(1, x)).toThrow('pathSumGradient: output must be a Value, got number 1');
    expect(() => call(x, { data: 1 })).toThrow('pathSumGradient: input must be a Value, got an object');
  });

  it.each([-1, 1.5, NaN, -Infinity])('pathSumGradient() rejects maxPaths = %s with a RangeError', (bad) => {
    expect(() => call(x, x, { maxPaths: bad })).toThrow(RangeError);
    expect(() => call(x, x, { maxPaths: bad })).toThrow(/maxPaths must be an integer >= 0 or Infinity/);
  });

  it('pathSumGradient() rejects a non-number maxPaths and non-object options with a TypeError', () => {
    expect(() => call(x, x, { maxPaths: '10' })).toThrow(TypeError);
    expect(() => call(x, x, null)).toThrow(TypeError);
  });
});
