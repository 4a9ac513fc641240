import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { trainTestSplit } from '../../src/index.js';

/** A dataset whose points are tagged by their index, so where each went can be read back. */
const tagged = (n: number) => ({ X: Array.from({ length: n }, (_, i) => [i, -i]), y: Array.from({ length: n }, (_, i) => i % 2) });

describe('trainTestSplit', () => {
  it('puts round(n f) points in test and the rest in train, each exactly once, labels kept', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 200 }), fc.double({ min: 0.2, max: 0.8, noNaN: true }), fc.integer({ min: 0, max: 1000 }), (n, f, seed) => {
        const { train, test } = trainTestSplit(tagged(n), { testFraction: f, seed });
        expect(test.X).toHaveLength(Math.round(n * f));
        expect(train.X.length + test.X.length).toBe(n);
        const ids = [...train.X, ...test.X].map((p) => p[0] as number).sort((a, b) => a - b);
        expect(ids).toEqual(Array.from({ length: n }, (_, i) => i));
        for (const part of [train, test]) part.X.forEach((p, i) => expect(part.y[i]).toBe((p[0] as number) % 2));
      }),
      { numRuns: 50 },
    );
  });

  it('a seed fixes the split, and the parts do not share rows with the input', () => {
    const data = tagged(20);
    const a = trainTestSplit(data, { seed: 5 });
    expect(trainTestSplit(data, { seed: 5 })).toEqual(a);
    expect(trainTestSplit(data, { seed: 6 })).not.toEqual(a);
    a.train.X[0]![0] = 999;
    expect(data.X.some((p) => p[0] === 999)).toBe(false);
  });

  it('trainTestSplit() rejects a fraction that leaves a part empty, and bad data', () => {
    expect(() => trainTestSplit(tagged(3), { testFraction: 0.1 })).toThrow('trainTestSplit: 3 points split at 0.1 leave an empty part (3 to train, 0 to test)');
    expect(() => trainTestSplit(tagged(3), { testFraction: 1 })).toThrow(/testFraction must be a number in \(0, 1\)/);
    expect(() => trainTestSplit({ X: [[1]], y: [] })).toThrow('trainTestSplit: data has 1 points but 0 labels');
    expect(() => trainTestSplit(null as unknown as { X: number[][]; y: number[] })).toThrow(TypeError);
  });
});
