/**
 * scripts/check-quoted-numbers.mjs (run by .ci/run as npm run check:numbers): how it rounds a
 * measurement to a quoted figure, and which figures it reads in a passage.
 */
import { describe, expect, it } from 'vitest';
import { figures, roundsTo } from '../../scripts/check-quoted-numbers.mjs';

describe('roundsTo(measured, quoted)', () => {
  it('accepts the measurement rounded as the figure is written, and nothing else', () => {
    expect(roundsTo(17.0, '17')).toBe(true);
    expect(roundsTo(16.5, '17')).toBe(true);
    expect(roundsTo(17.49, '17')).toBe(true);
    expect(roundsTo(17.5, '17')).toBe(false);
    expect(roundsTo(16.49, '17')).toBe(false);
    // The stale figure of issue 18: README said 13 KB where the bundle is 17.0 KB.
    expect(roundsTo(17.0, '13')).toBe(false);
    expect(roundsTo(3.27, '3.3')).toBe(true);
    expect(roundsTo(3.27, '3.27')).toBe(true);
    expect(roundsTo(3.27, '3.2')).toBe(false);
    expect(roundsTo(79.3, '79')).toBe(true);
    expect(roundsTo(65412, '65,412')).toBe(true);
  });

  it("reads an integer's trailing zeros as not significant: 120 is given to the ten", () => {
    expect(roundsTo(116.9, '120')).toBe(true);
    expect(roundsTo(124.9, '120')).toBe(true);
    expect(roundsTo(125, '120')).toBe(false);
    expect(roundsTo(114, '120')).toBe(false);
    expect(roundsTo(1.30, '1.30')).toBe(true);
    expect(roundsTo(1.34, '1.30')).toBe(false);
  });
});

describe('figures(text)', () => {
  it('finds numbers with a unit of time, ratio, rate or bytes, both ends of a range, and normalises the units', () => {
    expect(figures('takes 3.42 ms / 3.89 ms, 79x / 87x (71x to 87x), 0.27-0.44x, 152 µs, 61-78 steps per second, 316 bytes, 2.5 GB')).toEqual([
      ['3.42', 'ms'],
      ['3.89', 'ms'],
      ['79', 'x'],
      ['87', 'x'],
      ['71', 'x'],
      ['87', 'x'],
      ['0.27', 'x'],
      ['0.44', 'x'],
      ['152', 'µs'],
      ['61', 'steps/s'],
      ['78', 'steps/s'],
      ['316', 'B'],
    ]);
  });

  it('leaves numbers without a unit alone: counts, exponents, sizes of inputs', () => {
    expect(figures('65,412 nodes, 2^20 paths, a 2-input, 1,000-output Jacobian, 100 steps, x2')).toEqual([]);
  });
});
