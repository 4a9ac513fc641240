import type { Value } from '../../src/index.js';

/** Every node reachable from root, by a plain set-based search over `parents`: an oracle for graph walks. */
export function reachable(root: Value): Set<Value> {
  const seen = new Set<Value>([root]);
  const todo = [root];
  while (todo.length > 0) {
    for (const p of (todo.pop() as Value).parents) {
      if (!seen.has(p)) {
        seen.add(p);
        todo.push(p);
      }
    }
  }
  return seen;
}
