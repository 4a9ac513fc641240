import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, compile, logSumExp, softmax, sum } from '../../../src/index.js';
import type { CompileMode } from '../../../src/index.js';
import { awayFromZero, real, withEdges } from '../../support/arbitraries.js';

/*
 * The stable log-sum-exp's (and softmax's) shift: a stopGradient node of the largest value, no longer
 * a constant read from the values when the graph is built. The oracle for the numbers is the previous
 * implementation, written out here: m = the largest value if finite, else 0, folded as a constant.
 */

function previousShift(xs: readonly Value[]): number {
  let m = -Infinity;
  for (const x of xs) m = Math.max(m, x.data);
  return Number.isFinite(m) ? m : 0;
}
function previousLogSumExp(xs: readonly Value[]): Value {
  const m = previousShift(xs);
  return sum(xs.map((x) => x.sub(m).exp())).log().add(m);
}
function previousSoftmax(xs: readonly Value[]): Value[] {
  const m = previousShift(xs);
  const e = xs.map((x) => x.sub(m).exp());
  const total = sum(e);
  return e.map((ei) => ei.div(total));
}

/** The value of `f(xs)·c` and every x's gradient after its backward(). */
function valueAndGradients(xs: readonly number[], c: number, f: (vs: Value[]) => Value): { value: number; grads: number[] } {
  const vs = xs.map((x) => new Value(x));
  const y = f(vs);
  y.mul(c).backward();
  return { value: y.data, grads: vs.map((v) => v.grad) };
}

function expectSameBits(got: readonly number[], expected: readonly number[], what: string): void {
  expect(got.length).toBe(expected.length);
  got.forEach((g, i) => {
    if (!Object.is(g, expected[i])) throw new Error(`${what}[${i}]: ${g}, expected ${expected[i]}`);
  });
}

/** Doubles of every kind: ordinary ones (large enough to overflow exp), the IEEE edges, ±Infinity. */
const anyDouble = fc.oneof(
  { arbitrary: withEdges(real(-800, 800)), weight: 5 },
  { arbitrary: fc.constantFrom(Infinity, -Infinity, 709.9, -745.2), weight: 1 },
);
const anyList = fc.array(anyDouble, { minLength: 1, maxLength: 6 });
const finiteDouble = fc.oneof(
  { arbitrary: real(-800, 800), weight: 3 },
  { arbitrary: fc.constantFrom(0, -0, 5e-324, -5e-324, 1e-310, 2.225073858507201e-308, Number.MAX_VALUE, -Number.MAX_VALUE, 709.9, -745.2), weight: 1 },
);
const finiteList = fc.array(finiteDouble, { minLength: 1, maxLength: 6 });
/** An upstream gradient that keeps every intermediate gradient finite. */
const upstream = real(-3, 3);

