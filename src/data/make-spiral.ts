import { checkMaker, finish, linspace } from './dataset.js';
import type { Dataset, DatasetOptions } from './dataset.js';
import { integerOption } from '../engine/core/number-option.js';
import { optionsObject } from '../engine/core/options-object.js';

/** Options for `makeSpiral`. */
export interface SpiralOptions extends DatasetOptions {
  /** The number of arms, each a class (default 3). */
  readonly classes?: number;
}

/**
 * Interleaved spiral arms, one per class, as in Stanford's CS231n notes: class j's points run from
 * the centre out to radius 1 while their angle runs from 4j to 4(j+1) radians. `noise` (default
 * 0.2) is the standard deviation of Gaussian noise added to each point's angle; labels are the
 * class numbers 0, 1, ..., classes - 1. The n points are split as evenly as possible between the
 * classes, then shuffled.
 *
 * @example
 * const { X, y } = makeSpiral(300, { classes: 3, seed: 1 });
 */
export function makeSpiral(n: number, options: SpiralOptions = {}): Dataset {
  optionsObject('makeSpiral', options);
  const classes = integerOption('makeSpiral', 'classes', options.classes ?? 3, 2);
  const { random, noise, shuffle } = checkMaker('makeSpiral', n, options, classes, 0.2);
  const X: number[][] = [];
  const y: number[] = [];
  for (let j = 0; j < classes; j++) {
    const count = Math.floor(n / classes) + (j < n % classes ? 1 : 0);
    const radii = linspace(0, 1, count);
    const angles = linspace(4 * j, 4 * (j + 1), count);
    for (let i = 0; i < count; i++) {
      const r = radii[i] as number;
      const t = (angles[i] as number) + (noise > 0 ? random.normal(0, noise) : 0);
      X.push([r * Math.sin(t), r * Math.cos(t)]);
      y.push(j);
    }
  }
  return finish(X, y, random, shuffle, 0);
}
