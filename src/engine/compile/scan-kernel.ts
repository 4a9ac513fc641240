import { OP_BY_CODE } from '../core/ops.js';
import { erf } from '../core/erf.js';
import { SOURCE_BY_CODE, contributions, literal, type OpSource } from './op-sources.js';
import type { CompiledGraph } from './compiled-graph.js';
import { makeCompiled } from './compiled.js';
import { findScan, type Scan } from './scan.js';
import type { Tape } from './tape.js';

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
  const src = kernelSource(t, scan, end);
  let passes: [Pass, Pass];
  try {
    const make = new Function('erf', 'K', src) as (e: typeof erf, k: Float64Array[]) => [Pass, Pass];
    passes = make(erf, [...scan.columns.values()]);
  } catch {
    return undefined; // a Content-Security-Policy without 'unsafe-eval'
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
      return true;
    },
    () => {
      backwardAll(v, g);
      return 0;
    },
    stats,
  );
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
    const op = opSource(t.code[i] as number, A, B, `v[${i}]`, b === -1 ? k : undefined, b !== -1);
    fwd.push(`v[${i}] = ${op.forward};`);
    bwd.push(`t = g[${i}]; g[${a}] += ${op.toA};${op.toB === null ? '' : ` g[${b}] += ${op.toB};`}`);
  }
  bwd.reverse();
  const defs: string[] = [];
  const chunks = (stmts: string[], prefix: string): string[] => {
    const calls: string[] = [];
    for (let k = 0; k < stmts.length; k += CHUNK) {
      const fn = `${prefix}${k / CHUNK}`;
      defs.push(`function ${fn}(v, g) { let t; ${stmts.slice(k, k + CHUNK).join('\n')} }`);
      calls.push(`${fn}(v, g);`);
    }
    return calls;
  };
  const forwardCalls = chunks(fwd, `${name}F`);
  const backwardCalls = chunks(bwd, `${name}B`);
  return { defs: defs.join('\n'), forwardCalls, backwardCalls };
}

/**
 * The body of the factory: the straight-line functions, the two loops, and the two passes that
 * call them. In the loops, unit u starts at tape position o; a unit's ops keep their values and
 * gradients in locals (x{d}, d{d}), the carried value in c and its gradient in dc, and every value
 * and gradient is also stored in v and g for sync() and reader().
 */
function kernelSource(t: Tape, scan: Scan, end: number): string {
  const { first, period, units, columns } = scan;
  const carry = first - 1;
  const before = straightLine(t, 0, first, 'p');
  const after = straightLine(t, end, t.length, 's');
  const isLeaf = (r: number): boolean => t.pa[r] === -1;
  // Tape position r as an offset from the unit's start o.
  const at = (r: number): string => (r === carry ? 'o - 1' : `o + ${r - first}`);
  const constantOf = (x: number, d: number): { B: string; k: number | undefined } =>
    columns.has(d) ? { B: `K${d}[u]`, k: undefined } : folded(t, x);
  // Forward: an operand is the carry (c), an op of the unit (a local), a leaf of the unit, or a fixed position.
  const fwdValue = (r: number): string =>
    r === carry ? 'c' : r > carry ? (isLeaf(r) ? `v[${at(r)}]` : `x${r - first}`) : `v[${r}]`;
  const bwdValue = (r: number): string => (r >= carry ? `v[${at(r)}]` : `v[${r}]`);
  const fwd: string[] = [];
  const bwd: string[] = [];
  const declared = new Set<number>();
  const add = (r: number, contribution: string): string => {
    if (r < carry || (r > carry && isLeaf(r))) return r < carry ? `g[${r}] += ${contribution};` : `g[${at(r)}] += ${contribution};`;
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
    return { a, b, op: opSource(t.code[x] as number, value(a), b === -1 ? Bk : value(b), V, b === -1 ? k : undefined, b !== -1) };
  };
  for (let d = 0; d < period; d++) {
    const u = unitOp(d, fwdValue, '');
    if (u !== undefined) fwd.push(`const x${d} = ${u.op.forward}; v[o + ${d}] = x${d};`);
  }
  for (let d = period - 1; d >= 0; d--) {
    const u = unitOp(d, bwdValue, `v[o + ${d}]`);
    if (u === undefined) continue;
    const { a, b, op } = u;
    const grad = d === period - 1 ? 'dc' : `d${d}`;
    bwd.push(`t = ${grad}; g[o + ${d}] = t; ${add(a, op.toA)}${op.toB === null ? '' : ` ${add(b, op.toB)}`}`);
  }
  const constants = [...columns.keys()].map((d, j) => `const K${d} = K[${j}];`).join('\n');
  const last = end - 1;
  return `'use strict';
${constants}
${before.defs}
${after.defs}
function loopF(v, g) {
  let c = v[${carry}];
  for (let u = 0, o = ${first}; u < ${units}; u++, o += ${period}) {
    ${fwd.join('\n    ')}
    c = x${period - 1};
  }
}
function loopB(v, g) {
  let t;
  let dc = g[${last}];
  for (let u = ${units - 1}, o = ${first + (units - 1) * period}; u >= 0; u--, o -= ${period}) {
    ${bwd.join('\n    ')}
    dc = n;
  }
  g[${carry}] = dc;
}
return [
  function (v, g) { ${[...before.forwardCalls, 'loopF(v, g);', ...after.forwardCalls].join(' ')} },
  function (v, g) { ${[...after.backwardCalls, 'loopB(v, g);', ...before.backwardCalls].join(' ')} },
];`;
}
