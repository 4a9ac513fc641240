import { OP_BY_CODE } from '../core/ops.js';
import { erf } from '../core/erf.js';
import { SOURCE_BY_CODE, contributions, literal, type OpSource } from './op-sources.js';
import type { CompiledGraph } from './compiled-graph.js';
import { makeCompiled } from './compiled.js';
import { findScan, type Scan } from './scan.js';
import type { Tape } from './tape.js';
import type { Value } from '../core/value.js';

// The scan kernel: generated code in which a chain of identical units (see scan.ts) runs as one
// loop forward and one loop in reverse, and the nodes before and after the chain as straight-line
// code. Every value and gradient is the generated mode's (and so backward()'s) bit for bit: the
// same expressions from op-sources.ts, in the same order, each gradient summed in reverse tape
// order, and, like the generated mode, nothing skipped under a zero gradient.

/** Statements per straight-line function, as in generate.ts: small enough for V8 to optimise each one. */
const CHUNK = 200;

type Pass = (v: Float64Array, g: Float64Array) => void;

/**
 * The scan kernel for a tape holding a chain of at least MIN_UNITS identical units, or undefined:
 * no such chain, more ops outside the loop than in it (generate.ts's code, with its locals, runs
 * those faster than this file's plain straight-line code), more than `maxStraight` ops left for
 * straight-line code (outside the loop, plus one unit), or new Function blocked.
 */
export function tryScanKernel(t: Tape, maxStraight: number): CompiledGraph | undefined {
  const scan = findScan(t);
  if (scan === undefined) return undefined;
  const end = scan.first + scan.units * scan.period;
  let outside = 0;
  for (let i = 0; i < t.length; i++) if (t.pa[i] !== -1 && (i < scan.first || i >= end)) outside++;
  if (outside > scan.units * scan.inner || outside + scan.inner > maxStraight) return undefined;
  // The units' own leaves, by unit position: the loops read their .data and add their gradients themselves.
  const own = ownLeaves(t, scan, end);
  const src = kernelSource(t, scan, end, own.byPosition);
  let passes: [Pass, Pass];
  try {
    const make = new Function('erf', 'K', 'L', src) as (e: typeof erf, k: Float64Array[], l: Value[][]) => [Pass, Pass];
    passes = make(erf, [...scan.columns.values()], [...own.byPosition.values()]);
  } catch (e) {
    if (e instanceof EvalError) return undefined; // a Content-Security-Policy without 'unsafe-eval'
    throw e; // a bug in the source written, never to be hidden as a slower path
  }
  const [forwardAll, backwardAll] = passes;
  const v = new Float64Array(t.length);
  const g = new Float64Array(t.length);
  const stats = { scan: { units: scan.units, nodesPerUnit: scan.period } };
  return makeCompiled(
    t,
    'generated',
    v,
    g,
    () => {
      forwardAll(v, g);
      // Like generated code, the kernel skips nothing, so nothing reads this.
      // Stryker disable next-line BooleanLiteral: the kernel's backward pass ignores the guard
      return true;
    },
    () => {
      backwardAll(v, g);
      return 0;
    },
    stats,
    own.at,
  );
}

/**
 * The units' own leaves that only their unit reads: by unit position, the leaf of every unit there,
 * and their tape positions. No other unit reads them (scan.ts), but the code after the loop may: a
 * position where it reads one keeps its leaves with readLeaves() and endRun(), as every leaf
 * outside the loop.
 */
function ownLeaves(t: Tape, scan: Scan, end: number): { byPosition: Map<number, Value[]>; at: Set<number> } {
  const { first, period, units } = scan;
  // The positions the code after the loop reads (pb's -1 and positions past the loop are writes a typed array ignores).
  const readAfter = new Uint8Array(end);
  // Stryker disable next-line EqualityOperator: i <= t.length also reads pa[t.length], undefined, and writes readAfter's property 'undefined', which no index reads
  for (let i = end; i < t.length; i++) {
    readAfter[t.pa[i] as number] = 1;
    readAfter[t.pb[i] as number] = 1;
  }
  const byPosition = new Map<number, Value[]>();
  const at = new Set<number>();
  // Stryker disable next-line EqualityOperator: d <= period also tries the next unit's first position, whose column up to the loop's end holds units - 1 positions, too few to be taken
  for (let d = 0; d < period; d++) {
    if (t.pa[first + d] !== -1) continue;
    const column: number[] = [];
    // Stryker disable next-line EqualityOperator: p <= end adds p === end only if readAfter[end] === 0, which is undefined past the array's end
    for (let p = first + d; p < end; p += period) if (readAfter[p] === 0) column.push(p);
    if (column.length < units) continue;
    byPosition.set(d, column.map((p) => t.nodes[p] as Value));
    for (const p of column) at.add(p);
  }
  return { byPosition, at };
}