describe('logSumExp and softmax with a stopGradient shift, against the previous constant shift', () => {
  it('logSumExp has the previous value bit for bit on any list, ±Infinity, NaN, ±0 and subnormals included', () => {
    fc.assert(
      fc.property(anyList, (xs) => {
        const vs = xs.map((x) => new Value(x));
        expect(Object.is(logSumExp(vs).data, previousLogSumExp(vs).data)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('logSumExp has the previous gradients (the softmax) bit for bit on finite lists, under a finite upstream gradient', () => {
    fc.assert(
      fc.property(finiteList, upstream, (xs, c) => {
        const now = valueAndGradients(xs, c, logSumExp);
        const before = valueAndGradients(xs, c, previousLogSumExp);
        expectSameBits([now.value, ...now.grads], [before.value, ...before.grads], 'logSumExp value, then d/dx');
      }),
      { numRuns: 1500 },
    );
  });

  it('softmax has the previous values and gradients bit for bit on finite lists, for every output', () => {
    fc.assert(
      fc.property(finiteList, upstream, fc.nat(), (xs, c, pick) => {
        const j = pick % xs.length;
        const now = valueAndGradients(xs, c, (vs) => softmax(vs)[j] as Value);
        const before = valueAndGradients(xs, c, (vs) => previousSoftmax(vs)[j] as Value);
        expectSameBits([now.value, ...now.grads], [before.value, ...before.grads], `softmax[${j}], then d/dx`);
      }),
      { numRuns: 1500 },
    );
  });

  it('softmax has the previous values on any list, but a finite entry past ln(MAX_VALUE) beside +Infinity: 0 now, NaN before', () => {
    fc.assert(
      fc.property(anyList, (xs) => {
        const vs = xs.map((x) => new Value(x));
        const now = softmax(vs).map((p) => p.data);
        const before = previousSoftmax(vs).map((p) => p.data);
        const corner = xs.includes(Infinity) && !xs.some(Number.isNaN);
        now.forEach((p, i) => {
          const x = xs[i] as number;
          if (corner && Number.isFinite(x) && Math.exp(x) === Infinity) expect([p, before[i]]).toEqual([0, NaN]);
          else expect(Object.is(p, before[i])).toBe(true);
        });
      }),
      { numRuns: 3000 },
    );
    expect(softmax([new Value(Infinity), new Value(710)]).map((p) => p.data)).toEqual([NaN, 0]);
    expect(previousSoftmax([new Value(Infinity), new Value(710)]).map((p) => p.data)).toEqual([NaN, NaN]);
  });

  it('beside +Infinity and under an infinite upstream gradient the gradients are the closed form\'s, as JAX\'s logsumexp gives (its shift is a stop_gradient too), and the previous ones', () => {
    // d/dx_i of c·logSumExp(x) = c·exp(x_i - logSumExp(x)): at [Infinity, 1], [exp(Inf - Inf), exp(1 - Inf)] = [NaN, 0].
    // Nothing flows through the shift, so the NaN its node receives (0 · Infinity from the +Infinity entry) stays there.
    expect(valueAndGradients([Infinity, 1], 1, logSumExp)).toEqual({ value: Infinity, grads: [NaN, 0] });
    expect(valueAndGradients([Infinity, 1], 1, previousLogSumExp)).toEqual({ value: Infinity, grads: [NaN, 0] });
    // A finite entry past ln(MAX_VALUE): exp(710 - Infinity) = 0; the previous constant shift (0) overflowed exp(710).
    expect(valueAndGradients([Infinity, 710], 1, logSumExp).grads).toEqual([NaN, 0]);
    expect(valueAndGradients([Infinity, 710], 1, previousLogSumExp).grads).toEqual([NaN, NaN]);
    // Infinity · [0.5, 0.5].
    expect(valueAndGradients([0, 0], Infinity, logSumExp).grads).toEqual([Infinity, Infinity]);
    expect(valueAndGradients([0, 0], Infinity, previousLogSumExp).grads).toEqual([Infinity, Infinity]);
    expect(valueAndGradients([0, 0], -Infinity, logSumExp).grads).toEqual([-Infinity, -Infinity]);
    expect(valueAndGradients([0, 0], NaN, logSumExp).grads).toEqual([NaN, NaN]);
    // -Infinity entries weigh 0: [0, 1], and under an infinite upstream Infinity · 0 = NaN for them.
    expect(valueAndGradients([-Infinity, 1], 1, logSumExp).grads).toEqual([0, 1]);
    expect(valueAndGradients([-Infinity, 1], Infinity, logSumExp).grads).toEqual([NaN, Infinity]);
  });

  it('logSumExp\'s gradients are c · exp(x_i - logSumExp(x)) on lists with ±Infinity and NaN, under any upstream c (±Infinity, NaN, ±0 included)', () => {
    /** log Σ exp(x), from its definition's limits: NaN with a NaN, +Infinity with a +Infinity, -Infinity with no finite entry. */
    const closedLogSumExp = (xs: readonly number[]): number => {
      if (xs.some(Number.isNaN)) return NaN;
      if (xs.includes(Infinity)) return Infinity;
      const finite = xs.filter(Number.isFinite);
      if (finite.length === 0) return -Infinity;
      const top = Math.max(...finite);
      return top + Math.log(finite.reduce((s, x) => s + Math.exp(x - top), 0));
    };
    // Finite entries within ±50, so that no weight underflows (where the two forms round differently).
    const entry = fc.oneof({ arbitrary: real(-50, 50), weight: 4 }, { arbitrary: fc.constantFrom(Infinity, -Infinity, NaN, 0, -0), weight: 1 });
    // Finite upstreams away from the subnormals, where the two forms' products round apart (absolutely).
    const anyUpstream = fc.oneof({ arbitrary: awayFromZero(1e-300, 3), weight: 3 }, { arbitrary: fc.constantFrom(Infinity, -Infinity, NaN, 0, -0), weight: 2 });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 6 }), anyUpstream, (xs, c) => {
        const lse = closedLogSumExp(xs);
        const { grads } = valueAndGradients(xs, c, logSumExp);
        grads.forEach((g, i) => {
          const want = c * Math.exp((xs[i] as number) - lse);
          const what = `d/dx${i} at [${xs.join(', ')}] times ${c}: ${g}, closed form ${want}`;
          if (Number.isNaN(want) || !Number.isFinite(want) || want === 0) {
            // A leaf's gradient is summed from +0: a closed-form -0 arrives as +0.
            if (!Object.is(g, want + 0)) throw new Error(what);
          } else if (!(Math.abs(g - want) <= 1e-12 * Math.abs(want))) throw new Error(what);
        });
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the shift of a list with numbers in it', () => {
  it('logSumExp and softmax of numbers alone, and of numbers beside Values, have the previous values bit for bit', () => {
    fc.assert(
      fc.property(anyList, fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (xs, asNumber) => {
        // Each entry a number or a Value as asNumber says (the previous implementation read both the same way).
        const mixed = xs.map((x, i) => (asNumber[i] === true ? x : new Value(x)));
        const values = xs.map((x) => new Value(x));
        expect(Object.is(logSumExp(mixed).data, previousLogSumExp(values).data)).toBe(true);
        expect(Object.is(logSumExp(xs).data, previousLogSumExp(values).data)).toBe(true);
        const now = softmax(mixed).map((p) => p.data);
        previousSoftmax(values).forEach((p, i) => {
          if (!(xs.includes(Infinity) && Number.isFinite(xs[i]) && Math.exp(xs[i] as number) === Infinity)) expect(Object.is(now[i], p.data)).toBe(true);
        });
      }),
      { numRuns: 2000 },
    );
    expect(logSumExp([Infinity, 1]).data).toBe(Infinity);
    expect(logSumExp([-Infinity, -Infinity]).data).toBe(-Infinity);
    expect(logSumExp([1000, new Value(1000)]).data).toBe(1000 + Math.LN2);
  });

  it('gives the gradient the softmax with numbers beside Values, the numbers getting none', () => {
    const a = new Value(1);
    const b = new Value(3);
    logSumExp([a, 2, b]).backward();
    const total = Math.exp(1 - 3) + Math.exp(2 - 3) + 1;
    // The sweep's order: d/dlog = 1/S, times each exp's value.
    expect([a.grad, b.grad]).toEqual([(1 / total) * Math.exp(1 - 3), (1 / total) * 1]);
  });
});

describe('a compiled logSumExp or softmax replays exactly', () => {
  it.each(['interpreted', 'generated'] as const)('compile() (%s) of a graph built at one list, run at another, equals a new build at it bit for bit', (mode: CompileMode) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.array(anyDouble, { minLength: n, maxLength: n }), fc.array(anyDouble, { minLength: n, maxLength: n }))),
        upstream,
        ([first, second], c) => {
          const build = (vs: Value[]) => {
            const p = softmax(vs);
            return logSumExp(vs).add((p[0] as Value).mul(0.5)).mul(c);
          };
          const vs = first.map((x) => new Value(x));
          const graph = compile(build(vs), { mode });
          vs.forEach((v, i) => {
            v.data = second[i] as number;
            v.grad = 0;
          });
          const replayed = graph.run();
          const fresh = second.map((x) => new Value(x));
          const y = build(fresh);
          y.backward();
          expectSameBits([replayed, ...vs.map((v) => v.grad)], [y.data, ...fresh.map((v) => v.grad)], 'value, then d/dx');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the previous constant shift did not: a graph compiled at [0, 0] and run at [1000, 1000] overflowed', () => {
    const vs = [new Value(0), new Value(0)];
    const before = compile(previousLogSumExp(vs), { mode: 'interpreted' });
    const now = compile(logSumExp(vs), { mode: 'interpreted' });
    vs.forEach((v) => (v.data = 1000));
    expect(before.run()).toBe(Infinity);
    expect(now.run()).toBe(1000 + Math.LN2);
  });
});
