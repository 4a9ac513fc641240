/**
 * The differential soak: random graphs, built at some leaf values, whose leaves are then moved
 * (often to ±0, ±Infinity, NaN, subnormals, -1 or 710, where local derivatives turn infinite) before
 * the gradients are taken, by every path that is documented as bit for bit the full sweep:
 * backward() (by ids, by the fallback order when ids jump, and with checkFinite), backwardSteps(),
 * gradients(), compile() in both modes (run() then sync()). Each is compared with Object.is against
 * an independent full sweep written here: nodes found by a plain search over `parents`, ordered by
 * creation (newest first, as backward() documents), every edge multiplied, nothing skipped.
 *
 * CI runs a few thousand graphs from a fixed seed. For a long soak:
 *   MEMOGRAD_SOAK=100000 npx vitest run test/engine/core/soak.test.ts
 * (MEMOGRAD_SOAK_SEED picks another seed; the count, seed and time are printed at the end.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Value, NonFiniteError, backwardSteps, compile, customOp, gradients, localGradients } from '../../../src/index.js';
import { setNextId } from '../../../src/engine/core/topo.js';
import { COMPILABLE_OPS, type Op } from '../../../src/testing/programs.js';
import { reachable } from '../../support/reachable.js';
import { SHRINK } from '../../support/scale.js';
import { opsNotAppliedToOperands } from '../../support/ops.js';

// Under mutation testing (MEMOGRAD_MUTATION=1), a tenth: each mutant reruns it.
const COUNT = positiveInteger('MEMOGRAD_SOAK', 500 / SHRINK);
const SEED = positiveInteger('MEMOGRAD_SOAK_SEED', 20261205);

function positiveInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return n;
}

/** mulberry32: a small seeded generator, so a failure names the seed and graph that reproduce it. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const steep = customOp({ name: 'steep', forward: (x: number) => Math.cbrt(x), derivatives: (_out, x) => [x === 0 ? Infinity : 1 / (3 * Math.cbrt(x) ** 2)] });

/** Every compilable op, the fused neuron shapes, and ops with singular or zeroing slopes. */
const OPS: readonly Op[] = [
  ...COMPILABLE_OPS,
  (r, s) => r.add(s.mul(r)),
  (r, s) => s.add(r.mul(0.3)),
  (r, s) => r.mul(s).relu(),
  (r) => r.neg().relu(),
  (r) => r.sqrt(),
  (r) => r.log(),
  (r) => r.pow(0.5),
  (r, s) => r.div(s),
  (r, s) => r.pow(s),
  (r) => r.mul(Infinity),
  (r) => steep(r),
  (r, s) => r.max(s).mul(0),
  (r) => r.log1p(),
  (r) => r.expm1(),
  (r) => r.exp(),
  (r, s) => r.mul(s).mul(0),
  (r) => r.sin().mul(0),
  (r) => r.tan(),
  (r) => r.sinh(),
  (r) => r.cosh(),
  (r) => r.atanh(),
  (r, s) => r.hypot(s),
  (r) => r.add(1),
  (r) => r.div(1e-300),
];

const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1e-310, -1e-310, -1, 1, 710, -710, Number.MAX_VALUE, 2.225073858507201e-308];

function pickValue(rand: () => number, special: number): number {
  if (rand() < special) return SPECIAL[Math.floor(rand() * SPECIAL.length)] as number;
  return (rand() - 0.5) * 6;
}

interface Program {
  readonly steps: readonly { op: number; r: number; s: number }[];
  readonly initial: readonly number[];
  readonly moved: readonly number[];
  /** Where to jump the id counter (before step `jumpAt`, by `jumpBy`): old nodes, for the fallback walk. */
  readonly jumpAt: number;
  readonly jumpBy: number;
  /** Where the ids start (near 2^30 they wrap inside the graph), or -1 to leave them. */
  readonly idStart: number;
}

function randomProgram(rand: () => number): Program {
  const leaves = 1 + Math.floor(rand() * 4);
  const length = 1 + Math.floor(rand() * 30);
  const steps = Array.from({ length }, () => ({ op: Math.floor(rand() * OPS.length), r: Math.floor(rand() * 64), s: Math.floor(rand() * 64) }));
  const initial = Array.from({ length: leaves }, () => pickValue(rand, 0.2));
  // Most graphs move some leaves after the build, half the moved ones to an IEEE edge.
  const movedShare = rand() < 0.15 ? 0 : rand();
  const moved = initial.map((x) => (rand() < movedShare ? pickValue(rand, 0.5) : x));
  const jumpAt = rand() < 0.1 ? Math.floor(rand() * length) : -1;
  const jumpBy = 1 + Math.floor(rand() * 6_000_000);
  const idStart = rand() < 0.05 ? 2 ** 30 - Math.floor(rand() * 60) : -1;
  return { steps, initial, moved, jumpAt, jumpBy, idStart };
}

let nextIdAfterJumps = 0;

function build(p: Program, values: readonly number[]): { leaves: Value[]; root: Value } {
  if (p.idStart >= 0) setNextId(p.idStart);
  const leaves = values.map((x, i) => new Value(x, `x${i}`));
  const regs: Value[] = leaves.slice();
  p.steps.forEach(({ op, r, s }, k) => {
    if (k === p.jumpAt) setNextId((idNow() + p.jumpBy) % 2 ** 30);
    regs.push((OPS[op] as Op)(regs[r % regs.length] as Value, regs[s % regs.length] as Value));
  });
  return { leaves, root: regs[regs.length - 1] as Value };
}

/** The id counter, read by making a node (the walk's ids are otherwise private). */
function idNow(): number {
  const n = new Value(0).add(0);
  return (n._i + 1) % 2 ** 30;
}

