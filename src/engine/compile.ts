import { Value, OP, ZERO_SKIPS, type CustomNode } from './value.js';
import { collect, positionOf } from './topo.js';
import { checkedDerivatives, checkedForward } from './custom-op.js';
import { describeOperand } from './describe.js';
import { optionsObject } from './options-object.js';

/** How `compile` runs the graph. */
export type CompileMode = 'auto' | 'generated' | 'interpreted';

/** Options for `compile`. */
export interface CompileOptions {
  /**
   * 'generated' writes straight-line JavaScript for the graph (the fastest once V8 has optimised
   * it; needs `new Function`), 'interpreted' runs a loop over typed arrays (works under a strict
   * Content-Security-Policy), 'auto' (the default) generates code for graphs of up to
   * `AUTO_GENERATE_MAX_NODES` nodes where it is allowed, and interprets otherwise.
   */
  readonly mode?: CompileMode;
}

/** A graph flattened for repeated evaluation: see `compile`. */
export interface CompiledGraph {
  /**
   * Re-reads every leaf's `.data`, recomputes every node, adds d output / d leaf into each leaf's
   * `.grad` (as `backward()` does), sets the output Value's `.data`, and returns it.
   */
  run(): number;
  /** Like `run` without the gradients: recomputes the output from the leaves' current `.data`. */
  forward(): number;
  /**
   * Writes what the last pass computed into the inner nodes' Values, for inspection: each inner
   * node's value (after `run()` or `forward()`) and gradient (after `run()`). Leaves are never
   * written: their `.data` is the caller's, and `run()` already added their gradients. Before any
   * pass it does nothing.
   */
  sync(): void;
  /**
   * A reader of the last pass's values of some nodes of the graph (a model's scores beside its
   * loss, say) that costs one array write per node instead of `sync()`'s write to every node.
   * Each call returns a new array (before any pass, of the nodes' current `.data`); `into(out)`
   * fills an array of the caller's instead, for loops that allocate nothing.
   * Throws a RangeError if a node is not in the graph.
   *
   * @example
   * const read = step.reader(scores);
   * step.run();
   * read()[0]; // the first score, as this run computed it
   */
  reader(nodes: readonly Value[]): NodeReader;
  /** How it runs: 'generated' code or 'interpreted' typed arrays. */
  readonly mode: 'generated' | 'interpreted';
  /** The leaves the graph reads, in topological order. */
  readonly leaves: readonly Value[];
  /** The number of nodes, leaves included. */
  readonly size: number;
}

/** Reads the values of some nodes of a compiled graph: see `CompiledGraph.reader`. */
export interface NodeReader {
  /** A new array of the nodes' values from the last `run()` or `forward()` (before any, their current `.data`). */
  (): Float64Array;
  /** The same values written into `out`, a Float64Array as long as the nodes asked for, which it returns: nothing is allocated. */
  into(out: Float64Array): Float64Array;
}

/**
 * Flattens the graph below `output` for a training loop that builds it once: each `run()` then
 * recomputes values and gradients from the leaves' current `.data`, with no allocation and no
 * graph walk. The results equal `backward()`'s bit for bit: the same float operations in the same
 * order.
 *
 * @example
 * const loss = model.loss(); // built once from parameter Values
 * const step = compile(loss);
 * for (let k = 0; k < 100; k++) {
 *   zeroGrad(params);
 *   step.run();
 *   for (const p of params) p.data -= 0.1 * p.grad;
 * }
 */
export function compile(output: Value, options: CompileOptions = {}): CompiledGraph {
  if (!(output instanceof Value)) throw new TypeError(`compile: expected a Value, got ${describeOperand(output)}`);
  optionsObject(`compile`, options);
  const mode = options.mode ?? 'auto';
  if (mode !== 'auto' && mode !== 'generated' && mode !== 'interpreted') {
    throw new RangeError(`compile: mode must be 'auto', 'generated' or 'interpreted', got ${describeOperand(mode)}`);
  }
  const tape = flatten(output);
  // V8 optimises generated code chunk by chunk, in the background: for a large graph that takes
  // tens of seconds (the 65,000-node micrograd demo: about 40 s, 655 functions), and until then
  // it runs slower than the interpreter. So 'auto' generates code for small graphs only.
  if (mode === 'interpreted' || (mode === 'auto' && tape.nodes.length > AUTO_GENERATE_MAX_NODES)) return interpreted(tape);
  const generated = tryGenerate(tape);
  if (generated !== undefined) return generated;
  if (mode === 'generated') throw new Error('compile: code generation is not allowed here (new Function is blocked); use mode "interpreted"');
  return interpreted(tape);
}

