import { describe, expect, it } from 'vitest';
import { MLP, makeMoons, makeSpiral } from '../../src/index.js';
import { BOUNDARY_BUDGET, boundaryCell, decisionBoundarySvg } from '../../src/cli/decision-boundary-svg.js';
import { PALETTE } from '../../src/cli/svg.js';
import { checkWellFormed } from '../support/xml.js';
import { nonFiniteAttributes } from '../support/svg-numbers.js';

const data = makeMoons(30, { noise: 0.1, seed: 1 });
const model = new MLP(2, [8, 1], { seed: 2 });

describe('decisionBoundarySvg', () => {
  it('is a well-formed SVG with a title, axis labels, ticks and a legend naming both classes', () => {
    const svg = decisionBoundarySvg(model, data, 'hinge', 'A <title> & more');
    const names = checkWellFormed(svg);
    expect(names[0]).toBe('svg');
    expect(svg).toContain('<title>A &lt;title&gt; &amp; more</title>');
    expect(svg).toContain('x[0] (first coordinate)');
    expect(svg).toContain('x[1] (second coordinate)');
    for (const text of ['point of class -1', 'point of class +1', 'predicted -1', 'predicted +1']) expect(svg).toContain(text);
    expect(svg.match(/text-anchor="middle">-?\d/g)?.length).toBeGreaterThanOrEqual(3); // x ticks
  });

  it('decisionBoundarySvg() reports each row of cells once, in order, and draws the same picture as without onRow', () => {
    const reports: [number, number][] = [];
    const svg = decisionBoundarySvg(model, data, 'hinge', 't', (done, total) => reports.push([done, total]));
    const rows = 440 / boundaryCell(model.parameters().length);
    expect(reports).toEqual(Array.from({ length: rows }, (_, i) => [i + 1, rows]));
    expect(svg).toBe(decisionBoundarySvg(model, data, 'hinge', 't'));
  });

  it('draws every point in its true class\'s colour', () => {
    const svg = decisionBoundarySvg(model, data, 'hinge', 't');
    const circles = [...svg.matchAll(/<circle cx="[^"]+" cy="[^"]+" r="4.5" fill="([^"]+)"\/>/g)].map((m) => m[1]);
    expect(circles).toEqual(data.y.map((y) => (y > 0 ? PALETTE[1]?.strong : PALETTE[0]?.strong)));
  });

  it('colours the regions by the class the model predicts there', () => {
    // A model that predicts +1 exactly where x[0] > 0.5: the region fills must switch colour once per row, there.
    const line = new MLP(2, [1]);
    const n = line.layers[0]!.neurons[0]!;
    [n.w[0]!.data, n.w[1]!.data, n.b.data] = [1, 0, -0.5];
    expect(line.predictor()([0.6, 0])[0]).toBeGreaterThan(0);
    const svg = decisionBoundarySvg(line, data, 'hinge', 't');
    const rows = [...svg.matchAll(/<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="2" fill="([^"]+)"\/>/g)];
    const byRow = new Map<string, string[]>();
    for (const [, , y, , fill] of rows) byRow.set(y as string, [...(byRow.get(y as string) ?? []), fill as string]);
    expect(byRow.size).toBe(220);
    for (const fills of byRow.values()) expect(fills).toEqual([PALETTE[0]?.pale, PALETTE[1]?.pale]);
  });

  it('names one class per output for a softmax model', () => {
    const spiral = makeSpiral(30, { seed: 1 });
    const svg = decisionBoundarySvg(new MLP(2, [8, 3], { seed: 1 }), spiral, 'softmax', 't');
    checkWellFormed(svg);
    for (const k of [0, 1, 2]) expect(svg).toContain(`point of class ${k}`);
  });

  it('is deterministic: the same model and data give the same file', () => {
    expect(decisionBoundarySvg(model, data, 'hinge', 't')).toBe(decisionBoundarySvg(model, data, 'hinge', 't'));
  });

  it.each([['hinge', [8, 1]], ['softmax', [8, 3]]] as const)('leaves the cells white where a %s model predicts NaN, never as a class', (objective, nouts) => {
    const broken = new MLP(2, [...nouts], { seed: 3 });
    broken.parameters().forEach((p) => (p.data = NaN));
    const svg = decisionBoundarySvg(broken, objective === 'hinge' ? data : makeSpiral(30, { seed: 1 }), objective, 't');
    checkWellFormed(svg);
    expect(svg.match(/height="2" fill=/g)).toBeNull();
    expect(nonFiniteAttributes(svg)).toEqual([]);
  });

  it('leaves out a point with a NaN or infinite coordinate, and scales the plane to the others', () => {
    const odd = { X: [...data.X, [Infinity, 0], [0, NaN], [-Infinity, -Infinity]], y: [...data.y, 1, -1, 1] };
    const svg = decisionBoundarySvg(model, odd, 'hinge', 't');
    expect(svg).toBe(decisionBoundarySvg(model, data, 'hinge', 't'));
    expect(nonFiniteAttributes(svg)).toEqual([]);
    const none = decisionBoundarySvg(model, { X: [[NaN, NaN]], y: [1] }, 'hinge', 't');
    expect(none.match(/r="4.5"/g)).toBeNull();
    expect(nonFiniteAttributes(none)).toEqual([]);
  });

  it('has only finite numbers in its attributes', () => {
    expect(nonFiniteAttributes(decisionBoundarySvg(model, data, 'hinge', 't'))).toEqual([]);
  });
});

describe('boundaryCell()', () => {
  it('boundaryCell() keeps 2-pixel cells for the demo network and bounds cells × parameters by the budget for larger ones', () => {
    expect(boundaryCell(337)).toBe(2);
    expect(boundaryCell(362_401)).toBe(20);
    for (const parameters of [1, 337, 5_000, 20_000, 100_000, 362_401]) {
      const cell = boundaryCell(parameters);
      expect((500 / cell) * (440 / cell) * parameters).toBeLessThanOrEqual(BOUNDARY_BUDGET);
      // The next finer size would exceed it (or this is the finest).
      const finer = [2, 4, 5, 10, 20][[2, 4, 5, 10, 20].indexOf(cell) - 1];
      if (finer !== undefined) expect((500 / finer) * (440 / finer) * parameters).toBeGreaterThan(BOUNDARY_BUDGET);
    }
  });

  it('decisionBoundarySvg() draws a large network in cells of 20 pixels', () => {
    const model = new MLP(2, [300, 300, 1], { seed: 1 });
    const svg = decisionBoundarySvg(model, makeMoons(10, { seed: 1 }), 'hinge', 'big');
    const heights = new Set([...svg.matchAll(/<rect [^>]*height="(\d+)"/g)].map((m) => m[1]));
    expect(heights.has('20')).toBe(true);
    expect(heights.has('2')).toBe(false);
  });
});
