/**
 * Tests written to kill the mutants of src/engine/compile/ (see docs/mutation-testing.md): every
 * op at its edge points (0, -0, ties, NaN, infinities, the smallest subnormal), in every mode, with
 * the operands as leaves and as inner nodes; the generated code's chunks and locals; the
 * interpreter's fused instructions and its zero-skipping jump table (how many instructions it
 * skips, counted by hand); sync() and reader(); and every message in full. The oracle is backward()
 * on a fresh build at the same inputs (Object.is on every number) or a hand-computed number: never
 * the compiled path against itself.
 */
import { describe, expect, it } from 'vitest';
import { Value, compile, customOp, gradients, type CompiledGraph, type CompileMode, type CompileOptions, topologicalOrder, zeroGrad } from '../../../src/index.js';
import { COMPILABLE_OPS, runProgram, type Step } from '../../../src/testing/programs.js';
import { BINARY_OPS as BINARY, CONSTANT_OPS as WITH_CONSTANT, UNARY_OPS as UNARY } from '../../support/ops.js';
import { policyRefusal, withFunctionThrowing } from '../../support/function-constructor.js';

const MODES: readonly CompileMode[] = ['generated', 'interpreted', 'auto'];

const EDGES = [0, -0, 1, -1, 2, -2, 0.5, 5e-324, NaN, Infinity, -Infinity];

type Build = (leaves: Value[]) => Value;

/** backward() on a fresh build: the value, the leaves' gradients and every inner node's gradient. */
function reference(build: Build, xs: readonly number[]): number[] {
  const leaves = xs.map((x) => new Value(x));
  const y = build(leaves);
  y.backward();
  const inner = topologicalOrder(y).filter((n) => n.parents.length > 0);
  return [y.data, ...leaves.map((l) => l.grad), ...inner.map((n) => n.grad), ...inner.map((n) => n.data)];
}

/** The same numbers from one compiled graph, run at `xs` after `sync()`. */
function compiledRun(c: CompiledGraph, leaves: Value[], y: Value, xs: readonly number[]): number[] {
  xs.forEach((x, k) => ((leaves[k] as Value).data = x));
  zeroGrad(leaves);
  const value = c.run();
  c.sync();
  const inner = topologicalOrder(y).filter((n) => n.parents.length > 0);
  return [value, ...leaves.map((l) => l.grad), ...inner.map((n) => n.grad), ...inner.map((n) => n.data)];
}

function expectSameBits(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((a, i) => {
    if (!Object.is(a, expected[i])) throw new Error(`${what} [${i}]: compiled ${a}, backward() ${expected[i]}`);
  });
}

/** Compiles `build` once per mode and checks run() against backward() at every input tuple. */
function checkAgainstBackward(name: string, arity: number, build: Build, inputs: readonly (readonly number[])[]): void {
  for (const mode of MODES) {
    const leaves = Array.from({ length: arity }, () => new Value(0.25));
    const y = build(leaves);
    const c = compile(y, { mode });
    for (const xs of inputs) expectSameBits(compiledRun(c, leaves, y, xs), reference(build, xs), `${name} (${mode}) at [${xs.join(', ')}]`);
  }
}

const pairs = EDGES.flatMap((a) => EDGES.map((b) => [a, b] as const));
/** The gradient reaching the op: 1.5 (plain), 0 and -0 (the skipping path), -1. */
const SCALES = [1.5, 0, -0, -1];

