import { OP } from '../core/value.js';
import { OP_BY_CODE } from '../core/ops.js';
import { HAS_CONSTANT } from './assemble.js';
import type { Tape } from './tape.js';

/** The fewest instances worth a loop: below this, compile() keeps its straight modes. */
export const MIN_INSTANCES = 8;
/** How many of the longest chains of sums detection tries before it gives up. */
const CHAINS_TRIED = 3;
/** How many lowest links of a chain detection drops, one by one, looking for its first term. */
const DROPS_TRIED = 4;
/** A node's owner in the sweep: not reached yet, the graph outside the instances, or a leaf read by several. */
const UNSET = -3, OUTER = -1, SHARED = -2;

/**
 * A per-sample subgraph found `n` times in the tape, its instances summed by a left-fold chain of
 * adds (what sum() and mean() build): `((out_0 + out_1) + out_2) + ...`. Positions are the tape's.
 */
export interface Instances {
  /** How many instances, and how many nodes each holds (its private leaves included, shared leaves not). */
  readonly n: number;
  readonly p: number;
  /** Instance k's node j at `pos[k * p + j]`, in tape order: node p - 1 is its output. */
  readonly pos: Int32Array;
  /** The chain's sums: `links[k - 1]` adds out_k to the sum before it; the last is the chain's top. */
  readonly links: Int32Array;
  /**
   * The template's operands, per node j: a local node j' >= 0, -1 for none (a leaf, a unary op's
   * second, a folded constant), or -2 - q for a leaf shared by every instance at tape position q.
   */
  readonly refA: Int32Array;
  readonly refB: Int32Array;
  /** Per template node: its folded constant's column in `columns` (-1: none; -2: the same literal in every instance, `literals[j]`). */
  readonly column: Int32Array;
  readonly literals: Float64Array;
  /** Sample-major: sample k's column c at `columns[k * columnCount + c]`. */
  readonly columns: Float64Array;
  readonly columnCount: number;
  /** The template's private leaves (node indices), and per sample their tape positions: `leafPos[k * leafSlots.length + c]`. */
  readonly leafSlots: Int32Array;
  readonly leafPos: Int32Array;
  /** The first tape position of instance 0: the nodes before it are the outer graph's first part. */
  readonly first: number;
}

