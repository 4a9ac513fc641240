import { checkMaker, finish, linspace } from './dataset.js';
import type { Dataset, DatasetOptions } from './dataset.js';

/**
 * Two interleaving half circles, as scikit-learn's `make_moons`: ⌊n/2⌋ points on the upper half of
 * the unit circle, labelled -1, and the rest on a lower half circle shifted to (1, 0.5), labelled
 * +1 (micrograd's `y*2 - 1`), shuffled, then Gaussian noise of standard deviation `noise`
 * (default 0) added to each coordinate. A seed fixes everything.
 *
 * @example
 * const { X, y } = makeMoons(100, { noise: 0.1, seed: 1337 });
 */
export function makeMoons(n: number, options: DatasetOptions = {}): Dataset {
  const { random, noise, shuffle } = checkMaker('makeMoons', n, options, 2, 0);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const X: number[][] = [];
  const y: number[] = [];
  for (const t of linspace(0, Math.PI, nOut)) {
    X.push([Math.cos(t), Math.sin(t)]);
    y.push(-1);
  }
  for (const t of linspace(0, Math.PI, nIn)) {
    X.push([1 - Math.cos(t), 1 - Math.sin(t) - 0.5]);
    y.push(1);
  }
  return finish(X, y, random, shuffle, noise);
}