describe('compile(): every op at its edge points, against backward()', () => {
  for (const [name, op] of BINARY) {
    it(`run() and sync() equal backward() bit for bit for ${name}(a, b) over every pair of edge values, leaves and inner operands, in every mode`, () => {
      // Operands as leaves, scaled by a third leaf (the gradient reaching the op, 0 included).
      checkAgainstBackward(`${name}(a, b)·s`, 3, ([a, b, s]) => op(a as Value, b as Value).mul(s as Value), pairs.flatMap(([a, b]) => SCALES.map((s) => [a, b, s])));
      // Operands as inner nodes (·1 keeps -0 and NaN): their gradients live in the generated code's locals.
      checkAgainstBackward(`${name}(a·1, b·1)`, 2, ([a, b]) => op((a as Value).mul(1), (b as Value).mul(1)), pairs);
      // The same node as both operands.
      checkAgainstBackward(`${name}(a·1, a·1)`, 1, ([a]) => { const u = (a as Value).mul(1); return op(u, u); }, EDGES.map((a) => [a]));
    });
  }

  for (const [name, op] of UNARY) {
    it(`run() and sync() equal backward() bit for bit for ${name}(a) at every edge value, in every mode`, () => {
      checkAgainstBackward(`${name}(a)·s`, 2, ([a, s]) => op(a as Value).mul(s as Value), EDGES.flatMap((a) => SCALES.map((s) => [a, s])));
      checkAgainstBackward(`${name}(a·1)`, 1, ([a]) => op((a as Value).mul(1)), EDGES.map((a) => [a]));
    });
  }

  for (const [name, op] of WITH_CONSTANT) {
    it(`run() and sync() equal backward() bit for bit for ${name}(a, k) with every edge constant k folded in, in every mode`, () => {
      for (const k of EDGES) {
        checkAgainstBackward(`${name}(a, ${k})·s`, 2, ([a, s]) => op(a as Value, k).mul(s as Value), EDGES.flatMap((a) => SCALES.map((s) => [a, s])));
        checkAgainstBackward(`${name}(a·1, ${k})`, 1, ([a]) => op((a as Value).mul(1), k), EDGES.map((a) => [a]));
      }
    });
  }
});

/**
 * A fixed pseudo-random program (a linear congruential generator), so that a failure replays.
 * Each step's first operand is the previous step, so that every node reaches the output; the
 * second is any earlier register, often in an earlier chunk of the generated code.
 */
function longProgram(length: number, seed: number): Step[] {
  let state = seed;
  const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  return Array.from({ length }, (_, k) => ({ op: next() % COMPILABLE_OPS.length, r: 2 + k, s: next() }));
}

describe('compile(): graphs larger than one generated chunk (200 statements)', () => {
  it('run() and sync() equal backward() bit for bit on long programs whose nodes are used across chunks, in every mode', () => {
    for (const seed of [1, 2, 3]) {
      const steps = longProgram(700, seed);
      const build: Build = (leaves) => runProgram(COMPILABLE_OPS, steps, leaves);
      checkAgainstBackward(`program ${seed}`, 3, build, [[0.5, -1.25, 2], [-0.75, 0.3, 1.1], [0, -0, 1]]);
    }
  });

  it('run() equals backward() when node 1 of the tape feeds the next node and, 250 nodes later, is the output\'s second operand', () => {
    // Tape: x, e = exp(x), tanh(e), ..., z (250 tanh), z·e: e's gradient comes from two chunks.
    const build: Build = ([x]) => {
      const e = (x as Value).exp();
      let z = e;
      for (let i = 0; i < 250; i++) z = z.tanh();
      return z.mul(e);
    };
    checkAgainstBackward('e used across chunks', 1, build, [[0.3], [-0.4]]);
  });

  it('run() equals backward() on a chain whose every node feeds the next and the output, crossing several chunks', () => {
    // Each node is used by the next one (in its chunk) and by the final sum (the last chunk).
    const build: Build = ([x]) => {
      const nodes: Value[] = [];
      let y = x as Value;
      for (let i = 0; i < 450; i++) nodes.push((y = y.mul(0.999).tanh()));
      let total = nodes[0] as Value;
      for (const n of nodes.slice(1)) total = total.add(n.mul(n));
      return total;
    };
    checkAgainstBackward('fan-in chain', 1, build, [[0.7], [-1.5]]);
  });
});

