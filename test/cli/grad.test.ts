import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CLI, ROOT, STACK_LINE, runCli } from '../support/run-cli.js';
import { readDot, svgTexts } from '../support/graphviz.js';
import { Value } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'memograd-grad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const grad = (...args: string[]) => runCli(['grad', ...args]);

/** The printed rows as [name, number], checking the layout: names padded, signs in one column. */
function rows(stdout: string): [string, number][] {
  const lines = stdout.trimEnd().split('\n');
  const width = Math.max(...lines.map((l) => (l.match(/^\S+/) as RegExpMatchArray)[0].length));
  return lines.map((line) => {
    expect(line).toMatch(new RegExp(`^\\S+ {${1},}[ -]\\S+$`));
    expect(line[width + 2]).toMatch(/[ -]/); // the sign column
    expect(line.slice(width + 3)).not.toMatch(/^ /);
    const [name, text] = line.trim().split(/\s+/) as [string, string];
    return [name, Number(text)];
  });
}

const HINT = "run 'memograd grad --help' for the options";

/**
 * Asserts a bad-input run: exit code 2, nothing on stdout, one line on stderr (and the pointer to
 * the options after a bad command line, not after a mistake in the expression), no stack trace.
 */
function expectBadInput(r: ReturnType<typeof grad>, message: string, hint = true): void {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`memograd grad: ${message}\n${hint ? `${HINT}\n` : ''}`);
  expect(r.stderr).not.toMatch(STACK_LINE);
}

