import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BATCH_CACHE_SIZE, MLP, Value, compileBatch, l2Penalty, logSumExp, mean, noGrad, sum, zeroGrad } from '../../../src/index.js';
import type { BatchReduce, SampleResult } from '../../../src/index.js';
import { isRefusal } from '../../../src/engine/compile/tape.js';
import { HOLE } from '../../../src/engine/core/array-entries.js';
import { real } from '../../support/arbitraries.js';

const MODES = ['generated', 'interpreted'] as const;

/** Object.is on every number, so -0 and NaN must match too. */
function expectSameBits(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (!Object.is(a, expected[i])) throw new Error(`${what}[${i}]: compileBatch ${a}, backward() ${expected[i]}`);
  });
}

/**
 * The oracle: the batch's graph built by hand, each sample's numbers as new leaves, the losses
 * summed with sum(), reduced, the penalty added, then backward() from zeroed gradients.
 */
function reference(
  params: readonly Value[],
  sample: (x: Value[], y: Value) => SampleResult,
  X: readonly (readonly number[])[],
  y: readonly number[],
  reduce: BatchReduce,
  penalty?: () => Value,
): { loss: number; grads: number[]; outputs: number[] } {
  zeroGrad([...params]);
  const losses: Value[] = [];
  const outputs: Value[] = [];
  X.forEach((x, i) => {
    const r = sample(x.map((c) => new Value(c)), new Value(y[i] as number));
    if (r instanceof Value) losses.push(r);
    else {
      losses.push(r.loss);
      outputs.push(...r.outputs);
    }
  });
  const reduced = reduce === 'mean' ? mean(losses) : reduce === 'sum' ? sum(losses) : reduce(sum(losses), losses.length);
  const loss = penalty === undefined ? reduced : reduced.add(penalty());
  loss.backward();
  const grads = params.map((p) => p.grad);
  zeroGrad([...params]);
  return { loss: loss.data, grads, outputs: outputs.map((o) => o.data) };
}

/** A small per-sample program over two parameters vectors and a scalar column, through ops with kinks, logs and divisions. */
function smallProgram(w: readonly Value[], b: Value) {
  return (x: Value[], y: Value): SampleResult => {
    const h = (w[0] as Value).mul(x[0] as Value).add((w[1] as Value).mul(x[1] as Value)).add(b);
    const r = h.relu().add(h.tanh().mul(y)).sub(x[0] as Value).div(y.abs().add(1));
    const score = r.max(h.mul(0.5)).add(y.mul(y).log1p());
    return { loss: score.mul(score).add(x[1] as Value), outputs: [h, score] };
  };
}

