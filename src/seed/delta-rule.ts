import { checkToyInput } from './toy-network.js';
import type { ToyActivation, ToyParams } from './toy-network.js';

/** The forward values of the toy network, under the post's names (z1_2 is z1(2)). */
export interface ToyForward {
  /** z1(2) = x1 w1 + x2 w3 */
  readonly z1_2: number;
  /** z2(2) = x1 w2 + x2 w4 */
  readonly z2_2: number;
  /** a1(2) = f(z1(2)) */
  readonly a1_2: number;
  /** a2(2) = f(z2(2)) */
  readonly a2_2: number;
  /** z1(3) = a1(2) w5 + a2(2) w6 */
  readonly z1_3: number;
  /** ŷ */
  readonly a1_3: number;
  /** E = (y - ŷ)² / 2 */
  readonly E: number;
}

/** The post's deltas: δ = dE/dz for each non-input node, with the node's indices. */
export interface ToyDeltas {
  /** δ1(3) = dE/dz1(3) = (a1(3) - y) f'(z1(3)) */
  readonly delta1_3: number;
  /** δ1(2) = dE/dz1(2) = δ1(3) w5 f'(z1(2)) */
  readonly delta1_2: number;
  /** δ2(2) = dE/dz2(2) = δ1(3) w6 f'(z2(2)) */
  readonly delta2_2: number;
}

/** dE/dw1..dE/dw6, keyed by weight. */
export interface ToyGradients {
  /** dE/dw1 */
  readonly w1: number;
  /** dE/dw2 */
  readonly w2: number;
  /** dE/dw3 */
  readonly w3: number;
  /** dE/dw4 */
  readonly w4: number;
  /** dE/dw5 */
  readonly w5: number;
  /** dE/dw6 */
  readonly w6: number;
}

/** What `toyDeltaRule` derives: the forward pass, the three deltas and the six weight gradients. */
export interface ToyDeltaRule {
  /** The forward pass's values. */
  readonly forward: ToyForward;
  /** The three deltas. */
  readonly deltas: ToyDeltas;
  /** dE/dw1..dE/dw6. */
  readonly gradients: ToyGradients;
}

/**
 * The post's delta rule worked by hand in plain numbers, with no `Value`: an independent
 * route to dE/dw1..dE/dw6 to hold `backward()` against.
 *
 * @example
 * const params = { x1: 0.35, x2: 0.9, y: 0.5, w1: 0.1, w2: 0.8, w3: 0.4, w4: 0.6, w5: 0.3, w6: 0.9 };
 * const { gradients } = toyDeltaRule(params, 'tanh');
 * gradients.w1; // δ1(2) · x1
 */
export function toyDeltaRule(params: ToyParams, activation: ToyActivation): ToyDeltaRule {
  const { x1, x2, y, w1, w2, w3, w4, w5, w6 } = checkToyInput(params, activation, 'toyDeltaRule');
  const f = ACTIVATIONS[activation];

  const z1_2 = x1 * w1 + x2 * w3;
  const z2_2 = x1 * w2 + x2 * w4;
  const a1_2 = f.value(z1_2);
  const a2_2 = f.value(z2_2);
  // a2(2)*w6, not the post's a1(2)*w6 (its first typo).
  const z1_3 = a1_2 * w5 + a2_2 * w6;
  const a1_3 = f.value(z1_3);
  const E = ((y - a1_3) * (y - a1_3)) / 2;

  // dE/da1(3) = -(y - a1(3)) = a1(3) - y: the 1/2 in E cancels the square's 2.
  const delta1_3 = (a1_3 - y) * f.slope(z1_3, a1_3);
  // The chain dE/dz1(3) · dz1(3)/da1(2) · da1(2)/dz1(2), where the post's layer-2 line writes
  // dz1(3)/da1(3) by mistake (its second typo); dz1(3)/da1(2) is w5 (and dz1(3)/da2(2) is w6).
  const delta1_2 = delta1_3 * w5 * f.slope(z1_2, a1_2);
  const delta2_2 = delta1_3 * w6 * f.slope(z2_2, a2_2);

  return {
    forward: { z1_2, z2_2, a1_2, a2_2, z1_3, a1_3, E },
    deltas: { delta1_3, delta1_2, delta2_2 },
    gradients: {
      w1: delta1_2 * x1,
      w2: delta2_2 * x1,
      w3: delta1_2 * x2,
      w4: delta2_2 * x2,
      w5: delta1_3 * a1_2,
      w6: delta1_3 * a2_2,
    },
  };
}

interface Activation {
  value(z: number): number;
  /** f'(z), given z and a = f(z): the closed forms are cheapest in terms of a. */
  slope(z: number, a: number): number;
}

const ACTIVATIONS: Readonly<Record<ToyActivation, Activation>> = {
  sigmoid: { value: (z) => 1 / (1 + Math.exp(-z)), slope: (_z, s) => s * (1 - s) },
  tanh: { value: (z) => Math.tanh(z), slope: (_z, t) => 1 - t * t },
  // relu'(0) = 0, the convention the engine (and PyTorch) uses at the kink.
  relu: { value: (z) => (z > 0 ? z : 0), slope: (z) => (z > 0 ? 1 : 0) },
};
