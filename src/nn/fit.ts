import type { Dataset } from '../data/dataset.js';
import type { Random } from '../data/random.js';
import type { MLP } from './mlp.js';
import type { Optimizer } from './optimizer.js';
import { DivergedError } from './diverged-error.js';
import { Trainer } from './trainer.js';
import type { Objective } from './evaluate.js';

/** What `fit` trains and how. */
export interface FitConfig {
  readonly model: MLP;
  readonly data: Dataset;
  readonly objective: Objective;
  /** The weight of the L2 penalty alpha·Σp² added to the loss (micrograd's demo: 1e-4). */
  readonly alpha: number;
  readonly optimizer: Optimizer;
  readonly steps: number;
  /** Points per step, drawn at random each step; the whole set when undefined or >= n. */
  readonly batchSize?: number | undefined;
  /** Draws the batches (default `new Random(0)`). */
  readonly random?: Random | undefined;
  /** Replay the step's graph with `compile()` where that is exact (default true; see `Trainer`). */
  readonly compile?: boolean | undefined;
}

/** The model after `step` updates: its loss and accuracy on that step's batch (the final record: on all the data). */
export interface FitRecord {
  readonly step: number;
  readonly loss: number;
  readonly accuracy: number;
  /** For a training step, whether it replayed a compiled graph; absent on the final record. */
  readonly compiled?: boolean;
}

/**
 * Trains for `config.steps` steps with a `Trainer` (on the compiled path where it is exact),
 * calls `onStep` with the loss and accuracy of each step (before its update), and returns them,
 * followed by the final model's loss and accuracy on the whole set (record `steps`).
 *
 * Stops with a `DivergedError` as soon as a loss or a parameter is NaN or infinite (a learning rate
 * too large, say), naming the step as the progress line counts them (from 1): nothing after that
 * point could be trusted, and a model with a NaN weight could not be saved or loaded.
 *
 * @example
 * const model = new MLP(2, [16, 16, 1]);
 * const history = fit({ model, data: makeMoons(100), objective: 'hinge', alpha: 1e-4,
 *   optimizer: new SGD(model.parameters(), { lr: 0.5 }), steps: 100 });
 * history[100].accuracy; // on all the points, after the last step
 */
export function fit(config: FitConfig, onStep: (r: FitRecord) => void = () => {}): FitRecord[] {
  const trainer = new Trainer(config);
  const history: FitRecord[] = [];
  for (let step = 0; step < config.steps; step++) {
    const record = trainer.step();
    history.push(record);
    onStep(record);
  }
  const final = trainer.evaluate();
  if (!Number.isFinite(final.loss)) {
    throw new DivergedError(`training diverged: the loss of the final model on all the points is ${final.loss}`);
  }
  history.push({ step: config.steps, ...final });
  return history;
}
