import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, logSumExp, topologicalOrder } from '../../../src/index.js';
import { shift } from '../../../src/engine/composite/log-sum-exp.js';
import { backwardGradient, expectBackwardMatchesFiniteDifferences, expectClose, real } from '../../support/oracles.js';

const list = (min: number, max: number, maxLength = 8) => fc.array(real(min, max), { minLength: 1, maxLength });

describe('logSumExp()', () => {
  it('matches the naive log Σ e^x where that is accurate (x in [-30, 30])', () => {
    fc.assert(
      fc.property(list(-30, 30), (xs) => {
        const naive = Math.log(xs.reduce((s, x) => s + Math.exp(x), 0));
        expectClose(logSumExp(xs.map((x) => new Value(x))).data, naive, 1e-14, 1e-15, `logSumExp([${xs.join(', ')}])`);
      }),
    );
  });

  it('has gradient softmax(x) = e^x_i / Σ e^x_j, and matches finite differences', () => {
    fc.assert(
      fc.property(list(-30, 30), (xs) => {
        const total = xs.reduce((s, x) => s + Math.exp(x), 0);
        const g = backwardGradient((...vs) => logSumExp(vs), xs);
        g.forEach((gi, i) => expectClose(gi, Math.exp(xs[i] as number) / total, 1e-13, 1e-300, `d/dx${i}`));
        expectBackwardMatchesFiniteDifferences((...vs) => logSumExp(vs), xs);
      }),
    );
  });

  it('logSumExp([1000, 1000]) = 1000 + ln 2 with gradients 0.5, 0.5', () => {
    const a = new Value(1000);
    const b = new Value(1000);
    const y = logSumExp([a, b]);
    y.backward();
    expect(y.data).toBe(1000 + Math.LN2);
    expect([a.grad, b.grad]).toEqual([0.5, 0.5]);
  });

  it('logSumExp([-1000, -1000]) = -1000 + ln 2 with gradients 0.5, 0.5', () => {
    const a = new Value(-1000);
    const b = new Value(-1000);
    const y = logSumExp([a, b]);
    y.backward();
    expect(y.data).toBe(-1000 + Math.LN2);
    expect([a.grad, b.grad]).toEqual([0.5, 0.5]);
  });

  it('of two large or very negative values is max + log(1 + e^-|a-b|), with finite gradients', () => {
    // A different route from the engine's shift by the max: the two-term identity, written out.
    fc.assert(
      fc.property(real(-1e5, 1e5), real(-50, 50), (a, d) => {
        const b = a + d;
        const expected = Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
        const [ga, gb] = backwardGradient((x, y) => logSumExp([x as Value, y as Value]), [a, b]) as [number, number];
        expectClose(logSumExp([new Value(a), new Value(b)]).data, expected, 1e-15, 1e-15, `logSumExp([${a}, ${b}])`);
        expectClose(ga, 1 / (1 + Math.exp(b - a)), 1e-12, 1e-300, 'd/da');
        expectClose(gb, 1 / (1 + Math.exp(a - b)), 1e-12, 1e-300, 'd/db');
      }),
    );
  });

  it('of n equal values c is c + ln n, each with gradient 1/n, however large c is', () => {
    fc.assert(
      fc.property(real(-1e6, 1e6), fc.integer({ min: 1, max: 20 }), (c, n) => {
        const leaves = Array.from({ length: n }, () => new Value(c));
        const y = logSumExp(leaves);
        y.backward();
        expectClose(y.data, c + Math.log(n), 1e-15, 1e-15, `logSumExp of ${n} × ${c}`);
        for (const l of leaves) expectClose(l.grad, 1 / n, 1e-15, 0, 'gradient');
      }),
    );
  });

  it('of one value is that value, with gradient 1', () => {
    const a = new Value(-3.25);
    const y = logSumExp([a]);
    y.backward();
    expect(y.data).toBe(-3.25);
    expect(a.grad).toBe(1);
  });

  it('mixes numbers with Values: logSumExp([a, 0]) = softplus(a), gradient sigmoid(a)', () => {
    const a = new Value(0.75);
    const y = logSumExp([a, 0]);
    y.backward();
    expectClose(y.data, Math.log(1 + Math.exp(0.75)), 1e-15, 0, 'value');
    expectClose(a.grad, 1 / (1 + Math.exp(-0.75)), 1e-15, 0, 'gradient');
    expectClose(logSumExp([0, 0, 0]).data, Math.log(3), 1e-15, 0, 'numbers only');
  });

  it('of an empty list is -Infinity, as a leaf: no graph to differentiate through', () => {
    const y = logSumExp([]);
    expect(y.data).toBe(-Infinity);
    expect([y.op, y.parents.length]).toEqual(['', 0]);
  });

  it('follows IEEE for infinite entries: [-Infinity, 0] is 0, [Infinity, 0] is Infinity', () => {
    expect(logSumExp([-Infinity, 0]).data).toBe(0);
    expect(logSumExp([Infinity, 0]).data).toBe(Infinity);
    expect(logSumExp([-Infinity, -Infinity]).data).toBe(-Infinity);
  });

  it('throws a TypeError naming logSumExp and the index of a bad element', () => {
    expect(() => logSumExp([1, null as unknown as number])).toThrow(TypeError);
    expect(() => logSumExp([1, null as unknown as number])).toThrow(/logSumExp: values\[1\] must be a Value or a number, got null/);
    expect(() => logSumExp('ab' as unknown as number[])).toThrow(/logSumExp: values must be an array/);
  });
});

describe('shift() (the stable log-sum-exp\'s shift)', () => {
  it('of one Value is that Value clamped to the finite doubles behind stopGradient: 4 nodes, the Value first', () => {
    const a = new Value(2.5, 'a');
    const m = shift([a]) as Value;
    // a, max(a, -MAX_VALUE), min(., MAX_VALUE), stopGradient: the first Value starts the chain as it is.
    expect(topologicalOrder(m).map((n) => n.op)).toEqual(['', 'max', 'min', 'stopGradient']);
    expect(topologicalOrder(m)[0]).toBe(a);
    expect(m.data).toBe(2.5);
  });

  it('of a number then Values starts from the number: max(b, 3), then max with c', () => {
    const [b, c] = [new Value(1, 'b'), new Value(4, 'c')];
    const m = shift([3, b, c]) as Value;
    expect(topologicalOrder(m).map((n) => [n.op, n.constant])).toEqual([
      ['', undefined], ['max', 3], ['', undefined], ['max', undefined], ['max', -Number.MAX_VALUE], ['min', Number.MAX_VALUE], ['stopGradient', undefined],
    ]);
    expect(m.data).toBe(4);
  });
});
