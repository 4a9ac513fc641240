import { DivergedError } from './diverged-error.js';
import { TRAINER_KEYS, Trainer, checkTrainerConfig, type TrainerConfig } from './trainer.js';
import { integerOption } from '../engine/core/number-option.js';
import { describeOperand } from '../engine/core/describe.js';

const FIT_KEYS: readonly string[] = [...TRAINER_KEYS, 'steps'];

/** What `fit` trains and how: a `Trainer`'s configuration and the number of steps. */
export interface FitConfig extends TrainerConfig {
  /** How many training steps to take; the history has one record more (the final model on all the data). */
  readonly steps: number;
}

/** The model after `step` updates: its loss and accuracy on that step's batch (the final record: on all the data). */
export interface FitRecord {
  /** How many updates the model had before this record was taken: 0 to `steps - 1` for the training steps, `steps` for the final record. */
  readonly step: number;
  /** The loss, L2 penalty included: on that step's batch before its update, or on all the data for the final record. */
  readonly loss: number;
  /** The fraction of points classified right, on the same points as `loss`. */
  readonly accuracy: number;
  /** For a training step, whether it replayed a compiled graph; absent on the final record. */
  readonly compiled?: boolean;
}

/**
 * Trains for `config.steps` steps with a `Trainer` (on the compiled path where it is exact and
 * there is more than one step),
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
  checkTrainerConfig('fit', config, FIT_KEYS);
  const steps = integerOption('fit', 'steps', config.steps, 0);
  if (typeof onStep !== 'function') throw new TypeError(`fit: onStep must be a function, got ${describeOperand(onStep)}`);
  const { steps: _steps, ...trainerConfig } = config;
  // Compiling costs about one dynamic step (measured: 22 s against 12 s for one step of a
  // 1,000,000-parameter network), so it pays only from a second step on.
  const trainer = new Trainer({ ...trainerConfig, compile: config.compile ?? steps > 1 });
  const history: FitRecord[] = [];
  for (let step = 0; step < steps; step++) {
    const record = trainer.step();
    history.push(record);
    onStep(record);
  }
  const final = trainer.evaluate();
  if (!Number.isFinite(final.loss)) {
    throw new DivergedError(`training diverged: the loss of the final model on all the points is ${final.loss}`);
  }
  history.push({ step: steps, ...final });
  return history;
}