/** One op as source: its forward expression and what it passes back to its operands (see `contributions`; toB null without a Value second operand). */
function opSource(code: number, A: string, B: string, V: string, k: number | undefined, hasB: boolean): { forward: string; toA: string; toB: string | null } {
  // First: it throws on an op code without a row, before SOURCE_BY_CODE's hole is read.
  const { toA, toB } = contributions(code, 't', A, B, V, k, hasB);
  return { forward: (SOURCE_BY_CODE[code] as OpSource).forward(A, B), toA, toB };
}

/** The folded constant of node i as a literal, with its value for pow's folded slope (undefined for an op without one). */
function folded(t: Tape, i: number): { B: string; k: number | undefined } {
  const code = t.code[i] as number;
  const k = t.cst[i] as number;
  // Stryker disable next-line ConditionalExpression: false never folds k, so pow's folded slope is written in its Value-exponent form with B = literal(k): the same branch on the same doubles, at run time instead of at build time, as generate.ts's marker says (the true twin, k = 0 for an unfolded pow, is killed by scan-kernel-mutants.test.ts)
  return { B: literal(k), k: OP_BY_CODE[code]?.constantCode === code ? k : undefined };
}

/** Straight-line functions over the inner nodes in [lo, hi), forward (in order) and backward (in reverse), each CHUNK statements at most. */
function straightLine(t: Tape, lo: number, hi: number, name: string): { defs: string; forwardCalls: string[]; backwardCalls: string[] } {
  const fwd: string[] = [];
  const bwd: string[] = [];
  for (let i = lo; i < hi; i++) {
    const a = t.pa[i] as number;
    if (a === -1) continue;
    const b = t.pb[i] as number;
    const { B: Bk, k } = folded(t, i);
    const A = `v[${a}]`;
    const B = b === -1 ? Bk : `v[${b}]`;
    // k is undefined but for a folded constant's op, which has no Value second operand.
    const op = opSource(
      t.code[i] as number,
      A,
      B,
      `v[${i}]`,
      k,
      // Stryker disable next-line ConditionalExpression: true makes a folded constant's op pass its slope to b = -1, g[-1], a write a typed array ignores (the false twin is killed by every binary op of scan-kernel.test.ts)
      b !== -1,
    );
    fwd.push(`v[${i}] = ${op.forward};`);
    // Stryker disable next-line ConditionalExpression: false writes g[-1] += null for an op without a Value second operand (b is -1), a write a typed array ignores (the true twin is killed by every binary op of scan-kernel.test.ts)
    const toB = op.toB === null ? '' : ` g[${b}] += ${op.toB};`;
    bwd.push(`t = g[${i}]; g[${a}] += ${op.toA};${toB}`);
  }
  bwd.reverse();
  const defs: string[] = [];
  const chunks = (stmts: string[], prefix: string): string[] => {
    const calls: string[] = [];
    // Stryker disable next-line EqualityOperator: k <= stmts.length adds at most one empty function, which does nothing (the >= twin, no function, is killed by scan-kernel.test.ts)
    for (let k = 0; k < stmts.length; k += CHUNK) {
      // Stryker disable next-line ArithmeticOperator: k * CHUNK names the functions 0, 40000, 80000, ...: still distinct
      const fn = `${prefix}${k / CHUNK}`;
      // Stryker disable next-line StringLiteral: every statement ends with a semicolon, so the separator is layout only
      const body = stmts.slice(k, k + CHUNK).join('\n');
      defs.push(`function ${fn}(v, g) { let t; ${body} }`);
      calls.push(`${fn}(v, g);`);
    }
    return calls;
  };
  const forwardCalls = chunks(fwd, `${name}F`);
  const backwardCalls = chunks(bwd, `${name}B`);
  // Stryker disable next-line StringLiteral: each definition ends with }, so the separator is layout only
  return { defs: defs.join('\n'), forwardCalls, backwardCalls };
}