describe('memograd grad', () => {
  it('memograd grad prints the value and the gradient for each variable, aligned', () => {
    const r = grad('tanh(x*w + b)', 'x=0.5', 'w=-1', 'b=2');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    // d/dx = w (1 - tanh²(1.5)), d/dw = x (1 - tanh²), d/db = 1 - tanh²
    const s = 1 - Math.tanh(1.5) ** 2;
    const got = rows(r.stdout);
    expect(got.map(([name]) => name)).toEqual(['value', 'd/dx', 'd/dw', 'd/db']);
    const want = [Math.tanh(1.5), -s, 0.5 * s, s];
    got.forEach(([, x], i) => expect(Math.abs(x - (want[i] as number))).toBeLessThanOrEqual(1e-15 * Math.abs(want[i] as number)));
    expect(r.stdout.split('\n')[0]).toBe(`value   ${String(Math.tanh(1.5))}`);
  });

  it('memograd grad takes an expression that starts with a minus (-x^2 is -(x^2)) and prints -0 and NaN as they are', () => {
    expect(grad('-x^2', 'x=3').stdout).toBe('value  -9\nd/dx   -6\n');
    expect(grad('-x', 'x=0').stdout).toBe('value  -0\nd/dx   -1\n');
    expect(grad('sqrt(x) + log(y)', 'x=-1', 'y=0').stdout).toBe('value   NaN\nd/dx    NaN\nd/dy    Infinity\n');
    expect(grad('2^10 - 1').stdout).toBe('value   1023\n');
    expect(grad('--', '-x', 'x=1e-3').stdout).toBe('value  -0.001\nd/dx   -1\n');
  });

  it('memograd grad takes an expression that starts with -- after a -- argument, and says so when it is given without', () => {
    expect(grad('--', '--x', 'x=3').stdout).toBe('value   3\nd/dx    1\n');
    expect(grad('--svg', join(dir, 'dashes.svg'), '--', '--x', 'x=3').status).toBe(0);
    expectBadInput(grad('--x', 'x=3'), "unknown option '--x'; to pass an expression that starts with '--', put -- before it");
  });

  it('memograd grad keeps the message for an unknown option of 100,000 dashes to one short line', () => {
    expectBadInput(grad('-'.repeat(100_000), 'x=3'), `unknown option '${'-'.repeat(37)}...'; to pass an expression that starts with '--', put -- before it`);
  });

  it('memograd grad warns about a variable that the expression does not use, and gives its gradient as 0', () => {
    const r = grad('x*2', 'x=1', 'z=3');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("memograd grad: warning: variable 'z' does not appear in the expression (its gradient is 0)\n");
    expect(r.stdout).toBe('value   2\nd/dx    2\nd/dz    0\n');
  });

  it('memograd grad --dot writes the graph as DOT and --svg draws it, every subexpression labelled', async () => {
    const dot = join(dir, 'f.dot');
    const svg = join(dir, 'f.svg');
    const r = grad('tanh(x*w + b)', 'x=0.5', 'w=-1', 'b=2', '--dot', dot, `--svg=${svg}`, '--precision', '3');
    expect(r.status).toBe(0);
    const { nodes } = await readDot(readFileSync(dot, 'utf8'));
    expect(nodes.map((n) => n.text).filter((t) => t.includes('|')).sort()).toEqual([
      'b|data 2|grad 0.181', 'tanh(x*w + b)|data 0.905|grad 1', 'w|data -1|grad 0.0904', 'x*w + b|data 1.5|grad 0.181',
      'x*w|data -0.5|grad 0.181', 'x|data 0.5|grad -0.181',
    ]);
    const drawn = readFileSync(svg, 'utf8');
    expect(drawn).toContain('<svg');
    for (const t of ['x', 'w', 'b', 'x*w', 'x*w + b', 'tanh(x*w + b)', 'tanh', 'grad -0.181']) expect(svgTexts(drawn)).toContain(t);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('memograd grad builds a repeated subexpression once: (x+1)*(x+1) has one x+1 node, and d/dx = 2(x+1)', async () => {
    const dot = join(dir, 'shared.dot');
    const r = grad('(x+1)*(x+1)', 'x=2', '--dot', dot);
    expect(r.status).toBe(0);
    expect(rows(r.stdout.replace(/^Wrote .*\n/m, ''))).toEqual([['value', 9], ['d/dx', 6]]);
    const { nodes } = await readDot(readFileSync(dot, 'utf8'));
    expect(nodes.map((n) => n.text).filter((t) => t.includes('|')).sort()).toEqual(['(x+1)*(x+1)|data 9|grad 1', 'x+1|data 3|grad 6', 'x|data 2|grad 6']);
  });

  it('docs/grad-tanh.svg is what memograd grad "tanh(x*w + b)" x=0.5 w=-1 b=2 --svg draws today (regenerate it with that command)', () => {
    const out = join(dir, 'grad-tanh.svg');
    expect(grad('tanh(x*w + b)', 'x=0.5', 'w=-1', 'b=2', '--svg', out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(ROOT, 'docs', 'grad-tanh.svg'), 'utf8'));
  });

  it('memograd grad --help prints the usage with the grammar and every function, and exits 0', () => {
    const r = grad('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: memograd grad "<expression>"/);
    for (const f of ['exp', 'logSigmoid', 'max(a, b)', 'pow(a, b)', '-x^2 = -(x^2)']) expect(r.stdout).toContain(f);
    expect(grad('-h').stdout).toBe(r.stdout);
  });

  it.each<[string, string[], string]>([
    ['a syntax error', ['tanh(x))', 'x=1'], "unexpected ')' at column 8: there is no '(' to close"],
    ['a missing operand', ['x * ', 'x=1'], "unexpected end of input at column 5: expected a number, a variable, a function call, '(' or '-'"],
    ['an unknown function', ['tahn(x)', 'x=1'], "unknown function 'tahn' at column 1; did you mean 'tanh'?"],
    ['a wrong number of arguments', ['max(x)', 'x=1'], 'too few arguments at column 6: max(a, b) takes 2, got 1'],
    ['an unknown character', ['x ; rm -rf /', 'x=1'], "unexpected character ';' at column 3"],
    ['JavaScript', ['process.exit(0)'], "unexpected character '.' at column 8"],
    ['a variable without a value', ['x*w + b', 'x=1', 'w=2'], "no value given for variable 'b' (at column 7)"],
    ['a value that is not a number', ['x', 'x=abc'], "the value of 'x' is not a number: 'abc'"],
    ['a value too large for a double', ['x', 'x=1e999'], "the value of 'x' must be a finite number, got '1e999'"],
    ['a value that is NaN', ['x', 'x=NaN'], "the value of 'x' must be a finite number, got 'NaN'"],
    ['a literal too large for a double', ['1e400*x', 'x=1'], "number '1e400' at column 1 is too large for a double (it would read as Infinity)"],
    ['an argument that is not name=value', ['x', 'x=1', 'y'], "expected name=value, got 'y'"],
    ['a bad variable name', ['x', '1x=2'], "'1x' is not a variable name (a letter or _, then letters, digits or _)"],
    ['a variable given twice', ['x', 'x=1', 'x=2'], "variable 'x' is given twice"],
    ['a function given as a variable', ['exp(x)', 'x=1', 'exp=2'], "'exp' is a function, not a variable"],
    ['no expression', [], 'no expression given'],
    ['an unknown option', ['x', 'x=1', '--bogus'], "unknown option '--bogus'"],
    ['an option without its value', ['x', 'x=1', '--svg'], "option '--svg' needs a value"],
    ['an option given twice', ['x', 'x=1', '--dot=a.dot', '--dot=b.dot'], "option '--dot' is given twice"],
    ['a bad precision', ['x', 'x=1', '--precision', '0'], "--precision must be an integer from 1 to 17, got '0'"],
    ['an empty --dot file name', ['x', 'x=1', '--dot', ''], "--dot needs a file name, got ''"],
    ['an empty --svg file name', ['x', 'x=1', '--svg='], "--svg needs a file name, got ''"],
    ['a control character', ['x\u0007', 'x=1'], 'unexpected character U+0007 at column 2'],
  ])('memograd grad reports %s on one line and exits 2', (_, args, message) => {
    // A mistake in the expression is said with its column; the options' help would not help.
    const inExpression = / at column \d+|^unexpected character /.test(message) && !/^no value given/.test(message);
    expectBadInput(grad(...args), message, !inExpression);
  });

  it('memograd grad differentiates 10,000 nested parentheses, and reports 10,000 unclosed ones on one line', () => {
    expect(grad(`${'('.repeat(10_000)}x^2${')'.repeat(10_000)}`, 'x=3').stdout).toBe('value   9\nd/dx    6\n');
    expectBadInput(grad(`${'('.repeat(10_000)}x`, 'x=3'), "missing ')' at column 10002: the '(' at column 10000 is not closed", false);
  });

  it('memograd grad never crashes on random input: exit 0 with a result, or 2 with one line', () => {
    const samples = fc.sample(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }), { numRuns: 12, seed: 6 });
    for (const source of samples) {
      const r = grad('--', source, 'x=1');
      expect([0, 2]).toContain(r.status);
      expect(r.stderr).not.toMatch(STACK_LINE);
      if (r.status === 2) expect(r.stderr.trimEnd().split('\n').filter((line) => line !== HINT)).toHaveLength(1);
    }
  });

  it('memograd grad --svg to a directory that does not exist exits 1 and says why', () => {
    const r = grad('x', 'x=1', '--svg', join(dir, 'missing', 'f.svg'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('value   1\nd/dx    1\n');
    expect(r.stderr).toBe(`memograd grad: cannot write ${join(dir, 'missing', 'f.svg')}: its directory does not exist\n`);
  });

  it('memograd grad --dot writes through a symbolic link: the link stays, the file it points to is replaced', () => {
    const real = join(dir, 'real.dot');
    const link = join(dir, 'link.dot');
    writeFileSync(real, 'old');
    symlinkSync(real, link);
    const r = grad('x', 'x=1', '--dot', link);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toMatch(/^digraph memograd \{/);
  });

  it('memograd grad --dot naming a folder exits 1, says so and leaves the folder as it was', () => {
    const folder = join(dir, 'a-folder.dot');
    mkdirSync(folder);
    const r = grad('x', 'x=1', '--dot', folder);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`memograd grad: cannot write ${folder}: it is a directory, not a regular file\n`);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('memograd grad --svg without @hpcc-js/wasm-graphviz exits 1 naming the package, leaves the old file, and --dot still works', () => {
    const bare = mkdtempSync(join(tmpdir(), 'memograd-bare-'));
    try {
      // The CLI and the library build it loads (dist/cli.js imports ./index.js and ./svg.js, which
      // share chunks), in lib/, with no node_modules.
      const lib = join(bare, 'lib');
      mkdirSync(lib);
      for (const f of readdirSync(dirname(CLI)).filter((f) => f.endsWith('.js'))) copyFileSync(join(dirname(CLI), f), join(lib, f));
      writeFileSync(join(bare, 'f.svg'), 'old picture');
      const r = runCli(['grad', 'x*y', 'x=1', 'y=2', '--dot', 'f.dot', '--svg', 'f.svg'], { cwd: bare, cli: join(lib, 'cli.js') });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe(`value   2\nd/dx    2\nd/dy    1\nWrote ${join(bare, 'f.dot')}\n`);
      expect(r.stderr).toMatch(/^memograd grad: cannot draw f\.svg: toSvg: cannot load the optional package @hpcc-js\/wasm-graphviz, which draws SVG \(install it: npm install @hpcc-js\/wasm-graphviz; toDot needs no package\): .*\n$/);
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(readFileSync(join(bare, 'f.svg'), 'utf8')).toBe('old picture');
      expect(readFileSync(join(bare, 'f.dot'), 'utf8')).toMatch(/^digraph memograd \{/);
      expect(readdirSync(bare).sort()).toEqual(['f.dot', 'f.svg', 'lib']);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
    expect(existsSync(bare)).toBe(false);
  });

  it('memograd grad differentiates an expression with the added functions', () => {
    const { status, stdout } = grad('hypot(x, 4) + silu(x) + erf(x) * gelu(x) + atanh(x / 4)', 'x=3');
    expect(status).toBe(0);
    const x = new Value(3);
    const y = x.hypot(4).add(x.silu()).add(x.erf().mul(x.gelu())).add(x.div(4).atanh());
    y.backward();
    expect(stdout).toBe(`value   ${y.data}\nd/dx    ${x.grad}\n`);
  });
});
