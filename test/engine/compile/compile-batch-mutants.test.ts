import { describe, expect, it } from 'vitest';
import { Value, compileBatch } from '../../../src/index.js';

// Tests written from StrykerJS's survivors in compile-batch.ts (docs/mutation-testing.md); each
// expected loss and gradient is worked by hand.

describe('compileBatch(): arguments and results named in full', () => {
  it('compileBatch() cuts an unknown option\'s name after 40 characters, and quotes one of 40 whole', () => {
    const f = (x: Value) => x.mul(2);
    const forty = 'a'.repeat(40);
    expect(() => compileBatch(f, { [forty]: 1 } as never)).toThrow(new TypeError(`compileBatch: unknown option '${forty}' (the options are reduce, penalty, mode)`));
    expect(() => compileBatch(f, { [`${forty}bc`]: 1 } as never)).toThrow(new TypeError(`compileBatch: unknown option '${forty}…' (the options are reduce, penalty, mode)`));
  });

  it('run() of a function of no arguments given no columns asks for 1 column', () => {
    const w = new Value(3);
    expect(() => compileBatch(() => w.mul(2)).run()).toThrow(new TypeError('CompiledBatch.run: expected 1 column (one per argument of the per-sample function), got 0'));
  });

  it('run() names a result that is null, a number, an object whose loss is not a Value, or whose outputs are not an array', () => {
    const w = new Value(0.5);
    const call = (g: (x: Value) => unknown) => () => compileBatch(g as (x: Value) => Value).run([1, 2]);
    const message = 'compileBatch: the per-sample function must return a Value or { loss, outputs } (a Value and an array of Values), got';
    expect(call(() => null)).toThrow(new TypeError(`${message} null for sample 0`));
    expect(call(() => 'loss')).toThrow(new TypeError(`${message} string "loss" for sample 0`));
    expect(call((x) => ({ loss: 1, outputs: [x] }))).toThrow(new TypeError(`${message} an object {loss, outputs} for sample 0`));
    expect(call((x) => ({ loss: x.mul(w), outputs: x }))).toThrow(new TypeError(`${message} an object {loss, outputs} for sample 0`));
  });

  it('run() names an output past the tenth that is not in the loss\'s graph by its number', () => {
    const w = new Value(0.5);
    const step = compileBatch((x: Value) => ({ loss: x.mul(w), outputs: [x.data === 10 ? x.add(1) : x] }));
    expect(() => step.run([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toThrow(
      new RangeError("compileBatch: output 10 (counted over the batch, sample by sample) is not in the loss's graph; an output must feed the loss to be read"),
    );
  });
});

describe('compileBatch(): batches', () => {
  it('outputs() before any pass is empty', () => {
    const w = new Value(0.5);
    const step = compileBatch((x: Value) => ({ loss: x.mul(w), outputs: [x] }));
    expect(step.outputs()).toEqual(new Float64Array(0));
  });

  it('run() traces a batch of another size apart: sizes 2 then 3 give their own losses and gradients', () => {
    const w = new Value(0.5);
    const step = compileBatch((x: Value) => x.mul(w), { reduce: 'sum' });
    w.grad = 0;
    // d/dw of the sum of x·w is the sum of x.
    expect(step.run([1, 2])).toBe(1.5);
    expect(w.grad).toBe(3);
    w.grad = 0;
    expect(step.run([1, 2, 4])).toBe(3.5);
    expect(w.grad).toBe(7);
    expect(step.traces).toBe(2);
  });

  it('run() takes a column of empty rows (an argument of no Values) beside a column of numbers', () => {
    const w = new Value(0.5);
    const step = compileBatch((xs: Value[], y: Value) => y.mul(w).add(xs.length), { reduce: 'sum' });
    w.grad = 0;
    // Sum over samples of y·w + 0: 0.5·2 + 0.5·6 = 4; d/dw = 2 + 6.
    expect(step.run([[], []], [2, 6])).toBe(4);
    expect(w.grad).toBe(8);
    w.grad = 0;
    expect(step.run([[], []], [1, 3])).toBe(2);
    expect(w.grad).toBe(4);
  });
});
