import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, compile, logSumExp, softmax, sum } from '../../../src/index.js';
import type { CompileMode } from '../../../src/index.js';
import { real, withEdges } from '../../support/arbitraries.js';

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

  it('the gradients differ where the shift node receives a non-finite gradient (stopGradient passes 0 × it = NaN on)', () => {
    // A +Infinity entry: the finite entries' d/dx was 0 and is NaN now.
    const inf = valueAndGradients([Infinity, 1], 1, logSumExp);
    expect(inf).toEqual({ value: Infinity, grads: [NaN, NaN] });
    expect(valueAndGradients([Infinity, 1], 1, previousLogSumExp)).toEqual({ value: Infinity, grads: [NaN, 0] });
    // An infinite upstream gradient: d/dx was Infinity, and is NaN now.
    expect(valueAndGradients([0, 0], Infinity, logSumExp).grads).toEqual([NaN, NaN]);
    expect(valueAndGradients([0, 0], Infinity, previousLogSumExp).grads).toEqual([Infinity, Infinity]);
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
