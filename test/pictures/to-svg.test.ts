import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Value, toDot } from '../../src/index.js';
import { toSvg, type GraphvizLayout } from '../../src/svg.js';
import { loadFailure } from '../../src/pictures/to-svg.js';
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

  it('the built library (memograd and memograd/svg) imports and draws DOT where @hpcc-js/wasm-graphviz cannot be found, and toSvg() then names the package to install', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memograd-no-graphviz-'));
    try {
      // The ESM build's files (index.js, svg.js and the chunks they share), without node_modules beside them.
      for (const f of readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.js') && f !== 'cli.js')) copyFileSync(join(root, 'dist', f), join(dir, f));
      const script =
        "import('./index.js').then(async (m) => { console.log(m.toDot(new m.Value(1)).length > 0); const s = await import('./svg.js'); " +
        'try { await s.toSvg("digraph {}"); } catch (e) { console.log(e.message); } })';
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
      const [drew, message] = out.trim().split('\n');
      expect(drew).toBe('true');
      expect(message).toMatch(/^toSvg: cannot load the optional package @hpcc-js\/wasm-graphviz, which draws SVG \(install it: npm install @hpcc-js\/wasm-graphviz; toDot needs no package\): Cannot find package/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loadFailure (why toSvg could not import @hpcc-js/wasm-graphviz)', () => {
  const missing = Object.assign(new Error("Cannot find package '@hpcc-js/wasm-graphviz' imported from /app/dist/svg.js"), { code: 'ERR_MODULE_NOT_FOUND' });
  const required = Object.assign(new Error("Cannot find module '@hpcc-js/wasm-graphviz'\nRequire stack:\n- /app/dist/svg.cjs"), { code: 'MODULE_NOT_FOUND' });
  // What each browser engine says for a bare name that no import map maps.
  const unmapped = [
    new TypeError('Failed to resolve module specifier "@hpcc-js/wasm-graphviz". Relative references must start with either "/", "./", or "../".'),
    new TypeError('The specifier “@hpcc-js/wasm-graphviz” was a bare specifier, but was not remapped to anything. Relative module specifiers must start with “./”, “../” or “/”.'),
    new TypeError("Module name, '@hpcc-js/wasm-graphviz' does not resolve to a valid URL."),
  ];
  const unfetched = [
    new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1:8080/node_modules/@hpcc-js/wasm-graphviz/dist/index.js'),
    new TypeError('error loading dynamically imported module: http://127.0.0.1:8080/gv.js'),
    new TypeError('Importing a module script failed.'),
  ];

  it("says 'install it' for Node's not-found codes (ESM and CommonJS), on one line, with the cause kept", () => {
    for (const e of [missing, required]) {
      const m = loadFailure(e);
      expect(m.message).toMatch(/^toSvg: cannot load the optional package @hpcc-js\/wasm-graphviz, which draws SVG \(install it: npm install @hpcc-js\/wasm-graphviz; toDot needs no package\): Cannot find /);
      expect(m.message).not.toMatch(/\n|import map/);
      expect(m.cause).toBe(e);
    }
  });

  it('says the page needs an import map entry, not an install, for every engine\'s unresolved bare name', () => {
    for (const e of unmapped) {
      const m = loadFailure(e).message;
      expect(m).toMatch(/^toSvg: this page cannot resolve the bare name @hpcc-js\/wasm-graphviz .*without a bundler, map it in the page's import map, e\.g\. "@hpcc-js\/wasm-graphviz": "\.\/node_modules\/@hpcc-js\/wasm-graphviz\/dist\/index\.js"/);
      expect(m).not.toMatch(/install it/);
      expect(m.endsWith(e.message)).toBe(true);
    }
  });

  it("says the import map's URL did not load when the browser found no module there", () => {
    for (const e of unfetched) expect(loadFailure(e).message).toMatch(/^toSvg: cannot load the optional package @hpcc-js\/wasm-graphviz, which draws SVG: the URL the page's import map gives it did not load/);
  });

  it('names both remedies for an error it cannot tell apart, and takes a thrown non-Error', () => {
    expect(loadFailure('boom').message).toBe(
      'toSvg: cannot load the optional package @hpcc-js/wasm-graphviz, which draws SVG (is it installed? npm install @hpcc-js/wasm-graphviz; without a bundler, a page also needs an import map entry for it): boom',
    );
  });
});
