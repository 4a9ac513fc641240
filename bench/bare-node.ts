/**
 * A node of the bare graphs (the demo's and the long chain's): a value, an op code and two
 * operands (a number is a folded constant), and nothing else: no gradient, label, id or checks.
 * Built as garbage-collected objects, they time the floor under any step that rebuilds its graph.
 */
export class BareNode {
  constructor(
    readonly data: number,
    readonly code: number,
    readonly a: BareNode | null,
    readonly b: BareNode | number | null,
  ) {}
}