/**
 * The independent full sweep: the nodes by a set-based search, inner ones newest first (by
 * creation id, modulo the 2^30 wrap), every edge multiplied (first operand first), nothing skipped,
 * but the edge of a stopGradient node, which has none (its operand is reached and gets nothing, not g·0).
 * Returns d root / d node for every node: a leaf's as backward() adds it to a zeroed grad (0 + sum).
 */
function fullSweep(root: Value): { order: Value[]; grad: Map<Value, number> } {
  const nodes = [...reachable(root)];
  const offset = (n: Value) => (root._i - n._i) & 0x3fffffff;
  const inner = nodes.filter((n) => n.parents.length > 0).sort((x, y) => offset(x) - offset(y));
  const g = new Map<Value, number>();
  g.set(root, 1);
  for (const n of inner) {
    const gn = g.get(n) ?? 0;
    if (n.op === 'stopGradient') {
      const p = n.parents[0] as Value;
      g.set(p, g.get(p) ?? 0);
      continue;
    }
    const locals = localGradients(n);
    n.parents.forEach((p, k) => g.set(p, (g.get(p) ?? 0) + gn * (locals[k] as number)));
  }
  for (const n of nodes) if (n.parents.length === 0) g.set(n, 0 + (g.get(n) ?? 0));
  return { order: inner.concat(nodes.filter((n) => n.parents.length === 0)), grad: g };
}

function same(a: number, b: number, what: string): void {
  if (!Object.is(a, b)) throw new Error(`${what}: got ${a}, full sweep ${b}`);
}

function zero(nodes: readonly Value[]): void {
  for (const n of nodes) n.grad = 0;
}

/** One graph through every path; throws naming the path and node at the first difference. */
function soakOne(p: Program): void {
  const { leaves, root } = build(p, p.initial);
  p.moved.forEach((x, i) => ((leaves[i] as Value).data = x));
  const { order, grad } = fullSweep(root);
  const want = (n: Value, path: string) => same(n.grad, grad.get(n) as number, `${path}: node ${n} (op '${n.op}')`);

  zero(order);
  root.backward();
  for (const n of order) want(n, 'backward()');

  zero(order);
  let threw = false;
  try {
    root.backward({ checkFinite: true });
  } catch (e) {
    if (!(e instanceof NonFiniteError)) throw e;
    threw = true;
    for (const l of leaves) same(l.grad, 0, 'backward({ checkFinite }) threw: a leaf was touched');
  }
  const finite = order.every((n) => Number.isFinite(n.data) && Number.isFinite(grad.get(n) as number));
  if (threw === finite) throw new Error(`backward({ checkFinite }) ${threw ? 'threw' : 'did not throw'} where every value and gradient is ${finite ? '' : 'not '}finite`);
  if (!threw) for (const n of order) want(n, 'backward({ checkFinite })');

  for (const s of backwardSteps(root)) same(s.gradient, grad.get(s.node) as number, `backwardSteps(): node ${s.node} (op '${s.node.op}')`);

  const wrt = leaves.filter((l) => grad.has(l));
  gradients(root, wrt).forEach((g, i) => same(g.data, grad.get(wrt[i] as Value) as number, `gradients(): leaf ${wrt[i]}`));

  // compile() recomputes every value from the leaves: its reference is a fresh build at the moved values.
  const fresh = build(p, p.moved);
  const ref = fullSweep(fresh.root);
  for (const mode of ['generated', 'interpreted'] as const) {
    zero(order);
    const c = compile(root, { mode });
    same(c.run(), fresh.root.data, `compile(${mode}).run(): value`);
    c.sync();
    expect(order.length).toBe(ref.order.length);
    order.forEach((n, k) => {
      const m = ref.order[k] as Value;
      if (n.parents.length > 0) same(n.data, m.data, `compile(${mode}) sync(): value of node ${k} (op '${n.op}')`);
      same(n.grad, ref.grad.get(m) as number, `compile(${mode}) run()/sync(): gradient of node ${k} (op '${n.op}')`);
    });
  }
  // After sync() the graph holds the fresh build's values: backward() gives its gradients.
  zero(order);
  root.backward();
  order.forEach((n, k) => same(n.grad, ref.grad.get(ref.order[k] as Value) as number, `backward() after sync(): node ${k} (op '${n.op}')`));
  if (p.idStart >= 0 || p.jumpAt >= 0) setNextId(nextIdAfterJumps);
}

describe('the differential soak', () => {
  it('applies every op of the table straight to a register (a leaf, so to its moved edge values), with a Value and with a folded number where the op has both', () => {
    const missing = opsNotAppliedToOperands(OPS, (x) => new Value(x));
    expect(missing).toEqual([]);
  });

  afterEach(() => setNextId(nextIdAfterJumps));

  it(`backward(), backwardSteps(), gradients() and compile() in both modes give the full sweep bit for bit on ${COUNT} random graphs (seed ${SEED}) whose leaves move after the build`, () => {
    nextIdAfterJumps = idNow();
    const rand = generator(SEED);
    const started = Date.now();
    for (let i = 0; i < COUNT; i++) {
      const p = randomProgram(rand);
      try {
        soakOne(p);
      } catch (e) {
        throw new Error(`graph ${i} of seed ${SEED}: ${(e as Error).message}\n${JSON.stringify(p, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : Object.is(v, -0) ? '-0' : v))}`);
      }
    }
    if (process.env['MEMOGRAD_SOAK'] !== undefined) {
      console.log(`soak: ${COUNT} graphs, seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(1)} s, no difference`);
    }
  }, Math.max(60_000, COUNT * 20));
});
