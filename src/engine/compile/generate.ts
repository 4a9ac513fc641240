import { OP } from '../core/value.js';
import { OP_BY_CODE } from '../core/ops.js';
import { erf } from '../core/erf.js';
import { SOURCE_BY_CODE, contributions, literal, type OpSource } from './op-sources.js';
import type { CompiledGraph } from './compiled-graph.js';
import { makeCompiled } from './compiled.js';
import { customBackward, customForward } from './custom-ops.js';
import type { Tape } from './tape.js';

// The generated mode: straight-line JavaScript for the graph, made with new Function.

/** Statements per generated function: small enough for V8 to optimise each one. */
const CHUNK = 200;

/** The generated mode, or undefined where new Function is blocked (a Content-Security-Policy without 'unsafe-eval'). */
export function tryGenerate(t: Tape): CompiledGraph | undefined {
  let make: (src: string) => (...args: unknown[]) => unknown;
  try {
    // The helpers that op sources call beyond Math (erf) are closed over by each generated function.
    make = (src) =>
      (new Function('erf', `return function (v, g, customs, customForward, customBackward) { ${src} };`) as (e: typeof erf) => (...args: unknown[]) => unknown)(erf);
    make('');
  } catch (e) {
    if (e instanceof EvalError) return undefined; // a Content-Security-Policy without 'unsafe-eval'
    throw e; // a bug in the source written, never to be hidden as a slower path
  }
  const n = t.nodes.length;
  const inner: number[] = [];
  // The last consumer of each node: a gradient can live in a local variable of one backward chunk
  // when the node and all its consumers fall in that chunk.
  // Stryker disable next-line UnaryOperator: every node but the root gets max(this, i) with i >= 1, and local() never reads the root's
  const lastUse = new Int32Array(n).fill(-1);
  // A custom op's backward writes into g itself, so its parents keep their gradients there.
  const pinned = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = t.pa[i] as number;
    if (a === -1) continue;
    inner.push(i);
    // Stryker disable next-line ConditionalExpression: pinning every op's parents keeps more gradients in g rather than locals: slower, same numbers
    if (t.code[i] === OP.CUSTOM) {
      pinned[a] = 1;
      // Stryker disable next-line ConditionalExpression: without the guard, pinned[-1] = 1, which a typed array ignores
      if ((t.pb[i] as number) !== -1) pinned[t.pb[i] as number] = 1;
    }
    lastUse[a] = Math.max(lastUse[a] as number, i);
    const b = t.pb[i] as number;
    // Stryker disable next-line ConditionalExpression: without the guard, lastUse[-1] is written, which a typed array ignores
    if (b !== -1) lastUse[b] = Math.max(lastUse[b] as number, i);
  }
  // Values and gradients flow through locals inside a chunk, and through v and g between chunks:
  // a chain then runs in registers instead of waiting on a store and a load at every step.
  const fwd: string[] = [];
  // Stryker disable next-line EqualityOperator: k <= inner.length adds at most one empty chunk, which does nothing
  for (let k = 0; k < inner.length; k += CHUNK) {
    const ids = inner.slice(k, k + CHUNK);
    const lo = ids[0] as number;
    const val = (j: number): string =>
      // Stryker disable next-line ConditionalExpression,EqualityOperator: every statement also stores its value in v, so reading v[j] instead of the local gives the same number
      j >= lo &&
      t.pa[j] !== -1 ? `x${j}` : `v[${j}]`;
    const statements = ids.map((i) => `const x${i} = ${forwardExpr(t, i, val)}; v[${i}] = x${i};`);
    // Stryker disable next-line StringLiteral: every statement ends with a semicolon, so the separator is layout only
    fwd.push(statements.join('\n'));
  }
  const root = n - 1;
  const bwd: string[] = [];
  // Stryker disable next-line MethodExpression: inner is not read after this line, so reversing it in place changes nothing
  const reversed = inner.slice().reverse();
  // Stryker disable next-line EqualityOperator: k <= reversed.length adds at most one empty chunk, which does nothing
  for (let k = 0; k < reversed.length; k += CHUNK) {
    const ids = reversed.slice(k, k + CHUNK);
    const hi = ids[0] as number;
    const lo = ids[ids.length - 1] as number;
    // A node's gradient may live in a local when all its contributions come from this chunk. Each
    // condition is on its own line so that the mutation markers below name one condition each.
    // Stryker disable next-line ArrowFunction: a function that never answers true keeps every gradient in g: slower, same numbers
    const local = (j: number): boolean =>
      // Stryker disable next-line ConditionalExpression: false keeps the root's gradient in g, as every non-local one: slower, same numbers
      j !== root &&
      t.pa[j] !== -1 &&
      pinned[j] === 0 &&
      // Stryker disable next-line EqualityOperator: j > lo keeps the chunk's lowest node's gradient in g: slower, same numbers
      j >= lo &&
      // Stryker disable next-line EqualityOperator: < hi keeps in g a gradient whose last consumer heads the chunk: slower, same numbers
      (lastUse[j] as number) <= hi;
    const declared = new Set<number>();
    const add = (j: number, contribution: string): string => {
      if (!local(j)) return `g[${j}] += ${contribution};`;
      if (declared.has(j)) return `d${j} += ${contribution};`;
      declared.add(j);
      return `let d${j} = ${contribution};`;
    };
    const stmts = ids.map((i) => {
      const grad = local(i) ? `t = d${i}; g[${i}] = t;` : `t = g[${i}];`;
      return `${grad} ${backwardStmts(t, i, add)}`;
    });
    // Stryker disable next-line StringLiteral: every statement ends with a semicolon, so the separator is layout only
    bwd.push(stmts.join('\n'));
  }
  const wrap = (body: string) => make(`'use strict'; let t; ${body}`);
  const forwardAll = driver(fwd.map(wrap));
  const backwardAll = driver(bwd.map(wrap));
  const v = new Float64Array(n);
  const g = new Float64Array(n);
  const customs = t.customs;
  return makeCompiled(
    t,
    'generated',
    v,
    g,
    () => {
      forwardAll(v, g, customs, customForward, customBackward);
      // Generated code skips nothing (a guard per node there was measured slower), so nothing reads this.
      // Stryker disable next-line BooleanLiteral: generated code's backward pass ignores the guard
      return true;
    },
    () => {
      backwardAll(v, g, customs, customForward, customBackward);
      return 0;
    },
  );
}

