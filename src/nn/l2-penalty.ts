import type { Value } from '../engine/value.js';
import { sum } from '../engine/sum.js';
import { describeOperand } from '../engine/describe.js';
import { operandList } from '../engine/operands.js';

/**
 * alpha · Σ p², the weight penalty of micrograd's demo (`alpha * sum((p*p for p in model.parameters()))`),
 * with the same float operations: the squares are summed first, then scaled.
 *
 * @example
 * const loss = hingeLoss(scores, y).add(l2Penalty(model.parameters(), 1e-4));
 */
export function l2Penalty(parameters: readonly Value[], alpha: number): Value {
  const ps = operandList('l2Penalty', parameters, 'parameters');
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0) {
    throw new RangeError(`l2Penalty: alpha must be a finite number >= 0, got ${describeOperand(alpha)}`);
  }
  return sum(ps.map((p) => (typeof p === 'number' ? p * p : p.mul(p)))).mul(alpha);
}
