import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../src/cli/datasets.js';

describe('DATASETS', () => {
  it.each(Object.entries(DATASETS))('%s makes n two-dimensional points with labels its loss can take, the same for the same seed', (_, spec) => {
    const data = spec.make(60, spec.noise, 3);
    expect(data.X).toHaveLength(60);
    expect(data.y).toHaveLength(60);
    expect(data.X.every((p) => p.length === 2 && p.every((c) => Number.isFinite(c)))).toBe(true);
    // Hinge: one output and labels ±1. Softmax: one output per class, labels 0..outputs-1, each present.
    const labels = [...new Set(data.y)].sort((a, b) => a - b);
    if (spec.objective === 'hinge') {
      expect(spec.outputs).toBe(1);
      expect(labels).toEqual([-1, 1]);
    } else {
      expect(labels).toEqual(Array.from({ length: spec.outputs }, (_, k) => k));
    }
    expect(spec.make(60, spec.noise, 3)).toEqual(data);
    expect(spec.make(60, spec.noise, 4)).not.toEqual(data);
  });

  it('the defaults are the documented ones, and the loss names match the objectives', () => {
    expect(Object.fromEntries(Object.entries(DATASETS).map(([name, s]) => [name, [s.samples, s.noise, s.outputs, s.objective, s.lossName]]))).toEqual({
      moons: [100, 0.1, 1, 'hinge', 'hinge + L2'],
      circles: [100, 0.05, 1, 'hinge', 'hinge + L2'],
      spiral: [150, 0.2, 3, 'softmax', 'softmax cross-entropy + L2'],
    });
  });

  it('noise 0 gives points exactly on the curves: circles of radius 1 and 0.5', () => {
    const { X, y } = DATASETS.circles.make(40, 0, 1);
    X.forEach((p, i) => expect(Math.hypot(p[0] as number, p[1] as number)).toBeCloseTo(y[i] === -1 ? 1 : 0.5, 12));
  });
});
