import { describe, expect, it } from 'vitest';
import { Value, compile, customOp, zeroGrad } from '../../../src/index.js';

const MODES = ['generated', 'interpreted'] as const;

/** A small model: two weights, a bias, a relu unit and a squared error over three samples. */
function model(): { params: Value[]; loss: Value; score: Value } {
  const params = [new Value(0.5, 'w1'), new Value(-0.25, 'w2'), new Value(0.125, 'b')];
  const [w1, w2, b] = params as [Value, Value, Value];
  let loss: Value = new Value(0);
  let score: Value = b;
  for (const [x1, x2, y] of [[1, 2, 1], [-1, 0.5, -1], [0.25, -2, 1]] as const) {
    score = w1.mul(x1).add(w2.mul(x2)).add(b).relu().add(w1.mul(0.1));
    loss = loss.add(score.sub(y).square());
  }
  return { params, loss, score };
}

/** The documented training loop: run(), then p.data -= lr * p.grad; sync() between steps when `sync`. */
function train(mode: (typeof MODES)[number], sync: boolean, steps: number): number[] {
  const { params, loss } = model();
  const step = compile(loss, { mode });
  const seen: number[] = [];
  for (let k = 0; k < steps; k++) {
    zeroGrad(params);
    if (sync && k === 0) step.sync(); // before any run()
    seen.push(step.run());
    for (const p of params) p.data -= 0.05 * p.grad;
    if (sync) step.sync();
    seen.push(...params.map((p) => p.data), ...params.map((p) => p.grad));
  }
  return seen;
}

describe('CompiledGraph.sync()', () => {
  it('never writes a leaf: a training loop that calls sync() between steps (and before the first run()) stays bit for bit the loop that does not', () => {
    for (const mode of MODES) {
      const plain = train(mode, false, 12);
      const synced = train(mode, true, 12);
      expect(synced.length).toBe(plain.length);
      synced.forEach((x, i) => {
        if (!Object.is(x, plain[i])) throw new Error(`${mode}: entry ${i}: with sync() ${x}, without ${plain[i]}`);
      });
    }
  });

  it('before any run() changes nothing: every node keeps its data and gradient', () => {
    for (const mode of MODES) {
      const { params, loss } = model();
      loss.backward();
      const step = compile(loss, { mode });
      const nodes = [...params, loss, ...loss.parents];
      const before = nodes.map((n) => [n.data, n.grad]);
      step.sync();
      expect(nodes.map((n) => [n.data, n.grad]), mode).toEqual(before);
    }
  });

  it("after forward() writes the inner nodes' new values and leaves their gradients from an earlier run() alone", () => {
    for (const mode of MODES) {
      const x = new Value(2);
      const h = x.mul(x.mul(0.5)); // x² / 2
      const y = h.mul(h);
      const step = compile(y, { mode });
      step.run(); // at x = 2: h = 2, dy/dh = 2h = 4
      x.data = 3;
      step.forward(); // at x = 3: h = 4.5, y = 20.25; no gradient computed
      step.sync();
      expect([x.data, h.data, y.data, h.grad, x.grad], mode).toEqual([3, 4.5, 20.25, 0, 8]);
      step.run();
      step.sync();
      expect([h.data, h.grad, x.grad], mode).toEqual([4.5, 9, 8 + 27]);
    }
  });
});

describe('CompiledGraph.sync() and custom ops', () => {
  it("gives a custom op's node the local derivative of the last pass, so that backward() afterwards equals a fresh build's", () => {
    const cube = customOp({ name: 'cube', forward: (x: number) => x ** 3, derivatives: (_out, x) => [3 * x * x] });
    for (const mode of MODES) {
      const x = new Value(1);
      const y = cube(x).mul(2);
      const step = compile(y, { mode });
      const other = compile(cube(x).add(0), { mode }); // holds another node of the same op: passes of its own
      x.data = 2;
      step.run();
      x.data = 5;
      other.run();
      x.data = 2;
      step.sync();
      x.grad = 0;
      y.backward();
      expect(x.grad, mode).toBe(2 * 3 * 4);
    }
  });
});

