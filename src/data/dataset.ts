import { describeOperand } from '../engine/core/describe.js';
import { Random, checkSeed } from './random.js';
import { optionsObject } from '../engine/core/options-object.js';
import { checkEntries } from '../engine/core/array-entries.js';
import { integerOption, numberOption } from '../engine/core/number-option.js';

/** Points and their labels: `X[i]` is a point (its coordinates), `y[i]` its label. */
export interface Dataset {
  /** The points, one row of coordinates each. */
  readonly X: number[][];
  /** Each point's class label (0, 1, ...). */
  readonly y: number[];
}

/** Options common to the dataset makers. */
export interface DatasetOptions {
  /** The standard deviation of the Gaussian noise (see each maker). */
  readonly noise?: number;
  /** The seed of the generator (mulberry32) for the noise and the shuffle (default 0). */
  readonly seed?: number;
  /** Whether to shuffle the points (default true); unshuffled, they come class by class. */
  readonly shuffle?: boolean;
}

/**
 * @internal Checks a dataset given to `caller`: an object { X, y } of two arrays of the same length,
 * then its entries as `checkDatasetEntries` does.
 */
export function checkDataset(caller: string, data: unknown): asserts data is Dataset {
  if (typeof data !== 'object' || data === null || !Array.isArray((data as Dataset).X) || !Array.isArray((data as Dataset).y)) {
    throw new TypeError(`${caller}: data must be a dataset { X, y }, got ${describeOperand(data)}`);
  }
  const { X, y } = data as Dataset;
  if (X.length !== y.length) throw new RangeError(`${caller}: data has ${X.length} points but ${y.length} labels`);
  checkDatasetEntries(caller, data as Dataset);
}

/** @internal Checks a dataset's entries, holes included: each point an array of numbers, each label a number. */
export function checkDatasetEntries(caller: string, data: Dataset): void {
  const { X, y } = data;
  checkEntries(caller, 'data.X', X, 'an array of numbers', Array.isArray);
  for (let i = 0; i < X.length; i++) checkEntries(caller, `data.X[${i}]`, X[i] as number[], 'a number', isNumber);
  checkEntries(caller, 'data.y', y, 'a number', isNumber);
}

function isNumber(x: unknown): boolean {
  return typeof x === 'number';
}

/** @internal Checks a maker's arguments and returns its generator and noise. */
export function checkMaker(
  caller: string,
  n: unknown,
  options: unknown,
  minN: number,
  defaultNoise: number,
): { random: Random; noise: number; shuffle: boolean } {
  integerOption(caller, 'n', n, minN);
  optionsObject(`${caller}`, options);
  const o = options as DatasetOptions;
  const noise = numberOption(caller, 'noise', o.noise ?? defaultNoise, 0);
  const seed = checkSeed(caller, o.seed ?? 0);
  if (o.shuffle !== undefined && typeof o.shuffle !== 'boolean') {
    throw new TypeError(`${caller}: shuffle must be a boolean, got ${describeOperand(o.shuffle)}`);
  }
  return { random: new Random(seed), noise, shuffle: o.shuffle ?? true };
}

/** @internal Shuffles the points (if asked) and adds Gaussian noise of scale `noise` to every coordinate. */
export function finish(X: number[][], y: number[], random: Random, shuffle: boolean, noise: number): Dataset {
  if (shuffle) {
    const order = random.shuffle(X.map((_, i) => i));
    X = order.map((i) => X[i] as number[]);
    y = order.map((i) => y[i] as number);
  }
  if (noise > 0) X = X.map((p) => p.map((c) => c + random.normal(0, noise)));
  return { X, y };
}

/** @internal n evenly spaced numbers from a to b (b included unless `endpoint` is false), as NumPy's linspace. */
export function linspace(a: number, b: number, n: number, endpoint = true): number[] {
  const div = endpoint ? n - 1 : n;
  const step = div > 0 ? (b - a) / div : 0;
  return Array.from({ length: n }, (_, i) => (endpoint && i === n - 1 && n > 1 ? b : a + i * step));
}
