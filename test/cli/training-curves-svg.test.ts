import { describe, expect, it } from 'vitest';
import { MAX_CURVE_POINTS, trainingCurvesSvg } from '../../src/cli/training-curves-svg.js';
import { MAX_LOG_TICKS } from '../../src/cli/svg.js';
import { nonFiniteAttributes } from '../support/svg-numbers.js';
import type { FitRecord } from '../../src/nn/fit.js';
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

  it('puts each legend above its panel, outside the plot, where it can hide no part of a curve', () => {
    // An accuracy that ends at 100% runs along the top of its panel, one that stays low along the bottom.
    for (const accuracy of [1, 0.5]) {
      const svg = trainingCurvesSvg(history.map((r) => ({ ...r, accuracy })), 't', 'l');
      const panels = [...svg.matchAll(/<rect x="80" y="(\d+)" width="560" height="200" fill="none"/g)].map((m) => Number(m[1]));
      expect(panels).toEqual([70, 350]);
      for (const [name, top] of [['training loss (l)', 70], ['training accuracy', 350]] as const) {
        const y = Number(new RegExp(`<text x="\\d+" y="(\\d+)">${name.replace(/[()]/g, '\\$&')}</text>`).exec(svg)?.[1]);
        expect(y).toBeLessThan(top);
        expect(y).toBeGreaterThan(top - 20);
      }
      const finals = [...svg.matchAll(/<text x="\d+" y="(\d+)">final model, on all the data<\/text>/g)].map((m) => Number(m[1]));
      expect(finals).toEqual([60, 340]);
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

  /** The labels of the loss panel's ticks (the left axis, above the accuracy panel). */
  const lossTickLabels = (svg: string) => [...svg.matchAll(/<text x="72" y="([\d.]+)" text-anchor="end" dominant-baseline="middle">([^<]+)<\/text>/g)].filter((m) => Number(m[1]) < 310).map((m) => m[2]);

  it('labels a loss that spans 600 decades with at most 9 ticks, every coordinate finite', () => {
    const wide = Array.from({ length: 61 }, (_, step) => ({ step, loss: 10 ** (300 - 10 * step), accuracy: 0.5 }));
    const svg = trainingCurvesSvg(wide, 't', 'l');
    checkWellFormed(svg);
    const labels = lossTickLabels(svg);
    expect(labels.length).toBeGreaterThanOrEqual(3);
    expect(labels.length).toBeLessThanOrEqual(MAX_LOG_TICKS);
    expect(nonFiniteAttributes(svg)).toEqual([]);
  });

  it('leaves NaN and infinite losses out, and copes with a loss near the largest double', () => {
    const holes = history.map((r, i) => ({ ...r, loss: i % 7 === 3 ? NaN : i % 11 === 5 ? Infinity : r.loss }));
    const huge = history.map((r, i) => ({ ...r, loss: i === 0 ? Number.MAX_VALUE : 0 }));
    for (const h of [holes, huge, [{ step: 0, loss: NaN, accuracy: 0.5 }]]) {
      const svg = trainingCurvesSvg(h, 't', 'l');
      checkWellFormed(svg);
      expect(nonFiniteAttributes(svg)).toEqual([]);
    }
    const lines = [...trainingCurvesSvg(holes, 't', 'l').matchAll(/<polyline points="([^"]+)"/g)].map((m) => (m[1] as string).split(' ').length);
    expect(lines).toEqual([41 - 6 - 3, 41]);
  });

  it('labels the step axis with whole numbers only, even for a run of one step or none', () => {
    for (const h of [[{ step: 0, loss: 1, accuracy: 1 }], [{ step: 0, loss: 1, accuracy: 1 }, { step: 1, loss: 0.5, accuracy: 1 }]]) {
      const svg = trainingCurvesSvg(h, 't', 'l');
      const stepLabels = [...svg.matchAll(/<text x="[\d.]+" y="289" text-anchor="middle">([^<]+)<\/text>/g)].map((m) => m[1]);
      expect(stepLabels).toEqual(['0', '1']);
    }
  });

  it('draws a run of 100,000 steps with at most two points per pixel column, from the first step to the last', () => {
    const long = Array.from({ length: 100_001 }, (_, step) => ({ step, loss: 1 + Math.sin(step / 50), accuracy: (step % 100) / 100 }));
    const svg = trainingCurvesSvg(long, 't', 'l');
    expect(nonFiniteAttributes(svg)).toEqual([]);
    for (const [, points] of svg.matchAll(/<polyline points="([^"]+)"/g)) {
      const xs = (points as string).split(' ').map((p) => Number(p.split(',')[0]));
      expect(xs.length).toBeLessThanOrEqual(2 * (560 + 1) + 2);
      expect(xs.length).toBeGreaterThan(560);
      expect([xs[0], xs[xs.length - 1]]).toEqual([80, 640]);
    }
    expect(MAX_CURVE_POINTS).toBe(2240);
  });
});
