import { ZERO_SKIPS } from '../core/value.js';
import type { Tape } from './tape.js';

/**
 * The zero-skipping jump table. A node's dominated span is the run of nodes just before it in the
 * tape whose inner nodes are consumed only inside the span or by the node itself (the tape is in
 * creation order, so a subexpression used once, built as its user's operand, sits right before its
 * user). When the node's gradient is exactly 0, every gradient in its span is 0 too, and their
 * contributions to the leaves are 0 × (local derivative): so backward jumps over the span, as
 * backward() skips a zero-gradient node, where its local derivatives are finite: every op in the
 * span is one of ZERO_SKIPS, and the run's inner node values are all finite (checked once per run,
 * by the forward pass; where every value is computed in the same pass, that keeps every ZERO_SKIPS
 * op's local derivatives finite: see the forward pass). A leaf in the span does not stop it:
 * what it gets from outside is not skipped. Built in amortised O(n): a span that is absorbed is
 * jumped over, not walked again.
 */
export function skipSpans(t: Pick<Tape, 'pa' | 'pb' | 'code'> & { readonly nodes: { readonly length: number } }, outs: Int32Array): Int32Array {
  const n = t.nodes.length;
  const { pa, pb, code } = t;
  // Stryker disable next-line UnaryOperator: every node but the root gets a last use, and no span reads the root's
  const lastUse = new Int32Array(n).fill(-1);
  // unsafe[i + 1] - unsafe[lo]: how many inner nodes in [lo, i] are not ZERO_SKIPS ops.
  const unsafe = new Int32Array(n + 1);
  let unsafeSoFar = 0;
  // Stryker disable next-line EqualityOperator: at i = n, every write lands past the arrays' ends (or on a key 'undefined'), which nothing reads
  for (let i = 0; i < n; i++) {
    const a = pa[i] as number;
    // Stryker disable next-line AssignmentOperator: counting down gives -count, which is 0 over a span exactly when count is
    unsafeSoFar += a !== -1 && ZERO_SKIPS[code[i] as number] === 0 ? 1 : 0;
    unsafe[i + 1] = unsafeSoFar;
    // Stryker disable next-line ConditionalExpression: a leaf has a = b = -1, and lastUse[-1] is a write a typed array ignores
    if (a === -1) continue;
    lastUse[a] = i;
    const b = pb[i] as number;
    // Stryker disable next-line ConditionalExpression: lastUse[-1] is a write a typed array ignores
    if (b !== -1) lastUse[b] = i;
  }
  const start = new Int32Array(n);
  // Stryker disable next-line EqualityOperator: start[n] is a write past the end, which a typed array ignores
  for (let i = 0; i < n; i++) {
    let lo = i;
    // Stryker disable next-line ConditionalExpression: a leaf's start is never read (a leaf in a span is stepped over, not looked up)
    if (pa[i] !== -1) {
      // Stryker disable next-line EqualityOperator: at lo = 0, j = -1 reads pa[-1] and lastUse[-1] as undefined and breaks
      while (lo > 0) {
        const j = lo - 1;
        if (pa[j] === -1) lo = j;
        else if ((lastUse[j] as number) <= i) lo = start[j] as number;
        else break;
      }
    }
    start[i] = lo;
  }
  // The first instruction whose node is at or after each tape position.
  const m = outs.length;
  // Stryker disable next-line ArithmeticOperator: firstAt[n - 1] and firstAt[n] are read only for the root's span, and the root's gradient is never 0 (it is 1)
  const firstAt = new Int32Array(n + 1);
  // Stryker disable next-line EqualityOperator: firstAt[0] is 0 either way (the array starts at 0)
  for (let pos = n, k = m; pos >= 0; pos--) {
    while (
      // Stryker disable next-line ConditionalExpression,EqualityOperator: at k = 0, outs[-1] is undefined and the loop stops anyway
      k > 0 &&
      (outs[k - 1] as number) >= pos
    ) k--;
    firstAt[pos] = k;
  }
  const jump = new Int32Array(m);
  // Stryker disable next-line EqualityOperator: jump[m] is a write past the end, which a typed array ignores
  for (let k = 0; k < m; k++) {
    const i = outs[k] as number;
    const lo = start[i] as number;
    jump[k] = (unsafe[i + 1] as number) - (unsafe[lo] as number) === 0 ? (firstAt[lo] as number) : k + 1;
  }
  return jump;
}
