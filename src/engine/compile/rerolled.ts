import { erf } from '../core/erf.js';
import { OP } from '../core/value.js';
import type { CompiledGraph, CompileStats } from './compiled-graph.js';
import { FORWARD, NO_PASS, PassKeeper, RUN, type Pass } from './compiled.js';
import { backwardStmts, driver, forwardExpr, type Chunk } from './generate.js';
import { findInstances, type Instances } from './reroll.js';
import { kernelSource, template, type KernelShape, type Template } from './reroll-emit.js';
import { CHUNK_PARAMS, chunkedSources } from './reroll-chunks.js';
import type { Tape } from './tape.js';

// The rerolled mode: a graph made of many instances of one per-sample subgraph, summed, runs as
// loops over the samples (reroll-emit.ts) around straight-line code for the rest of the graph.

/** The largest outer graph (the nodes outside the instances) the rerolled mode writes code for. */
const OUTER_MAX = 5_000;
/** Statements per generated function of the outer graph, as generate.ts's chunks. */
const CHUNK = 200;
/** Ops whose slope on the path from the sum to the root reads no value: the fused kernel needs the sum's gradient before the sum. */
/**
 * The largest per-sample subgraph run by one fused or remat function: V8 takes time superlinear in
 * a function's size to optimise it, and never optimises one of more than 60 KB of bytecode (about
 * 600 nodes of forward and backward). Larger ones run stored, in chunks (reroll-chunks.ts).
 */
const FUSED_MAX_NODES = 120;
const STORED_MAX_NODES = 50_000;
/** Which loops run the samples: see `RerollStats.variant`. */
export type Variant = 'fused' | 'remat' | 'stored';
const LINEAR = /* @__PURE__ */ new Set<number>([OP.ADD, OP.ADDC, OP.SUB, OP.SUBC, OP.MULC, OP.DIVC, OP.NEG]);

type Kernel = (v: Float64Array, g: Float64Array, C: Float64Array, LP: Int32Array, POS: Int32Array, CF: Uint8Array, FIN: Uint8Array, loss: Float64Array, T: number, LK: Int32Array, X: Float64Array) => number;

const PARAMS = 'v, g, C, LP, POS, CF, FIN, loss, T, LK, X';

function make(src: string): Kernel {
  return (new Function('erf', `return function rerolledKernel(${PARAMS}) { 'use strict'; let t; ${src} };`) as (e: typeof erf) => Kernel)(erf);
}

/** The statements as one function (a driver over chunks of CHUNK statements, each small enough for V8 to optimise). */
function straight(statements: readonly string[]): Kernel {
  const chunks: Chunk[] = [];
  // Stryker disable next-line EqualityOperator: <= adds an empty chunk where the count is a multiple of CHUNK (0 included), a function that does nothing (the >= twin never ends, a timeout)
  for (let k = 0; k < statements.length; k += CHUNK) chunks.push(make(statements.slice(k, k + CHUNK).join('\n')) as Chunk);
  return driver(chunks) as Kernel;
}

/**
 * The rerolled mode of `t`, or undefined where it does not apply (no per-sample instances, custom
 * ops, a large outer graph, or new Function blocked): compile() then keeps today's modes.
 * `variant` forces one kernel (tests); by default fused where the path from the sum to the root
 * is linear, else remat. `storedMax` lowers the largest sample it runs, for the tests (a sample at
 * the real bound takes minutes to compile).
 */
export function tryReroll(t: Tape, variant?: Variant, storedMax = STORED_MAX_NODES): CompiledGraph | undefined {
  if (t.customs.size > 0) return undefined;
  const ins = findInstances(t);
  if (typeof ins === 'string') return undefined;
  const n = t.nodes.length;
  const top = ins.links[ins.n - 2] as number;
  const last = ins.pos[ins.n * ins.p - 1] as number;
  const pre: number[] = [];
  const post: number[] = [];
  const isLink = new Uint8Array(n);
  for (const i of ins.links) isLink[i] = 1;
  // Stryker disable next-line EqualityOperator: at i = n, pa[n] and isLink[n] are undefined, so nothing is pushed (the >= twin, no outer graph, fails compile-rerolled.test.ts)
  for (let i = 0; i < n; i++) {
    if (t.pa[i] === -1) continue;
    if (i < ins.first) pre.push(i);
    else if (i > last && isLink[i] === 0) post.push(i);
  }
  if (pre.length + post.length > OUTER_MAX) return undefined;
  // The post nodes that depend on the sum, which the fused kernel computes after the loop.
  const dep = new Uint8Array(n);
  dep[top] = 1;
  let linear = true;
  for (const i of post) {
    // A node without a second operand (pb = -1) reads dep[-1], undefined.
    dep[i] = dep[t.pa[i] as number] === 1 || dep[t.pb[i] as number] === 1 ? 1 : 0;
    if (dep[i] === 1 && !LINEAR.has(t.code[i] as number)) linear = false;
  }
  if (ins.p > storedMax) return undefined;
  // A sample too large for one function V8 optimises runs stored, in chunks: remat's one function
  // for the demo's 643-node sample ran a step about 17 times slower (issue 21's measurement).
  const chosen = variant ?? (ins.p > FUSED_MAX_NODES ? 'stored' : linear ? 'fused' : 'remat');
  if (chosen === 'fused' && !linear) throw new Error('memograd: compile: the fused kernel needs a linear path from the sum to the root');
  try {
    return new Rerolled(t, ins, template(t, ins), { pre, post, dep, top, variant: chosen });
  } catch (e) {
    if (e instanceof EvalError) return undefined; // a Content-Security-Policy without 'unsafe-eval'
    throw e;
  }
}