/** Finds the instances in `t`, or says in one phrase why there are none (compile() then keeps today's modes). */
export function findInstances(t: Tape): Instances | string {
  const n = t.nodes.length;
  const { pa, pb, code } = t;
  const uses = new Int32Array(n);
  // Stryker disable next-line EqualityOperator: at i = n, pa[n] and pb[n] are undefined and the counts land on the typed array's property 'undefined', which no index reads (the >= twin, no counts, is killed by compile-rerolled.test.ts)
  for (let i = 0; i < n; i++) {
    const a = pa[i] as number;
    // Stryker disable next-line ConditionalExpression: as false, a leaf counts a use of -1, a write the typed array ignores, and its pb is -1 too (the true twin, no counts, is killed by compile-rerolled.test.ts)
    if (a === -1) continue;
    uses[a] = (uses[a] as number) + 1;
    const b = pb[i] as number;
    // Stryker disable next-line ConditionalExpression: as true, a use of -1 is a write the typed array ignores (the false twin is killed by reroll-mutants.test.ts's partial sum read again as a second operand)
    if (b !== -1) {
      uses[b] = (uses[b] as number) + 1;
    }
  }
  // A link of a chain: an ADD of two Values whose first operand, if a link, is used by it alone.
  const isAdd = (i: number): boolean =>
    code[i] === OP.ADD &&
    // Stryker disable next-line ConditionalExpression: an ADD always reads two Values (a number makes ADDC), so its pb is never -1 (the false twin is killed by compile-rerolled.test.ts)
    pb[i] !== -1;
  const below = (i: number): boolean => isAdd(pa[i] as number) && uses[pa[i] as number] === 1;
  const length = new Int32Array(n);
  const continued = new Uint8Array(n);
  // Stryker disable next-line EqualityOperator: at i = n, code[n] is undefined: no ADD, no length (the >= twin is killed by compile-rerolled.test.ts)
  for (let i = 0; i < n; i++) {
    if (!isAdd(i)) continue;
    length[i] = below(i) ? (length[pa[i] as number] as number) + 1 : 1;
    if (below(i)) continued[pa[i] as number] = 1;
  }
  const tops: number[] = [];
  // Stryker disable next-line EqualityOperator: at i = n, code[n] is undefined: no ADD, no top (the >= twin, and the same line's continued[i] !== 0 and length > 6 or < 6, are killed by compile-rerolled.test.ts)
  for (let i = 0; i < n; i++) if (isAdd(i) && continued[i] === 0 && (length[i] as number) >= MIN_INSTANCES - 1) tops.push(i);
  if (tops.length === 0) return 'no chain of sums of 8 or more terms';
  // Longest first; the sort is stable, so chains of one length stay in tape order (tops was filled in it).
  tops.sort((x, y) => (length[y] as number) - (length[x] as number));
  let why = '';
  for (const chainTop of tops.slice(0, CHAINS_TRIED)) {
    // A term that is itself a sum used once looks like more links: the first term of the chain is
    // then found a few links up (each try drops the lowest link). And a sum of the chain with
    // something else (sum(losses).add(penalty)) looks like one more link at the top.
    for (const top of [chainTop, pa[chainTop] as number]) {
      const most = (length[chainTop] as number) - (top === chainTop ? 0 : 1);
      for (let links = most, tries = 0; links >= MIN_INSTANCES - 1 && tries < DROPS_TRIED; links--, tries++) {
        const found = instancesBelow(t, top, links);
        if (typeof found !== 'string') return found;
        why ||= found;
      }
    }
  }
  return why;
}

