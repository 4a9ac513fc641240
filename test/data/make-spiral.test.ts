import { describe, expect, it } from 'vitest';
import { makeSpiral } from '../../src/index.js';

describe('makeSpiral', () => {
  it('labels are the classes 0..k-1, split as evenly as possible', () => {
    const { X, y } = makeSpiral(100, { classes: 3, seed: 1 });
    expect(X).toHaveLength(100);
    expect([0, 1, 2].map((c) => y.filter((l) => l === c).length)).toEqual([34, 33, 33]);
  });

  it('without noise, class j\'s i-th point is at radius i/(m-1) and angle 4j + 4i/(m-1)', () => {
    const m = 5;
    const { X, y } = makeSpiral(3 * m, { classes: 3, noise: 0, shuffle: false });
    X.forEach(([a, b], n) => {
      const j = Math.floor(n / m);
      const i = n % m;
      expect(y[n]).toBe(j);
      const r = i / (m - 1);
      const t = 4 * j + (4 * i) / (m - 1);
      expect(a).toBeCloseTo(r * Math.sin(t), 12);
      expect(b).toBeCloseTo(r * Math.cos(t), 12);
    });
  });

  it('noise perturbs the angle only: radii stay i/(m-1)', () => {
    const { X } = makeSpiral(20, { classes: 2, noise: 0.3, shuffle: false, seed: 4 });
    X.forEach(([a, b], n) => expect(Math.hypot(a as number, b as number)).toBeCloseTo((n % 10) / 9, 12));
  });

  it('makeSpiral() rejects bad class counts and too few points', () => {
    expect(() => makeSpiral(10, { classes: 1 })).toThrow('makeSpiral: classes must be an integer >= 2, got number 1');
    expect(() => makeSpiral(2, { classes: 3 })).toThrow('makeSpiral: n must be an integer >= 3, got number 2');
  });
});
