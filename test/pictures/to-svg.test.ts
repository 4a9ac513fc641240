import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Value, toDot, toSvg, type GraphvizLayout } from '../../src/index.js';
import { svgTexts } from '../support/graphviz.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('toSvg()', () => {
  it('toSvg() renders a DOT graph to an SVG that shows every label, data and grad', async () => {
    const x = new Value(0.5, 'x');
    const w = new Value(-1, 'w');
    const y = x.mul(w).add(2).tanh();
    y.label = 'y';
    y.backward();
    const svg = await toSvg(toDot(y));
    expect(svg).toContain('<svg');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const texts = svgTexts(svg);
    // y = tanh(1.5); dy/dx = w (1 - y²), dy/dw = x (1 - y²)
    for (const t of ['x', 'w', 'y', 'data 0.5', 'data -1', 'data 0.9051', 'grad -0.1807', 'grad 0.09035', 'grad 1', '*', '+ 2', 'tanh']) {
      expect(texts).toContain(t);
    }
  });

  it('toSvg() uses a Graphviz given in options instead of loading its own', async () => {
    const calls: unknown[][] = [];
    const graphviz: GraphvizLayout = {
      layout: (...args) => {
        calls.push(args);
        return '<svg>given</svg>';
      },
    };
    expect(await toSvg('digraph { a }', { graphviz })).toBe('<svg>given</svg>');
    expect(calls).toEqual([['digraph { a }', 'svg', 'dot']]);
  });

  it('toSvg() reports DOT that Graphviz cannot read in one line', async () => {
    await expect(toSvg('digraph { a -> ')).rejects.toThrow(/^toSvg: Graphviz could not lay out the graph: syntax error in line 1/);
    await expect(toSvg('digraph { a -> ')).rejects.not.toThrow(/\n/);
  });

  it('toSvg() rejects a non-string DOT, bad options and a graphviz without layout', async () => {
    await expect(toSvg(3 as never)).rejects.toThrow(new TypeError('toSvg: dot must be a string, got number 3'));
    await expect(toSvg('digraph {}', null as never)).rejects.toThrow(TypeError);
    await expect(toSvg('digraph {}', { graphviz: {} as never })).rejects.toThrow(/graphviz must have a layout method/);
    await expect(toSvg('digraph {}', { graphviz: { layout: () => 3 } as never })).rejects.toThrow(/returned number 3, not an SVG string/);
  });

  it('the built library imports and draws DOT where @hpcc-js/wasm-graphviz cannot be found, and toSvg() then names the package to install', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memograd-no-graphviz-'));
    try {
      copyFileSync(join(root, 'dist', 'index.js'), join(dir, 'index.js'));
      const script =
        "import('./index.js').then(async (m) => { console.log(m.toDot(new m.Value(1)).length > 0); " +
        'try { await m.toSvg("digraph {}"); } catch (e) { console.log(e.message); } })';
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
      const [drew, message] = out.trim().split('\n');
      expect(drew).toBe('true');
      expect(message).toMatch(/^toSvg: cannot load the optional package @hpcc-js\/wasm-graphviz, which draws SVG \(install it: npm install @hpcc-js\/wasm-graphviz; toDot needs no package\): Cannot find package/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