/** The largest graph 'auto' writes code for; larger ones are interpreted (see `compile`). */
export const AUTO_GENERATE_MAX_NODES = 20_000;

/** The graph as parallel arrays, indexed by topological position. */
interface Tape {
  readonly nodes: readonly Value[];
  readonly code: Uint8Array;
  /** Index of the first parent, or -1. */
  readonly pa: Int32Array;
  /** Index of the second parent, or -1 (then `cst` holds a folded constant, if the op has one). */
  readonly pb: Int32Array;
  readonly cst: Float64Array;
  /** Indices of the leaves, and the leaves. */
  readonly leafIndex: Int32Array;
  readonly leaves: readonly Value[];
  /** Custom ops by node index: they call back into user code. */
  readonly customs: ReadonlyMap<number, CustomNode>;
}

const FROZEN_MESSAGE =
  'the graph holds a value fixed when it was built (a detach()ed Value, a Value made inside noGrad(), the slope of a kink of relu, abs, max or min in a gradients() graph, or the branch of pow\'s derivative for a Value exponent there), ' +
  'which run() could not recompute from the leaves; rebuild the graph instead, or make that value a leaf of its own (new Value(x.data)) and set its data before each run';

function flatten(output: Value): Tape {
  // Stryker disable next-line ArrayDeclaration: collect() writes nodes[0..n) over whatever the array starts with, and n >= 1
  const nodes: Value[] = [];
  const n = collect(output, nodes);
  const code = new Uint8Array(n);
  const pa = new Int32Array(n).fill(-1);
  const pb = new Int32Array(n).fill(-1);
  const cst = new Float64Array(n);
  const leafIdx: number[] = [];
  const customs = new Map<number, CustomNode>();
  for (let i = 0; i < n; i++) {
    const v = nodes[i] as Value;
    code[i] = v._code;
    if (v._code === OP.OPAQUE) {
      throw new RangeError(`compile: the graph holds the derivative of custom op '${(v._a as CustomNode)._spec.name}' without derivativeValues, which cannot be recomputed`);
    }
    // Stryker disable next-line ConditionalExpression: customs is read only at custom ops' indices, so extra entries change nothing
    if (v._code === OP.CUSTOM) customs.set(i, v as CustomNode);
    if (v._code === OP.FROZEN) throw new Error(`compile: ${FROZEN_MESSAGE}${v.label === '' ? '' : ` (label '${v.label}')`}`);
    if (v._a === null) {
      leafIdx.push(i);
      continue;
    }
    pa[i] = positionOf(v._a);
    const b = v._b;
    if (typeof b === 'number') cst[i] = b;
    else if (b !== null) pb[i] = positionOf(b);
  }
  return { nodes, code, pa, pb, cst, leafIndex: Int32Array.from(leafIdx), leaves: leafIdx.map((i) => nodes[i] as Value), customs };
}

// ---- generated code ----

/** Statements per generated function: small enough for V8 to optimise each one. */
const CHUNK = 200;

