import type { Value } from '../engine/core/value.js';

/**
 * A piece of a network that owns parameters: the base of `Neuron`, `Layer` and `MLP`, as in
 * micrograd. Optimizers take `parameters()`; `zeroGrad()` clears their gradients before the next
 * `backward()` (leaves accumulate across calls).
 *
 * @example
 * class Affine extends Module {
 *   w = new Value(0.5); b = new Value(0);
 *   parameters() { return [this.w, this.b]; }
 * }
 */
export abstract class Module {
  /** Every parameter, in a fixed order (for an MLP, micrograd's). */
  abstract parameters(): Value[];

  /** Sets the gradient of every parameter to 0. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = 0;
  }
}
