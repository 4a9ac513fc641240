import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeXml, fmt, logTicks, niceTicks, tickLabel } from '../../src/cli/svg.js';
import { real } from '../support/arbitraries.js';

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

  it('logTicks() gives powers of ten, with 2 and 5 times them over fewer than three decades', () => {
    expect(logTicks(0.005, 3)).toEqual([0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2]);
    expect(logTicks(1e-4, 10)).toEqual([1e-4, 1e-3, 0.01, 0.1, 1, 10]);
  });

  it('fmt() rounds to two decimals without "-0"; tickLabel() keeps labels short; escapeXml() escapes', () => {
    expect([fmt(1.005), fmt(2), fmt(-0.001), fmt(12.3456)]).toEqual(['1', '2', '0', '12.35']);
    expect([tickLabel(0), tickLabel(0.30000000000000004), tickLabel(-1.5), tickLabel(1e-4)]).toEqual(['0', '0.3', '-1.5', '1e-4']);
    expect(escapeXml('a < b & "c" > d')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
  });
});