interface Outer {
  readonly pre: readonly number[];
  readonly post: readonly number[];
  readonly dep: Uint8Array;
  readonly top: number;
  readonly variant: Variant;
}

const NONE: ReadonlySet<number> = /* @__PURE__ */ new Set();
// Stryker disable next-line ObjectLiteral: a field left out reads as undefined, which the kernels take as false, and every caller that reads `store` sets it (a record kernel reads it only after `record`)
const SHAPE: KernelShape = {
  backward: false,
  // Stryker disable next-line BooleanLiteral: a fast kernel that also writes every value and gradient into v and g computes the same numbers, slower
  record: false,
  // Stryker disable next-line BooleanLiteral: loss is read only after the fused backward loop, which sets its own storeLoss; elsewhere it is a write nobody reads
  storeLoss: false,
  skipWhole: false,
  // Stryker disable next-line BooleanLiteral: only the record forward keeps it (the fast one sets its own); it replays the pass, so it writes the flags the pass wrote, which the next pass's forward writes again before a backward reads them
  writeFinite: false,
  store: NONE,
};

class Rerolled extends PassKeeper {
  readonly mode = 'rerolled' as const;
  readonly stats: CompileStats;
  private readonly cf: Uint8Array;
  private readonly fin: Uint8Array;
  private readonly loss: Float64Array;
  /** The stored variant's values kept between its loops, sample by sample (sized by `loops()`). */
  private kept = new Float64Array(0);
  /** The gradient slots the fast pass writes: zeroed at each run. */
  private readonly touched: Int32Array;
  private readonly preF: Kernel;
  private readonly preB: Kernel;
  private readonly postF: Kernel;
  private readonly postB: Kernel;
  private readonly postOffF: Kernel;
  private readonly postDepF: Kernel;
  private fwd: Kernel;
  private rev: Kernel;
  /** The stored variant's backward loop, which a reader's rebuild of the forward keeps. */
  private storedRev: Kernel | undefined;
  /** The template nodes whose values the forward loops store for readers (see `prepareReader`). */
  private readonly stores = new Set<number>();
  /** How many times the loops were rebuilt to store more values, and how many the last pass had seen. */
  private loopsBuilt = 0;
  private passLoops = 0;
  /** Each tape position's template node (-1 outside the instances, -2 for a partial sum of the chain, which no fast pass writes), built at the first reader. */
  private where: Int32Array | undefined;
  private recFwd: Kernel | undefined;
  private recRev: Kernel | undefined;
  /** What of the last pass v and g hold everywhere (sync() and reader() replay the pass to fill them). */
  private recorded: Pass = NO_PASS;
  /** @internal How many passes sync() and reader() replayed (a reader of values the last pass stored replays none), for the tests. */
  _replays = 0;

