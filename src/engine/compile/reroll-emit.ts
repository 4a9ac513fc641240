import { OP, ZERO_SKIPS } from '../core/value.js';
import { OP_BY_CODE } from '../core/ops.js';
import { SOURCE_BY_CODE, contributions, literal, type OpSource } from './op-sources.js';
import { skipSpans } from './skip-spans.js';
import type { Instances } from './reroll.js';
import type { Tape } from './tape.js';

// The loop kernels of a rerolled graph: one sample's forward and backward as source, from the op
// sources (op-sources.ts), with the sample's index k. Every kernel takes the same arguments:
// (v, g, C, LP, POS, CF, FIN, loss, T, LK), see rerolled.ts.

/** Ops whose slope is often exactly 0 (a dead relu unit): a span under one of them gets a zero guard. */
const KINKS = /* @__PURE__ */ new Set<number>([OP.RELU, OP.MAX, OP.MAXC, OP.MIN, OP.MINC, OP.STOP_GRADIENT]);
/** Ops whose value is not finite when an operand's is not (Infinity and NaN go through + - × ÷ and negation). */
const CARRIES = /* @__PURE__ */ new Set<number>([OP.ADD, OP.ADDC, OP.SUB, OP.SUBC, OP.MUL, OP.MULC, OP.DIVC, OP.NEG]);

/** What a kernel does per sample. */
export interface KernelShape {
  /** The backward pass too (else forward only, folding the outputs into the sum, which it returns). */
  readonly backward: boolean;
  /** Store every value (and gradient) at its tape position, for sync() and reader(); no zero skipping. */
  readonly record: boolean;
  /** Fused: the loop also stores each sample's output in `loss`. */
  readonly storeLoss: boolean;
  /** Remat: before recomputing a sample, skip it whole when its gradient is 0 and FIN[k] says its values were finite. */
  readonly skipWhole: boolean;
  /** Forward only: write FIN[k], whether the sample's values were finite. */
  readonly writeFinite: boolean;
  /** Template nodes whose values the forward also stores at their tape positions (what readers read), without `record`. */
  readonly store: ReadonlySet<number>;
}

/** The per-sample template's facts the kernels need, computed once per graph. */
export interface Template {
  readonly ins: Instances;
  readonly code: Uint8Array;
  /** The instruction order's spans (see `skipSpans`): guard[j] is the first template node a zero guard at j skips to, or -1. */
  readonly guardTo: Int32Array;
  /** Whether the guard at the output covers the whole sample. */
  readonly wholeSpan: boolean;
  /** The nodes whose finiteness the per-sample check reads (finite there implies finite everywhere the slopes read). */
  readonly probes: readonly number[];
  /** The shared leaves the template reads, by tape position. */
  readonly shared: readonly number[];
}