describe('compile(): custom ops', () => {
  const hypot = customOp({
    name: 'hypot2',
    arity: 2,
    forward: (x, y) => Math.sqrt(x * x + y * y),
    derivatives: (out, x, y) => [x / out, y / out],
  });
  const cube = customOp({ name: 'cube', forward: (x) => x * x * x, derivatives: (_out, x) => [3 * x * x] });

  it('run() gives a two-input custom op\'s gradients to both its inner parents, as backward() does, in every mode', () => {
    // Both parents are inner nodes used once, in the op's chunk: their gradients must stay in g.
    checkAgainstBackward('hypot2(a·2, b·3)·a', 2, ([a, b]) => hypot((a as Value).mul(2), (b as Value).mul(3)).mul(a as Value), [[0.5, -1.25], [3, 4], [-2, 0.5]]);
    checkAgainstBackward('hypot2(a·2, b·3) + b·3', 2, ([a, b]) => { const q = (b as Value).mul(3); return hypot((a as Value).mul(2), q).add(q.tanh()); }, [[0.5, -1.25], [3, 4]]);
    // The second parent is node 1 of the tape (x, exp(x), op): pinned like any other.
    checkAgainstBackward('hypot2(a, exp(a))', 1, ([a]) => hypot(a as Value, (a as Value).exp()), [[0.5], [-1.5]]);
    checkAgainstBackward('cube(a·2)·a', 1, ([a]) => cube((a as Value).mul(2)).mul(a as Value), [[0.5], [-1.5]]);
  });

  it('run() at x = 3, y = 4 gives hypot2 = 5 and the gradients 3/5 and 4/5 (a closed form)', () => {
    for (const mode of MODES) {
      const [x, y] = [new Value(1), new Value(1)];
      const c = compile(hypot(x, y), { mode });
      x.data = 3;
      y.data = 4;
      expect(c.run()).toBe(5);
      expect([x.grad, y.grad]).toEqual([0.6, 0.8]);
    }
  });
});

describe('compile(): interpreted fused product-and-sum instructions', () => {
  const cases: [string, number, Build][] = [
    ['z + x·y', 3, ([x, y, z]) => (z as Value).add((x as Value).mul(y as Value))],
    ['z + x·0.3', 2, ([x, z]) => (z as Value).add((x as Value).mul(0.3))],
    ['z - x·y (a difference is not fused)', 3, ([x, y, z]) => (z as Value).sub((x as Value).mul(y as Value))],
    ['z + x/y (a quotient is not fused)', 3, ([x, y, z]) => (z as Value).add((x as Value).div(y as Value))],
    ['z + tanh(x) (not a product)', 2, ([x, z]) => (z as Value).add((x as Value).tanh())],
    ['x·y + (x + y): the sum right after the product does not use it', 2, ([x, y]) => (x as Value).mul(y as Value).add((x as Value).add(y as Value))],
    ['x·y + x·y: one product node twice', 2, ([x, y]) => { const p = (x as Value).mul(y as Value); return p.add(p); }],
    ['a product used by its sum and again later, under a relu that is off', 3, ([x, y, z]) => { const p = (x as Value).mul(y as Value); return (z as Value).add(p).relu().add(p.mul(3)); }],
    ['a product used by its sum and as the second operand of another product, under a relu that is off', 4, ([x, y, z, w]) => { const p = (x as Value).mul(y as Value); return (z as Value).add(p).relu().add((w as Value).mul(p).tanh()); }],
    ['a product used by its sum, as a second operand and as a first operand, under a relu that is off', 4, ([x, y, z, w]) => { const p = (x as Value).mul(y as Value); return (z as Value).add(p).relu().add((w as Value).mul(p)).add(p.mul(3)); }],
    ['x·y + z·w + v, a neuron', 5, ([x, y, z, w, v]) => (v as Value).add((x as Value).mul(y as Value)).add((z as Value).mul(w as Value))],
  ];
  for (const [name, arity, build] of cases) {
    it(`run() equals backward() bit for bit on ${name}, in every mode`, () => {
      const inputs = [[0.5, -1.25, -3, 2, 0.75], [2, 3, -10, -0, 1], [-0, 0, -0, 0, -0], [NaN, 1, 2, Infinity, 0]].map((xs) => xs.slice(0, arity));
      checkAgainstBackward(name, arity, build, inputs);
    });
  }
});

