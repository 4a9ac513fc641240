import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MLP } from '../../src/index.js';
import { train } from '../../src/cli/train.js';
import { grad } from '../../src/cli/grad.js';
import { graph } from '../../src/cli/graph.js';

// Every message of the command-line program is one line of printable text of a bounded length,
// whatever the file names and file contents it reports on: each piece of untrusted text goes
// through printable() (or printablePath()).

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memograd-messages-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** A name that would redraw the terminal and break the line if printed raw. */
const HOSTILE = 'evil\u001b[2J\u001b]0;title\u0007\nline\u0000\u2028x';
/** HOSTILE as a file can be named (no NUL). */
const NAME = HOSTILE.replace('\u0000', '');
/** A name far longer than any message line should be. */
const LONG = 'a'.repeat(100_000);

/** Runs a command in this process and returns what it wrote on stdout and stderr. */
async function capture(command: () => number | Promise<number>) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (stdout.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (stderr.push(String(s)), true));
  const status = await command();
  vi.restoreAllMocks();
  return { status, stdout: stdout.join(''), stderr: stderr.join('') };
}

function runTrain(args: string[]) {
  return capture(() => {
    const io = { stdout: { isTTY: false, write: (s: string) => process.stdout.write(s) }, stderr: { write: (s: string) => process.stderr.write(s) } };
    return train(args.includes('--out') ? args : [...args, '--out', join(dir, 'out')], io);
  });
}

/** Each line: no control character, no line separator, and short. */
function expectPrintableLines(text: string, maxLength = 300): void {
  for (const line of text.split('\n')) {
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(line.length).toBeLessThanOrEqual(maxLength);
  }
}

function expectOneErrorLine(r: { status: number; stderr: string }, prefix: string): void {
  expect(r.status).not.toBe(0);
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.slice(0, -1).split('\n')).toHaveLength(1);
  expect(r.stderr.startsWith(prefix)).toBe(true);
  expectPrintableLines(r.stderr);
}

const small = ['--steps', '1', '--layers', '2', '--samples', '10', '--quiet'];

describe('CLI messages with untrusted text', () => {
  it.each([
    ['--save in a missing folder, named with escapes', () => ['--save', join(dir, HOSTILE, 'm.json')]],
    ['--save of 100,000 characters', () => ['--save', join(dir, LONG)]],
    ['--load of a missing file named with escapes', () => ['--load', join(dir, HOSTILE)]],
    ['--load of 100,000 characters', () => ['--load', join(dir, LONG)]],
    ['--out below a file, named with escapes', () => (writeFileSync(join(dir, 'file'), ''), ['--out', join(dir, 'file', HOSTILE)])],
    ['--out of 100,000 characters', () => ['--out', join(dir, LONG)]],
  ])('train with %s reports one short printable line', async (_, args) => {
    expectOneErrorLine(await runTrain([...small, ...args()]), 'memograd train: ');
  });

  it.each([
    ['NUL bytes, escape sequences and newlines in invalid JSON', `{"format":"memograd-mlp",\u0000\u001b[2J\n\n${'\u001b[31m'.repeat(50)}`],
    ['escapes in a string field', JSON.stringify({ format: 'memograd-mlp', version: 1, nin: 2, nouts: [1], activation: `\u001b[2J${'x'.repeat(1000)}\n`, layers: [] })],
    ['escapes in an object key', JSON.stringify({ format: 'memograd-mlp', version: 1, nin: { '\u001b[2J\n': 1 }, nouts: [1], activation: 'relu', layers: [] })],
  ])('train --load of a file with %s reports one short printable line', async (_, content) => {
    const file = join(dir, NAME);
    writeFileSync(file, content);
    expectOneErrorLine(await runTrain([...small, '--load', file]), 'memograd train: ');
  });

  it('train --load of a usable model with a hostile name that does not fit the options reports one short printable line', async () => {
    const file = join(dir, NAME);
    writeFileSync(file, JSON.stringify(new MLP(2, [3, 1])));
    expectOneErrorLine(await runTrain([...small.filter((a) => a !== '--layers' && a !== '2'), '--load', file, '--layers', '4']), 'memograd train: ');
  });

  it('train with hostile but usable names prints only printable lines on success', async () => {
    const model = join(dir, `${NAME}.json`);
    writeFileSync(model, JSON.stringify(new MLP(2, [2, 1])));
    const out = join(dir, NAME, `${NAME}${LONG.slice(0, 200)}`);
    mkdirSync(out, { recursive: true });
    const r = await runTrain(['--steps', '1', '--samples', '10', '--load', model, '--save', model, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Saved the model to ');
    expectPrintableLines(r.stdout);
  });

  it('a file name with a NUL byte is reported as such, in one line', async () => {
    const r = await runTrain([...small, '--save', join(dir, HOSTILE)]);
    expectOneErrorLine(r, 'memograd train: ');
    expect(r.stderr).toMatch(/: the name contains a NUL character\n$/);
  });

  it.each([
    ['--dot', () => join(dir, HOSTILE, 'g.dot')],
    ['--dot', () => join(dir, `${LONG}.dot`)],
    ['--svg', () => join(dir, HOSTILE, 'g.svg')],
  ])('grad with %s naming a bad file reports one short printable line', async (flag, file) => {
    const r = await capture(() => grad(['x*y', 'x=1', 'y=2', flag, file()]));
    expect(r.stdout).toMatch(/^value/);
    expectOneErrorLine(r, 'memograd grad: ');
  });

  it.each([
    ['escapes', () => join(dir, HOSTILE, 'toy.dot')],
    ['100,000 characters', () => join(dir, `${LONG}.dot`)],
  ])('graph --out naming a bad file with %s reports one short printable line', async (_, file) => {
    expectOneErrorLine(await capture(() => graph(['--toy', '--out', file()])), 'memograd graph: ');
  });
});