/** The template's code, zero guards, finiteness probes and shared leaves. */
export function template(t: Tape, ins: Instances): Template {
  const { p: P, pos, refA, refB } = ins;
  const code = new Uint8Array(P);
  // Stryker disable next-line EqualityOperator: at j = P the write lands past the typed array's end, which ignores it (the >= twin, no code copied, is killed by compile-rerolled.test.ts)
  for (let j = 0; j < P; j++) code[j] = t.code[pos[j] as number] as number;
  // The template as a tape of its own (shared leaves as one leaf past the end) for skipSpans.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shared leaf left at -2 - q (as false, or as r < -2 for q = 0) is a node skipSpans only writes lastUse of (below 0, a write a typed array ignores) and never walks to, as it never walks to P (the true and > -2 twins, every inner operand as P, are killed by compile-rerolled.test.ts)
  const local = (r: number): number => (r <= -2 ? P : r);
  const pa = new Int32Array(P + 1).fill(-1);
  // Stryker disable next-line UnaryOperator: as +1, a leaf's pb is never read (skipSpans stops at its pa, -1, first)
  const pb = new Int32Array(P + 1).fill(-1);
  // Stryker disable next-line ArrayDeclaration: a first entry that is no node has code[] and covered[] undefined, which neither some() below accepts
  const consumers: number[][] = Array.from({ length: P }, () => []);
  const inner: number[] = [];
  const sharedSet = new Set<number>();
  for (let j = 0; j < P; j++) {
    const a = refA[j] as number;
    const b = refB[j] as number;
    for (const r of [a, b]) {
      if (r <= -2) sharedSet.add(-2 - r);
      if (r >= 0) (consumers[r] as number[]).push(j);
    }
    if (a === -1) continue;
    inner.push(j);
    pa[j] = local(a);
    pb[j] = local(b);
  }
  const outs = Int32Array.from(inner);
  const jump = skipSpans({ nodes: { length: P + 1 }, pa, pb, code: Uint8Array.from([...code, 0]) }, outs);
  const guardTo = new Int32Array(P).fill(-1);
  let wholeSpan = false;
  for (let x = 0; x < outs.length; x++) {
    const j = outs[x] as number;
    const to = jump[x] as number;
    // A span of one instruction saves too little for its branch.
    if (to >= x) continue;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: the output's span, where it has one (to < x), is the whole sample (every node of a sample is read inside it), so to is 0 here: to <= 0 and true change nothing (the !== and false twins fail template()'s tests in reroll-chunks-mutants.test.ts)
    if (j === P - 1) wholeSpan = to === 0;
    if (j === P - 1 || (consumers[j] as number[]).some((c) => KINKS.has(code[c] as number))) guardTo[j] = outs[to] as number;
  }
  // A value-reading op's slopes are finite where its value is (the interpreter's guard, interpret.ts):
  // probe each such value, or a later value it always reaches through ops that carry non-finiteness.
  const covered = new Uint8Array(P);
  const probes: number[] = [];
  for (let j = P - 1; j >= 0; j--) {
    // Stryker disable next-line ConditionalExpression: a leaf's code (0) has ZERO_SKIPS 0, so it needs no probe, and its covered[] is read by no one (a leaf reads nothing)
    if (refA[j] === -1) continue;
    covered[j] = (consumers[j] as number[]).some((c) => CARRIES.has(code[c] as number) && covered[c] === 1) ? 1 : 0;
    const c = code[j] as number;
    // A product by a folded constant has the constant as its slope: CF checks the columns, and a literal is checked here.
    // Stryker disable next-line ConditionalExpression: the product is the only value-reading op with a constant code (DIVC, POWC and HYPOTC are never skipped), so c === OP.MULC as true changes nothing (the line's other condition mutants fail template()'s tests in reroll-chunks-mutants.test.ts, applied by hand)
    const needs = ZERO_SKIPS[c] === 2 && !(c === OP.MULC && (ins.column[j] as number) >= 0);
    if (needs && covered[j] === 0) {
      probes.push(j);
      covered[j] = 1;
    }
  }
  // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: the shared leaves' order only orders the kernels' loads of them and writes back of their sums, independent statements
  return { ins, code, guardTo, wholeSpan, probes, shared: [...sharedSet].sort((x, y) => x - y) };
}

/** Names and pieces shared by a template's kernels. */
export function parts(tm: Template) {
  const { ins, code } = tm;
  const { p: P, refA, refB, column, literals, columnCount: CC, leafSlots } = ins;
  const leafCol = new Int32Array(P).fill(-1);
  leafSlots.forEach((j, c) => (leafCol[j] = c));
  const operand = (r: number, j: number): string =>
    r >= 0 ? `x${r}` : r <= -2 ? `w${-2 - r}` : column[j] === -2 ? literal(literals[j] as number) : `k${j}`;
  const start = `const kc = k * ${CC}; const kl = k * ${leafSlots.length}; const kp = k * ${P};`;
  const value = (j: number): string =>
    refA[j] === -1 ? `v[LP[kl + ${leafCol[j]}]]` : (SOURCE_BY_CODE[code[j] as number] as OpSource).forward(operand(refA[j] as number, j), operand(refB[j] as number, j));
  const columnOf = (j: number): string => `const k${j} = C[kc + ${column[j]}];`;
  return { P, CC, leafCol, operand, start, value, columnOf };
}

/**
 * Node j's backward step as source: its gradient `grad` times each local derivative (from the op
 * sources), handed to `add` for each operand (a template node r >= 0, or -2 - q for shared leaf q).
 */