describe('CompiledGraph.sync() and custom ops of two inputs', () => {
  it("gives every custom node both local derivatives of the last pass: backward() afterwards equals a fresh build's", () => {
    const prod = customOp({ name: 'prod', arity: 2, forward: (x: number, y: number) => x * y, derivatives: (_out, x, y) => [y, x] });
    const build = (x: Value, y: Value) => prod(x, y.mul(3)).add(prod(y.sin(), x).mul(2));
    for (const mode of MODES) {
      const [x, y] = [new Value(0.5), new Value(-1.5)];
      const root = build(x, y);
      const step = compile(root, { mode });
      x.data = 2;
      y.data = 0.25;
      step.run();
      step.sync();
      x.grad = 0;
      y.grad = 0;
      root.backward();
      const [fx, fy] = [new Value(2), new Value(0.25)];
      build(fx, fy).backward();
      expect([Object.is(x.grad, fx.grad), Object.is(y.grad, fy.grad)], mode).toEqual([true, true]);
    }
  });
});

describe('CompiledGraph.sync() and reader() after a pass that threw', () => {
  it("give what the Values hold, not the half-written arrays of the pass a custom op's forward broke off", () => {
    // Returns a number until x reaches 10, then a string: the forward pass throws halfway.
    const fragile = customOp({ name: 'fragile', forward: (x: number) => (x < 10 ? x + 1 : ('no' as unknown as number)), derivatives: () => [1] });
    for (const mode of MODES) {
      const x = new Value(1);
      const h = x.mul(2);
      const y = fragile(h).mul(3);
      const step = compile(y, { mode });
      step.run(); // at x = 1: h = 2, y = 9
      const read = step.reader([h, y]);
      expect([...read()], mode).toEqual([2, 9]);
      x.data = 7; // h = 14: fragile's forward returns a string
      expect(() => step.run(), mode).toThrow("customOp 'fragile': forward must return a number");
      expect([...read()], mode).toEqual([h.data, y.data]);
      const before = [h.data, h.grad, y.data];
      step.sync();
      expect([h.data, h.grad, y.data], mode).toEqual(before);
    }
  });
});

describe('CompiledGraph.reader()', () => {
  it('returns a new array at every call, which later runs leave as it was', () => {
    for (const mode of MODES) {
      const x = new Value(0);
      const y = x.mul(3);
      const step = compile(y, { mode });
      const read = step.reader([y]);
      const kept: Float64Array[] = [];
      for (const v of [0, 1, 2]) {
        x.data = v;
        step.run();
        kept.push(read());
      }
      expect(kept.map((a) => [...a]), mode).toEqual([[0], [3], [6]]);
      expect(kept[0], mode).not.toBe(kept[1]);
    }
  });

  it("before any run() gives the nodes' current values", () => {
    for (const mode of MODES) {
      const x = new Value(1);
      const h = x.add(2);
      const y = h.mul(h);
      const read = compile(y, { mode }).reader([y, h, x]);
      expect([...read()], mode).toEqual([9, 3, 1]);
    }
  });

  it("into() fills the caller's array and returns it, for loops that allocate nothing, and refuses an array of another length or type", () => {
    for (const mode of MODES) {
      const x = new Value(1);
      const h = x.add(2);
      const y = h.mul(h);
      const step = compile(y, { mode });
      const read = step.reader([h, y]);
      const buf = new Float64Array(2);
      expect(read.into(buf), mode).toBe(buf);
      expect([...buf]).toEqual([3, 9]);
      x.data = 2;
      step.run();
      expect(read.into(buf), mode).toBe(buf);
      expect([...buf]).toEqual([4, 16]);
      expect(() => read.into(new Float64Array(3))).toThrow(new RangeError('CompiledGraph.reader: into() needs a Float64Array of length 2, got one of length 3'));
      expect(() => read.into([0, 0] as unknown as Float64Array)).toThrow(new TypeError('CompiledGraph.reader: into() needs a Float64Array of length 2, got an array of length 2'));
    }
  });
});