/** How many instructions the interpreter's last run() skipped (zero gradients), and its results against backward(). */
function skippedAt(build: Build, xs: readonly number[]): number {
  const leaves = xs.map((x) => new Value(x));
  const y = build(leaves);
  const c = compile(y, { mode: 'interpreted' }) as CompiledGraph & { _skipped: number };
  expectSameBits(compiledRun(c, leaves, y, xs), reference(build, xs), `interpreted at [${xs.join(', ')}]`);
  return c._skipped;
}

describe('compile() interpreted: the zero-skipping jump table, instruction counts by hand', () => {
  // In each graph, u·u + (...)·0: the factor 0 makes the gradient of (...) exactly 0; the sum with
  // the product u·u right before it is one fused instruction (the root, never skipped).
  it('run() skips the chain tanh, exp under a zero gradient: 2 instructions', () => {
    expect(skippedAt(([u, x]) => (u as Value).mul(u as Value).add((x as Value).tanh().exp().mul(0)), [3, 0.5])).toBe(2);
  });

  it('run() skips a span of one instruction (exp of a leaf): 1', () => {
    expect(skippedAt(([x, u]) => (x as Value).exp().mul(0).add((u as Value).mul(u as Value)), [0.5, 3])).toBe(1);
  });

  it('run() skips a span holding a leaf (tape w, x, tanh, ·, exp): 3', () => {
    expect(skippedAt(([x, w, u]) => (x as Value).tanh().mul(w as Value).exp().mul(0).add((u as Value).mul(u as Value)), [0.5, -2, 3])).toBe(3);
  });

  it('run() lets a leaf in a span (also used after it) leave the span whole: the span of exp holds log, so only sin is skipped: 1', () => {
    // Tape x, log, w, sin, +, exp, ·0, u, u·w, +: exp's span reaches back over w to log, which is
    // never skipped, so exp and + are run (with gradient 0); sin's own span [w, sin] is skipped.
    expect(skippedAt(([x, w, u]) => (x as Value).log().add((w as Value).sin()).exp().mul(0).add((u as Value).mul(w as Value)), [0.5, -2, 3])).toBe(1);
  });

  it('run() stops a span at a node used after it only as a second operand (q in w·q): 2, and q keeps its gradient', () => {
    expect(skippedAt(([u, w]) => { const q = (u as Value).mul(u as Value); return q.tanh().exp().mul(0).add((w as Value).mul(q)); }, [0.75, -2])).toBe(2);
  });

  it('run() stops a span at a node used outside it (u·u feeds tanh and the final product): 2, and u keeps its gradient', () => {
    expect(skippedAt(([u]) => { const q = (u as Value).mul(u as Value); return q.tanh().exp().mul(0).add(q.mul(q)); }, [0.75])).toBe(2);
  });

  it('run() counts a fused product-and-sum in a span as one instruction: 3 (fused, tanh, exp)', () => {
    expect(skippedAt(([x, y, z, u]) => (z as Value).add((x as Value).mul(y as Value)).tanh().exp().mul(0).add((u as Value).mul(u as Value)), [0.5, -2, 0.25, 3])).toBe(3);
  });

  it('run() counts a fused sum and product by a constant in a span as one instruction: 3 (fused, tanh, exp)', () => {
    expect(skippedAt(([x, z, u]) => (z as Value).add((x as Value).mul(0.5)).tanh().exp().mul(0).add((u as Value).mul(u as Value)), [0.5, 0.25, 3])).toBe(3);
  });

  it('run() skips the node just below the output (exp(x)·0): 1', () => {
    expect(skippedAt(([x]) => (x as Value).exp().mul(0), [0.5])).toBe(1);
  });

  it('run() skips a span after an op it never skips (log) elsewhere in the graph: 2', () => {
    expect(skippedAt(([u, x]) => (u as Value).log().add((x as Value).tanh().exp().mul(0)), [2, 0.5])).toBe(2);
  });

  it('run() does not skip a span holding log, whose local derivative can be infinite: at x = 5e-324 the gradient is NaN, as backward() gives', () => {
    // exp(log(5e-324)) = 5e-324 is finite, but log'(5e-324) = Infinity, and 0 × Infinity = NaN.
    const build: Build = ([x, u]) => (x as Value).log().exp().mul(0).add((u as Value).mul(u as Value));
    expect(skippedAt(build, [5e-324, 3])).toBe(0);
    const x = new Value(5e-324);
    build([x, new Value(3)]).backward();
    expect(x.grad).toBeNaN();
  });

  it('run() skips a span whose first op has a folded -Infinity (max(y, -Infinity) is finite): 3', () => {
    expect(skippedAt(([y, u]) => (y as Value).max(-Infinity).tanh().exp().mul(0).add((u as Value).mul(u as Value)), [0.5, 3])).toBe(3);
  });

  it('run() skips nothing when any value of the run is not finite, even outside the span', () => {
    expect(skippedAt(([u, x]) => (u as Value).mul(u as Value).add((x as Value).tanh().exp().mul(0)), [Infinity, 0.5])).toBe(0);
    // x = Infinity: exp(2x)·0 is NaN, and the gradient through exp is 0 × Infinity = NaN.
    const build: Build = ([x, u]) => (x as Value).mul(2).exp().mul(0).add((u as Value).mul(u as Value));
    expect(skippedAt(build, [Infinity, 3])).toBe(0);
    const x = new Value(Infinity);
    build([x, new Value(3)]).backward();
    expect(x.grad).toBeNaN();
  });
});