  constructor(t: Tape, private readonly ins: Instances, private readonly tm: Template, private readonly outer: Outer) {
    super(t, new Float64Array(t.nodes.length), new Float64Array(t.nodes.length));
    const N = ins.n;
    const CC = ins.columnCount;
    this.cf = new Uint8Array(N);
    // A sample's flag at 0 only turns zero skipping off for it: the full sweep, the same numbers, slower.
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: false, k >= N and an empty body leave every flag at 0, k <= N writes cf[N], past the end (the k-- twin never ends, a timeout)
    for (let k = 0; k < N; k++) {
      let finite = 1;
      // Stryker disable next-line EqualityOperator: c <= CC also reads the next sample's first constant, or undefined after the last, which can only clear a flag (the >= twin never ends at CC = 0, a timeout)
      for (let c = 0; c < CC; c++) {
        // Stryker disable next-line ConditionalExpression: true clears every flag (the false twin fails compile-rerolled.test.ts's Infinity in one sample's second column)
        if (!Number.isFinite(ins.columns[k * CC + c])) finite = 0;
      }
      this.cf[k] = finite;
    }
    this.fin = new Uint8Array(N);
    this.loss = new Float64Array(N);
    this.touched = Int32Array.from([...t.leafIndex, ...outer.pre, ...outer.post, outer.top]);
    this.stats = { rerolled: { instances: N, nodesPerInstance: ins.p, constantColumns: CC, leafColumns: ins.leafSlots.length, variant: outer.variant } };
    const val = (j: number): string => `v[${j}]`;
    const fwdOf = (ids: readonly number[]): Kernel => straight(ids.map((i) => `v[${i}] = ${forwardExpr(t, i, val)};`));
    const add = (j: number, c: string): string => `g[${j}] += ${c};`;
    const bwdOf = (ids: readonly number[]): Kernel => straight([...ids].reverse().map((i) => `t = g[${i}]; ${backwardStmts(t, i, add)}`));
    this.preF = fwdOf(outer.pre);
    this.preB = bwdOf(outer.pre);
    this.postF = fwdOf(outer.post);
    this.postB = bwdOf(outer.post);
    // Stryker disable next-line MethodExpression,ConditionalExpression: the sum's dependents computed here too, from a stale sum, change nothing: postDepF computes them again after the sum, and postB between reads no value on that linear path (the false twin fails the fused runs)
    this.postOffF = fwdOf(outer.post.filter((i) => outer.dep[i] === 0));
    // Stryker disable next-line MethodExpression,ConditionalExpression: the other post nodes computed here again get the values they have, from the leaves and the nodes off the sum (the false twin fails the fused runs)
    this.postDepF = fwdOf(outer.post.filter((i) => outer.dep[i] === 1));
    [this.fwd, this.rev] = this.loops();
  }

  /** The forward and backward loops of the variant, storing the values of `stores` in their forward. */
  private loops(): [Kernel, Kernel] {
    const { tm, stores } = this;
    if (this.outer.variant === 'stored') {
      const sources = chunkedSources(tm, stores);
      // The kept values' row does not depend on `stores`: a rebuild keeps the array.
      // Stryker disable next-line ConditionalExpression: a new array at each rebuild (a reader's, between passes) is filled by the next forward loop before its backward loop reads it: no pass spans a rebuild
      if (this.kept.length === 0) this.kept = new Float64Array(this.ins.n * sources.width);
      const ds = new Float64Array(this.ins.p);
      const chunks = (bodies: readonly string[]): unknown[] =>
        bodies.map((body) => (new Function('erf', `return function rerolledChunk(${CHUNK_PARAMS}) { 'use strict'; ${body} };`) as (e: typeof erf) => unknown)(erf));
      const loop = (body: string, fns: unknown[]): Kernel => (new Function('F', 'DS', `return function rerolledLoop(${PARAMS}) { 'use strict'; ${body} };`) as (f: unknown[], d: Float64Array) => Kernel)(fns, ds);
      // Only the forward chunks store values: the backward loop (and what V8 has optimised of it) stays.
      this.storedRev ??= loop(sources.backwardLoop, chunks(sources.backwardChunks));
      return [loop(sources.forwardLoop, chunks(sources.forwardChunks)), this.storedRev];
    }
    // Stryker disable next-line ConditionalExpression: true makes remat's backward loop store the loss and the readers' values again and never skip a sample whole: the same numbers, slower (the false twin fails the fused runs)
    const fused = this.outer.variant === 'fused';
    return [
      // Stryker disable next-line BooleanLiteral: false leaves FIN at 0, so remat never skips a sample whole: the same numbers, slower
      make(kernelSource(tm, { ...SHAPE, writeFinite: true, store: stores })),
      // The remat run's values come from its forward loop; its backward loop recomputes samples, and need not store them again.
      make(kernelSource(tm, { ...SHAPE, backward: true, storeLoss: fused, skipWhole: !fused, store: fused ? stores : NONE })),
    ];
  }

  private call(k: Kernel, T = 0): number {
    const { ins } = this;
    return k(this.v, this.g, ins.columns, ins.leafPos, ins.pos, this.cf, this.fin, this.loss, T, ins.links, this.kept);
  }

  /** Reads the leaves into v, where no value of a pass is recorded yet. */
  private begin(): void {
    this.readLeaves();
    this.recorded = NO_PASS;
  }

