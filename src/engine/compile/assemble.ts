import { OP, type CustomNode } from '../core/value.js';
import { OP_LIST } from '../core/ops.js';
import { skipSpans } from './skip-spans.js';
import type { Tape } from './tape.js';

/** The interpreter's own instruction: a product and the sum that uses it (see `fusable`). */
export const FUSED_MUL_ADD = 255;

/** 1 for the op codes whose second operand can be a number folded into the node (the op table's `constantCode`s). */
// A pure IIFE, not a loop at the top level: a bundle without compile() drops it.
export const HAS_CONSTANT = /* @__PURE__ */ (() => {
  const has = new Uint8Array(256);
  // Stryker disable next-line ConditionalExpression: true writes has[null], a property no lookup by code reads (the false twin is killed by the folded-constant tests of compile-mutants.test.ts)
  for (const [, def] of OP_LIST) if (def.constantCode !== null) has[def.constantCode] = 1;
  return has;
})();

/** The interpreter's program: one instruction per inner node (or per fused product and sum). */
export interface Program {
  readonly m: number;
  readonly ops: Uint8Array;
  readonly outs: Int32Array;
  readonly as: Int32Array;
  readonly bs: Int32Array;
  /** For a fused instruction, the product's operands (as and bs hold the sum's). */
  readonly mas: Int32Array;
  readonly mbs: Int32Array;
  readonly v: Float64Array;
  readonly g: Float64Array;
  /** The tape's second parents, for custom ops (-1: one input). */
  readonly pb: Int32Array;
  readonly customs: ReadonlyMap<number, CustomNode>;
  /** Per instruction, where backward jumps when its gradient is 0 (see `skipSpans`), or k + 1: no jump. */
  readonly jump: Int32Array;
}

/**
 * Assembles the program. A product used once, by the sum right after it, is fused with that sum
 * into one instruction (a neuron's b + w1·x1 + w2·x2 + ... is made of these), which halves the
 * dispatches without changing a single float operation or its order. A folded constant gets a
 * slot of its own in v after the nodes, and a unary op points its second operand at a spare
 * slot, so every instruction reads its slots with no branch (the spare slot's gradient is never
 * read).
 */
export function assemble(t: Tape): Program {
  const n = t.nodes.length;
  const { code, pa, pb, cst, customs } = t;
  const uses = new Int32Array(n);
  let inner = 0;
  let constants = 0;
  for (let i = 0; i < n; i++) {
    const a = pa[i] as number;
    const b = pb[i] as number;
    if (a === -1) continue;
    inner++;
    uses[a] = (uses[a] as number) + 1;
    if (b !== -1) {
      uses[b] = (uses[b] as number) + 1;
      continue;
    }
    // Stryker disable next-line ConditionalExpression: counting a slot for every one-input op only makes v and g longer (the false twin is killed by the tests of folded constants)
    if (HAS_CONSTANT[code[i] as number] === 1) constants++;
  }
  // fusable[i]: node i is a sum fused with the product before it; product[j]: node j is that product.
  // The product must be the inner node just before the sum: leaves between them (the walk puts a
  // leaf just before its first use) are not instructions.
  const fusable = new Uint8Array(n);
  const product = new Uint8Array(n);
  let fused = 0;
  // Stryker disable next-line UnaryOperator: starting at 1 makes the first inner node's "previous" node 1, a leaf or itself, neither a product its sum reads
  let previous = -1;
  // Stryker disable next-line EqualityOperator: at i = n, pa[n] and code[n] read undefined past the typed arrays' ends: no sum, no fusion (the >= twin is killed by tests)
  for (let i = 0; i < n; i++) {
    if (pa[i] === -1) continue;
    const p = previous;
    previous = i;
    // Stryker disable next-line ConditionalExpression: the first inner node has no product before it, and the test below fails for it anyway (an ADD's pb is never -1; the true twin is killed by tests)
    if (p === -1) continue;
    const c = code[p];
    if (
      code[i] === OP.ADD &&
      pb[i] === p &&
      // Stryker disable next-line ConditionalExpression: redundant with uses[p] === 1 (a product that is both operands is used twice)
      pa[i] !== p &&
      uses[p] === 1 &&
      (c === OP.MUL || c === OP.MULC)
    ) {
      fusable[i] = 1;
      product[p] = 1;
      fused++;
    }
  }
  const spare = n + constants;
  const v = new Float64Array(spare + 1);
  const g = new Float64Array(spare + 1);
  const m = inner - fused;
  const ops = new Uint8Array(m);
  const outs = new Int32Array(m);
  const as = new Int32Array(m);
  const bs = new Int32Array(m);
  const mas = new Int32Array(m);
  const mbs = new Int32Array(m);
  let slot = n;
  const second = (i: number): number => {
    if (pb[i] !== -1) return pb[i] as number;
    if (HAS_CONSTANT[code[i] as number] !== 1) return spare;
    v[slot] = cst[i] as number;
    return slot++;
  };
  let k = 0;
  // Stryker disable next-line EqualityOperator: at i = n, every write lands past the arrays' ends, which typed arrays ignore
  for (let i = 0; i < n; i++) {
    if (pa[i] === -1 || product[i] === 1) continue; // a fused product is emitted with its sum
    if (fusable[i] === 1) {
      const p = pb[i] as number;
      ops[k] = FUSED_MUL_ADD;
      bs[k] = p;
      mas[k] = pa[p] as number;
      mbs[k] = second(p);
    } else {
      ops[k] = code[i] as number;
      bs[k] = second(i);
    }
    outs[k] = i;
    as[k] = pa[i] as number;
    k++;
  }
  return { m, ops, outs, as, bs, mas, mbs, v, g, pb, customs, jump: skipSpans(t, outs) };
}
