import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MLP, toyWalkthrough } from '../src/index.js';
import { BUILD_INPUTS, stale } from './support/stale.js';
import { nonFiniteAttributes } from './support/svg-numbers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');

function run(...args: string[]) {
  return runIn(root, ...args);
}

function runIn(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return r;
}

/** A line of a Node stack trace, as an uncaught exception would print. */
const STACK_LINE = /^\s+at /m;

beforeAll(() => {
  // The test runs the real package build (tsup.config.ts), not a lookalike, so it checks what ships.
  if (stale(root, join('dist', 'cli.js'))) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe', timeout: 120_000 });
  }
}, 130_000);

describe('memograd CLI', () => {
  it('dist/cli.js starts with a shebang, so the package bin can run it', () => {
    expect(readFileSync(cli, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('dist/cli.js loads the library build (dist/index.js) instead of carrying a copy of it', () => {
    const code = readFileSync(cli, 'utf8');
    expect(code).toMatch(/^import \{[^}]*\bValue\b[^}]*\} from "\.\/index\.js";$/m);
    // No class of the library is defined in the CLI's file: one copy of Value, MLP, ParseError, ...
    for (const name of ['Value', 'MLP', 'ParseError', 'Adam', 'Random']) expect(code).not.toMatch(new RegExp(`\\b${name} = class\\b`));
    expect(code).not.toMatch(/\bfunction (backward|collect|toDot|parseExpression)\(/);
  });

  it('memograd with no arguments prints a short usage to stdout, exits 0 and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memograd-bare-'));
    try {
      const r = runIn(dir);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Usage: memograd <command> \[options\]\n/);
      expect(r.stdout).toMatch(/^ {2}demo +The toy network/m);
      expect(r.stdout.split('\n').length).toBeLessThan(20);
      expect(r.stdout).not.toContain('Training MLP');
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(['--version', '-v'])('memograd %s prints package.json\'s version and exits 0', (flag) => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const r = run(flag);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, `${version}\n`, '']);
  });

  it('npm start runs memograd demo, after a build (prestart), so a fresh clone needs only npm install && npm start', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts['start']).toBe('node dist/cli.js demo');
    expect(scripts['prestart']).toMatch(/^tsup\b/);
  });

  it('memograd demo with an option it does not take is a usage error (exit 2) that writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memograd-demo-'));
    try {
      const r = runIn(dir, 'demo', '--steps', '5');
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe("memograd demo: unknown option '--steps'\nrun 'memograd demo --help' for the options\n");
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('memograd demo (npm start) prints the walkthrough, then trains on moons to 100% and draws the pictures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memograd-start-'));
    try {
      const r = runIn(dir, 'demo');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout.startsWith(`${toyWalkthrough()}\n\n`)).toBe(true);
      expect(r.stdout).toContain('Two typos in the post');
      const training = r.stdout.slice(toyWalkthrough().length);
      expect(training).toContain('Training MLP(2, [16, 16, 1]), relu, 337 parameters');
      expect(training).toMatch(/^ {2}final accuracy {2}100\.0% \(100 of 100 points\)$/m);
      expect(training).toMatch(/^Done: 100 steps in [\d.]+ s \([\d.]+ steps\/s, compiled graph\)$/m);
      // Not a terminal: plain progress lines, no bar redrawn with carriage returns.
      expect(training).not.toContain('\r');
      expect(training.match(/^ {2}step +\d+\/100 /gm)).toHaveLength(11);
      expect(training).toContain(`Pictures in ${join(dir, 'out')}:`);
      expect(readdirSync(join(dir, 'out')).sort()).toEqual(['decision-boundary.svg', 'training-curves.svg']);
      // The README's examples in docs/ are this run's pictures (regenerate: node dist/cli.js train --quiet --out docs).
      for (const picture of ['decision-boundary.svg', 'training-curves.svg']) {
        const drawn = readFileSync(join(dir, 'out', picture), 'utf8');
        expect(drawn).toMatch(/^<svg /);
        expect(drawn === readFileSync(join(root, 'docs', picture), 'utf8'), `docs/${picture} is stale`).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(['--help', '-h'])('memograd %s prints the usage to stdout and exits 0', (flag) => {
    const r = run(flag);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: memograd /);
    expect(r.stdout).toContain('--help');
    expect(r.stdout).toMatch(/^ {2}train \.\.\. +Train an MLP/m);
    expect(r.stdout).toMatch(/^ {2}graph --toy \.\.\. +Draw the toy network/m);
    expect(r.stdout).toMatch(/^ {2}grad "<expression>" \.\.\. +Differentiate/m);
    expect(r.stdout).toContain('--version');
    expect(r.stderr).toBe('');
  });

  it.each([['--bogus'], ['-x'], ['--help=yes'], ['--version=1'], ['--toString'], ['--bogus', 'train']])(
    'memograd %s reports a bad option in one line and a pointer to the help on stderr, and exits 2, without a stack trace',
    (...args) => {
      const r = run(...args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^memograd: [^\n]+\nrun 'memograd --help' for the commands\n$/);
      expect(r.stderr).not.toMatch(STACK_LINE);
    },
  );

  it('memograd names an unknown option in one short line, whatever its length', () => {
    expect(run('--bogus').stderr.split('\n')[0]).toBe("memograd: unknown option '--bogus'");
    expect(run('--help=yes').stderr.split('\n')[0]).toBe("memograd: option '--help' takes no value");
    expect(run('--version=2').stderr.split('\n')[0]).toBe("memograd: option '--version' takes no value");
    expect(run('--constructor').stderr.split('\n')[0]).toBe("memograd: unknown option '--constructor'");
    expect(run(`--${'x'.repeat(100_000)}`).stderr.split('\n')[0]).toBe(`memograd: unknown option '--${'x'.repeat(35)}...'`);
  });

  it('memograd <unknown command> reports it in one line and a pointer to the help, and exits 2', () => {
    const r = run('frobnicate', '--flag');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("memograd: unknown command 'frobnicate'\nrun 'memograd --help' for the commands\n");
  });

  it('memograd -- <command> runs the command: -- ends memograd\'s own options', () => {
    expect(run('--', 'grad', 'x', 'x=2').stdout).toBe('value   2\nd/dx    1\n');
    expect(run('--', '--version').status).toBe(2);
  });
});