describe('compileBatch(): run() against backward() of the same batch built by hand', () => {
  // The data of micrograd's demo: 100 points, labels ±1.
  const moons = JSON.parse(readFileSync(new URL('../../fixtures/micrograd-moons.json', import.meta.url), 'utf8')) as { X: number[][]; y: number[] };

  for (const mode of MODES) {
    it(`run() in ${mode} mode equals backward() bit for bit for a hinge MLP over changing minibatches and batch sizes, and traces once per size`, () => {
      const model = new MLP(2, [6, 6, 1], { seed: 4 });
      const params = model.parameters();
      const hinge = (x: Value[], y: Value) => {
        const s = model.forward(x)[0] as Value;
        return { loss: s.mul(y.neg()).add(1).relu(), outputs: [s] };
      };
      const reduce = (total: Value, n: number) => total.mul(1 / n);
      const penalty = () => l2Penalty(params, 1e-4);
      const step = compileBatch(hinge, { reduce, penalty, mode });
      const sizes = [5, 8, 5, 1, 8, 12, 5];
      sizes.forEach((size, k) => {
        const start = (7 * k) % 28;
        const X = moons.X.slice(start, start + size);
        const y = moons.y.slice(start, start + size);
        // The parameters move between runs: each run re-reads them.
        params.forEach((p, i) => (p.data += 0.01 * Math.sin(i + k)));
        const expected = reference(params, hinge, X, y, reduce, penalty);
        const loss = step.run(X, y);
        expect(Object.is(loss, expected.loss)).toBe(true);
        expectSameBits(params.map((p) => p.grad), expected.grads, `run ${k}: gradient`);
        expectSameBits([...step.outputs()], expected.outputs, `run ${k}: output`);
        // generated mode rerolls a batch of 8 or more samples (compile()'s per-sample loops).
        expect(step.graph?.mode).toBe(mode === 'generated' && size >= 8 ? 'rerolled' : mode);
        zeroGrad(params);
      });
      expect(step.traces).toBe(4); // sizes 5, 8, 1 and 12
    });
  }

  it('run() equals backward() for softmax over one-hot rows, with the mean, and forward() gives the loss without touching a gradient', () => {
    const model = new MLP(2, [5, 3], { seed: 2, activation: 'tanh' });
    const params = model.parameters();
    const softmax = (x: Value[], onehot: Value[]) => {
      const logits = model.forward(x);
      return { loss: logSumExp(logits).sub(sum(logits.map((o, j) => o.mul(onehot[j] as Value)))), outputs: logits };
    };
    const step = compileBatch(softmax);
    for (const size of [4, 7, 4]) {
      const X = moons.X.slice(size, 2 * size);
      const classes = X.map((_, i) => i % 3);
      const onehots = classes.map((c) => [0, 1, 2].map((j) => (j === c ? 1 : 0)));
      zeroGrad(params);
      const losses: Value[] = [];
      X.forEach((x, i) => losses.push(softmax(x.map((c) => new Value(c)), (onehots[i] as number[]).map((m) => new Value(m))).loss));
      const oracle = mean(losses);
      oracle.backward();
      const grads = params.map((p) => p.grad);
      zeroGrad(params);
      expect(Object.is(step.forward(X, onehots), oracle.data)).toBe(true);
      expect(params.every((p) => p.grad === 0)).toBe(true);
      expect(Object.is(step.run(X, onehots), oracle.data)).toBe(true);
      expectSameBits(params.map((p) => p.grad), grads, 'gradient');
      expect(step.outputs()).toHaveLength(3 * size);
    }
    expect(step.traces).toBe(2);
  });

  it("run() adds into the parameters' gradients, as backward() does: two runs without zeroing give twice one run", () => {
    const w = new Value(0.7);
    const step = compileBatch((x: Value) => w.mul(x).tanh(), { reduce: 'sum' });
    step.run([0.5, -1, 2]);
    const once = w.grad;
    step.run([0.5, -1, 2]);
    expect(w.grad).toBe(once + once);
    expect(step.outputs()).toHaveLength(0); // the function returns a bare loss: nothing to read
  });

  it('run() keeps BATCH_CACHE_SIZE graphs, dropping the least recently used: a size seen again after that is traced again', () => {
    const w = new Value(2);
    const step = compileBatch((x: Value) => w.mul(x));
    const batch = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    for (let n = 1; n <= BATCH_CACHE_SIZE; n++) step.run(batch(n));
    expect(step.traces).toBe(BATCH_CACHE_SIZE);
    step.run(batch(1)); // used again: now the most recent, and size 2 the least
    step.run(batch(BATCH_CACHE_SIZE + 1)); // drops size 2
    expect(step.traces).toBe(BATCH_CACHE_SIZE + 1);
    step.run(batch(1));
    expect(step.traces).toBe(BATCH_CACHE_SIZE + 1);
    w.grad = 0;
    expect(step.run(batch(2))).toBe(3); // traced again, and right: mean of 2·1 and 2·2
    expect(step.traces).toBe(BATCH_CACHE_SIZE + 2);
    expect(w.grad).toBe(1.5);
  });

  it('run() traces again for a new column width, with the same batch size', () => {
    const w = new Value(3);
    const step = compileBatch((x: Value[]) => sum(x).mul(w), { reduce: 'sum' });
    expect(step.run([[1, 2], [3, 4]])).toBe(30);
    expect(step.run([[1, 2, 3], [4, 5, 6]])).toBe(63);
    expect(step.traces).toBe(2);
  });

  it('run() equals backward() bit for bit on random data with zeros of both signs, infinities and NaN, over random batch sizes (fast-check)', () => {
    const special = fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 1, -1, 5e-324);
    const datum = fc.oneof(real(-3, 3), special);
    const batches = fc.array(
      fc.integer({ min: 1, max: 9 }).chain((n) => fc.tuple(fc.array(fc.tuple(datum, datum), { minLength: n, maxLength: n }), fc.array(datum, { minLength: n, maxLength: n }))),
      { minLength: 1, maxLength: 5 },
    );
    fc.assert(
      fc.property(batches, fc.tuple(datum, datum, datum), fc.constantFrom(...MODES), fc.constantFrom<BatchReduce>('mean', 'sum', (t, n) => t.mul(1 / n).sub(n)), (runs, [w0, w1, b0], mode, reduce) => {
        const w = [new Value(w0), new Value(w1)];
        const b = new Value(b0);
        const params = [...w, b];
        const program = smallProgram(w, b);
        const penalty = () => w[0]!.mul(w[1]!).add(b.exp());
        const step = compileBatch(program, { reduce, penalty, mode });
        for (const [X, y] of runs) {
          const expected = reference(params, program, X, y, reduce, penalty);
          expect(Object.is(step.run(X, y), expected.loss)).toBe(true);
          expectSameBits(params.map((p) => p.grad), expected.grads, 'gradient');
          expectSameBits([...step.outputs()], expected.outputs, 'output');
          zeroGrad(params);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('compileBatch(): bad input', () => {
  const w = new Value(1);
  const f = (x: Value[], y: Value) => w.mul(sum(x)).add(y);

  it('refuses a sampleLoss that is not a function and bad options, naming the value', () => {
    expect(() => compileBatch(3 as never)).toThrow(new TypeError('compileBatch: sampleLoss must be a function, got number 3'));
    expect(() => compileBatch(f, [] as never)).toThrow(new TypeError('compileBatch: options must be an object, got an array of length 0'));
    expect(() => compileBatch(f, { reduc: 'sum' } as never)).toThrow(new TypeError("compileBatch: unknown option 'reduc' (the options are reduce, penalty, mode)"));
    expect(() => compileBatch(f, { reduce: 'max' as never })).toThrow(new RangeError('compileBatch: reduce must be \'mean\', \'sum\' or a function, got string "max"'));
    expect(() => compileBatch(f, { reduce: 2 as never })).toThrow(new TypeError("compileBatch: reduce must be 'mean', 'sum' or a function, got number 2"));
    expect(() => compileBatch(f, { penalty: w as never })).toThrow(/^compileBatch: penalty must be a function, got an object \(Value\)/);
    expect(() => compileBatch(f, { mode: 'fast' as never })).toThrow(new RangeError('compileBatch: mode must be \'auto\', \'generated\' or \'interpreted\', got string "fast"'));
  });

  it('run() checks every column and entry, holes included, before it writes anything', () => {
    const step = compileBatch(f);
    const run = (...columns: unknown[]) => () => (step.run as (...c: unknown[]) => number)(...columns);
    expect(run()).toThrow(new TypeError('CompiledBatch.run: expected 2 columns (one per argument of the per-sample function), got 0'));
    expect(run([[1]])).toThrow(new TypeError('CompiledBatch.run: expected 2 columns (one per argument of the per-sample function), got 1'));
    expect(run([[1]], 'y')).toThrow(new TypeError('CompiledBatch.run: columns[1] must be an array (one entry per sample), got string "y"'));
    expect(run([], [])).toThrow(new RangeError('CompiledBatch.run: the batch is empty (columns[0] has no entries); a batch needs at least one sample'));
    expect(run([[1], [2]], [1])).toThrow(new RangeError('CompiledBatch.run: columns[1] has 1 entries but columns[0] has 2 (one per sample)'));
    expect(run([[1]], new Array(1))).toThrow(new TypeError(`CompiledBatch.run: columns[1][0] must be a number or an array of numbers, got ${HOLE}`));
    expect(run([[1]], ['1'])).toThrow(new TypeError('CompiledBatch.run: columns[1][0] must be a number or an array of numbers, got string "1"'));
    // eslint-disable-next-line no-sparse-arrays
    expect(run([[1], [2], [3]], [1, , 3])).toThrow(new TypeError(`CompiledBatch.run: columns[1][1] must be a number, got ${HOLE}`));
    expect(run([[1], [2]], [1, null])).toThrow(new TypeError('CompiledBatch.run: columns[1][1] must be a number, got null'));
    expect(run([[1], 2], [1, 2])).toThrow(new TypeError('CompiledBatch.run: columns[0][1] must be an array of 1 number (as columns[0][0]), got number 2'));
    expect(run([[1, 2], [3]], [1, 2])).toThrow(new RangeError('CompiledBatch.run: columns[0][1] must be an array of 2 numbers (as columns[0][0]), got an array of length 1'));
    // eslint-disable-next-line no-sparse-arrays
    expect(run([[1, 2], [3, ,]], [1, 2])).toThrow(new TypeError(`CompiledBatch.run: columns[0][1][1] must be a number, got ${HOLE}`));
    expect(run([[1, 2], [3, NaN]], [1, 2n])).toThrow(new TypeError('CompiledBatch.run: columns[1][1] must be a number, got bigint 2n'));
    expect(() => (step.forward as (...c: unknown[]) => number)([[1]], [true])).toThrow(/^CompiledBatch\.forward: columns\[1\]\[0\] must be a number or an array of numbers, got boolean true/);
    expect(step.traces).toBe(0);
    // A good batch after all that: nothing was half-written.
    w.grad = 0;
    expect(step.run([[1, 2]], [3])).toBe(6);
    expect(w.grad).toBe(3);
    expect(() => step.run([[1, 2]], [NaN, 2])).toThrow(RangeError);
    expect(step.forward([[1, 2]], [3])).toBe(6);
  });

  it('run() names a per-sample function, reduce or penalty that returns something other than a Value, and an output outside the loss', () => {
    const call = (g: (x: Value) => unknown, options = {}) => () => compileBatch(g as (x: Value) => Value, options).run([1, 2]);
    expect(call(() => 3)).toThrow(new TypeError('compileBatch: the per-sample function must return a Value or { loss, outputs } (a Value and an array of Values), got number 3 for sample 0'));
    expect(call((x) => (x.data === 2 ? { loss: x } : x))).toThrow(/^compileBatch: the per-sample function must return a Value or \{ loss, outputs \}.*got an object \{loss\} for sample 1$/);
    expect(call((x) => ({ loss: x.mul(w), outputs: [x, 1] }))).toThrow(new TypeError("compileBatch: sample 0's outputs[1] must be a Value, got number 1"));
    expect(call((x) => x.mul(w), { reduce: () => 1 })).toThrow(new TypeError('compileBatch: reduce must return a Value, got number 1'));
    expect(call((x) => x.mul(w), { penalty: () => undefined })).toThrow(new TypeError('compileBatch: penalty must return a Value, got undefined'));
    expect(call((x) => ({ loss: x.mul(w), outputs: [x.add(1)] }))).toThrow(
      new RangeError("compileBatch: output 0 (counted over the batch, sample by sample) is not in the loss's graph; an output must feed the loss to be read"),
    );
  });

  it("run() passes on compile()'s refusal of a graph holding a value fixed at build time, marked as a refusal", () => {
    const step = compileBatch((x: Value) => x.mul(w).add(noGrad(() => w.mul(2))));
    let error: unknown;
    try {
      step.run([1, 2]);
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(/^compile: the graph holds a value fixed when it was built/);
    expect(isRefusal(error)).toBe(true);
    expect(step.traces).toBe(0);
  });
});
