import { describe, expect, it } from 'vitest';
import { makeCircles } from '../../src/index.js';

describe('makeCircles', () => {
  it('without noise, ⌊n/2⌋ points labelled -1 lie on the unit circle and the rest (+1) on the circle of radius factor', () => {
    const { X, y } = makeCircles(41, { factor: 0.3, seed: 2 });
    expect(y.filter((l) => l === -1)).toHaveLength(20);
    expect(y.filter((l) => l === 1)).toHaveLength(21);
    X.forEach(([a, b], i) => expect(Math.hypot(a as number, b as number)).toBeCloseTo(y[i] === -1 ? 1 : 0.3, 12));
  });

  it('unshuffled, each circle\'s points are evenly spaced from angle 0, the end point left out', () => {
    const { X, y } = makeCircles(8, { shuffle: false });
    expect(y).toEqual([-1, -1, -1, -1, 1, 1, 1, 1]);
    const angles = X.map(([a, b]) => Math.atan2(b as number, a as number));
    [0, Math.PI / 2, Math.PI, -Math.PI / 2].forEach((t, i) => {
      expect(angles[i]).toBeCloseTo(t, 12);
      expect(angles[i + 4]).toBeCloseTo(t, 12);
    });
    expect(Math.hypot(...(X[4] as [number, number]))).toBeCloseTo(0.8, 15); // the default factor
  });

  it('a seed fixes the dataset', () => {
    expect(makeCircles(30, { noise: 0.05, seed: 9 })).toEqual(makeCircles(30, { noise: 0.05, seed: 9 }));
  });

  it('makeCircles() rejects a factor outside (0, 1)', () => {
    expect(() => makeCircles(10, { factor: 1 })).toThrow('makeCircles: factor must be a number in (0, 1), got number 1');
    expect(() => makeCircles(10, { factor: 0 })).toThrow(RangeError);
  });
});