describe('memograd train', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'memograd-train-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--help lists every option on stdout and exits 0', () => {
    const r = run('train', '--help');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: memograd train \[options\]/);
    for (const flag of ['--dataset', '--layers', '--activation', '--optimizer', '--lr', '--steps', '--batch-size', '--seed', '--out', '--save', '--load', '--quiet']) {
      expect(r.stdout).toContain(flag);
    }
  });

  it.each([
    [['--bogus'], "unknown option '--bogus'"],
    [['--lr'], "option '--lr' needs a value"],
    [['--lr', 'fast'], "--lr must be a number, got 'fast'"],
    [['--lr', '-1'], "--lr must be > 0, got '-1'"],
    [['--steps', '-5'], "--steps must be a whole number, got '-5'"],
    [['--quiet', '--quiet'], "option '--quiet' is given twice"],
    [['--save', ''], "--save needs a file name, got ''"],
    [['--steps', '1e999'], "--steps must be a whole number, got '1e999'"],
    [['--layers', '16,x'], '--layers must be hidden layer sizes'],
    [['--dataset', 'iris'], "--dataset must be one of moons, circles, spiral, got 'iris'"],
    [['--layers', '10000,10000', '--steps', '1', '--samples', '2'], '--layers 10000,10000 makes a network of 100,050,001 parameters; the limit is 1,000,000'],
    [['--layers', '300,300', '--steps', '1'], 'a step on 100 points with 91,501 parameters (--layers 300,300) would differentiate 9,150,100 parameter-points'],
    [['extra'], "unexpected argument 'extra' (memograd train takes only options)"],
  ])('train %j exits 2 with a message and a pointer to the options on stderr, no stack trace', (args, message) => {
    const r = runIn(dir, 'train', ...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toContain(`memograd train: ${message}`);
    expect(r.stderr.split('\n').slice(1)).toEqual(["run 'memograd train --help' for the options", '']);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a diverging run (--lr 1e6) stops at the step where the loss stops being finite, exits 1, and writes no model and no pictures', () => {
    const r = runIn(dir, 'train', '--lr', '1e6', '--save', 'nan.json', '--out', 'pics');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^memograd train: training diverged at step \d+ \((loss (NaN|Infinity)|parameter \S+ became \S+)\); no model or pictures written \(a smaller --lr may help\)\n$/);
    expect(r.stdout).not.toContain('final accuracy');
    expect(r.stdout).not.toMatch(/NaN/);
    expect(readdirSync(dir)).toEqual(['pics']);
    expect(readdirSync(join(dir, 'pics'))).toEqual([]);
  });

  it('--noise beyond 10 is a usage error', () => {
    const r = runIn(dir, 'train', '--noise', '1e308');
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("memograd train: --noise must be between 0 and 10, got '1e308'");
  });

  it.each([
    ['the defaults, shortened', ['--steps', '20', '--layers', '8']],
    ['the spiral in batches', ['--dataset', 'spiral', '--batch-size', '50', '--steps', '30', '--layers', '16', '--optimizer', 'adam']],
    ['circles at the largest noise', ['--dataset', 'circles', '--noise', '10', '--steps', '10', '--layers', '4']],
    ['moons without noise, one step, two points', ['--noise', '0', '--samples', '2', '--steps', '1', '--layers', '1']],
    ['a loss that falls to 0 (no L2)', ['--l2', '0', '--steps', '60', '--layers', '16']],
  ])('every numeric attribute of every SVG the CLI writes is a finite number: %s', (_, args) => {
    const r = runIn(dir, 'train', '--quiet', ...args);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const picture of ['decision-boundary.svg', 'training-curves.svg']) {
      expect(nonFiniteAttributes(readFileSync(join(dir, 'out', picture), 'utf8')), picture).toEqual([]);
    }
  });

  it('--save writes the model atomically, and --load --steps 0 reads it back to the same loss and accuracy', () => {
    const model = join(dir, 'model.json');
    const a = runIn(dir, 'train', '--steps', '30', '--layers', '8', '--quiet', '--save', model);
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    expect(a.stdout).toContain(`Saved the model to ${model}`);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'out']);
    const state = JSON.parse(readFileSync(model, 'utf8')) as { nouts: number[] };
    expect(state.nouts).toEqual([8, 1]);
    const b = runIn(dir, 'train', '--load', model, '--steps', '0', '--quiet', '--out', 'again');
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    const summary = (s: string) => s.split('\n').filter((l) => l.startsWith('  final '));
    expect(summary(b.stdout)).toEqual(summary(a.stdout));
  });

  it('--quiet prints only the summary', () => {
    const r = runIn(dir, 'train', '--steps', '5', '--layers', '4', '--quiet');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('Training MLP');
    expect(r.stdout).not.toMatch(/^ {2}step /m);
    expect(r.stdout).toMatch(/^Done: 5 steps/);
  });

  it('trains the spiral with softmax cross-entropy and Adam', () => {
    const r = runIn(dir, 'train', '--dataset', 'spiral', '--samples', '30', '--layers', '8', '--optimizer', 'adam', '--steps', '10');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('MLP(2, [8, 3])');
    expect(r.stdout).toContain('softmax cross-entropy + L2');
    expect(r.stdout).toContain('Adam, lr 0.01 -> 0.0019 (linear)');
  });

  // Each bad --load file: what the file holds (undefined: no file), and what the message must say.
  const saved = () => JSON.stringify(new MLP(2, [4, 1], { seed: 1 }));
  it.each([
    ['a missing file', () => undefined, /cannot read --load .*model\.json: no such file or directory \(ENOENT\), though its directory exists/],
    ['truncated JSON', () => saved().slice(0, 80), /is not a usable model: the state is not valid JSON/],
    ['a NaN weight', () => saved().replace(/"w":\[[^,\]]+/, '"w":[NaN'), /is not a usable model: the state is not valid JSON/],
    ['a weight as a string', () => saved().replace(/"b":0/, '"b":"0"'), /is not a usable model: layers\[0\]\[0\]\.b must be a finite number, got string "0"/],
    ['a neuron too few', () => saved().replace(/\{"w":\[[^\]]*\],"b":0\},/, ''), /is not a usable model: layers\[0\] has 3 neurons, expected 4/],
    ['a model for another dataset', () => JSON.stringify(new MLP(2, [4, 3])), /has 2 inputs and 3 outputs; the moons data needs 2 inputs and 1 output/],
  ])('--load of %s exits 2 with a one-line message', (_, content, message) => {
    const file = join(dir, 'model.json');
    const text = content();
    if (text !== undefined) writeFileSync(file, text);
    const r = runIn(dir, 'train', '--load', file, '--steps', '1');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^memograd train: /);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  // Each --load that is not a regular file of a sensible size: how to make it, and what the message must say.
  it.each([
    ['a symbolic link to /dev/zero', (file: string) => symlinkSync('/dev/zero', file), /it is a character device, not a regular file$/],
    ['a named pipe (FIFO) nobody writes to', (file: string) => execFileSync('mkfifo', [file]), /it is a named pipe \(FIFO\), not a regular file$/],
    ['a folder', (file: string) => mkdirSync(file), /it is a directory, not a regular file$/],
    ['a file over 64 MiB', (file: string) => truncateSync((writeFileSync(file, '{'), file), 64 * 2 ** 20 + 1), /it is larger than 64 MiB \(67,108,865 bytes\)$/],
  ])('--load of %s exits 2 at once with a one-line message', (_, make, message) => {
    const file = join(dir, 'model.json');
    make(file);
    const r = spawnSync(process.execPath, [cli, 'train', '--load', file, '--steps', '1'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^memograd train: cannot read --load .*model\.json: /)]);
    expect(r.stderr.trimEnd()).toMatch(message);
  });

  it('--load with other --layers than the file exits 2, naming both', () => {
    const file = join(dir, 'model.json');
    writeFileSync(file, JSON.stringify(new MLP(2, [4, 1])));
    const r = runIn(dir, 'train', '--load', file, '--layers', '16,16');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--layers 16,16 differs from the hidden layers of --load');
  });

  it('an output folder that cannot be made exits 1 with a one-line message, before any training', () => {
    writeFileSync(join(dir, 'afile'), '');
    const r = runIn(dir, 'train', '--steps', '1', '--layers', '2', '--out', join(dir, 'afile', 'sub'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`memograd train: cannot create the output folder ${join(dir, 'afile', 'sub')}: ${join(dir, 'afile')} exists and is not a folder\n`);
  });

  it.skipIf(!existsSync('/proc/self'))('--out under /proc exits 1 at once with one line (Node\'s recursive mkdir would loop there for ever)', () => {
    const r = spawnSync(process.execPath, [cli, 'train', '--steps', '1', '--layers', '2', '--out', '/proc/memograd-no-such/pics'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('memograd train: cannot create the output folder /proc/memograd-no-such/pics: cannot make /proc/memograd-no-such: no such file or directory (ENOENT), though its directory exists\n');
  });

  it('--save into a missing folder exits 1 before any training, and writes nothing', () => {
    const save = join(dir, 'missing', 'model.json');
    const r = runIn(dir, 'train', '--steps', '5', '--layers', '2', '--save', save);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`memograd train: cannot write ${save}: its directory does not exist\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--save naming a folder or a symbolic link to nothing exits 1 before any training; --save through a good link keeps the link', () => {
    mkdirSync(join(dir, 'folder'));
    symlinkSync(join(dir, 'nothing.json'), join(dir, 'dangling.json'));
    for (const [save, reason] of [['folder', 'it is a directory, not a regular file'], ['dangling.json', 'it is a symbolic link to a file that does not exist']]) {
      const r = runIn(dir, 'train', '--steps', '2', '--layers', '2', '--save', save as string);
      expect([r.status, r.stdout, r.stderr]).toEqual([1, '', `memograd train: cannot write ${save}: ${reason}\n`]);
    }
    writeFileSync(join(dir, 'real.json'), 'old');
    symlinkSync('real.json', join(dir, 'link.json'));
    expect(runIn(dir, 'train', '--steps', '2', '--layers', '2', '--quiet', '--save', 'link.json').status).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(MLP.fromJSON(readFileSync(join(dir, 'real.json'), 'utf8')).nouts).toEqual([2, 1]);
  });
});

describe('the staleness check that decides whether the CLI test rebuilds', () => {
  it.each(['src/walkthrough.ts', 'src/deep/nested.ts', ...BUILD_INPUTS])('stale() is true once %s is newer than dist/cli.js', (input) => {
    const dir = mkdtempSync(join(tmpdir(), 'memograd-stale-'));
    try {
      const files = ['dist/cli.js', 'src/walkthrough.ts', 'src/deep/nested.ts', ...BUILD_INPUTS];
      for (const f of files) {
        mkdirSync(dirname(join(dir, f)), { recursive: true });
        writeFileSync(join(dir, f), '');
        utimesSync(join(dir, f), 1000, 1000);
      }
      utimesSync(join(dir, 'dist/cli.js'), 2000, 2000);
      expect(stale(dir, 'dist/cli.js')).toBe(false);
      utimesSync(join(dir, input), 3000, 3000);
      expect(stale(dir, 'dist/cli.js')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stale() is true when dist/cli.js is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memograd-stale-'));
    try {
      expect(stale(dir, 'dist/cli.js')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Runs `script` in sh with `$CLI` set to the built CLI, inside a folder whose path is longer than
 * getcwd() can return (30 levels of 200-character names: about 6,000 bytes, past Linux's PATH_MAX
 * of 4096), so that process.cwd() throws ERANGE there; the folder is removed afterwards.
 */
function runDeep(script: string) {
  const base = mkdtempSync(join(tmpdir(), 'memograd-deep-'));
  try {
    // sh's cd fails past PATH_MAX (it builds the whole path), so Node makes and enters the folders,
    // each by its relative name, and the shell inherits the folder it ends in.
    const enter = `for (let i = 0; i < 30; i++) { fs.mkdirSync('d'.repeat(200)); process.chdir('d'.repeat(200)); }
      const r = child_process.spawnSync('sh', ['-c', process.argv[1]], { stdio: 'inherit' }); process.exit(r.status ?? 99);`;
    const r = spawnSync(process.execPath, ['-e', enter, script], { cwd: base, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CLI: cli } });
    if (r.error) throw r.error;
    return r;
  } finally {
    // rm -rf walks the tree relative to each folder; Node's rmSync would need the whole path.
    execFileSync('rm', ['-rf', base]);
  }
}

describe('memograd in a folder whose path is too long for getcwd (process.cwd() throws ERANGE)', () => {
  it('the test folder is as deep as intended: process.cwd() fails there', () => {
    const r = runDeep(`"${process.execPath}" -e "process.cwd()"`);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ERANGE|ENAMETOOLONG/);
  });

  it('memograd train --save writes the model and the pictures there, names them as given, and exits 0', () => {
    const r = runDeep(`"${process.execPath}" "$CLI" train --steps 2 --layers 2 --quiet --save m.json; s=$?; ls . out; exit $s`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Pictures in out:\n');
    expect(r.stdout).toContain('Saved the model to m.json\n');
    expect(r.stdout).toMatch(/^m\.json\nout\n\nout:\ndecision-boundary\.svg\ntraining-curves\.svg\n$/m);
  });

  it('memograd train --out a/b makes the nested output folder there', () => {
    const r = runDeep(`"${process.execPath}" "$CLI" train --steps 1 --layers 2 --quiet --out a/b; s=$?; ls a/b; exit $s`);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('Pictures in a/b:\n');
    expect(r.stdout).toMatch(/^decision-boundary\.svg\ntraining-curves\.svg\n$/m);
  });

  it('memograd grad --dot writes through a relative symbolic link there, the link kept', () => {
    const r = runDeep(`echo old > real.dot && ln -s real.dot link.dot && "${process.execPath}" "$CLI" grad x x=1 --dot link.dot; s=$?; test -L link.dot && head -c 18 real.dot; exit $s`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/digraph memograd \{$/);
  });

  it('memograd graph --toy --out writes the picture there', () => {
    const r = runDeep(`"${process.execPath}" "$CLI" graph --toy --out toy.dot; s=$?; head -c 18 toy.dot; exit $s`);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe('Wrote toy.dot\ndigraph figure2 {\n');
  });
});

describe('memograd in a folder that was removed after it was entered', () => {
  /** Runs the CLI with `args` in a folder removed before it starts (process.cwd() throws ENOENT there). */
  function runGone(...args: string[]) {
    const base = mkdtempSync(join(tmpdir(), 'memograd-gone-'));
    try {
      const r = spawnSync('sh', ['-c', 'mkdir gone && cd gone && rmdir "$PWD" && exec "$0" "$@"', process.execPath, cli, ...args], { cwd: base, encoding: 'utf8', timeout: 60_000 });
      if (r.error) throw r.error;
      return r;
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }

  it.each([
    [['train', '--steps', '1', '--layers', '2'], 'memograd train: cannot create the output folder out: the current folder no longer exists\n'],
    [['train', '--steps', '1', '--layers', '2', '--save', 'm.json'], 'memograd train: cannot write m.json: the current folder no longer exists\n'],
    [['train', '--steps', '1', '--layers', '2', '--load', 'm.json'], 'memograd train: cannot read --load m.json: the current folder no longer exists\n'],
  ])('memograd %j says in one line that the current folder is gone, before any training', (args, message) => {
    const r = runGone(...args);
    expect([r.status === 0, r.stdout, r.stderr]).toEqual([false, '', message]);
  });

  it('memograd train with absolute paths only works there', () => {
    const out = mkdtempSync(join(tmpdir(), 'memograd-gone-out-'));
    try {
      const r = runGone('train', '--steps', '1', '--layers', '2', '--quiet', '--out', out, '--save', join(out, 'm.json'));
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toContain(`Saved the model to ${join(out, 'm.json')}\n`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