/** A generated function. */
type Chunk = (...args: unknown[]) => unknown;

/**
 * One function that calls every chunk in turn. Each chunk is its own function, small enough for
 * V8 to optimise, and each gets its own call site here: a single call site reaching many targets
 * made V8 deoptimise and re-optimise in a loop.
 */
function driver(fns: Chunk[]): Chunk {
  const each = fns.map((_, k) => `fns[${k}](v, g, customs, customForward, customBackward);`);
  // Stryker disable next-line StringLiteral: every call ends with a semicolon, so the separator is layout only
  const calls = each.join('\n');
  const make = new Function('fns', `return function (v, g, customs, customForward, customBackward) { ${calls} };`) as (fns: Chunk[]) => Chunk;
  return make(fns);
}

/** Node i's value as source, its operands' values read through `val`. */
function forwardExpr(t: Tape, i: number, val: (j: number) => string): string {
  const A = val(t.pa[i] as number);
  const B = t.pb[i] === -1 ? literal(t.cst[i] as number) : val(t.pb[i] as number);
  const code = t.code[i] as number;
  if (code === OP.CUSTOM) return `customForward(customs.get(${i}), v, ${i}, ${t.pa[i]}, ${t.pb[i]})`;
  const def = OP_BY_CODE[code];
  // Stryker disable next-line ConditionalExpression: without this throw, backwardStmts() throws the same error for the same op code
  if (def === undefined) throw new Error(`memograd: compile: unknown op code ${code}`);
  return (SOURCE_BY_CODE[code] as OpSource).forward(A, B);
}

/** Node i's backward step as source: `t` holds its gradient, `add` writes a contribution to an operand's. */
function backwardStmts(t: Tape, i: number, add: (j: number, contribution: string) => string): string {
  const a = t.pa[i] as number;
  const b = t.pb[i] as number;
  const code = t.code[i] as number;
  if (code === OP.CUSTOM) return `customBackward(customs.get(${i}), v, g, t, ${i}, ${a}, ${b});`;
  const def = OP_BY_CODE[code];
  const Bv = b === -1 ? literal(t.cst[i] as number) : `v[${b}]`;
  // Stryker disable next-line ConditionalExpression: false never folds k, so pow's folded slope is written in its Value-exponent form with B = literal(k): the same branch on the same doubles, taken at run time instead of at build time, as op-sources.ts's marker on pow says (the true twin is killed by compile-mutants.test.ts's every op at its edge points)
  const k = def !== undefined && code === def.constantCode ? (t.cst[i] as number) : undefined;
  const { toA, toB } = contributions(code, 't', `v[${a}]`, Bv, `v[${i}]`, k, b !== -1);
  const stmtA = add(a, toA);
  return toB === null ? stmtA : `${stmtA} ${add(b, toB)}`;
}
