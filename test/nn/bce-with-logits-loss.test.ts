import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, bceWithLogitsLoss } from '../../src/index.js';
import { real } from '../support/arbitraries.js';
import { expectBackwardMatchesFiniteDifferences } from '../support/oracles.js';

/** The textbook form, -[y log σ(z) + (1 - y) log(1 - σ(z))]: fine for moderate z, NaN or Infinity for large |z|. */
const naive = (z: number, y: number) => {
  const s = 1 / (1 + Math.exp(-z));
  return -(y * Math.log(s) + (1 - y) * Math.log(1 - s));
};

describe('bceWithLogitsLoss', () => {
  it('bceWithLogitsLoss() equals the textbook binary cross-entropy of σ(z) for moderate logits', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(real(-8, 8), real(0, 1)), { minLength: 1, maxLength: 5 }), (rows) => {
        const expected = rows.reduce((a, [z, y]) => a + naive(z, y), 0) / rows.length;
        const got = bceWithLogitsLoss(rows.map(([z]) => z), rows.map(([, y]) => y)).data;
        expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
      }),
    );
  });

  it('backward() gives (σ(z) - y) / n and matches finite differences', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(real(-8, 8), real(0, 1)), { minLength: 1, maxLength: 5 }), (rows) => {
        const labels = rows.map(([, y]) => y);
        expectBackwardMatchesFiniteDifferences((...z: Value[]) => bceWithLogitsLoss(z, labels), rows.map(([z]) => z));
        const zs = rows.map(([z]) => new Value(z));
        bceWithLogitsLoss(zs, labels).backward();
        zs.forEach((z, i) => expect(z.grad).toBeCloseTo((1 / (1 + Math.exp(-z.data)) - (labels[i] as number)) / zs.length, 14));
      }),
    );
  });

  it.each([
    [1000, 1, 0, 0],
    [1000, 0, 1000, 1],
    [-1000, 1, 1000, -1],
    [-1000, 0, 0, 0],
  ])('at logit %d and label %d the loss is %d and the gradient %d: no NaN', (z, y, loss, slope) => {
    expect(Number.isNaN(naive(z, y)) || !Number.isFinite(naive(z, y))).toBe(true); // what the stable form avoids
    const logit = new Value(z);
    const l = bceWithLogitsLoss([logit], [y]);
    l.backward({ checkFinite: true });
    expect(l.data).toBe(loss);
    expect(logit.grad).toBe(slope);
  });

  it('bceWithLogitsLoss() rejects labels outside [0, 1], naming them', () => {
    expect(() => bceWithLogitsLoss([0, 1], [1, -1])).toThrow('bceWithLogitsLoss: labels[1] must be in [0, 1], got -1');
    expect(() => bceWithLogitsLoss([0], [NaN])).toThrow(RangeError);
    expect(() => bceWithLogitsLoss([0], [1.5])).toThrow(new RangeError('bceWithLogitsLoss: labels[0] must be in [0, 1], got 1.5'));
    expect(() => bceWithLogitsLoss([0, 1], [1])).toThrow('bceWithLogitsLoss: 2 logits but 1 labels');
  });
});
