import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_LOG_TICKS, escapeXml, fmt, logTicks, niceTicks, tickLabel } from '../../src/cli/svg.js';
import { real } from '../support/arbitraries.js';
import { nonFiniteAttributes } from '../support/svg-numbers.js';

describe('SVG helpers', () => {
  it('niceTicks() gives round, evenly spaced ticks inside the range', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(-1.63, 2.57, 6)).toEqual([-1, 0, 1, 2]);
    expect(niceTicks(0.013, 0.09, 4)).toEqual([0.02, 0.04, 0.06, 0.08]);
    fc.assert(
      fc.property(real(-1000, 1000), real(1e-3, 1000), (lo, span) => {
        const ticks = niceTicks(lo, lo + span, 5);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(11);
        for (const t of ticks) {
          expect(t).toBeGreaterThanOrEqual(lo - span * 1e-9);
          expect(t).toBeLessThanOrEqual(lo + span + span * 1e-9);
        }
        const step = (ticks[1] as number) - (ticks[0] as number);
        const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
        expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
      }),
    );
  });

  it('niceTicks() ends for ranges out to the largest double, and gives none for a range that is not finite', () => {
    expect(niceTicks(0, Number.MAX_VALUE, 5)).toEqual([0, 5e307, 1e308, 1.5e308]);
    expect(niceTicks(-Number.MAX_VALUE, Number.MAX_VALUE, 4)).toEqual([-1e308, -0, 1e308].map((t) => t + 0));
    expect(niceTicks(0, Infinity)).toEqual([]);
    expect(niceTicks(NaN, 1)).toEqual([]);
    expect(niceTicks(2, 2)).toEqual([2]);
  });

  it('logTicks() gives 1, 2 and 5 times the powers of ten when they are few, else the powers of ten', () => {
    expect(logTicks(0.005, 3)).toEqual([0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2]);
    expect(logTicks(2, 30)).toEqual([2, 5, 10, 20]);
    expect(logTicks(1e-4, 10)).toEqual([1e-4, 1e-3, 0.01, 0.1, 1, 10]);
  });

  it('logTicks() over many decades labels every n-th power of ten (n = 1, 2, 5 × 10^k), at most 9 ticks', () => {
    expect(MAX_LOG_TICKS).toBe(9);
    expect(logTicks(1e-12, 1)).toEqual([1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1]);
    expect(logTicks(1e-300, 1e5)).toEqual([1e-300, 1e-250, 1e-200, 1e-150, 1e-100, 1e-50, 1]);
    expect(logTicks(5e-324, Number.MAX_VALUE)).toEqual([1e-300, 1e-200, 1e-100, 1, 1e100, 1e200, 1e300]);
    fc.assert(
      fc.property(real(-320, 300), real(1, 600), (a, span) => {
        const lo = 10 ** a;
        const hi = Math.min(10 ** (a + span), Number.MAX_VALUE);
        fc.pre(lo > 0 && hi / lo > 10);
        const ticks = logTicks(lo, hi);
        expect(ticks.length).toBeGreaterThanOrEqual(1);
        expect(ticks.length).toBeLessThanOrEqual(MAX_LOG_TICKS);
        ticks.forEach((t, i) => {
          expect(t).toBeGreaterThanOrEqual(lo * (1 - 1e-12));
          expect(t).toBeLessThanOrEqual(hi * (1 + 1e-12));
          if (i > 0) expect(t).toBeGreaterThan(ticks[i - 1] as number);
        });
      }),
    );
  });

  it('logTicks() gives no ticks for a range it cannot draw (not positive, not finite, upside down)', () => {
    for (const [lo, hi] of [[0, 1], [-1, 1], [1, Infinity], [NaN, 1], [10, 1]] as const) expect(logTicks(lo, hi)).toEqual([]);
  });

  it('fmt() refuses NaN and the infinities, so no picture gets a coordinate it cannot draw', () => {
    for (const x of [NaN, Infinity, -Infinity]) expect(() => fmt(x)).toThrow(new RangeError(`fmt: a coordinate must be a finite number, got ${x}`));
  });

  it('fmt() rounds to two decimals without "-0"; tickLabel() keeps labels short; escapeXml() escapes', () => {
    expect([fmt(1.005), fmt(2), fmt(-0.001), fmt(12.3456)]).toEqual(['1', '2', '0', '12.35']);
    expect([tickLabel(0), tickLabel(0.30000000000000004), tickLabel(-1.5), tickLabel(1e-4)]).toEqual(['0', '0.3', '-1.5', '1e-4']);
    expect(escapeXml('a < b & "c" > d')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
  });
});

describe('the nonFiniteAttributes() check the picture tests use', () => {
  it('nonFiniteAttributes() finds NaN, infinite, empty and malformed numbers, and passes finite ones', () => {
    const good = '<svg width="10" viewBox="0 0 10 10"><circle cx="1.5" cy="-2" r="4"/><polyline points="0,1 2,3"/><text transform="rotate(-90 24 160)" fill="#333">NaN is text</text></svg>';
    expect(nonFiniteAttributes(good)).toEqual([]);
    const bad = '<svg><circle cx="NaN" cy="1" r=""/><polyline points="0,1 2,Infinity"/><rect x="1e999" width="abc" fill="#fff"/></svg>';
    expect(nonFiniteAttributes(bad)).toEqual(['cx="NaN"', 'r=""', 'points="0,1 2,Infinity"', 'x="1e999"', 'width="abc"']);
  });
});
