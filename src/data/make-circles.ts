import { checkMaker, finish, linspace } from './dataset.js';
import type { Dataset, DatasetOptions } from './dataset.js';
import { fractionOption } from '../engine/core/number-option.js';

/** Options for `makeCircles`. */
export interface CirclesOptions extends DatasetOptions {
  /** The inner circle's radius, in (0, 1) (default 0.8). */
  readonly factor?: number;
}

/**
 * Two concentric circles, as scikit-learn's `make_circles`: ⌊n/2⌋ points evenly around the unit
 * circle, labelled -1, and the rest around a circle of radius `factor` (default 0.8), labelled
 * +1, shuffled, then Gaussian noise of standard deviation `noise` (default 0) on each coordinate.
 *
 * @example
 * const { X, y } = makeCircles(100, { noise: 0.05, factor: 0.5, seed: 1 });
 */
export function makeCircles(n: number, options: CirclesOptions = {}): Dataset {
  const { random, noise, shuffle } = checkMaker('makeCircles', n, options, 2, 0);
  const factor = fractionOption('makeCircles', 'factor', options.factor ?? 0.8, 0, 1);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const X: number[][] = [];
  const y: number[] = [];
  for (const t of linspace(0, 2 * Math.PI, nOut, false)) {
    X.push([Math.cos(t), Math.sin(t)]);
    y.push(-1);
  }
  for (const t of linspace(0, 2 * Math.PI, nIn, false)) {
    X.push([factor * Math.cos(t), factor * Math.sin(t)]);
    y.push(1);
  }
  return finish(X, y, random, shuffle, noise);
}
