import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, STACK_LINE, runCli } from '../support/run-cli.js';

// The command-line program against the conventions of well-kept ones (git, npm, tsc, eslint):
// help as a command and as an option of every command, usage errors in one line with a pointer to
// the help, "did you mean" for a mistyped command or option, a line for every file written.

const dir = mkdtempSync(join(tmpdir(), 'memograd-conventions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMMANDS = ['demo', 'train', 'graph', 'grad', 'help'] as const;
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** A usage error of `command` ('': memograd itself): exit 2, nothing on stdout, the message and the pointer to the help. */
function expectUsageError(r: ReturnType<typeof runCli>, command: string, message: string): void {
  const hint = command === '' ? "run 'memograd --help' for the commands" : `run 'memograd ${command} --help' for the options`;
  expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `memograd${command === '' ? '' : ` ${command}`}: ${message}\n${hint}\n`]);
}

describe('help', () => {
  it('memograd help prints what memograd --help prints, and exits 0', () => {
    const help = runCli(['help']);
    expect([help.status, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toMatch(/^Usage: memograd <command> \[options\]\n/);
    expect(help.stdout).toMatch(/^ {2}help \[command\] +/m);
    expect(runCli(['--help']).stdout).toBe(help.stdout);
  });

  it.each(COMMANDS)('memograd %s --help, -h and memograd help %s print that command\'s help to stdout, and exit 0', (command) => {
    const long = runCli([command, '--help']);
    expect([long.status, long.stderr]).toEqual([0, '']);
    expect(long.stdout).toMatch(new RegExp(`^Usage: memograd ${command}\\b`));
    expect(long.stdout).toContain('-h, --help');
    expect(runCli([command, '-h'])).toEqual(long);
    expect(runCli(['help', command])).toEqual(long);
  });

  it('memograd help <unknown> says so, with a suggestion, and exits 2', () => {
    // The help to point at is the list of commands.
    const commands = "run 'memograd --help' for the commands";
    expect(runCli(['help', 'trian'])).toEqual({ status: 2, stdout: '', stderr: `memograd help: unknown command 'trian'; did you mean 'train'?\n${commands}\n` });
    expect(runCli(['help', 'bogus'])).toEqual({ status: 2, stdout: '', stderr: `memograd help: unknown command 'bogus'\n${commands}\n` });
    expectUsageError(runCli(['help', 'train', 'graph']), 'help', "unexpected argument 'graph' (memograd help takes one command)");
  });

  it.each(COMMANDS)('memograd %s --version prints the version, as memograd --version does', (command) => {
    expect(runCli([command, '--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('usage errors', () => {
  it.each<[string, string[], string]>([
    ['', ['trian'], "unknown command 'trian'; did you mean 'train'?"],
    ['', ['frobnicate'], "unknown command 'frobnicate'"],
    ['', ['--verison'], "unknown option '--verison'; did you mean '--version'?"],
    ['', ['--bogus'], "unknown option '--bogus'"],
    ['', ['-h', '--help'], "option '--help' is given twice"],
    ['demo', ['--bogus'], "unknown option '--bogus'"],
    ['demo', ['--ot', 'x'], "unknown option '--ot'; did you mean '--out'?"],
    ['demo', ['extra'], "unexpected argument 'extra' (memograd demo takes only options)"],
    ['demo', ['--out', ''], "--out needs a folder name, got ''"],
    ['train', ['--bogus'], "unknown option '--bogus'"],
    ['train', ['--stpes', '5'], "unknown option '--stpes'; did you mean '--steps'?"],
    ['train', ['--lr', 'fast'], "--lr must be a number, got 'fast'"],
    ['graph', ['--tyo'], "unknown option '--tyo'; did you mean '--toy'?"],
    ['graph', ['--toy', '--out', '--precision', '3'], "option '--out' needs a value, got '--precision', which looks like an option (write --out=--precision if it is the value)"],
    ['graph', ['--toy', '--precision', '-3'], "--precision must be an integer from 1 to 17, got '-3'"],
    ['grad', ['x', 'x=1', '--sgv', 'f.svg'], "unknown option '--sgv'; did you mean '--svg'?"],
    ['grad', ['x', 'x=1', '--svg', 'f.png'], "--svg must name a .svg file, got 'f.png'"],
    ['grad', ['x', 'x=1', '--dot', 'f.svg'], "--dot must name a .dot file, got 'f.svg'"],
    ['grad', ['x', 'x=1', '--dot', '--svg', 'f.svg'], "option '--dot' needs a value, got '--svg', which looks like an option (write --dot=--svg if it is the value)"],
    ['help', ['--bogus'], "unknown option '--bogus'"],
  ])('memograd %s %j is one line and a pointer to the help, exit 2', (command, args, message) => {
    const r = runCli(command === '' ? args : [command, ...args], { cwd: dir });
    expectUsageError(r, command, message);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('memograd grad with an expression it cannot read says where, in one line, with no pointer to the options', () => {
    expect(runCli(['grad', 'tahn(x)', 'x=1'])).toEqual({ status: 2, stdout: '', stderr: "memograd grad: unknown function 'tahn' at column 1; did you mean 'tanh'?\n" });
  });
});

describe('files written', () => {
  it('memograd grad --dot and --svg write the files and name each, after the gradient', () => {
    const r = runCli(['grad', 'x*y', 'x=1', 'y=2', '--dot', 'g.dot', '--svg', 'g.svg'], { cwd: dir });
    try {
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toBe(`value   2\nd/dx    2\nd/dy    1\nWrote ${join(dir, 'g.dot')}\nWrote ${join(dir, 'g.svg')}\n`);
      expect(readFileSync(join(dir, 'g.svg'), 'utf8')).toMatch(/<svg/);
    } finally {
      for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true });
    }
  });

  it('memograd graph --out names the file it wrote; without --out the DOT alone goes to stdout', () => {
    try {
      expect(runCli(['graph', '--toy', '--out', 'toy.dot'], { cwd: dir })).toEqual({ status: 0, stdout: `Wrote ${join(dir, 'toy.dot')}\n`, stderr: '' });
      expect(runCli(['graph', '--toy']).stdout).toBe(readFileSync(join(dir, 'toy.dot'), 'utf8'));
    } finally {
      for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true });
    }
  });

  it('memograd demo --out DIR puts the pictures there and names them', () => {
    try {
      const r = runCli(['demo', '--out', 'pics'], { cwd: dir });
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toContain(`Pictures in ${join(dir, 'pics')}:\n  decision-boundary.svg `);
      expect(readdirSync(dir)).toEqual(['pics']);
      expect(readdirSync(join(dir, 'pics')).sort()).toEqual(['decision-boundary.svg', 'training-curves.svg']);
    } finally {
      for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true });
    }
  });

  it('memograd demo --out below a file fails in one line before the walkthrough, exit 1', () => {
    try {
      writeFileSync(join(dir, 'afile'), '');
      const r = runCli(['demo', '--out', join(dir, 'afile', 'pics')], { cwd: dir });
      expect([r.status, r.stdout]).toEqual([1, '']);
      expect(r.stderr).toBe(`memograd demo: cannot create the output folder ${join(dir, 'afile', 'pics')}: ${join(dir, 'afile')} exists and is not a folder\n`);
    } finally {
      for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true });
    }
  });
});
