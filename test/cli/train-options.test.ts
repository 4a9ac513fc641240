import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED, TRAIN_USAGE, parseTrainOptions } from '../../src/cli/train-options.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { OPTIMIZERS, OPTIMIZER_NAMES } from '../../src/index.js';

describe('parseTrainOptions', () => {
  it("defaults to micrograd's demo on moons", () => {
    expect(parseTrainOptions([])).toEqual({
      dataset: 'moons', samples: 100, noise: 0.1, layers: undefined, activation: undefined, optimizer: 'sgd', lr: 1,
      schedule: 'linear', l2: 1e-4, steps: 100, batchSize: undefined, seed: DEFAULT_SEED, out: 'out', save: undefined,
      load: undefined, quiet: false, help: false, version: false,
    });
  });

  it('reads every option', () => {
    const o = parseTrainOptions([
      '--dataset', 'spiral', '--samples', '90', '--noise', '0.3', '--layers', '8, 4', '--activation', 'tanh', '--optimizer', 'adamw',
      '--lr=2e-3', '--schedule', 'cosine', '--l2', '0', '--steps', '7', '--batch-size', '16', '--seed', '4294967295', '--out', 'pics',
      '--save', 'm.json', '--load', 'old.json', '--quiet',
    ]);
    expect(o).toEqual({
      dataset: 'spiral', samples: 90, noise: 0.3, layers: [8, 4], activation: 'tanh', optimizer: 'adamw', lr: 0.002, schedule: 'cosine',
      l2: 0, steps: 7, batchSize: 16, seed: 4294967295, out: 'pics', save: 'm.json', load: 'old.json', quiet: true, help: false, version: false,
    });
  });

  it('takes per-dataset and per-optimizer defaults', () => {
    expect(parseTrainOptions(['--dataset', 'spiral'])).toMatchObject({ samples: 150, noise: 0.2 });
    expect(parseTrainOptions(['--dataset', 'circles'])).toMatchObject({ samples: 100, noise: 0.05 });
    expect(parseTrainOptions(['--optimizer', 'adam']).lr).toBe(0.01);
    expect(parseTrainOptions(['-h']).help).toBe(true);
    expect(parseTrainOptions(['--version']).version).toBe(true);
    // Whatever the other values: help is asked for.
    expect(parseTrainOptions(['--steps', '0', '--lr', 'fast', '--help']).help).toBe(true);
    expect(parseTrainOptions(['--layers', '10000,10000', '--version']).version).toBe(true);
  });

  it.each([
    [['--bogus'], /^unknown option '--bogus'$/],
    [['--stpes', '5'], /^unknown option '--stpes'; did you mean '--steps'\?$/],
    [['--batchsize=5'], /^unknown option '--batchsize'; did you mean '--batch-size'\?$/],
    [['-x'], /^unknown option '-x'$/],
    [[`--${'x'.repeat(100_000)}`], /^unknown option '--x{35}\.\.\.'$/],
    [['extra'], /^unexpected argument 'extra' \(memograd train takes only options\)$/],
    [['--lr'], /^option '--lr' needs a value$/],
    [['--quiet=yes'], /^option '--quiet' takes no value$/],
    [['--lr', '-1'], /^--lr must be > 0, got '-1'$/],
    [['--steps', '-5'], /^--steps must be a whole number, got '-5'$/],
    [['--lr', '--steps', '5'], /^--lr must be a number, got '--steps'$/],
    [['--out', '-x'], /^option '--out' needs a value, got '-x', which looks like an option \(write --out=-x if it is the value\)$/],
    [['--quiet', '--quiet'], /^option '--quiet' is given twice$/],
    [['--lr', '1', '--lr=2'], /^option '--lr' is given twice$/],
    [['-h', '--help'], /^option '--help' is given twice$/],
    [['--dataset', `moons${'\n'.repeat(3)}`], /^--dataset must be one of moons, circles, spiral, got 'moons\\u000a\\u000a\\u000a'$/],
    [['--lr', 'abc'], /^--lr must be a number, got 'abc'$/],
    [['--lr', ''], /^--lr must be a number, got ''$/],
    [['--lr', 'Infinity'], /^--lr must be a number, got 'Infinity'$/],
    [['--lr', '0x10'], /^--lr must be a number, got '0x10'$/],
    [['--lr=0'], /^--lr must be > 0, got '0'$/],
    [['--noise=-1'], /^--noise must be between 0 and 10, got '-1'$/],
    [['--steps', '1.5'], /^--steps must be a whole number, got '1.5'$/],
    [['--steps', '0'], /^--steps 0 trains nothing/],
    [['--samples', '1'], /^--samples must be between 2 and 1000000, got '1'$/],
    [['--batch-size', '0'], /^--batch-size must be between 1 and 1000000, got '0'$/],
    [['--seed', '4294967296'], /^--seed must be between 0 and 4294967295/],
    [['--layers', '16,,16'], /^--layers must be hidden layer sizes/],
    [['--layers', '16,0'], /^--layers must be hidden layer sizes/],
    [['--dataset', 'mnist'], /^--dataset must be one of moons, circles, spiral, got 'mnist'$/],
    [['--activation', 'gelu'], /^--activation must be one of relu, tanh, sigmoid/],
    [['--optimizer', 'rmsprop'], /^--optimizer must be one of sgd, adam, adamw/],
    [['--schedule', 'step'], /^--schedule must be one of linear, cosine, constant/],
    [['--save', ''], /^--save needs a file name, got ''$/],
    [['--load='], /^--load needs a file name, got ''$/],
    [['--out', ''], /^--out needs a folder name, got ''$/],
    [['--layers', '10000,10000', '--steps', '1', '--samples', '2'], /^--layers 10000,10000 makes a network of 100,050,001 parameters; the limit is 1,000,000$/],
    [['--layers', '300,300'], /^a step on 100 points with 91,501 parameters \(--layers 300,300\) would differentiate 9,150,100 parameter-points, .*the limit is 2,000,000/],
    [['--samples', '1000000'], /^a step on 1,000,000 points with 337 parameters \(--layers 16,16\)/],
    [['--noise', '10.5'], /^--noise must be between 0 and 10, got '10.5'$/],
  ])('%j is a usage error: %s', (args, message) => {
    expect(() => parseTrainOptions(args)).toThrow(UsageError);
    expect(() => parseTrainOptions(args)).toThrow(message);
    // One line, and short, whatever the arguments.
    expect(() => parseTrainOptions(args)).toThrow(/^[^\n]{1,300}$/);
  });

  it('takes a large network with small batches, and many points in batches', () => {
    expect(parseTrainOptions(['--layers', '300,300', '--batch-size', '20']).layers).toEqual([300, 300]);
    expect(parseTrainOptions(['--samples', '1000000', '--batch-size', '100']).samples).toBe(1_000_000);
    expect(parseTrainOptions(['--noise', '10']).noise).toBe(10);
  });

  it('the usage lists every option', () => {
    for (const flag of ['--dataset', '--samples', '--noise', '--layers', '--activation', '--optimizer', '--lr', '--schedule', '--l2', '--steps', '--batch-size', '--seed', '--out', '--save', '--load', '--quiet', '--help', '--version']) {
      expect(TRAIN_USAGE).toContain(flag);
    }
  });

  it("offers the registry's optimizers: --optimizer takes each name, with its default rate, and the usage lists each one's description", () => {
    for (const name of OPTIMIZER_NAMES) {
      expect(parseTrainOptions(['--optimizer', name])).toMatchObject({ optimizer: name, lr: OPTIMIZERS[name].lr });
      expect(TRAIN_USAGE).toContain(`${name}:`.padEnd(7) + OPTIMIZERS[name].description + '\n');
    }
    expect(TRAIN_USAGE).toContain('  --optimizer NAME    sgd, adam or adamw (default sgd)\n');
    expect(TRAIN_USAGE).toContain('  --lr X              learning rate at step 0 (default sgd 1, adam 0.01, adamw 0.01)\n');
    expect(() => parseTrainOptions(['--optimizer', 'rmsprop'])).toThrow(new UsageError("--optimizer must be one of sgd, adam, adamw, got 'rmsprop'"));
  });
});
