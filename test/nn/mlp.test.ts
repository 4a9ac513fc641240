import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Layer, MLP, Module, Neuron, Random, Value } from '../../src/index.js';
import { real } from '../support/arbitraries.js';
import { expectClose } from '../support/oracles.js';
import { centralDifference } from '../support/finite-difference.js';
import { checkGrads, gradientProperty } from '../../src/testing/index.js';

/** The forward pass written out with plain numbers from the parameters' data, in micrograd's order of operations. */
function byHand(model: MLP, x: readonly number[]): number[] {
  let h = [...x];
  model.layers.forEach((layer, l) => {
    const last = l === model.layers.length - 1;
    h = layer.neurons.map((n) => {
      let z = n.b.data;
      n.w.forEach((w, i) => (z = z + w.data * (h[i] as number)));
      if (last) return z;
      if (model.activation === 'relu') return z > 0 ? z : 0;
      if (model.activation === 'tanh') return Math.tanh(z);
      return 1 / (1 + Math.exp(-z));
    });
  });
  return h;
}

describe('MLP', () => {
  it('new MLP(2, [16, 16, 1]) has micrograd\'s 337 parameters', () => {
    expect(new MLP(2, [16, 16, 1]).parameters()).toHaveLength(337);
  });

  it('parameters() lists layer by layer, neuron by neuron, each neuron\'s weights then its bias', () => {
    const model = new MLP(3, [4, 2]);
    const expected: Value[] = [];
    for (const layer of model.layers) for (const n of layer.neurons) expected.push(...n.w, n.b);
    expect(model.parameters()).toEqual(expected);
    model.parameters().forEach((p, k) => expect(p).toBe(expected[k]));
    expect(model.layers[0]?.neurons[1]?.w).toHaveLength(3);
    expect(model.layers[1]?.neurons[0]?.w).toHaveLength(4);
  });

  it('weights start as the seeded generator\'s uniform(-1, 1) draws in parameter order, biases at 0', () => {
    const model = new MLP(2, [3, 2], { seed: 99 });
    const r = new Random(99);
    for (const layer of model.layers) {
      for (const n of layer.neurons) {
        for (const w of n.w) expect(w.data).toBe(r.uniform(-1, 1));
        expect(n.b.data).toBe(0);
      }
    }
  });

  it('the same seed gives the same model, another seed another one; the default seed is 0', () => {
    const data = (m: MLP) => m.parameters().map((p) => p.data);
    expect(data(new MLP(2, [4, 1], { seed: 5 }))).toEqual(data(new MLP(2, [4, 1], { seed: 5 })));
    expect(data(new MLP(2, [4, 1], { seed: 5 }))).not.toEqual(data(new MLP(2, [4, 1], { seed: 6 })));
    expect(data(new MLP(2, [4, 1]))).toEqual(data(new MLP(2, [4, 1], { seed: 0 })));
    expect(data(new MLP(2, [4, 1], { random: new Random(5) }))).toEqual(data(new MLP(2, [4, 1], { seed: 5 })));
  });

  it.each(['relu', 'tanh', 'sigmoid'] as const)('forward() with %s hidden layers equals the computation by hand, bit for bit', (activation) => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.tuple(real(-3, 3), real(-3, 3)), (seed, x) => {
        const model = new MLP(2, [5, 4, 2], { activation, seed });
        model.parameters().forEach((p, k) => (p.data += k % 3 === 0 ? 0.1 : 0)); // non-zero biases too
        expect(model.forward(x).map((v) => v.data)).toEqual(byHand(model, x));
      }),
      { numRuns: 50 },
    );
  });

  it('the last layer is linear: outputs can be negative after relu hidden layers', () => {
    const model = new MLP(1, [1, 1]);
    const [hidden, out] = model.layers as [Layer, Layer];
    (hidden.neurons[0] as Neuron).w[0]!.data = 1;
    (out.neurons[0] as Neuron).w[0]!.data = -2;
    expect(model.score([3]).data).toBe(-6);
    expect(out.neurons[0]?.activation).toBe('linear');
    expect(hidden.neurons[0]?.activation).toBe('relu');
  });

  it('backward() through forward() matches finite differences of forward() for every parameter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.constantFrom('tanh' as const, 'sigmoid' as const), (seed, activation) => {
        const model = new MLP(2, [3, 2], { activation, seed });
        model.parameters().forEach((p, k) => (p.data += 0.05 * (k % 5))); // non-zero biases
        const x = [0.3, -0.7];
        const f = () => {
          const [a, b] = model.forward(x) as [Value, Value];
          return a.mul(b).add(a);
        };
        model.zeroGrad();
        f().backward();
        const params = model.parameters();
        const start = params.map((p) => p.data);
        const fOf = (values: number[]) => {
          params.forEach((p, k) => (p.data = values[k] as number));
          return f().data;
        };
        params.forEach((p, k) => {
          const numeric = centralDifference(fOf, start, k);
          expectClose(p.grad, numeric, 1e-5, 1e-7, `d out / d parameter ${k} (${p.label})`);
        });
        params.forEach((p, k) => (p.data = start[k] as number));
      }),
      { numRuns: 15 },
    );
  });

  it('forward() takes Values, and gradients reach the inputs', () => {
    const model = new MLP(2, [3, 1], { activation: 'tanh', seed: 1 });
    const x = [new Value(0.5), new Value(-0.25)];
    model.score(x).backward();
    const eps = 1e-6;
    const at = (a: number, b: number) => model.score([a, b]).data;
    expect(x[0]!.grad).toBeCloseTo((at(0.5 + eps, -0.25) - at(0.5 - eps, -0.25)) / (2 * eps), 8);
    expect(x[1]!.grad).toBeCloseTo((at(0.5, -0.25 + eps) - at(0.5, -0.25 - eps)) / (2 * eps), 8);
  });

  it('zeroGrad() clears every parameter\'s gradient', () => {
    const model = new MLP(2, [3, 1], { seed: 1 });
    model.score([1, 2]).backward();
    expect(model.parameters().some((p) => p.grad !== 0)).toBe(true);
    model.zeroGrad();
    expect(model.parameters().every((p) => p.grad === 0)).toBe(true);
    expect(model).toBeInstanceOf(Module);
  });

  it('score() needs a network with one output', () => {
    expect(() => new MLP(2, [3]).score([1, 2])).toThrow(/MLP.score: the network has 3 outputs/);
  });

  it('forward() rejects inputs of the wrong length or type, naming them', () => {
    const model = new MLP(2, [3, 1]);
    expect(() => model.forward([1])).toThrow(RangeError);
    expect(() => model.forward([1])).toThrow('MLP.forward: expected 2 inputs, got 1');
    expect(() => model.forward([1, '2' as unknown as number])).toThrow(TypeError);
    expect(() => model.forward([1, '2' as unknown as number])).toThrow('MLP.forward: x[1] must be a Value or a number, got string "2"');
    expect(() => model.forward(3 as unknown as number[])).toThrow(/MLP.forward: x must be an array/);
  });

  it('the constructor rejects bad sizes, activations and seeds, naming them', () => {
    expect(() => new MLP(0, [1])).toThrow('new MLP: nin must be an integer >= 1, got number 0');
    expect(() => new MLP(2, [])).toThrow(/new MLP: nouts must be a non-empty array/);
    expect(() => new MLP(2, [3, 1.5])).toThrow('new MLP: nouts[1] must be an integer >= 1, got number 1.5');
    // A non-number is a TypeError, a number that is no size a RangeError.
    expect(() => new MLP(2, [3, '1' as unknown as number])).toThrow(new TypeError('new MLP: nouts[1] must be an integer >= 1, got string "1"'));
    expect(() => new MLP(2, [3, 0])).toThrow(new RangeError('new MLP: nouts[1] must be an integer >= 1, got number 0'));
    expect(() => new MLP(2, [1], { activation: 'linear' as 'relu' })).toThrow(/new MLP: activation must be one of relu, tanh, sigmoid/);
    expect(() => new MLP(2, [1], { seed: -1 })).toThrow(/new MLP: seed must be an integer/);
    expect(() => new MLP(2, [1], { seed: 1, random: new Random(1) })).toThrow(/give random or seed, not both/);
  });
});

describe('MLP checked with checkGrads (memograd/testing)', () => {
  it("a tanh and a sigmoid network's outputs have correct derivatives in their inputs to second order, by every path", () => {
    for (const activation of ['tanh', 'sigmoid'] as const) {
      const model = new MLP(3, [5, 4, 2], { activation, random: new Random(5) });
      fc.assert(
        gradientProperty((...x) => model.forward(x), [real(-2, 2), real(-2, 2), real(-2, 2)], { order: 2, inconclusive: 'fail' }),
        { numRuns: 10 },
      );
    }
  });

  it('a relu network passes at smooth points and is inconclusive, not failed, where a hidden unit sits on its kink', () => {
    const model = new MLP(1, [3, 1], { random: new Random(2) });
    const [neuron] = (model.layers[0] as Layer).neurons;
    // The first hidden unit's pre-activation is w·x + b: 0 at x = -b/w.
    const n = neuron as Neuron;
    const kink = -(n.b.data) / (n.w[0] as Value).data;
    const f = (x: Value) => model.score([x]);
    expect(checkGrads(f, [kink + 0.5]).status).toBe('pass');
    expect(checkGrads(f, [kink]).status).toBe('inconclusive');
  });
});
