import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MLP } from '../../src/index.js';

// Lets a test make the write of one file fail after the checks before the training passed (as a
// disk that fills up during the run does), with the system's error.
const failing = vi.hoisted(() => ({ name: undefined as string | undefined }));
vi.mock('../../src/cli/write-file-atomic.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/cli/write-file-atomic.js')>();
  return {
    ...real,
    writeFileAtomic: (path: string, text: string) => {
      if (failing.name !== undefined && path.endsWith(failing.name)) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO', errno: -5 });
      real.writeFileAtomic(path, text);
    },
  };
});

const { train } = await import('../../src/cli/train.js');
import { plural } from '../../src/cli/plural.js';
import { mountSmallDisk, unmountSmallDisk } from '../support/small-disk.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memograd-train-'));
  failing.name = undefined;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `memograd train` in this process, its output captured; --out defaults to the test's folder. */
function run(args: string[], isTTY = false) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io = { stdout: { isTTY, write: (s: string) => stdout.push(s) }, stderr: { write: (s: string) => stderr.push(s) } };
  const status = train(args.includes('--out') ? args : [...args, '--out', join(dir, 'out')], io);
  return { status, stdout: stdout.join(''), stderr: stderr.join('') };
}

describe('train()', () => {
  it('train() prints the learning rates of the first and the last step as the schedule gives them, in at most 6 digits', () => {
    // Linear: step k of n uses lr·(1 - 0.9·k/n), so the last of 100 steps from 0.7 uses 0.0763.
    expect(run(['--lr', '0.7', '--layers', '2', '--steps', '100']).stdout).toContain('optimizer: SGD, lr 0.7 -> 0.0763 (linear); 100 steps, full batch');
    expect(run(['--lr', '1', '--layers', '2', '--steps', '100', '--schedule', 'cosine']).stdout).toContain('SGD, lr 1 -> 0.100222 (cosine)');
    expect(run(['--lr', '0.3', '--layers', '2', '--steps', '3', '--schedule', 'constant']).stdout).toContain('SGD, lr 0.3; 3 steps');
  });

  it('train() says "1 step", not "1 steps"', () => {
    const r = run(['--steps', '1', '--layers', '2']);
    expect(r.stdout).toContain('SGD, lr 1; 1 step, full batch');
    expect(r.stdout).toMatch(/^Done: 1 step in /m);
    expect(readFileSync(join(dir, 'out', 'decision-boundary.svg'), 'utf8')).toContain('training accuracy after 1 step</title>');
    expect([plural(0, 'step'), plural(1, 'output'), plural(3, 'output')]).toEqual(['0 steps', '1 output', '3 outputs']);
  });

  it('train() names AdamW\'s decoupled weight decay, which applies on top of the --l2 penalty', () => {
    expect(run(['--optimizer', 'adamw', '--layers', '2', '--steps', '5']).stdout).toContain(
      'loss: hinge + L2 (alpha 0.0001); optimizer: AdamW (decoupled weight decay 0.01), lr 0.01 -> 0.0028 (linear)',
    );
  });

  it('train() on a terminal redraws one progress line and ends it before the summary', () => {
    const r = run(['--steps', '3', '--layers', '2'], true);
    expect(r.stdout).toContain('\r\x1b[2K  [########################] step 3/3');
    expect(r.stdout).toMatch(/step 3\/3 [^\n]*\nDone: 3 steps/);
  });

  it('train() after a divergence ends the progress line first, writes one line on stderr and returns 1', () => {
    const r = run(['--lr', '1e6', '--layers', '16', '--save', join(dir, 'm.json')], true);
    expect(r.status).toBe(1);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout).not.toContain('Done:');
    expect(r.stderr).toMatch(/^memograd train: training diverged at step \d+ \([^)]*\); no model or pictures written \(a smaller --lr may help\)\n$/);
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('train() names each picture it wrote when the other could not be written, and says why on stderr', () => {
    failing.name = 'training-curves.svg';
    const r = run(['--steps', '2', '--layers', '2', '--quiet', '--save', join(dir, 'm.json')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`Pictures in ${join(dir, 'out')}:\n  decision-boundary.svg  the plane coloured by the predicted class, with the data points\nSaved the model to ${join(dir, 'm.json')}\n`);
    expect(r.stdout).not.toContain('training-curves.svg');
    expect(r.stderr).toBe(`memograd train: cannot write ${join(dir, 'out', 'training-curves.svg')}: i/o error (EIO)\n`);
    expect(readdirSync(join(dir, 'out'))).toEqual(['decision-boundary.svg']);
  });

  it('train() saves a model that --load reads back to the same parameters', () => {
    const file = join(dir, 'model.json');
    expect(run(['--steps', '5', '--layers', '3', '--save', file, '--quiet']).status).toBe(0);
    const saved = MLP.fromJSON(readFileSync(file, 'utf8'));
    expect(saved.nouts).toEqual([3, 1]);
    const r = run(['--load', file, '--steps', '0', '--quiet', '--save', join(dir, 'again.json')]);
    expect(r.status).toBe(0);
    expect(MLP.fromJSON(readFileSync(join(dir, 'again.json'), 'utf8')).parameters().map((p) => p.data)).toEqual(saved.parameters().map((p) => p.data));
  });

  it('train() on a nearly full disk (a real 64 KB tmpfs) keeps the old model and pictures, says why on stderr and returns 1', (context) => {
    const disk = mountSmallDisk('64k');
    if (disk === undefined) return context.skip();
    try {
      const model = join(disk, 'model.json');
      const old = `${JSON.stringify(new MLP(2, [2, 1], { seed: 1 }))}\n`;
      writeFileSync(model, old);
      mkdirSync(join(disk, 'out'));
      writeFileSync(join(disk, 'out', 'decision-boundary.svg'), '<svg>old</svg>');
      const r = run(['--steps', '1', '--layers', '60,60', '--samples', '10', '--save', model, '--out', join(disk, 'out'), '--quiet']);
      expect(r.status).toBe(1);
      expect(r.stdout).not.toContain('Saved the model');
      expect(r.stderr).toContain(`memograd train: cannot write ${model}: no space left on the device\n`);
      expect(readFileSync(model, 'utf8')).toBe(old);
      expect(readdirSync(disk).sort()).toEqual(['model.json', 'out']);
      const pictures = readdirSync(join(disk, 'out'));
      expect(pictures.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(readFileSync(join(disk, 'out', 'decision-boundary.svg'), 'utf8')).toMatch(/^<svg[^]*<\/svg>\n?$/);
    } finally {
      unmountSmallDisk(disk);
    }
  });
});