function instancesBelow(t: Tape, top: number, linkCount: number): Instances | string {
  const n = t.nodes.length;
  const { pa, pb, code, cst } = t;
  const N = linkCount + 1;
  const links = new Int32Array(linkCount);
  const outs = new Int32Array(N);
  const isLink = new Uint8Array(n);
  for (let c = top, k = linkCount - 1; k >= 0; c = pa[c] as number, k--) {
    links[k] = c;
    isLink[c] = 1;
    outs[k + 1] = pb[c] as number;
    // Stryker disable next-line ConditionalExpression: as true, outs[0] is written at every link and overwritten down to the last one, k = 0 (the false twin is killed by compile-rerolled.test.ts)
    if (k === 0) outs[0] = pa[c] as number;
  }
  if (pa[outs[N - 1] as number] === -1) return 'the terms of the sum are leaves';
  // Stryker disable next-line EqualityOperator: at k = N, outs[N] is undefined and no comparison with it is true (the >= twin, no check, is killed by compile-rerolled.test.ts)
  for (let k = 1; k < N; k++) {
    if ((outs[k] as number) <= (outs[k - 1] as number)) return 'the chain does not sum its terms in the order they were made';
  }
  // Each node's owner: the instance whose output alone reaches it, or OUTER. The sweep goes from
  // the root down, so every user of a node is seen before the node itself.
  const owner = new Int32Array(n).fill(UNSET);
  owner[n - 1] = OUTER;
  for (const c of links) owner[c] = OUTER; // a link read by anything but the next link or the outer graph is refused below
  // Stryker disable next-line EqualityOperator: at k = N, outs[N] is undefined and the write lands on the typed array's property 'undefined', which no index reads (the >= twin, no outputs, is killed by compile-rerolled.test.ts)
  for (let k = 0; k < N; k++) owner[outs[k] as number] = k;
  // Stryker disable next-line ArithmeticOperator,EqualityOperator: from n + 1, or down to 1 only, the extra positions read undefined or a leaf (position 0 is one), which have no operand to visit (the i < 0 twin, no sweep, is killed by compile-rerolled.test.ts)
  for (let i = n - 1; i >= 0; i--) {
    if (isLink[i] === 1) continue;
    const k = owner[i] as number;
    // Stryker disable next-line EqualityOperator: side 2 reads pb again, whose owner the pass at side 1 just made k or SHARED (the >= twin, no pass, is killed by compile-rerolled.test.ts)
    for (let side = 0; side < 2; side++) {
      const o = (side === 0 ? pa[i] : pb[i]) as number;
      if (o === -1) continue;
      const was = owner[o] as number;
      if (was === UNSET) owner[o] = k;
      else if (was !== k) {
        if (pa[o] !== -1) return 'a node is used by two instances, or by an instance and the rest of the graph';
        owner[o] = SHARED;
      }
    }
  }
  let P = 0;
  // Stryker disable next-line EqualityOperator: at q = n, owner[n] is undefined, no instance's number (the >= twin, P = 0, and the same line's owner[q] !== N - 1 are killed by compile-rerolled.test.ts)
  for (let q = 0; q < n; q++) if (owner[q] === N - 1) P++;
  const pos = new Int32Array(N * P);
  const count = new Int32Array(N);
  const slotOf = new Int32Array(n);
  let first = n;
  // Stryker disable next-line UnaryOperator: every instance's node overwrites it (there is one: the last output)
  let last = -1;
  for (let q = 0; q < n; q++) {
    const k = owner[q] as number;
    if (k < 0) continue;
    const j = count[k] as number;
    // Stryker disable next-line ConditionalExpression: as false, an instance with too many nodes is refused by the count check below, with the same message (the true twin is killed by compile-rerolled.test.ts)
    if (j === P) return 'the instances differ in size';
    pos[k * P + j] = q;
    slotOf[q] = j;
    count[k] = j + 1;
    first = Math.min(first, q);
    last = q;
  }
  for (let k = 0; k < N; k++) if (count[k] !== P) return 'the instances differ in size';
  // Between the first instance's first node and the last one's, every inner node is an instance's or a link.
  // Stryker disable next-line EqualityOperator: the node at last is an instance's, never the outer graph's (the > twin, no check, is killed by compile-rerolled.test.ts)
  for (let q = first; q <= last; q++) {
    if ((owner[q] as number) < 0 && isLink[q] === 0 && pa[q] !== -1) return 'a node of the outer graph lies between the instances';
  }
  const refA = new Int32Array(P);
  const refB = new Int32Array(P);
  const column = new Int32Array(P).fill(-1);
  const literals = new Float64Array(P);
  const leafSlots: number[] = [];
  const ref = (o: number): number => (o === -1 ? -1 : (owner[o] as number) < 0 ? -2 - o : (slotOf[o] as number));
  for (let j = 0; j < P; j++) {
    const q0 = pos[j] as number;
    const c0 = code[q0] as number;
    if (c0 === OP.CUSTOM) return 'an instance holds a custom op';
    // An unknown op code is a fault: the other modes throw on it.
    if (c0 !== OP.LEAF && OP_BY_CODE[c0] === undefined) return 'an instance holds an unknown op';
    refA[j] = ref(pa[q0] as number);
    refB[j] = ref(pb[q0] as number);
    if (pa[q0] === -1) leafSlots.push(j);
    // An op with a constant code always holds its number in cst (pb is -1).
    else if (HAS_CONSTANT[c0] === 1) column[j] = -2;
    for (let k = 1; k < N; k++) {
      const q = pos[k * P + j] as number;
      if (code[q] !== c0 || ref(pa[q] as number) !== refA[j] || ref(pb[q] as number) !== refB[j]) return 'the instances differ in shape';
      if (
        // Stryker disable next-line ConditionalExpression: a node without a folded constant has cst 0 in every instance, so as true its column stays -1 (the false twin, no columns, and the whole condition as true, every constant a column, are killed by compile-rerolled.test.ts)
        column[j] === -2 &&
        !Object.is(cst[q], cst[q0])
      )
        column[j] = -3;
    }
  }
  // A shared leaf sums its gradient over the instances from the last to the first: its readers
  // in each instance must all come after those in the instance before (not one phase of every
  // instance, then another phase of every instance).
  const readers = new Map<number, number[]>();
  for (let j = 0; j < P; j++) {
    for (const r of [refA[j] as number, refB[j] as number]) {
      if (r > -2) continue;
      const js = readers.get(r) ?? [];
      // Stryker disable next-line ConditionalExpression,ArithmeticOperator: pushing j twice (a node reading the leaf on both sides) leaves js's first and last the same (the false twin, no readers, is killed by compile-rerolled.test.ts)
      if (js[js.length - 1] !== j) js.push(j);
      readers.set(r, js);
    }
  }
  for (const js of readers.values()) {
    const lo = js[0] as number;
    const hi = js[js.length - 1] as number;
    // Stryker disable next-line EqualityOperator: at k = N, pos[N * P + lo] is undefined and no comparison with it is true (the >= twin, no check, is killed by compile-rerolled.test.ts)
    for (let k = 1; k < N; k++) {
      // Stryker disable next-line EqualityOperator: two nodes of two instances never share a position, so >= is > (the <= twin refuses every shared leaf, killed by compile-rerolled.test.ts)
      if ((pos[(k - 1) * P + hi] as number) > (pos[k * P + lo] as number)) return 'a shared leaf is read by the instances in interleaved phases';
    }
  }
  // Varying constants become columns, one per distinct sequence over the instances (the demo's
  // 32 first-layer products read x1 or x2: 2 columns, not 32).
  const owners: number[] = [];
  const same = (j: number, i: number): boolean => {
    // Stryker disable next-line EqualityOperator: at k = N, both reads are cst[undefined], the same (the >= twin, every column the same, is killed by compile-rerolled.test.ts)
    for (let k = 0; k < N; k++) if (!Object.is(cst[pos[k * P + j] as number], cst[pos[k * P + i] as number])) return false;
    return true;
  };
  let columnCount = 0;
  // Stryker disable next-line EqualityOperator: at j = P, column[P] is undefined, not -2 nor -3 (the >= twin, no columns, is killed by compile-rerolled.test.ts)
  for (let j = 0; j < P; j++) {
    if (column[j] === -2) literals[j] = cst[pos[j] as number] as number;
    if (column[j] !== -3) continue;
    const c = owners.findIndex((i) => same(j, i));
    if (c === -1) owners.push(j);
    column[j] = c === -1 ? columnCount++ : c;
  }
  const columns = new Float64Array(N * columnCount);
  owners.forEach((j, c) => {
    // Stryker disable next-line EqualityOperator: at k = N, the write is past the typed array's end and ignored (the >= twin, no columns, is killed by compile-rerolled.test.ts)
    for (let k = 0; k < N; k++) columns[k * columnCount + c] = cst[pos[k * P + j] as number] as number;
  });
  const L = leafSlots.length;
  const leafPos = new Int32Array(N * L);
  // Stryker disable next-line EqualityOperator: at k = N the write is past the typed array's end; at c = L, leafSlots[L] is undefined and the 0 written lands on the next sample's slot 0, rewritten right after, or past the end (the >= twins are killed by compile-rerolled.test.ts)
  for (let k = 0; k < N; k++) for (let c = 0; c < L; c++) leafPos[k * L + c] = pos[k * P + (leafSlots[c] as number)] as number;
  return { n: N, p: P, pos, links, refA, refB, column, literals, columns, columnCount, leafSlots: Int32Array.from(leafSlots), leafPos, first };
}

/** Each tape position's template node: -1 outside the instances, -2 for the chain's partial sums below its top. */
export function templatePositions(ins: Instances, n: number): Int32Array {
  const where = new Int32Array(n).fill(-1);
  // Stryker disable next-line EqualityOperator: at x = n·p, pos[x] is undefined, and where[undefined] a property nobody reads (the >= twin fails the readers' tests)
  for (let x = 0; x < ins.n * ins.p; x++) where[ins.pos[x] as number] = x % ins.p;
  for (let k = 0; k < ins.links.length - 1; k++) where[ins.links[k] as number] = -2;
  return where;
}
