import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MLP } from '../../src/index.js';
import { parseTrainOptions } from '../../src/cli/train-options.js';
import { trainingSetup } from '../../src/cli/training-setup.js';
import { InputError } from '../../src/cli/command-errors.js';

const dir = mkdtempSync(join(tmpdir(), 'memograd-setup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trainingSetup()', () => {
  it('trainingSetup() seeds the data with --seed, the weights with --seed + 1, and builds the chosen optimizer', () => {
    const { data, model, optimizer } = trainingSetup(parseTrainOptions(['--seed', '5', '--layers', '4', '--optimizer', 'adam']));
    expect(data.X).toHaveLength(100);
    expect(model.parameters().map((p) => p.data)).toEqual(new MLP(2, [4, 1], { seed: 6 }).parameters().map((p) => p.data));
    expect(optimizer.constructor.name).toBe('Adam');
  });

  it('trainingSetup() refuses a --load model too large for a step on the batch, naming the count and the limit (exit 2)', () => {
    const file = join(dir, 'big.json');
    writeFileSync(file, JSON.stringify(new MLP(2, [150, 150, 1])));
    const o = parseTrainOptions(['--load', file]);
    expect(() => trainingSetup(o)).toThrow(InputError);
    expect(() => trainingSetup(o)).toThrow(/^a step on 100 points with 23,251 parameters \(--load .*big\.json\) would differentiate 2,325,100 parameter-points, .*the limit is 2,000,000/);
    expect(trainingSetup(parseTrainOptions(['--load', file, '--batch-size', '50'])).model.nouts).toEqual([150, 150, 1]);
  });
});
