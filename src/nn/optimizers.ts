import type { Value } from '../engine/core/value.js';
import type { LRSchedule, Optimizer } from './optimizer.js';
import { SGD } from './sgd.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';

// AdamW's decoupled weight decay in both places (AdamW's own default).
const ADAMW_DECAY = 0.01;

/** One optimizer as a command line or a menu offers it, under its name in `OPTIMIZERS`. */
export interface OptimizerEntry {
  /** The optimizer as a summary names it (`SGD`, `AdamW (decoupled weight decay 0.01)`). */
  readonly title: string;
  /** What it does, in one short line of plain ASCII (for help texts and menus). */
  readonly description: string;
  /** The default learning rate at the first step when the rate decays to a tenth over the run (`memograd train`'s default schedule). */
  readonly lr: number;
  /** The default learning rate when it stays constant (the playground's): smaller, as it never decays. */
  readonly constantLr: number;
  /** The optimizer on `parameters` with learning rate (or schedule) `lr`, its other options at these defaults. */
  create(parameters: readonly Value[], lr: number | LRSchedule): Optimizer;
}

/**
 * The optimizers that `memograd train --optimizer` and the playground's menu offer, by name, in the
 * order they list them: one entry here is all a new optimizer needs to appear in both.
 *
 * @example
 * const { create, lr } = OPTIMIZERS.adam;
 * const optimizer = create(model.parameters(), lr);
 */
// A pure IIFE: its template literals would otherwise keep every optimizer in every bundle.
export const OPTIMIZERS = /* @__PURE__ */ (() => Object.freeze({
  /** Stochastic gradient descent (`SGD`), micrograd's update. */
  sgd: Object.freeze<OptimizerEntry>({
    title: 'SGD',
    description: "gradient descent, p -= lr*grad (micrograd's)",
    lr: 1,
    constantLr: 0.3,
    create: (parameters, lr) => new SGD(parameters, { lr }),
  }),
  /** `Adam`, with bias correction. */
  adam: Object.freeze<OptimizerEntry>({
    title: 'Adam',
    description: 'Adam: steps scaled by running averages of grad and grad^2',
    lr: 0.01,
    constantLr: 0.03,
    create: (parameters, lr) => new Adam(parameters, { lr }),
  }),
  /** `AdamW`: Adam with the weight decay (0.01) decoupled from the gradient. */
  adamw: Object.freeze<OptimizerEntry>({
    title: `AdamW (decoupled weight decay ${ADAMW_DECAY})`,
    description: `Adam that first shrinks each parameter by lr*${ADAMW_DECAY} per step`,
    lr: 0.01,
    constantLr: 0.03,
    create: (parameters, lr) => new AdamW(parameters, { lr, weightDecay: ADAMW_DECAY }),
  }),
}))();

/** The name of an optimizer in `OPTIMIZERS` (`'sgd'`, `'adam'`, `'adamw'`). */
export type OptimizerName = keyof typeof OPTIMIZERS;

/** The names in `OPTIMIZERS`, in its order. */
export const OPTIMIZER_NAMES: readonly OptimizerName[] = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.keys(OPTIMIZERS) as OptimizerName[]);