function tryGenerate(t: Tape): CompiledGraph | undefined {
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

// ---- custom ops: called back from both modes ----

/** Recomputes a custom op's value and its local derivatives, which backward then reads. */
function customForward(c: CustomNode, v: Float64Array, _i: number, a: number, b: number): number {
  const x = v[a] as number;
  const spec = c._spec;
  // The op's functions run again on every pass, so their results are checked as when the node was built.
  const out = checkedForward(spec.name, b === -1 ? spec.forward(x) : spec.forward(x, v[b] as number));
  const slopes = checkedDerivatives(spec.name, b === -1 ? spec.derivatives(out, x) : spec.derivatives(out, x, v[b] as number), b === -1 ? 1 : 2);
  customSlopes.set(c, slopes);
  return out;
}

function customBackward(c: CustomNode, _v: Float64Array, g: Float64Array, t: number, _i: number, a: number, b: number): void {
  const slopes = customSlopes.get(c) as readonly number[];
  g[a] = (g[a] as number) + t * (slopes[0] as number);
  // Stryker disable next-line ConditionalExpression: for a one-input op, b = -1 and g[-1] is a write a typed array ignores
  if (b !== -1) g[b] = (g[b] as number) + t * (slopes[1] as number);
}

// The local derivatives each custom node computed in the latest forward pass.
const customSlopes = new WeakMap<CustomNode, readonly number[]>();

// ---- interpreted: typed arrays and a loop ----

function interpreted(t: Tape): CompiledGraph {
  const { m, ops, outs, as, bs, mas, mbs, v, g, pb, customs, jump } = assemble(t);
  // The loops are closures over one program's arrays: while a process has a single compiled
  // graph, V8 specialises them to those arrays (lengths and all), which runs the micrograd demo
  // 2x faster than the same loops taking the program as an argument. A second graph in the same
  // process makes them generic again (docs/benchmarks.md measures it).
  // Returns whether every inner node's value is finite: the guard of zero skipping (see backward).
  const forward = (): boolean => {
    // A sum of every inner node's value × 0 is 0 exactly when they are all finite (x · 0 is NaN for NaN
    // and ±Infinity). Summed as each value is made, rather than in a pass of its own over the
    // values, which took a quarter of the demo's run(). Nodes' own values decide, not leaves':
    // unlike backward(), which may meet leaves set after the build under values computed before,
    // every value here is computed in this pass from the values its local derivatives read. So a
    // ZERO_SKIPS op whose slopes read values has finite slopes where its own value is finite (x·y
    // finite needs x and y finite, sin x and cos x need x finite, log1p x needs x > -1, expm1 and
    // exp overflow together), and the others' slopes are constants (min(Infinity, 1) = 1, with
    // slopes 0 and 1). A leaf counts through the nodes that read it.
    let probe = 0;
    for (let k = 0; k < m; k++) {
      const x = v[as[k] as number] as number;
      let y = v[bs[k] as number] as number;
      let r: number;
      switch (ops[k]) {
        case FUSED_MUL_ADD: {
          y = (v[mas[k] as number] as number) * (v[mbs[k] as number] as number);
          v[bs[k] as number] = y;
          r = x + y;
          break;
        }
        case OP.ADD: case OP.ADDC: r = x + y; break;
        case OP.SUB: case OP.SUBC: r = x - y; break;
        case OP.MUL: case OP.MULC: r = x * y; break;
        case OP.DIV: case OP.DIVC: r = x / y; break;
        case OP.POW: case OP.POWC: r = Math.pow(x, y); break;
        case OP.MAX: case OP.MAXC: r = Math.max(x, y); break;
        case OP.MIN: case OP.MINC: r = Math.min(x, y); break;
        case OP.NEG: r = -x; break;
        case OP.EXP: r = Math.exp(x); break;
        case OP.LOG: r = Math.log(x); break;
        case OP.TANH: r = Math.tanh(x); break;
        case OP.RELU: r = x > 0 || x !== x ? x : 0; break;
        case OP.SIGMOID: r = 1 / (1 + Math.exp(-x)); break;
        case OP.SQRT: r = Math.sqrt(x); break;
        case OP.ABS: r = Math.abs(x); break;
        case OP.SIN: r = Math.sin(x); break;
        case OP.COS: r = Math.cos(x); break;
        // Stryker disable next-line EqualityOperator: at x = 0 (and -0) both branches give ln 2
        case OP.SOFTPLUS: r = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)); break;
        case OP.LOG1P: r = Math.log1p(x); break;
        case OP.EXPM1: r = Math.expm1(x); break;
        case OP.STOP_GRADIENT: r = x; break;
        case OP.CUSTOM: {
          const i = outs[k] as number;
          r = customForward(customs.get(i) as CustomNode, v, i, as[k] as number, pb[i] as number);
          break;
        }
        default: throw new Error(`memograd: compile: unknown op code ${ops[k]}`);
      }
      v[outs[k] as number] = r;
      // A fused product's value is not probed: the sum it feeds is non-finite whenever it is.
      // Stryker disable next-line AssignmentOperator: subtracting ±0 keeps the probe ±0, and a NaN or infinity makes it NaN either way
      probe += r * 0;
    }
    return probe === 0;
  };
  // `skips`: the forward pass just before found every inner node's value finite. 0 × a non-finite
  // local derivative is NaN, so a run with any non-finite inner node value sweeps everything.
  const backward = (skips: boolean): number => {
    let skipped = 0;
    for (let k = m - 1; k >= 0; k--) {
      const i = outs[k] as number;
      const t = g[i] as number;
      if (t === 0 && skips && (jump[k] as number) <= k) {
        const j = jump[k] as number;
        skipped += k - j + 1;
        k = j; // the loop's k-- moves on to the instruction before the span
        continue;
      }
      const a = as[k] as number;
      const b = bs[k] as number;
      const x = v[a] as number;
      const y = v[b] as number;
      let da: number;
      let db = 0;
      switch (ops[k]) {
        case FUSED_MUL_ADD: {
          // The sum's backward, then the product's, exactly as two instructions would do them (the
          // sum's local derivatives are 1, and t × 1 is t bit for bit).
          g[a] = (g[a] as number) + t;
          const tp = (g[b] as number) + t;
          g[b] = tp;
          const p = mas[k] as number;
          const q = mbs[k] as number;
          const vp = v[p] as number;
          const vq = v[q] as number;
          g[p] = (g[p] as number) + tp * vq;
          g[q] = (g[q] as number) + tp * vp;
          continue;
        }
        case OP.ADD: da = 1; db = 1; break;
        // Stryker disable next-line ConditionalExpression: SUBC falling through to SUB writes db = -1 to its constant's gradient slot, which nothing reads
        case OP.ADDC: case OP.SUBC: da = 1; break;
        case OP.SUB: da = 1; db = -1; break;
        case OP.MUL: da = y; db = x; break;
        case OP.MULC: da = y; break;
        case OP.DIV: da = 1 / y; db = -(v[i] as number) / y; break;
        case OP.DIVC: da = 1 / y; break;
        case OP.POW: da = y === 0 ? 0 : y * Math.pow(x, y - 1); db = x === 0 && y >= 0 ? 0 : (v[i] as number) * Math.log(x); break;
        case OP.POWC: da = y === 0 ? 0 : y * Math.pow(x, y - 1); break;
        case OP.MAX: case OP.MAXC: da = x > y ? 1 : x === y ? 0.5 : 0; db = y > x ? 1 : x === y ? 0.5 : 0; break;
        case OP.MIN: case OP.MINC: da = y > x ? 1 : x === y ? 0.5 : 0; db = x > y ? 1 : x === y ? 0.5 : 0; break;
        case OP.NEG: da = -1; break;
        case OP.EXP: da = v[i] as number; break;
        case OP.LOG: da = 1 / x; break;
        case OP.TANH: { const o = v[i] as number; da = 1 - o * o; break; }
        case OP.RELU: da = x > 0 ? 1 : 0; break;
        case OP.SIGMOID: { const o = v[i] as number; da = o * (1 - o); break; }
        case OP.SQRT: da = 0.5 / (v[i] as number); break;
        case OP.ABS: da = x > 0 ? 1 : x < 0 ? -1 : 0; break;
        case OP.SIN: da = Math.cos(x); break;
        case OP.COS: da = -Math.sin(x); break;
        case OP.SOFTPLUS: da = 1 / (1 + Math.exp(-x)); break;
        case OP.LOG1P: da = 1 / (1 + x); break;
        case OP.EXPM1: da = Math.exp(x); break;
        case OP.STOP_GRADIENT: da = 0; break;
        case OP.CUSTOM: customBackward(customs.get(i) as CustomNode, v, g, t, i, a, pb[i] as number); continue;
        // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable: forward() throws on the same op code first
        default: throw new Error(`memograd: compile: unknown op code ${ops[k]}`);
      }
      g[a] = (g[a] as number) + t * da;
      g[b] = (g[b] as number) + t * db;
    }
    return skipped;
  };
  return makeCompiled(t, 'interpreted', v, g, forward, backward);
}