/**
 * The body of the factory: the straight-line functions, the two loops, and the two passes that
 * call them. In the loops, unit u starts at tape position o; a unit's ops keep their values and
 * gradients in locals (x{d}, d{d}), the carried value in c and its gradient in dc, and every value
 * and gradient is also stored in v and g for sync() and reader(). A unit's own leaf at position d
 * is read from its Value (L{d}[u].data) into l{d} where the loop needs it, and its gradient, summed
 * from +0 in e{d} in the order g would have summed it, is added to its `.grad` once, at the end of
 * the unit's backward: what readLeaves() and endRun() do for the other leaves, without a pass of
 * their own over a thousand leaves.
 */
function kernelSource(t: Tape, scan: Scan, end: number, own: ReadonlyMap<number, unknown>): string {
  const { first, period, units, columns } = scan;
  const carry = first - 1;
  // Stryker disable next-line StringLiteral: the two sets of functions need only differ in name: '' names these F0, B0, ..., still apart from sF0, sB0, ...
  const before = straightLine(t, 0, first, 'p');
  // Stryker disable next-line StringLiteral: the two sets of functions need only differ in name: '' names these F0, B0, ..., still apart from pF0, pB0, ...
  const after = straightLine(t, end, t.length, 's');
  const isLeaf = (r: number): boolean => t.pa[r] === -1;
  // Tape position r as an offset from the unit's start o.
  // Stryker disable next-line ConditionalExpression: false writes the carry as o + -1, the same offset as o - 1 (the true twin, every position as o - 1, is killed by scan-kernel.test.ts)
  const at = (r: number): string => (r === carry ? 'o - 1' : `o + ${r - first}`);
  const constantOf = (x: number, d: number): { B: string; k: number | undefined } =>
    columns.has(d) ? { B: `K${d}[u]`, k: undefined } : folded(t, x);
  // Forward: an operand is the carry (c), an op of the unit (a local), a leaf of the unit, or a fixed position.
  const fwdValue = (r: number): string => {
    if (r === carry) return 'c';
    // Stryker disable next-line EqualityOperator: r <= carry differs only at r === carry, answered above (the >= twin is killed by scan-kernel.test.ts)
    if (r < carry) return `v[${r}]`;
    const d = r - first;
    return isLeaf(r) ? (own.has(d) ? `l${d}` : `v[${at(r)}]`) : `x${d}`;
  };
  const bwdValue = (r: number): string => (r >= carry ? `v[${at(r)}]` : `v[${r}]`);
  const fwd: string[] = [];
  const bwd: string[] = [];
  const declared = new Set<number>();
  const add = (r: number, contribution: string): string => {
    // The carry is never a leaf (scan.ts runs a unit whose carry is a leaf before the loop), so the
    // tests below tell r === carry from r > carry only through isLeaf.
    if (
      r < carry ||
      (isLeaf(r) &&
        // Stryker disable next-line ConditionalExpression,EqualityOperator: true and r >= carry only add r === carry, which isLeaf has refused (the false and <= twins are killed by scan-kernel.test.ts)
        r > carry)
    )
      // Stryker disable next-line EqualityOperator: r <= carry differs only at r === carry, which never gets here (the >= twin is killed by scan-kernel.test.ts)
      return r < carry ? `g[${r}] += ${contribution};` : own.has(r - first) ? `e${r - first} += ${contribution};` : `g[${at(r)}] += ${contribution};`;
    const local = r === carry ? 'n' : `d${r - first}`;
    if (declared.has(r)) return `${local} += ${contribution};`;
    declared.add(r);
    return `let ${local} = ${contribution};`;
  };
  // Unit position d's operands and op source, its operands read through `value` (forward or backward locals).
  const unitOp = (d: number, value: (r: number) => string, V: string) => {
    const x = first + d;
    const a = t.pa[x] as number;
    if (a === -1) return undefined;
    const b = t.pb[x] as number;
    const { B: Bk, k } = constantOf(x, d);
    // k is undefined but for a folded constant's op, which has no Value second operand.
    const op = opSource(
      t.code[x] as number,
      value(a),
      b === -1 ? Bk : value(b),
      V,
      k,
      // Stryker disable next-line ConditionalExpression: true makes a folded constant's op pass its slope to b = -1, g[-1] (below the carry), a write a typed array ignores (the false twin is killed by every binary op of scan-kernel.test.ts)
      b !== -1,
    );
    return { a, b, op };
  };
  const leaves: number[] = [];
  // Stryker disable next-line EqualityOperator: d <= period also computes the next unit's first op into v[o + period], which the next unit (or, after the last, the code after the loop) computes again from the same operands; past the tape's end the write is ignored (the >= twin is killed by scan-kernel.test.ts)
  for (let d = 0; d < period; d++) {
    // Stryker disable next-line StringLiteral: no op's forward expression reads V
    const u = unitOp(d, fwdValue, '');
    if (u !== undefined) fwd.push(`const x${d} = ${u.op.forward}; v[o + ${d}] = x${d};`);
    else if (own.has(d)) {
      leaves.push(d);
      // The fields behind `.data` and `.grad` (see Value), as PassKeeper's readLeaves() and endRun(): a leaf's reads and writes end no marks, and the accessors' calls would run per leaf per run in the loop.
      fwd.push(`const l${d} = L${d}[u]._d; v[o + ${d}] = l${d};`);
    }
  }
  for (let d = period - 1; d >= 0; d--) {
    const u = unitOp(d, bwdValue, `v[o + ${d}]`);
    if (u === undefined) continue;
    const { a, b, op } = u;
    const grad = d === period - 1 ? 'dc' : `d${d}`;
    // add() declares an operand's local at its first contribution: toA's is made first, as it comes first in the text.
    const toA = add(a, op.toA);
    // Stryker disable next-line ConditionalExpression: false writes g[-1] += null for an op without a Value second operand (b is -1, below the carry), a write a typed array ignores (the true twin is killed by every binary op of scan-kernel.test.ts)
    const toB = op.toB === null ? '' : ` ${add(b, op.toB)}`;
    bwd.push(`t = ${grad}; g[o + ${d}] = t; ${toA}${toB}`);
  }
  // The unit's own leaves' gradients, each summed from +0 (as g is filled) and added once if not
  // exactly 0, as backward() does (adding +0 would only turn a -0 the user wrote into +0).
  bwd.unshift(...leaves.map((d) => `let e${d} = 0;`));
  bwd.push(...leaves.map((d) => `if (e${d} !== 0) L${d}[u]._g += e${d};`));
  const constantLines = [...columns.keys()].map((d, j) => `const K${d} = K[${j}];`);
  const leafLines = leaves.map((d, j) => `const L${d} = L[${j}];`);
  // Stryker disable next-line StringLiteral: each declaration ends with a semicolon, so the separator is layout only
  const constants = [...constantLines, ...leafLines].join('\n');
  // Stryker disable next-line StringLiteral: each statement ends with a semicolon, so the separator is layout only
  const fwdText = fwd.join('\n    ');
  // Stryker disable next-line StringLiteral: each statement ends with a semicolon, so the separator is layout only
  const bwdText = bwd.join('\n    ');
  const forwardList = [...before.forwardCalls, 'loopF(v, g);', ...after.forwardCalls];
  const backwardList = [...after.backwardCalls, 'loopB(v, g);', ...before.backwardCalls];
  // Stryker disable next-line StringLiteral: each call ends with a semicolon, so the separator is layout only
  const forwardCalls = forwardList.join(' ');
  // Stryker disable next-line StringLiteral: each call ends with a semicolon, so the separator is layout only
  const backwardCalls = backwardList.join(' ');
  const last = end - 1;
  return `'use strict';
${constants}
${before.defs}
${after.defs}
function loopF(v, g) {
  let c = v[${carry}];
  for (let u = 0, o = ${first}; u < ${units}; u++, o += ${period}) {
    ${fwdText}
    c = x${period - 1};
  }
}
function loopB(v, g) {
  let t;
  let dc = g[${last}];
  for (let u = ${units - 1}, o = ${first + (units - 1) * period}; u >= 0; u--, o -= ${period}) {
    ${bwdText}
    dc = n;
  }
  g[${carry}] = dc;
}
return [
  function (v, g) { ${forwardCalls} },
  function (v, g) { ${backwardCalls} },
];`;
}