describe('compile(): sync(), reader() and custom-op calls', () => {
  it('sync() leaves a leaf its accumulated gradient: two runs, then sync(), give a leaf twice one run\'s gradient', () => {
    for (const mode of MODES) {
      const x = new Value(1.5);
      const c = compile(x.mul(x).tanh(), { mode });
      c.run();
      c.run();
      c.sync();
      // d tanh(x²)/dx = 2x (1 - tanh²(x²)) = 3 (1 - tanh²(2.25)), twice.
      expect(x.grad).toBeCloseTo(2 * 3 * (1 - Math.tanh(2.25) ** 2), 14);
    }
  });

  it('sync() gives an inner node whose only gradient is 0 · t the +0 that backward() gives, not -0', () => {
    for (const mode of MODES) {
      const x = new Value(0.5);
      const h = x.tanh();
      const c = compile(h.mul(-0), { mode });
      c.run();
      c.sync();
      expect(Object.is(h.grad, 0), mode).toBe(true);
      expect(Object.is(x.grad, 0), mode).toBe(true);
    }
  });

  it('reader() rejects a non-array with a TypeError naming it, and an element not in the graph by its index and description', () => {
    for (const mode of MODES) {
      const x = new Value(2);
      const c = compile(x.mul(3), { mode });
      expect(() => c.reader(5 as unknown as Value[])).toThrow(new TypeError('CompiledGraph.reader: expected an array of Values, got number 5'));
      expect(() => c.reader([x, 3 as unknown as Value])).toThrow(new RangeError('CompiledGraph.reader: nodes[1] (number 3) is not in the compiled graph'));
      expect(() => c.reader([undefined as unknown as Value])).toThrow(new RangeError('CompiledGraph.reader: nodes[0] (undefined) is not in the compiled graph'));
      const read = c.reader([x]);
      c.run();
      expect([...read()]).toEqual([2]);
    }
  });

  it('run() calls a one-input custom op\'s forward and derivatives with the arguments building the node passes', () => {
    const calls: number[][] = [];
    const record = customOp({
      name: 'record',
      arity: 1,
      forward: (...xs: number[]) => (calls.push([xs.length]), 2 * (xs[0] as number)),
      derivatives: (...args: number[]) => (calls.push([args.length]), [2]),
    });
    const x = new Value(1);
    const y = record(x);
    const built = calls.splice(0);
    expect(built).toEqual([[1], [2]]); // forward(x), derivatives(out, x)
    for (const mode of MODES) {
      const c = compile(y, { mode });
      x.data = 3;
      expect(c.run()).toBe(6);
      expect(calls.splice(0), mode).toEqual(built);
    }
  });
});

