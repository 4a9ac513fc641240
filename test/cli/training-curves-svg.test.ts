import { describe, expect, it } from 'vitest';
import { trainingCurvesSvg } from '../../src/cli/training-curves-svg.js';
import type { FitRecord } from '../../src/cli/fit.js';
import { checkWellFormed } from '../support/xml.js';

const history: FitRecord[] = Array.from({ length: 41 }, (_, step) => ({ step, loss: 2 / (1 + step), accuracy: Math.min(1, 0.5 + step / 50) }));

describe('trainingCurvesSvg', () => {
  it('is a well-formed SVG with two panels, axis titles and legends', () => {
    const svg = trainingCurvesSvg(history, 'Training & more', 'hinge + L2');
    const names = checkWellFormed(svg);
    expect(names.filter((n) => n === 'polyline')).toHaveLength(2);
    for (const text of ['Training &amp; more', 'accuracy (%)', 'step (the number of updates so far)', 'training loss (hinge + L2)', 'training accuracy', 'final model, on all the data']) {
      expect(svg).toContain(text);
    }
  });

  it('plots one point per record on each curve', () => {
    const svg = trainingCurvesSvg(history, 't', 'l');
    const lines = [...svg.matchAll(/<polyline points="([^"]+)"/g)].map((m) => (m[1] as string).split(' '));
    expect(lines.map((l) => l.length)).toEqual([41, 41]);
    // x runs from the left edge to the right edge of the plot.
    expect(lines[0]?.[0]?.split(',')[0]).toBe('80');
    expect(lines[0]?.[40]?.split(',')[0]).toBe('640');
  });

  it('uses a log scale for a loss spanning more than a factor of 10, a linear one otherwise', () => {
    expect(trainingCurvesSvg(history, 't', 'l')).toContain('loss (log scale)');
    const flat = history.map((r) => ({ ...r, loss: 1 + r.step / 100 }));
    const svg = trainingCurvesSvg(flat, 't', 'l');
    expect(svg).not.toContain('log scale');
    expect(svg).toContain('>loss</text>');
  });

  it('copes with a loss of exactly 0 and with a single record', () => {
    checkWellFormed(trainingCurvesSvg([{ step: 0, loss: 0, accuracy: 1 }], 't', 'l'));
    checkWellFormed(trainingCurvesSvg(history.map((r) => ({ ...r, loss: 0 })), 't', 'l'));
  });

  it('is deterministic', () => {
    expect(trainingCurvesSvg(history, 't', 'l')).toBe(trainingCurvesSvg(history, 't', 'l'));
  });
});
