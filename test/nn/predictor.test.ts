import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MLP, Value, argmax } from '../../src/index.js';
import { real, withEdges } from '../support/arbitraries.js';

/** A double of any kind: ordinary ones, the IEEE edges (±0, NaN, subnormals, the largest) and ±Infinity. */
const anyDouble = fc.oneof({ arbitrary: withEdges(real(-3, 3)), weight: 4 }, { arbitrary: fc.constantFrom(Infinity, -Infinity), weight: 1 });

/** The same numbers bit for bit (Object.is: -0 is not 0, NaN is NaN), entry by entry, with the first difference named. */
function expectSame(got: ArrayLike<number>, expected: readonly number[]): void {
  expect(got.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(got[i], expected[i])) throw new Error(`output ${i}: predictor ${got[i]}, Value forward ${expected[i]}`);
  }
}

const architecture = fc.record({
  nin: fc.integer({ min: 1, max: 3 }),
  nouts: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
  activation: fc.constantFrom('relu', 'tanh', 'sigmoid' as const),
});

describe('MLP.predictor', () => {
  it('predictor() gives forward()\'s data bit for bit, for random architectures, weights and inputs, special values included', () => {
    fc.assert(
      fc.property(
        architecture.chain((a) => {
          const count = new MLP(a.nin, a.nouts).parameters().length;
          return fc.record({
            a: fc.constant(a),
            weights: fc.array(anyDouble, { minLength: count, maxLength: count }),
            x: fc.array(anyDouble, { minLength: a.nin, maxLength: a.nin }),
          });
        }),
        ({ a, weights, x }) => {
          const model = new MLP(a.nin, a.nouts, { activation: a.activation });
          model.parameters().forEach((p, k) => (p.data = weights[k] as number));
          expectSame(model.predictor()(x), model.forward(x).map((v) => v.data));
        },
      ),
      { numRuns: 400 },
    );
  });

  it.each(['relu', 'tanh', 'sigmoid'] as const)('predictor() gives forward()\'s data bit for bit on seeded models (%s)', (activation) => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), real(-4, 4), real(-4, 4), (seed, a, b) => {
        const model = new MLP(2, [6, 5, 3], { activation, seed });
        model.parameters().forEach((p, k) => (p.data += (k % 7) * 0.03));
        expectSame(model.predictor()([a, b]), model.forward([a, b]).map((v) => v.data));
      }),
      { numRuns: 60 },
    );
  });

  it('computes b + w0·x0 + w1·x1, then the activation, on a network set by hand', () => {
    const model = new MLP(2, [2, 1]);
    // Hidden: relu(0.5 + 1·x0 - 2·x1) and relu(-1 + 3·x0 + 0·x1); output: 0.25 + 2·h0 - 1·h1.
    [1, -2, 0.5, 3, 0, -1, 2, -1, 0.25].forEach((v, k) => ((model.parameters()[k] as Value).data = v));
    expect(model.predictor()([1, 0.5])).toEqual([0.25 + 2 * 0.5 - 1 * 2]);
    expect(model.predictor()([-1, 1])).toEqual([0.25]); // both hidden units off
  });

  it('relu passes a NaN on, as Value.relu does (a NaN is not clipped to 0)', () => {
    const model = new MLP(1, [1, 1]);
    model.parameters().forEach((p) => (p.data = 1));
    expect(model.predictor()([NaN])).toEqual([NaN]);
    expect(model.predictor()([-5])).toEqual([1]); // relu(-4) = 0, then 0·1 + 1
    expect(Object.is(model.predictor()([-1])[0], 1)).toBe(true);
  });

  it('copies the weights when made: later changes to the model do not move it, a new predictor sees them', () => {
    const model = new MLP(2, [3, 1], { seed: 1 });
    const before = model.score([1, 1]).data;
    const predict = model.predictor();
    model.parameters().forEach((p) => (p.data += 1));
    expect(predict([1, 1])).toEqual([before]);
    expect(model.predictor()([1, 1])).toEqual([model.score([1, 1]).data]);
    expect(model.predictor()([1, 1])).not.toEqual([before]);
  });

  it('returns a new array at each call, or writes into out (an array or a Float64Array) and returns it', () => {
    const model = new MLP(2, [4, 3], { seed: 3, activation: 'tanh' });
    const predict = model.predictor();
    const first = predict([0.1, 0.2]);
    const second = predict([-0.3, 0.9]);
    expect(first).not.toBe(second);
    expect(first).toEqual(model.forward([0.1, 0.2]).map((v) => v.data)); // not overwritten by the second call
    const typed = new Float64Array(3);
    expect(predict([-0.3, 0.9], typed)).toBe(typed);
    expect([...typed]).toEqual(second);
    const plain = [7, 7, 7];
    expect(predict([-0.3, 0.9], plain)).toBe(plain);
    expect(plain).toEqual(second);
  });

  it('refuses inputs that are not nin numbers, and an out of the wrong kind or length, naming MLP.predictor', () => {
    const predict = new MLP(2, [3, 2]).predictor() as (x: unknown, out?: unknown) => unknown;
    expect(() => predict('ab')).toThrow(new TypeError('MLP.predictor: x must be an array of numbers, got string "ab"'));
    expect(() => predict([1])).toThrow(new RangeError('MLP.predictor: expected 2 inputs, got 1'));
    expect(() => predict([1, new Value(2)])).toThrow(/^MLP\.predictor: x\[1\] must be a number, got an object \(Value\)/);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => predict([1, ,])).toThrow(new TypeError('MLP.predictor: x[1] must be a number, got a hole (a missing entry)'));
    const out = (got: string) => `MLP.predictor: out must be an array or a Float64Array of 2 entries (one per output), got ${got}`;
    expect(() => predict([1, 2], new Float64Array(3))).toThrow(new RangeError(out('a Float64Array of 3')));
    expect(() => predict([1, 2], [0])).toThrow(new RangeError(out('an array of 1')));
    expect(() => predict([1, 2], new Float32Array(2))).toThrow(new TypeError(out('an object (Float32Array) {0, 1}')));
  });
});

describe('argmax', () => {
  it('gives the index of the largest entry, the first at a tie, -1 if one is NaN, for arrays and Float64Arrays', () => {
    expect([argmax([1, 3, 2]), argmax([2, 2]), argmax([1, NaN, 0]), argmax([0, -0]), argmax([-Infinity, -1])]).toEqual([1, 0, -1, 0, 1]);
    expect([argmax(Float64Array.of(1, 3, 2)), argmax(Float64Array.of(5, 5)), argmax(Float64Array.of(1, 0, NaN))]).toEqual([1, 0, -1]);
  });

  it('picks the class of predictor() on a three-class model as the largest of forward()\'s outputs', () => {
    const model = new MLP(2, [5, 3], { seed: 4 });
    for (const x of [[0, 0], [1, -1], [-0.5, 2]]) {
      const d = model.forward(x).map((v) => v.data);
      expect(argmax(model.predictor()(x))).toBe(d.indexOf(Math.max(...d)));
    }
  });

  it('refuses what is not an array of numbers, holes included, naming argmax', () => {
    expect(() => argmax('12' as unknown as number[])).toThrow(new TypeError('argmax: xs must be an array of numbers, got string "12"'));
    expect(() => argmax([1, '2'] as unknown as number[])).toThrow(new TypeError('argmax: xs[1] must be a number, got string "2"'));
    expect(() => argmax(new Array<number>(2))).toThrow(new TypeError('argmax: xs[0] must be a number, got a hole (a missing entry)'));
  });
});
