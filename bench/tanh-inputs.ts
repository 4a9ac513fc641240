/** The tanh chain's inputs and the shape of its results, shared by memograd's, the hand-written and the peers' versions. */
import { mulberry32 } from './prng.js';

/** Chain length: 2·STEPS + 1 = 2001 inputs. */
export const STEPS = 1000;

/** The fixed inputs: x0 = 0.5, w_i in [0.95, 1.05), b_i in [-0.01, 0.01), from a seeded PRNG. */
export interface TanhInputs {
  readonly x0: number;
  readonly w: Float64Array;
  readonly b: Float64Array;
}

/** The output and its gradients with respect to x0, each w_i and each b_i. */
export interface TanhGrads {
  readonly y: number;
  readonly dx0: number;
  readonly dW: Float64Array;
  readonly dB: Float64Array;
}

/** The deterministic inputs; w near 1 and small b keep y near 0 so gradients do not vanish. */
export function tanhInputs(steps = STEPS): TanhInputs {
  const rand = mulberry32(42);
  const w = new Float64Array(steps);
  const b = new Float64Array(steps);
  for (let i = 0; i < steps; i++) {
    w[i] = 1 + 0.1 * (rand() - 0.5);
    b[i] = 0.02 * (rand() - 0.5);
  }
  return { x0: 0.5, w, b };
}