/** The interpreter's program: one instruction per inner node (or per fused product and sum). */
interface Program {
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
function assemble(t: Tape): Program {
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
function skipSpans(t: Tape, outs: Int32Array): Int32Array {
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



/** The interpreter's own instruction: a product and the sum that uses it (see `fusable`). */
const FUSED_MUL_ADD = 255;

/** 1 for the op codes whose second operand can be a number folded into the node. */
const HAS_CONSTANT = new Uint8Array(256);
for (const c of [OP.ADDC, OP.SUBC, OP.MULC, OP.DIVC, OP.POWC, OP.MAXC, OP.MINC]) HAS_CONSTANT[c] = 1;

// ---- shared by both modes ----

function makeCompiled(
  t: Tape,
  mode: 'generated' | 'interpreted',
  v: Float64Array,
  g: Float64Array,
  forwardPass: () => boolean,
  backwardPass: (skips: boolean) => number,
): CompiledGraph {
  return new Compiled(t, mode, v, g, forwardPass, backwardPass);
}

const NO_PASS = 0, FORWARD = 1, RUN = 2;
type Pass = typeof NO_PASS | typeof FORWARD | typeof RUN;

// A class rather than closures: every instance shares one `run` whose call sites V8 sees as
// polymorphic, where per-graph closures made it re-optimise and deoptimise in a loop.
class Compiled implements CompiledGraph {
  readonly leaves: readonly Value[];
  readonly size: number;
  private readonly nodes: readonly Value[];
  private readonly leafIndex: Int32Array;
  private readonly output: Value;
  private readonly last: number;
  /** @internal How many instructions the last run() skipped because their gradient was 0. */
  _skipped = 0;
  /** What the last pass computed: nothing yet, values (forward()), or values and gradients (run()). */
  private pass: Pass = NO_PASS;
  /** The custom ops' nodes, and the local derivatives the last pass computed for each (two per node), for sync(). */
  private readonly customNodes: readonly CustomNode[];
  private readonly customSlopesSeen: Float64Array;

  constructor(
    t: Tape,
    readonly mode: 'generated' | 'interpreted',
    private readonly v: Float64Array,
    private readonly g: Float64Array,
    /** Returns whether every inner node's value is finite (the guard of zero skipping). */
    private readonly forwardPass: () => boolean,
    /** Skips zero gradients if `skips`; returns how many instructions it skipped, for the tests. */
    private readonly backwardPass: (skips: boolean) => number,
  ) {
    this.nodes = t.nodes;
    this.leaves = t.leaves;
    this.leafIndex = t.leafIndex;
    this.size = t.nodes.length;
    this.last = t.nodes.length - 1;
    this.output = t.nodes[this.last] as Value;
    this.customNodes = [...t.customs.values()];
    this.customSlopesSeen = new Float64Array(2 * this.customNodes.length);
  }

  forward(): number {
    this.forwardFinite();
    this.pass = FORWARD;
    return this.output.data;
  }

  /** The forward pass from the leaves' current values; returns whether every inner node's value is finite. */
  private forwardFinite(): boolean {
    const { v, leaves, leafIndex } = this;
    // Until this pass completes (a custom op may throw halfway), v holds no pass's values.
    this.pass = NO_PASS;
    for (let k = 0; k < leaves.length; k++) v[leafIndex[k] as number] = (leaves[k] as Value).data;
    const finite = this.forwardPass();
    this.output.data = v[this.last] as number;
    // A custom node's slopes live in a map shared by every compiled graph: keep this pass's.
    const { customNodes, customSlopesSeen } = this;
    for (let k = 0; k < customNodes.length; k++) {
      const slopes = customSlopes.get(customNodes[k] as CustomNode) as readonly number[];
      customSlopesSeen[2 * k] = slopes[0] as number;
      customSlopesSeen[2 * k + 1] = slopes[1] ?? 0;
    }
    return finite;
  }

  run(): number {
    const skips = this.forwardFinite();
    const out = this.output.data;
    const { g, leaves, leafIndex } = this;
    g.fill(0);
    g[this.last] = 1;
    this._skipped = this.backwardPass(skips);
    this.pass = RUN;
    // Each leaf's gradient for this run is summed from zero, then added once: as backward() does.
    for (let k = 0; k < leaves.length; k++) (leaves[k] as Value).grad += g[leafIndex[k] as number] as number;
    return out;
  }

  reader(nodes: readonly Value[]): NodeReader {
    if (!Array.isArray(nodes)) throw new TypeError(`CompiledGraph.reader: expected an array of Values, got ${describeOperand(nodes)}`);
    const wanted = new Map<Value, number>();
    for (const node of nodes) wanted.set(node, -1);
    // One scan of the graph finds every wanted node's slot, however many there are.
    // Stryker disable next-line ConditionalExpression: entries for nodes nobody asked for are never read
    for (let i = 0; i < this.nodes.length; i++) if (wanted.has(this.nodes[i] as Value)) wanted.set(this.nodes[i] as Value, i);
    const slots = Int32Array.from(nodes, (node, k) => {
      // Stryker disable next-line UnaryOperator: every asked-for node is in wanted (set to -1 above), so the fallback is never used
      const i = wanted.get(node) ?? -1;
      if (i === -1) throw new RangeError(`CompiledGraph.reader: nodes[${k}] (${node instanceof Value ? String(node) : describeOperand(node)}) is not in the compiled graph`);
      return i;
    });
    const length = slots.length;
    const into = (out: Float64Array): Float64Array => {
      if (!(out instanceof Float64Array) || out.length !== length) {
        const got = out instanceof Float64Array ? `one of length ${out.length}` : describeOperand(out);
        throw new (out instanceof Float64Array ? RangeError : TypeError)(`CompiledGraph.reader: into() needs a Float64Array of length ${length}, got ${got}`);
      }
      // Before any pass, v holds nothing yet: the nodes' own values are the current ones.
      if (this.pass === NO_PASS) {
        // Stryker disable next-line EqualityOperator: out[length] is a write past the end, which a typed array ignores
        for (let k = 0; k < length; k++) out[k] = (this.nodes[slots[k] as number] as Value).data;
        return out;
      }
      const v = this.v;
      // Stryker disable next-line EqualityOperator: out[length] is a write past the end, which a typed array ignores
      for (let k = 0; k < length; k++) out[k] = v[slots[k] as number] as number;
      return out;
    };
    // A new array at each call: an array handed to the caller never changes under it.
    return Object.assign(() => into(new Float64Array(length)), { into });
  }

  sync(): void {
    const { v, g, nodes, pass } = this;
    if (pass === NO_PASS) return;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as Value;
      // A leaf's data is the caller's (a training loop updates it after run()), and run() has
      // already added its gradient: v and g hold copies that are stale once the caller moves on.
      if (node._a === null) continue;
      node.data = v[i] as number;
      // + 0: a gradient kept in a local starts from its first contribution, not from 0 + it, so
      // it can be -0 where backward() (which starts from +0) has +0.
      if (pass === RUN) node.grad = (g[i] as number) + 0;
    }
    // A custom node carries the local derivatives computed with its value (backward() reads
    // them): the pass's, so that the node is as a build at these leaves would make it.
    const { customNodes, customSlopesSeen } = this;
    for (let k = 0; k < customNodes.length; k++) {
      const c = customNodes[k] as { _da: number; _db: number };
      c._da = customSlopesSeen[2 * k] as number;
      c._db = customSlopesSeen[2 * k + 1] as number;
    }
  }
}
