import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TOY_EXAMPLE_PARAMS, buildToyNetwork, toyNetworkDot, type ToyActivation, type ToyParams } from '../../src/index.js';
import { CLI, ROOT, STACK_LINE, runCli } from '../support/run-cli.js';
import { svgTexts } from '../support/graphviz.js';

const dir = mkdtempSync(join(tmpdir(), 'memograd-graph-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const graph = (...args: string[]) => runCli(['graph', ...args]);

/** The figure the library draws for these params, after E.backward(). */
function figure(params: ToyParams, activation: ToyActivation, precision?: number): string {
  const net = buildToyNetwork(params, activation);
  net.E.backward();
  return toyNetworkDot(net, precision === undefined ? {} : { precision });
}

describe('memograd graph', () => {
  it('memograd graph --toy --activation tanh --out toy.svg draws Figure 2 with every name, value, gradient and delta', () => {
    const out = join(dir, 'toy.svg');
    const r = graph('--toy', '--activation', 'tanh', '--out', out);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, `Wrote ${out}\n`, '']);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toContain('<svg');
    const texts = svgTexts(svg);
    for (const t of ['x1', 'w6', 'z1(2)', 'a2(2)', 'z1(3)', 'a1(3) = ŷ', 'E = (y − ŷ)² / 2', 'δ1(3) = ∂E/∂z1(3)', 'δ1(2) = ∂E/∂z1(2)', 'δ2(2) = ∂E/∂z2(2)', 'f = tanh']) {
      expect(texts).toContain(t);
    }
    expect(texts.join(' ')).toContain('f = tanh, after E.backward()');
  });

  it('memograd graph --toy prints the DOT of the figure (sigmoid by default), and --out FILE.dot writes it', () => {
    const r = graph('--toy');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(figure(TOY_EXAMPLE_PARAMS, 'sigmoid'));
    const out = join(dir, 'toy.dot');
    expect(graph('--toy', '--activation=relu', `--out=${out}`, '--precision=6').status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(figure(TOY_EXAMPLE_PARAMS, 'relu', 6));
  });

  it('memograd graph --toy name=value changes inputs, target and weights', () => {
    const r = graph('--toy', 'w5=-1.5', 'x1=2', 'y=-0.25');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(figure({ ...TOY_EXAMPLE_PARAMS, w5: -1.5, x1: 2, y: -0.25 }, 'sigmoid'));
  });

  it('docs/figure-2.svg is what memograd graph --toy --out draws today (regenerate it with that command)', () => {
    const out = join(dir, 'figure-2.svg');
    expect(graph('--toy', '--out', out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(ROOT, 'docs', 'figure-2.svg'), 'utf8'));
  });

  it('memograd graph --help prints the usage and exits 0', () => {
    const r = graph('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: memograd graph --toy/);
    expect(r.stdout).toContain('--activation NAME');
  });

  it.each<[string, string[], string]>([
    ['nothing to draw', [], 'nothing to draw: give --toy (to draw an expression: memograd grad "<expression>" --svg FILE)'],
    ['an unknown activation', ['--toy', '--activation', 'gelu'], "--activation must be sigmoid, tanh or relu, got 'gelu'"],
    ['an output that is neither .svg nor .dot', ['--toy', '--out', 'toy.png'], "--out must name a .svg or a .dot file, got 'toy.png'"],
    ['an unknown option near a known one', ['--toy', '--otu', 'toy.svg'], "unknown option '--otu'; did you mean '--out'?"],
    ['an unknown parameter', ['--toy', 'w7=1'], "unknown parameter 'w7': the toy network's are x1, x2, y, w1, w2, w3, w4, w5, w6"],
    ['a parameter that is not finite', ['--toy', 'w1=Infinity'], "the value of 'w1' must be a finite number, got 'Infinity'"],
    ['a parameter too large for a double', ['--toy', 'w1=1e999'], "the value of 'w1' must be a finite number, got '1e999'"],
    ['a parameter that is not a number', ['--toy', 'w1=0x10'], "the value of 'w1' is not a number: '0x10'"],
    ['an unknown option', ['--toy', '--bogus'], "unknown option '--bogus'"],
    ['a flag given a value', ['--toy=yes'], "option '--toy' takes no value"],
    ['an empty --out file name', ['--toy', '--out', ''], "--out needs a file name, got ''"],
  ])('memograd graph reports %s on one line and exits 2', (_, args, message) => {
    const r = graph(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`memograd graph: ${message}\nrun 'memograd graph --help' for the options\n`);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('memograd graph --out into a missing directory exits 1 and says why', () => {
    const out = join(dir, 'nowhere', 'toy.svg');
    const r = graph('--toy', '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`memograd graph: cannot write ${out}: its directory does not exist\n`);
  });

  it('memograd graph --out FILE.svg without @hpcc-js/wasm-graphviz exits 1 naming the package and leaves FILE as it was', () => {
    const bare = mkdtempSync(join(tmpdir(), 'memograd-bare-'));
    try {
      // The CLI and the library build it loads (dist/cli.js imports ./index.js and ./svg.js, which
      // share chunks), in lib/, with no node_modules.
      const lib = join(bare, 'lib');
      mkdirSync(lib);
      for (const f of readdirSync(dirname(CLI)).filter((f) => f.endsWith('.js'))) copyFileSync(join(dirname(CLI), f), join(lib, f));
      writeFileSync(join(bare, 'toy.svg'), 'old picture');
      const r = runCli(['graph', '--toy', '--out', 'toy.svg'], { cwd: bare, cli: join(lib, 'cli.js') });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^memograd graph: cannot draw toy\.svg: toSvg: cannot load the optional package @hpcc-js\/wasm-graphviz/);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(readFileSync(join(bare, 'toy.svg'), 'utf8')).toBe('old picture');
      expect(runCli(['graph', '--toy', '--out', 'toy.dot'], { cwd: bare, cli: join(lib, 'cli.js') }).status).toBe(0);
      expect(readdirSync(bare).sort()).toEqual(['lib', 'toy.dot', 'toy.svg']);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
