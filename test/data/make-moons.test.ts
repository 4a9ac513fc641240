import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeMoons } from '../../src/index.js';

describe('makeMoons', () => {
  it('without noise, ⌊n/2⌋ points labelled -1 lie on the upper unit half circle, the rest (+1) on the lower one shifted to (1, 0.5)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), fc.integer({ min: 0, max: 100 }), (n, seed) => {
        const { X, y } = makeMoons(n, { seed });
        expect(X).toHaveLength(n);
        expect(y.filter((l) => l === -1)).toHaveLength(Math.floor(n / 2));
        expect(y.filter((l) => l === 1)).toHaveLength(n - Math.floor(n / 2));
        X.forEach(([a, b], i) => {
          if (y[i] === -1) {
            expect(Math.hypot(a as number, b as number)).toBeCloseTo(1, 12);
            expect(b).toBeGreaterThanOrEqual(0);
          } else {
            expect(Math.hypot((a as number) - 1, (b as number) - 0.5)).toBeCloseTo(1, 12);
            expect(b).toBeLessThanOrEqual(0.5 + 1e-12);
          }
        });
      }),
      { numRuns: 30 },
    );
  });

  it('unshuffled, the points run along each moon from angle 0 to π, outer moon first', () => {
    const { X, y } = makeMoons(6, { shuffle: false });
    expect(y).toEqual([-1, -1, -1, 1, 1, 1]);
    expect(X[0]).toEqual([1, 0]);
    expect(X[1]?.[0]).toBeCloseTo(0, 15);
    expect(X[2]?.[0]).toBeCloseTo(-1, 15);
    expect(X[3]).toEqual([0, 0.5]);
    expect(X[5]?.[0]).toBeCloseTo(2, 15);
  });

  it('noise moves each coordinate by a Gaussian of about that standard deviation', () => {
    const clean = makeMoons(4000, { seed: 7 });
    const noisy = makeMoons(4000, { seed: 7, noise: 0.1 });
    // Same seed: same shuffle, so the points correspond.
    expect(noisy.y).toEqual(clean.y);
    const d = noisy.X.flatMap((p, i) => p.map((c, j) => c - (clean.X[i]?.[j] as number)));
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const sd = Math.sqrt(d.reduce((a, b) => a + b * b, 0) / d.length);
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(Math.abs(sd - 0.1)).toBeLessThan(0.004);
  });

  it('a seed fixes the dataset; another seed gives another', () => {
    expect(makeMoons(50, { noise: 0.1, seed: 3 })).toEqual(makeMoons(50, { noise: 0.1, seed: 3 }));
    expect(makeMoons(50, { noise: 0.1, seed: 3 }).X).not.toEqual(makeMoons(50, { noise: 0.1, seed: 4 }).X);
  });

  it('makeMoons() rejects bad arguments, naming them', () => {
    expect(() => makeMoons(1)).toThrow('makeMoons: n must be an integer >= 2, got number 1');
    expect(() => makeMoons(10.5)).toThrow(RangeError);
    expect(() => makeMoons(10, { noise: -0.1 })).toThrow('makeMoons: noise must be a finite number >= 0, got number -0.1');
    expect(() => makeMoons(10, { seed: 1.5 })).toThrow(/makeMoons: seed must be an integer/);
    expect(() => makeMoons(10, { shuffle: 'yes' as unknown as boolean })).toThrow(TypeError);
  });
});
