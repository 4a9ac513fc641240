import type { Value } from '../engine/core/value.js';
import { Optimizer } from './optimizer.js';
import { numberOption } from '../engine/core/number-option.js';
import type { LRSchedule } from './optimizer.js';
import { optionsObject } from '../engine/core/options-object.js';

/** Options for `Adam` and `AdamW`. */
export interface AdamOptions {
  /** The learning rate, or a schedule of it (default 0.001). */
  readonly lr?: number | LRSchedule;
  /** The decay of the first-moment average (default 0.9). */
  readonly beta1?: number;
  /** The decay of the second-moment average (default 0.999). */
  readonly beta2?: number;
  /** Added to the root of the second moment (default 1e-8). */
  readonly eps?: number;
  /** Weight decay: for Adam an L2 term weightDecay·p added to the gradient (default 0); for AdamW decoupled (default 0.01). */
  readonly weightDecay?: number;
}

/**
 * Adam (Kingma and Ba, 2015, Algorithm 1), with bias correction: at step t (from 1),
 * m = β1·m + (1 - β1)·g, v = β2·v + (1 - β2)·g², m̂ = m / (1 - β1^t), v̂ = v / (1 - β2^t),
 * p -= lr·m̂ / (√v̂ + ε). A `weightDecay` adds weightDecay·p to g first, as PyTorch's `Adam` does.
 *
 * @example
 * const opt = new Adam(model.parameters(), { lr: 0.01 });
 */
export class Adam extends Optimizer {
  /** The first-moment decay β1. */
  readonly beta1: number;
  /** The second-moment decay β2. */
  readonly beta2: number;
  /** ε. */
  readonly eps: number;
  /** The weight-decay coefficient. */
  readonly weightDecay: number;
  /** @internal The moment averages, one per parameter. */
  declare _m: Float64Array;
  /** @internal */
  declare _v: Float64Array;

  constructor(parameters: readonly Value[], options: AdamOptions = {}) {
    const name = decoupledOf(new.target) ? 'AdamW' : 'Adam';
    optionsObject(`new ${name}`, options);
    super(name, parameters, options.lr ?? 0.001);
    this.beta1 = numberOption(`new ${name}`, 'beta1', options.beta1 ?? 0.9, 0, 1);
    this.beta2 = numberOption(`new ${name}`, 'beta2', options.beta2 ?? 0.999, 0, 1);
    this.eps = numberOption(`new ${name}`, 'eps', options.eps ?? 1e-8, 0);
    this.weightDecay = numberOption(`new ${name}`, 'weightDecay', options.weightDecay ?? (decoupledOf(new.target) ? 0.01 : 0), 0);
    this._m = new Float64Array(this.parameters.length);
    this._v = new Float64Array(this.parameters.length);
  }

  // A getter, not a static field: esbuild emits a field as a static block, a side effect that
  // would keep Adam in every bundle of the library.
  /** @internal Whether the weight decay is decoupled from the gradient (AdamW overrides this). */
  // Stryker disable next-line BlockStatement: an empty getter returns undefined, which decoupledOf() reads as false too
  static get _decoupled(): boolean {
    return false;
  }

  protected _update(lr: number): void {
    const { beta1, beta2, eps, weightDecay, parameters } = this;
    const m = this._m;
    const v = this._v;
    const decoupled = decoupledOf(this.constructor);
    const t = this.stepCount + 1;
    const c1 = 1 - Math.pow(beta1, t);
    const c2 = 1 - Math.pow(beta2, t);
    for (let i = 0; i < parameters.length; i++) {
      const p = parameters[i] as Value;
      let g = p.grad;
      if (weightDecay !== 0) {
        if (decoupled) p.data *= 1 - lr * weightDecay;
        else g += weightDecay * p.data;
      }
      const mi = beta1 * (m[i] as number) + (1 - beta1) * g;
      const vi = beta2 * (v[i] as number) + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      p.data -= (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
    }
  }
}

function decoupledOf(cls: unknown): boolean {
  return (cls as { _decoupled?: boolean })._decoupled === true;
}
