import { describe, expect, it } from 'vitest';
import { Value, toDot } from '../../src/index.js';
import { renderSvg, type GraphvizLayout } from '../../src/svg.js';
import { svgTexts } from '../support/graphviz.js';

describe('renderSvg()', () => {
  it('renderSvg() draws the graph below a Value as SVG, with the DOT options applied', async () => {
    const a = new Value(3, 'a');
    const b = new Value(-2, 'b');
    const c = a.mul(b).relu().add(a);
    c.label = 'c';
    c.backward();
    const svg = await renderSvg(c, { precision: 2, fields: ['label', 'grad'] });
    expect(svg).toContain('<svg');
    const texts = svgTexts(svg);
    // c = relu(a·b) + a with a·b = -6 < 0: dc/da = 1, dc/db = 0
    for (const t of ['a', 'b', 'c', 'grad 1', 'grad 0', '*', 'relu', '+']) expect(texts).toContain(t);
    expect(texts.some((t) => t.startsWith('data'))).toBe(false);
  });

  it('renderSvg() passes the DOT of toDot(root, options) to the given Graphviz', async () => {
    const x = new Value(1.23456, 'x');
    const seen: string[] = [];
    const graphviz: GraphvizLayout = { layout: (dot) => (seen.push(dot), '<svg/>') };
    expect(await renderSvg(x.exp(), { direction: 'TB', precision: 3, graphviz })).toBe('<svg/>');
    expect(seen).toEqual([toDot(x.exp(), { direction: 'TB', precision: 3 })]);
  });

  it('renderSvg() rejects a bad root before loading Graphviz', async () => {
    await expect(renderSvg('x' as never)).rejects.toThrow(new TypeError('toDot: expected a Value, got string "x"'));
  });
});
