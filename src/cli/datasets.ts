import { makeCircles, makeMoons, makeSpiral } from '../index.js';
import type { Dataset } from '../index.js';
import type { Objective } from '../index.js';

/** A dataset the CLI trains on: how to make it, its defaults, and the loss it is trained with. */
export interface DatasetSpec {
  readonly make: (n: number, noise: number, seed: number) => Dataset;
  readonly samples: number;
  readonly noise: number;
  /** The network's outputs: 1 (a score, labels ±1) or one per class. */
  readonly outputs: number;
  readonly objective: Objective;
  /** The loss's name in the output. */
  readonly lossName: string;
  readonly describe: string;
}

/** The CLI's datasets: micrograd's moons, concentric circles, and a three-arm spiral. */
export const DATASETS: Readonly<Record<'moons' | 'circles' | 'spiral', DatasetSpec>> = {
  moons: {
    make: (n, noise, seed) => makeMoons(n, { noise, seed }),
    samples: 100,
    noise: 0.1,
    outputs: 1,
    objective: 'hinge',
    lossName: 'hinge + L2',
    describe: 'two interleaving half circles, labels -1 and +1',
  },
  circles: {
    make: (n, noise, seed) => makeCircles(n, { noise, seed, factor: 0.5 }),
    samples: 100,
    noise: 0.05,
    outputs: 1,
    objective: 'hinge',
    lossName: 'hinge + L2',
    describe: 'a circle inside a circle (radius 0.5 and 1), labels -1 and +1',
  },
  spiral: {
    make: (n, noise, seed) => makeSpiral(n, { noise, seed, classes: 3 }),
    samples: 150,
    noise: 0.2,
    outputs: 3,
    objective: 'softmax',
    lossName: 'softmax cross-entropy + L2',
    describe: 'three spiral arms, classes 0, 1 and 2',
  },
};