  forward(): number {
    this.begin();
    this.forwardAll(this.fwd);
    this.pass = FORWARD;
    return this.writeOutput();
  }

  private forwardAll(fwd: Kernel): void {
    this.call(this.preF);
    this.v[this.outer.top] = this.call(fwd);
    this.call(this.postF);
    this.passLoops = this.loopsBuilt;
  }

  run(): number {
    this.begin();
    const { v, g, touched, outer } = this;
    // Stryker disable next-line EqualityOperator: k <= touched.length writes g[undefined], which a typed array ignores (the >= twin fails every run after the first)
    for (let k = 0; k < touched.length; k++) g[touched[k] as number] = 0;
    // Stryker disable next-line ConditionalExpression,StringLiteral: false runs the fused kernels in remat's order (the forward loop, then the backward loop, which computes each sample again): the same numbers, one loop more (the true twin fails the remat runs)
    if (outer.variant === 'fused') {
      this.call(this.preF);
      this.call(this.postOffF);
      g[this.last] = 1;
      this.call(this.postB);
      this.call(this.rev, g[outer.top] as number);
      const loss = this.loss;
      let acc = loss[0] as number;
      for (let k = 1; k < loss.length; k++) acc += loss[k] as number;
      v[outer.top] = acc;
      this.call(this.postDepF);
      this.passLoops = this.loopsBuilt;
    } else {
      this.forwardAll(this.fwd);
      g[this.last] = 1;
      this.call(this.postB);
      this.call(this.rev, g[outer.top] as number);
    }
    this.call(this.preB);
    this.endRun();
    return this.writeOutput();
  }

  /** Replays the last pass from the leaf values it read (still in v), storing every value, and with `gradients` every gradient. */
  private record(gradients: boolean): void {
    const want = gradients ? RUN : FORWARD;
    if (this.recorded >= want) return;
    this._replays++;
    this.recFwd ??= make(kernelSource(this.tm, { ...SHAPE, record: true }));
    this.forwardAll(this.recFwd);
    // Stryker disable next-line ConditionalExpression: true makes a replay for values replay the gradients into g too, which only sync() after a run reads, and it replays them itself then, as recorded says FORWARD (the false twin fails sync() after run())
    if (gradients) {
      this.recRev ??= make(kernelSource(this.tm, { ...SHAPE, backward: true, record: true }));
      const g = this.g;
      g.fill(0);
      g[this.last] = 1;
      this.call(this.postB);
      this.call(this.recRev, g[this.outer.top] as number);
      this.call(this.preB);
    }
    this.recorded = want;
  }

  protected override beforeRead(stored: boolean): void {
    // A pass that ran loops storing these values left them in v; otherwise replay it, once.
    if (!stored || this.passLoops < this.loopsBuilt) this.record(false);
  }

  /**
   * Makes the loops store the values of the template nodes at `slots` from now on
   * (rebuilding them if that adds any), so that a reader reads them without replaying a pass (the
   * Trainer reads its outputs at every step); returns false where a pass cannot keep them all (a
   * partial sum of the chain).
   */
  protected override prepareReader(slots: Int32Array): boolean {
    const { ins } = this;
    const where = (this.where ??= templatePositions(ins, this.size));
    const more: number[] = [];
    // Stryker disable next-line EqualityOperator: at k = slots.length, where[undefined] is undefined, neither -2 nor >= 0 (the >= twin fails the readers' tests)
    for (let k = 0; k < slots.length; k++) {
      const j = where[slots[k] as number] as number;
      if (j === -2) return false;
      if (j >= 0 && ins.refA[j] !== -1 && !this.stores.has(j)) more.push(j);
    }
    if (more.length === 0) return true;
    for (const j of more) this.stores.add(j);
    [this.fwd, this.rev] = this.loops();
    this.loopsBuilt++;
    return true;
  }

  protected override beforeSync(pass: Pass): void {
    // Stryker disable next-line ConditionalExpression: true replays the gradients after a forward() too, into g, which sync() then does not read (the false twin fails sync() after run())
    this.record(pass === RUN);
  }
}

/** Each tape position's template node: -1 outside the instances, -2 for the chain's partial sums below its top. */
function templatePositions(ins: Instances, n: number): Int32Array {
  const where = new Int32Array(n).fill(-1);
  // Stryker disable next-line EqualityOperator: at x = n·p, pos[x] is undefined, and where[undefined] a property nobody reads (the >= twin fails the readers' tests)
  for (let x = 0; x < ins.n * ins.p; x++) where[ins.pos[x] as number] = x % ins.p;
  for (let k = 0; k < ins.links.length - 1; k++) where[ins.links[k] as number] = -2;
  return where;
}
