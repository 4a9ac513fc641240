import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Random } from '../../src/index.js';

/**
 * mulberry32 as its C reference writes it (uint32_t arithmetic), here in BigInt with explicit
 * 32-bit masks: an oracle that shares no code and no Math.imul trick with the implementation.
 */
function referenceMulberry32(seed: number): () => number {
  const mask = (1n << 32n) - 1n;
  let state = BigInt(seed);
  return () => {
    state = (state + 0x6d2b79f5n) & mask;
    let z = state;
    z = ((z ^ (z >> 15n)) * (z | 1n)) & mask;
    z = (z ^ ((z + (((z ^ (z >> 7n)) * (z | 61n)) & mask)) & mask)) & mask;
    return Number(z ^ (z >> 14n));
  };
}

describe('Random (mulberry32)', () => {
  it('nextUint32() matches the C reference for any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const r = new Random(seed);
        const ref = referenceMulberry32(seed);
        for (let i = 0; i < 20; i++) expect(r.nextUint32()).toBe(ref());
      }),
      { numRuns: 200 },
    );
  });

  it('nextUint32() matches the C reference over a long run from seed 0', () => {
    const r = new Random(0);
    const ref = referenceMulberry32(0);
    for (let i = 0; i < 10_000; i++) expect(r.nextUint32()).toBe(ref());
  });

  it('next() is the 32-bit output over 2^32, in [0, 1)', () => {
    const a = new Random(7);
    const b = new Random(7);
    for (let i = 0; i < 1000; i++) {
      const x = a.next();
      expect(x).toBe(b.nextUint32() / 2 ** 32);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('the same seed gives the same sequence; another seed another one', () => {
    const seq = (seed: number) => Array.from({ length: 8 }, ((r) => () => r.next())(new Random(seed)));
    expect(seq(42)).toEqual(seq(42));
    expect(seq(42)).not.toEqual(seq(43));
  });

  it('uniform(lo, hi) stays in [lo, hi) and its mean is near the midpoint', () => {
    const r = new Random(1);
    let total = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const x = r.uniform(-1, 1);
      expect(x).toBeGreaterThanOrEqual(-1);
      expect(x).toBeLessThan(1);
      total += x;
    }
    // The standard error of the mean of U(-1, 1) over 20,000 draws is 0.0041: 0.02 is ~5 of them.
    expect(Math.abs(total / n)).toBeLessThan(0.02);
  });

  it('normal(mean, std) has about that mean and standard deviation', () => {
    const r = new Random(2);
    const n = 20_000;
    const xs = Array.from({ length: n }, () => r.normal(3, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    // Standard errors: 2 / sqrt(n) = 0.014 for the mean, about 0.01 for the deviation.
    expect(Math.abs(mean - 3)).toBeLessThan(0.07);
    expect(Math.abs(sd - 2)).toBeLessThan(0.05);
    expect(xs.every((x) => Number.isFinite(x))).toBe(true);
  });

  it('int(n) covers 0..n-1 and nothing else', () => {
    const r = new Random(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(r.int(6));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('shuffle() returns a permutation of its input, fixed by the seed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 50 }), fc.integer({ min: 0, max: 1000 }), (xs, seed) => {
        const a = new Random(seed).shuffle([...xs]);
        expect([...a].sort((p, q) => p - q)).toEqual([...xs].sort((p, q) => p - q));
        expect(new Random(seed).shuffle([...xs])).toEqual(a);
      }),
    );
  });

  it('shuffle() reaches every order of three items', () => {
    const r = new Random(4);
    const orders = new Set<string>();
    for (let i = 0; i < 300; i++) orders.add(r.shuffle([1, 2, 3]).join());
    expect(orders.size).toBe(6);
  });

  it.each([[-1], [1.5], [2 ** 32], [NaN], ['1' as unknown as number]])('new Random(%s) throws a RangeError naming the seed', (seed) => {
    expect(() => new Random(seed)).toThrow(RangeError);
    expect(() => new Random(seed)).toThrow(/new Random: seed must be an integer/);
  });

  it('uniform, normal and int reject bad arguments with errors that name them', () => {
    const r = new Random(0);
    expect(() => r.uniform(1, 0)).toThrow(/Random.uniform: needs lo <= hi/);
    expect(() => r.uniform(NaN, 1)).toThrow(/Random.uniform: lo must be a finite number/);
    expect(() => r.normal(0, -1)).toThrow(/Random.normal: std must be >= 0/);
    expect(() => r.int(0)).toThrow(/Random.int: n must be an integer/);
    expect(() => r.shuffle('abc' as unknown as string[])).toThrow(TypeError);
  });
});
