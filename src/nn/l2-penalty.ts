import type { Value } from '../engine/core/value.js';
import { sum } from '../engine/composite/sum.js';
import { numberOption } from '../engine/core/number-option.js';
import { operandList } from '../engine/core/operands.js';

/**
 * alpha · Σ p², the weight penalty of micrograd's demo (`alpha * sum((p*p for p in model.parameters()))`),
 * with the same float operations: the squares are summed first, then scaled.
 *
 * @example
 * const loss = hingeLoss(scores, y).add(l2Penalty(model.parameters(), 1e-4));
 */
export function l2Penalty(parameters: readonly Value[], alpha: number): Value {
  const ps = operandList('l2Penalty', parameters, 'parameters');
  numberOption('l2Penalty', 'alpha', alpha, 0);
  return sum(ps.map((p) => (typeof p === 'number' ? p * p : p.mul(p)))).mul(alpha);
}
