import { Value } from './value.js';
import { collect } from './topo.js';
import { describeOperand } from './describe.js';

/**
 * Every node `root` depends on, each once, parents before children (so `root` is last): the order
 * `backward()` sweeps in reverse. Iterative, so it handles graphs millions of nodes deep.
 *
 * @example
 * topologicalOrder(x.mul(y).tanh()).map((n) => n.op); // ['', '', '*', 'tanh']
 */
export function topologicalOrder(root: Value): Value[] {
  if (!(root instanceof Value)) throw new TypeError(`topologicalOrder: expected a Value, got ${describeOperand(root)}`);
  // Stryker disable next-line ArrayDeclaration: collect() overwrites order[0] (it emits at least the root) and reads no slot it has not written
  const order: Value[] = [];
  collect(root, order);
  return order;
}
