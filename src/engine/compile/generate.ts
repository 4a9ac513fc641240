import { OP } from '../value.js';
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
    make = (src) => new Function('v', 'g', 'customs', 'customForward', 'customBackward', src) as (...args: unknown[]) => unknown;
    make('');
  } catch {
    return undefined; // a Content-Security-Policy without 'unsafe-eval'
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

/** A number as JavaScript source that reads back as exactly the same double. */
function literal(x: number): string {
  if (Object.is(x, -0)) return '(-0)';
  // String() of a finite double is the shortest text that round-trips exactly (ECMAScript).
  // Stryker disable next-line ConditionalExpression,EqualityOperator: parentheses are a precaution: no generated expression puts an operator before a literal's sign
  return x < 0 ? `(${String(x)})` : String(x);
}

function forwardExpr(t: Tape, i: number, val: (j: number) => string): string {
  const A = val(t.pa[i] as number);
  const B = t.pb[i] === -1 ? literal(t.cst[i] as number) : val(t.pb[i] as number);
  switch (t.code[i]) {
    case OP.ADD: case OP.ADDC: return `${A} + ${B}`;
    case OP.SUB: case OP.SUBC: return `${A} - ${B}`;
    case OP.MUL: case OP.MULC: return `${A} * ${B}`;
    case OP.DIV: case OP.DIVC: return `${A} / ${B}`;
    case OP.POW: case OP.POWC: return `Math.pow(${A}, ${B})`;
    case OP.MAX: case OP.MAXC: return `Math.max(${A}, ${B})`;
    case OP.MIN: case OP.MINC: return `Math.min(${A}, ${B})`;
    case OP.NEG: return `-${A}`;
    case OP.EXP: return `Math.exp(${A})`;
    case OP.LOG: return `Math.log(${A})`;
    case OP.TANH: return `Math.tanh(${A})`;
    case OP.RELU: return `(${A} > 0 || ${A} !== ${A} ? ${A} : 0)`;
    case OP.SIGMOID: return `1 / (1 + Math.exp(-${A}))`;
    case OP.SQRT: return `Math.sqrt(${A})`;
    case OP.ABS: return `Math.abs(${A})`;
    case OP.SIN: return `Math.sin(${A})`;
    case OP.COS: return `Math.cos(${A})`;
    case OP.SOFTPLUS: return `(${A} > 0 ? ${A} + Math.log1p(Math.exp(-${A})) : Math.log1p(Math.exp(${A})))`;
    case OP.LOG1P: return `Math.log1p(${A})`;
    case OP.EXPM1: return `Math.expm1(${A})`;
    case OP.STOP_GRADIENT: return A;
    case OP.CUSTOM: return `customForward(customs.get(${i}), v, ${i}, ${t.pa[i]}, ${t.pb[i]})`;
    // Stryker disable next-line ConditionalExpression: without this throw, backwardStmts() throws the same error for the same op code
    default: throw new Error(`memograd: compile: unknown op code ${t.code[i]}`);
  }
}

function backwardStmts(t: Tape, i: number, add: (j: number, contribution: string) => string): string {
  const a = t.pa[i] as number;
  const b = t.pb[i] as number;
  const A = `v[${a}]`;
  const Bv = b === -1 ? literal(t.cst[i] as number) : `v[${b}]`;
  const V = `v[${i}]`;
  const toA = (local: string) => add(a, `t * ${local}`);
  const toB = (local: string) => add(b, `t * ${local}`);
  let s: string;
  switch (t.code[i]) {
    case OP.ADD: s = `${add(a, 't')} ${add(b, 't')}`; break;
    // Stryker disable next-line ConditionalExpression: SUBC falling through to SUB adds its second term to g[-1], which a typed array ignores
    case OP.ADDC: case OP.SUBC: s = add(a, 't'); break;
    case OP.SUB: s = `${add(a, 't')} ${add(b, '-t')}`; break;
    case OP.MUL: s = `${toA(Bv)} ${toB(A)}`; break;
    case OP.MULC: s = toA(Bv); break;
    case OP.DIV: s = `${toA(`(1 / ${Bv})`)} ${toB(`(-${V} / ${Bv})`)}`; break;
    case OP.DIVC: s = toA(`(1 / ${Bv})`); break;
    case OP.POW: s = `${toA(`(${Bv} === 0 ? 0 : ${Bv} * Math.pow(${A}, ${Bv} - 1))`)} ${toB(`(${A} === 0 && ${Bv} >= 0 ? 0 : ${V} * Math.log(${A}))`)}`; break;
    case OP.POWC: {
      const k = t.cst[i] as number;
      s = k === 0 ? toA('0') : toA(`(${literal(k)} * Math.pow(${A}, ${literal(k - 1)}))`);
      break;
    }
    case OP.MAX: s = `${toA(slope(A, Bv))} ${toB(slope(Bv, A))}`; break;
    case OP.MAXC: s = toA(slope(A, Bv)); break;
    case OP.MIN: s = `${toA(slope(Bv, A))} ${toB(slope(A, Bv))}`; break;
    case OP.MINC: s = toA(slope(Bv, A)); break;
    case OP.NEG: s = add(a, '-t'); break;
    case OP.EXP: s = toA(V); break;
    case OP.LOG: s = toA(`(1 / ${A})`); break;
    case OP.TANH: s = toA(`(1 - ${V} * ${V})`); break;
    case OP.RELU: s = toA(`(${A} > 0 ? 1 : 0)`); break;
    case OP.SIGMOID: s = toA(`(${V} * (1 - ${V}))`); break;
    case OP.SQRT: s = toA(`(0.5 / ${V})`); break;
    case OP.ABS: s = toA(`(${A} > 0 ? 1 : ${A} < 0 ? -1 : 0)`); break;
    case OP.SIN: s = toA(`Math.cos(${A})`); break;
    case OP.COS: s = toA(`(-Math.sin(${A}))`); break;
    case OP.SOFTPLUS: s = toA(`(1 / (1 + Math.exp(-${A})))`); break;
    case OP.LOG1P: s = toA(`(1 / (1 + ${A}))`); break;
    case OP.EXPM1: s = toA(`Math.exp(${A})`); break;
    case OP.STOP_GRADIENT: s = toA('0'); break;
    case OP.CUSTOM: s = `customBackward(customs.get(${i}), v, g, t, ${i}, ${a}, ${b});`; break;
    // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable: forwardExpr() throws on the same op code first
    default: throw new Error(`memograd: compile: unknown op code ${t.code[i]}`);
  }
  return s;
}

/** d/dx max(x, y) as source: 1 where x wins, 0.5 at a tie, 0 where it loses (and for NaN). */
function slope(x: string, y: string): string {
  return `(${x} > ${y} ? 1 : ${x} === ${y} ? 0.5 : 0)`;
}
