import { type CustomNode } from '../value.js';
import { checkedDerivatives, checkedForward } from '../custom-op.js';

// Custom ops call back into user code from both modes.

/** Recomputes a custom op's value and its local derivatives, which backward then reads. */
export function customForward(c: CustomNode, v: Float64Array, _i: number, a: number, b: number): number {
  const x = v[a] as number;
  const spec = c._spec;
  // The op's functions run again on every pass, so their results are checked as when the node was built.
  const out = checkedForward(spec.name, b === -1 ? spec.forward(x) : spec.forward(x, v[b] as number));
  const slopes = checkedDerivatives(spec.name, b === -1 ? spec.derivatives(out, x) : spec.derivatives(out, x, v[b] as number), b === -1 ? 1 : 2);
  customSlopes.set(c, slopes);
  return out;
}

/** Adds a custom op's contributions to its operands' gradients, from the slopes its last forward computed. */
export function customBackward(c: CustomNode, _v: Float64Array, g: Float64Array, t: number, _i: number, a: number, b: number): void {
  const slopes = customSlopes.get(c) as readonly number[];
  g[a] = (g[a] as number) + t * (slopes[0] as number);
  // Stryker disable next-line ConditionalExpression: for a one-input op, b = -1 and g[-1] is a write a typed array ignores
  if (b !== -1) g[b] = (g[b] as number) + t * (slopes[1] as number);
}

// The local derivatives each custom node computed in the latest forward pass.
export const customSlopes = new WeakMap<CustomNode, readonly number[]>();
