import type { Value } from '../engine/core/value.js';
import { Optimizer } from './optimizer.js';
import { numberOption } from '../engine/core/number-option.js';
import type { LRSchedule } from './optimizer.js';
import { optionsObject } from '../engine/core/options-object.js';

/** Options for `SGD`. */
export interface SGDOptions {
  /** The learning rate, or a schedule of it. */
  readonly lr: number | LRSchedule;
  /** Momentum (default 0): a velocity v = momentum·v + g replaces the gradient. */
  readonly momentum?: number;
  /** L2 weight decay (default 0), added to the gradient as weightDecay·p. */
  readonly weightDecay?: number;
}

/**
 * Stochastic gradient descent, with momentum and weight decay as in PyTorch's `SGD`:
 * g = grad + weightDecay·p; v = momentum·v + g; p -= lr·v. With neither, the update is
 * micrograd's `p.data -= lr * p.grad`.
 *
 * @example
 * const opt = new SGD(model.parameters(), { lr: linearDecay(1.0, 0.1, 100) });
 */
export class SGD extends Optimizer {
  /** The momentum coefficient. */
  readonly momentum: number;
  /** The weight-decay coefficient. */
  readonly weightDecay: number;
  /** @internal The velocities, one per parameter. */
  declare _velocity: Float64Array;

  constructor(parameters: readonly Value[], options: SGDOptions) {
    optionsObject('new SGD', options);
    super('SGD', parameters, options.lr);
    this.momentum = numberOption('new SGD', 'momentum', options.momentum ?? 0, 0, 1);
    this.weightDecay = numberOption('new SGD', 'weightDecay', options.weightDecay ?? 0, 0);
    this._velocity = new Float64Array(this.parameters.length);
  }

  protected _update(lr: number): void {
    const { momentum, weightDecay, parameters } = this;
    const v = this._velocity;
    for (let i = 0; i < parameters.length; i++) {
      const p = parameters[i] as Value;
      let g = p.grad;
      if (weightDecay !== 0) g += weightDecay * p.data;
      if (momentum !== 0) {
        g = momentum * (v[i] as number) + g;
        v[i] = g;
      }
      p.data -= lr * g;
    }
  }
}
