import { checkDataset, type Dataset } from './dataset.js';
import { Random, checkSeed } from './random.js';
import { optionsObject } from '../engine/core/options-object.js';
import { fractionOption } from '../engine/core/number-option.js';

/** Options for `trainTestSplit`. */
export interface SplitOptions {
  /** The fraction of the points held out for testing, in (0, 1) (default 0.25). */
  readonly testFraction?: number;
  /** The seed of the shuffle (default 0). */
  readonly seed?: number;
}

/**
 * Splits a dataset at random into a training and a test part: round(n·testFraction) points go to
 * `test`, the rest to `train`, each part keeping its points' labels. Both parts must be non-empty.
 *
 * @example
 * const { train, test } = trainTestSplit(makeMoons(200, { noise: 0.1 }), { testFraction: 0.2, seed: 1 });
 */
export function trainTestSplit(data: Dataset, options: SplitOptions = {}): { train: Dataset; test: Dataset } {
  checkDataset('trainTestSplit', data);
  optionsObject('trainTestSplit', options);
  const fraction = fractionOption('trainTestSplit', 'testFraction', options.testFraction ?? 0.25, 0, 1);
  const n = data.X.length;
  const nTest = Math.round(n * fraction);
  if (nTest < 1 || nTest > n - 1) {
    throw new RangeError(`trainTestSplit: ${n} points split at ${fraction} leave an empty part (${n - nTest} to train, ${nTest} to test)`);
  }
  const order = new Random(checkSeed('trainTestSplit', options.seed ?? 0)).shuffle(Array.from({ length: n }, (_, i) => i));
  const part = (idx: number[]): Dataset => ({ X: idx.map((i) => [...(data.X[i] as number[])]), y: idx.map((i) => data.y[i] as number) });
  return { test: part(order.slice(0, nTest)), train: part(order.slice(nTest)) };
}