export function stepSource(tm: Template, j: number, grad: string, add: (r: number, c: string) => string): string {
  const { ins, code } = tm;
  const { refA, refB, column, literals } = ins;
  const { operand } = parts(tm);
  const c = code[j] as number;
  const a = refA[j] as number;
  const b = refB[j] as number;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,UnaryOperator,OptionalChaining: only pow's slope reads k, and without it (false, the code test as !==, or column[j] === +2, which no column is) it takes the Value exponent's form with B = literal(k), the same branch on the same doubles at run time; column -2 is only ever set for a constant code, so that test as true changes nothing; every code here has a row (findInstances() refuses the others), so ?. is never needed (the true and || twins, a literal for every op, fail compile-rerolled.test.ts)
  const k = c === OP_BY_CODE[c]?.constantCode && column[j] === -2 ? (literals[j] as number) : undefined;
  // findInstances() refuses custom ops and codes without a row, so contributions() never throws here.
  const to = contributions(c, grad, operand(a, j), operand(b, j), `x${j}`, k, b !== -1);
  // Only inner nodes take steps (every caller skips the leaves), so a is an operand.
  return `${add(a, to.toA)} ${to.toB === null ? '' : add(b, to.toB)}`;
}

/**
 * The backward steps of template nodes hi down to lo, a zero guard around each span that `guarded`
 * accepts (spans nest: a guard's span holds whole spans of the guards below it). `before(j)` is
 * source put before node j's guard or step (a load of its gradient).
 */
export function guardedSteps(tm: Template, hi: number, lo: number, step: (j: number) => string, guarded: (j: number, to: number) => boolean, before: (j: number) => string): string {
  const { ins, guardTo } = tm;
  const P = ins.p;
  const out: string[] = [];
  for (let j = hi; j >= lo; j--) {
    if (ins.refA[j] === -1) continue;
    const to = guardTo[j] as number;
    out.push(before(j));
    // Stryker disable next-line ConditionalExpression: as true, no span is guarded and every step runs, adding 0 × finite slopes to +0 where a guard would skip: speed only (the false twin, a guard at to = -1, fails compile-rerolled.test.ts)
    if (to === -1 || !guarded(j, to)) {
      out.push(step(j));
      continue;
    }
    out.push(`if (${j === P - 1 ? 'adj' : `d${j}`} !== 0 || !fin) { ${step(j)} ${guardedSteps(tm, j - 1, to, step, guarded, before)} }`);
    j = to;
  }
  // Stryker disable next-line StringLiteral: the statements joined by '' are the same statements (each ends in ; or })
  return out.join('\n');
}

/** One sample's backward, and (with `record`) the stores of every gradient, as source reading x{j}, k{j}, w{q}, adj and fin. */
function backwardText(tm: Template, record: boolean): string {
  const { leafSlots } = tm.ins;
  const { P } = parts(tm);
  const body: string[] = [];
  // Every node but the output is an inner node or a private leaf (findInstances() makes every leaf of a sample a leaf slot), and has a gradient.
  // Stryker disable next-line EqualityOperator,ArithmeticOperator: j <= P - 1, or j < P + 1, also declares d{P-1} (and d{P}), which nothing reads (the output's gradient is adj)
  for (let j = 0; j < P - 1; j++) body.push(`let d${j} = 0;`);
  const add = (r: number, c: string): string => (r >= 0 ? `d${r} += ${c};` : `G${-2 - r} += ${c};`);
  const step = (j: number): string => {
    const grad = j === P - 1 ? 'adj' : `d${j}`;
    return `${record ? `g[POS[kp + ${j}]] = ${grad};` : ''} ${stepSource(tm, j, grad, add)}`;
  };
  // Stryker disable next-line ArrowFunction: guarded() as undefined guards nothing (speed only); before() as undefined puts the statement `undefined`, which does nothing, where '' was
  body.push(guardedSteps(tm, P - 1, 0, step, () => !record, () => ''));
  leafSlots.forEach((j, c) => body.push(`g[LP[kl + ${c}]] = d${j};`));
  // Stryker disable next-line StringLiteral: the statements joined by '' are the same statements (each ends in ; or })
  return body.join('\n');
}

/** The values (x{j}) and column constants (k{j}) a backward text reads, by template node. */
export function reads(text: string, prefix: 'x' | 'k' | 'w'): number[] {
  const found = new Set<number>();
  for (const m of text.matchAll(new RegExp(`\\b${prefix}(\\d+)\\b`, 'g'))) found.add(Number(m[1]));
  // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: the order only orders the loads and slots made from it, independent statements over a bijection
  return [...found].sort((x, y) => x - y);
}

