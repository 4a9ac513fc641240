import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, softmaxCrossEntropyLoss } from '../../src/index.js';
import { real } from '../support/arbitraries.js';
import { expectBackwardMatchesFiniteDifferences } from '../support/oracles.js';

/** -log(e^{z_c} / Σ e^{z_j}), straight from the definition. */
const naive = (row: readonly number[], c: number) => -Math.log(Math.exp(row[c] as number) / row.reduce((a, z) => a + Math.exp(z), 0));

const batch = fc.integer({ min: 2, max: 4 }).chain((k) =>
  fc.array(fc.tuple(fc.array(real(-6, 6), { minLength: k, maxLength: k }), fc.integer({ min: 0, max: k - 1 })), { minLength: 1, maxLength: 3 }),
);

describe('softmaxCrossEntropyLoss', () => {
  it('softmaxCrossEntropyLoss() is the mean of -log softmax(z)[c]', () => {
    fc.assert(
      fc.property(batch, (rows) => {
        const expected = rows.reduce((a, [row, c]) => a + naive(row, c), 0) / rows.length;
        const got = softmaxCrossEntropyLoss(rows.map(([row]) => row), rows.map(([, c]) => c)).data;
        expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
      }),
    );
  });

  it('backward() gives (softmax(z) - onehot(c)) / n and matches finite differences', () => {
    fc.assert(
      fc.property(batch, (rows) => {
        const k = rows[0]![0].length;
        const classes = rows.map(([, c]) => c);
        const flat = rows.flatMap(([row]) => row);
        const f = (...zs: Value[]) => softmaxCrossEntropyLoss(rows.map((_, i) => zs.slice(i * k, (i + 1) * k)), classes);
        expectBackwardMatchesFiniteDifferences(f, flat);
        const zs = flat.map((z) => new Value(z));
        f(...zs).backward();
        rows.forEach(([row, c], i) => {
          const total = row.reduce((a, z) => a + Math.exp(z), 0);
          row.forEach((z, j) => expect(zs[i * k + j]!.grad).toBeCloseTo((Math.exp(z) / total - (j === c ? 1 : 0)) / rows.length, 12));
        });
      }),
    );
  });

  it('large logits neither overflow nor give NaN', () => {
    const zs = [new Value(1000), new Value(0), new Value(-1000)];
    const right = softmaxCrossEntropyLoss([zs], [0]);
    right.backward({ checkFinite: true });
    expect(right.data).toBe(0);
    expect(zs.map((z) => z.grad)).toEqual([0, 0, 0]);
    const wrong = softmaxCrossEntropyLoss([[1000, 0, -1000]], [2]);
    expect(wrong.data).toBe(2000);
  });

  it('softmaxCrossEntropyLoss() rejects bad classes and ragged logits, naming them', () => {
    expect(() => softmaxCrossEntropyLoss([[1, 2, 3]], [3])).toThrow('softmaxCrossEntropyLoss: classes[0] must be an integer in [0, 2], got 3');
    expect(() => softmaxCrossEntropyLoss([[1, 2, 3]], [0.5])).toThrow(RangeError);
    expect(() => softmaxCrossEntropyLoss([[1, 2, 3], [1, 2]], [0, 1])).toThrow('softmaxCrossEntropyLoss: logits[1] has 2 entries, expected 3');
    expect(() => softmaxCrossEntropyLoss([[1, 'a' as unknown as number]], [0])).toThrow('softmaxCrossEntropyLoss: logits[0][1] must be a Value or a number, got string "a"');
    expect(() => softmaxCrossEntropyLoss([5 as unknown as number[]], [0])).toThrow(TypeError);
    expect(() => softmaxCrossEntropyLoss([[1, 2, 3]], [-1])).toThrow(new RangeError('softmaxCrossEntropyLoss: classes[0] must be an integer in [0, 2], got -1'));
    expect(() => softmaxCrossEntropyLoss([[1, 2], []], [0, 1])).toThrow(new RangeError('softmaxCrossEntropyLoss: logits[1] has 0 entries, expected 2 (one per class, as logits[0])'));
  });

  it('softmaxCrossEntropyLoss() refuses an empty first row, saying that a row needs one entry per class', () => {
    const message = 'softmaxCrossEntropyLoss: logits[0] is empty; each row needs one logit per class, at least one';
    expect(() => softmaxCrossEntropyLoss([[]], [0])).toThrow(new RangeError(message));
    expect(() => softmaxCrossEntropyLoss([[], []], [0, 0])).toThrow(new RangeError(message));
  });

  it('with one class the loss is 0 and so is its gradient: softmax of a single logit is 1', () => {
    const zs = [new Value(2), new Value(-7)];
    const loss = softmaxCrossEntropyLoss([[zs[0]!], [zs[1]!]], [0, 0]);
    loss.backward();
    expect(loss.data).toBe(0);
    expect(zs.map((z) => z.grad)).toEqual([0, 0]);
  });
});
