import { Adam } from './adam.js';

/**
 * AdamW (Loshchilov and Hutter, 2019): Adam with the weight decay decoupled from the gradient, as
 * PyTorch's `AdamW`: each step first shrinks p to p·(1 - lr·weightDecay) (default weightDecay
 * 0.01), then takes Adam's step with the plain gradient.
 *
 * @example
 * const opt = new AdamW(model.parameters(), { lr: 0.01, weightDecay: 0.05 });
 */
export class AdamW extends Adam {
  /** @internal */
  static override get _decoupled(): boolean {
    return true;
  }
}