describe('compile(): messages in full', () => {
  const FROZEN =
    "compile: the graph holds a value fixed when it was built (a detach()ed Value, a Value made inside noGrad(), the slope of a kink of relu, abs, max or min in a gradients() graph, or the branch of pow's derivative for a Value exponent there), " +
    'which run() could not recompute from the leaves; rebuild the graph instead, or make that value a leaf of its own (new Value(x.data)) and set its data before each run';

  it('compile() refuses a detach()ed Value with the whole message, naming its label when it has one', () => {
    for (const mode of MODES) {
      const x = new Value(2, 'x');
      expect(() => compile(x.mul(x.detach()), { mode })).toThrow(new Error(`${FROZEN} (label 'x')`));
      const y = new Value(2);
      expect(() => compile(y.mul(y.detach()), { mode })).toThrow(new Error(FROZEN));
    }
  });

  it('compile() refuses the derivative of a custom op without derivativeValues with the whole message', () => {
    const op = customOp({ name: 'plain', forward: (x) => x * x, derivatives: (_o, x) => [2 * x] });
    const x = new Value(1.5);
    const [dx] = gradients(op(x), [x]);
    for (const mode of MODES) {
      expect(() => compile(dx as Value, { mode })).toThrow(
        new RangeError("compile: the graph holds the derivative of custom op 'plain' without derivativeValues, which cannot be recomputed"),
      );
    }
  });

  it('compile() rejects a bad mode and a bad options argument with the whole message', () => {
    expect(() => compile(new Value(1), { mode: 'fast' as CompileMode })).toThrow(
      new RangeError("compile: mode must be 'auto', 'generated' or 'interpreted', got string \"fast\""),
    );
    expect(() => compile(new Value(1), { mode: '' as CompileMode })).toThrow(RangeError);
    expect(() => compile('x' as unknown as Value)).toThrow(new TypeError('compile: expected a Value, got string "x"'));
    expect(() => compile(new Value(1), 3 as unknown as object)).toThrow(new TypeError('compile: options must be an object, got number 3'));
  });

  it('compile() in every mode, and undefined options, compile a one-node graph of just a leaf', () => {
    for (const options of [undefined, {}, { mode: undefined } as unknown as CompileOptions, ...MODES.map((mode) => ({ mode }))]) {
      const x = new Value(4);
      const c = compile(x, options);
      x.data = -1.5;
      expect(c.run()).toBe(-1.5);
      expect(x.grad).toBe(1);
      expect(c.mode).toBe(options?.mode === 'interpreted' ? 'interpreted' : 'generated');
    }
  });

  it('compile() and run() throw on a node with an unknown op code rather than give a number', () => {
    const y = new Value(1).exp().mul(2);
    ((y.parents[0] as Value) as unknown as { _code: number })._code = 99;
    expect(() => compile(y, { mode: 'generated' })).toThrow(new Error('memograd: compile: unknown op code 99'));
    const c = compile(y, { mode: 'interpreted' });
    expect(() => c.run()).toThrow(new Error('memograd: compile: unknown op code 99'));
    expect(() => c.forward()).toThrow(new Error('memograd: compile: unknown op code 99'));
  });

  it("compile() with mode 'generated' where new Function is blocked throws the whole message", () => {
    withFunctionThrowing(policyRefusal(), () => {
      expect(() => compile(new Value(2).exp(), { mode: 'generated' })).toThrow(
        new Error('compile: code generation is not allowed here (new Function is blocked); use mode "interpreted"'),
      );
      expect(compile(new Value(2).exp(), { mode: 'auto' }).mode).toBe('interpreted');
    });
  });
});

describe('compile() generated code in several chunks', () => {
  it("run() in 'generated' mode calls a custom op's forward once per run on a graph of three chunks", () => {
    let calls = 0;
    const double = customOp({ name: 'double', forward: (x) => (calls++, 2 * x), derivatives: () => [2] });
    const x = new Value(0.5);
    let y = double(x);
    for (let i = 0; i < 450; i++) y = y.add(1); // 451 inner nodes: chunks of 200, 200 and 51
    const c = compile(y, { mode: 'generated' });
    expect(c.mode).toBe('generated');
    calls = 0;
    x.grad = 0;
    expect(c.run()).toBe(2 * 0.5 + 450);
    expect(calls).toBe(1);
    expect(x.grad).toBe(2);
  });
});