/** The kernel's source: the loop over the samples with one sample's body. */
export function kernelSource(tm: Template, shape: KernelShape): string {
  const { ins, probes, shared } = tm;
  const { n: N, refA, column } = ins;
  const { P, CC, start, value, columnOf } = parts(tm);
  const forward: string[] = [start];
  for (let j = 0; j < P; j++) {
    // Stryker disable next-line ConditionalExpression: as true, a node without a column declares a k{j} that nothing reads (its operand is a literal or a value) (the false twin fails compile-rerolled.test.ts)
    if ((column[j] as number) >= 0) forward.push(columnOf(j));
    forward.push(`const x${j} = ${value(j)};`);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: storing more nodes' values writes each at its own tape position with the value this pass gives it (a leaf's the value read into v): no number changes, only stores are added
    if (refA[j] !== -1 && (shape.record || shape.store.has(j))) forward.push(`v[POS[kp + ${j}]] = x${j};`);
  }
  const root = `x${P - 1}`;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: with no constant column every sample's CF flag is 1 (rerolled.ts), so the test added at CC = 0 is always true
  const fin = `(${[...probes.map((j) => `x${j} * 0`), '0'].join(' + ')}) === 0${CC > 0 ? ' && CF[k] === 1' : ''}`;
  // Stryker disable next-line StringLiteral: each declaration ends with a semicolon, so the separator is layout only (the declaration's emptied twin, w undeclared, was killed in the run of branch mut22d)
  const hoisted = shared.map((q) => `const w${q} = v[${q}];`).join(' ');
  // Stryker disable next-line StringLiteral: bwd is read only where shape.backward holds, below the early return
  const bwd = shape.backward ? backwardText(tm, shape.record) : '';
  if (!shape.backward) {
    // Stryker disable next-line StringLiteral: FIN left at 0 only turns whole-sample skipping off: the full sweep under a zero adjoint adds 0 times finite slopes to gradients summed from +0, the same numbers, slower
    const write = shape.writeFinite ? `FIN[k] = ${fin} ? 1 : 0;` : '';
    const link = shape.record ? 'if (k > 0) v[LK[k - 1]] = acc;' : '';
    // Stryker disable next-line StringLiteral: every forward statement ends with a semicolon, so the separator is layout only (the emptied template's twin was killed in the run of branch mut22d)
    return `let acc = 0; ${hoisted} for (let k = 0; k < ${N}; k++) { ${forward.join('\n')} ${write} acc = k === 0 ? ${root} : acc + ${root}; ${link} } return acc;`;
  }
  const body: string[] = [...forward];
  // Stryker disable next-line ConditionalExpression: loss[] is read only by the fused run's sum; other kernels storing it change no number
  if (shape.storeLoss) body.push(`loss[k] = ${root};`);
  // Stryker disable next-line ConditionalExpression: the record kernels' backward text reads no fin (backwardText with record), so declaring it there too changes nothing
  if (!shape.record) body.push(`const fin = ${fin};`);
  body.push(bwd);
  // Stryker disable next-line StringLiteral: each statement ends with a semicolon, so the separator is layout only (the emptied statements' twins were killed in the run of branch mut22d)
  const pre = ['const adj = 0 + T;', ...shared.map((q) => `const w${q} = v[${q}]; let G${q} = g[${q}];`)].join(' ');
  // Stryker disable next-line ConditionalExpression,StringLiteral: no whole-sample skip only sweeps the sample in full: 0 times finite slopes added to gradients summed from +0, the same numbers, slower
  const skip = shape.skipWhole && tm.wholeSpan ? 'if (adj === 0 && FIN[k] === 1) continue;' : '';
  // Stryker disable next-line ArithmeticOperator: N + 2 reads LK past its end (undefined) and writes g's property 'undefined', which no index reads
  const links = shape.record ? `for (let k = 0; k < ${N - 2}; k++) g[LK[k]] = adj;` : '';
  // Stryker disable next-line StringLiteral: each statement ends with a semicolon, so the separator is layout only (the emptied statement's twin was killed in the run of branch mut22d)
  const post = shared.map((q) => `g[${q}] = G${q};`).join(' ');
  // Stryker disable next-line StringLiteral: every statement of the body ends with a semicolon or a brace, so the separator is layout only (the emptied template's twin was killed in the run of branch mut22d)
  return `${pre} ${links} for (let k = ${N - 1}; k >= 0; k--) { ${skip} ${body.join('\n')} } ${post}`;
}
