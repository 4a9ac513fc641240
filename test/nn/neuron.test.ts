import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Module, Neuron, Random, Value } from '../../src/index.js';
import { real } from '../support/arbitraries.js';
import { expectClose } from '../support/oracles.js';
import { centralDifference } from '../support/finite-difference.js';

/** activation(b + w0·x0 + w1·x1 + ...) with plain numbers, summed from the bias as micrograd does. */
function byHand(w: readonly number[], b: number, x: readonly number[], activation: 'relu' | 'tanh' | 'sigmoid' | 'linear'): number {
  let z = b;
  w.forEach((wi, i) => (z = z + wi * (x[i] as number)));
  if (activation === 'relu') return z > 0 ? z : 0;
  if (activation === 'tanh') return Math.tanh(z);
  if (activation === 'sigmoid') return 1 / (1 + Math.exp(-z));
  return z;
}

describe('Neuron', () => {
  it('a Neuron computes activation(b + w0 x0 + w1 x1), summing from the bias as micrograd does', () => {
    const n = new Neuron(2, { activation: 'tanh', seed: 3 });
    n.b.data = 0.25;
    const [w0, w1] = n.w.map((w) => w.data) as [number, number];
    expect(n.forward([0.5, -2]).data).toBe(Math.tanh(0.25 + w0 * 0.5 + w1 * -2));
    expect(n.parameters()).toEqual([...n.w, n.b]);
    expect(n).toBeInstanceOf(Module);
  });

  it.each(['relu', 'tanh', 'sigmoid', 'linear'] as const)('forward() with %s equals the computation by hand, bit for bit', (activation) => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), real(-2, 2), fc.array(real(-3, 3), { minLength: 3, maxLength: 3 }), (seed, b, x) => {
        const n = new Neuron(3, { activation, seed });
        n.b.data = b;
        expect(n.forward(x).data).toBe(byHand(n.w.map((w) => w.data), b, x, activation));
      }),
      { numRuns: 50 },
    );
  });

  it('a relu Neuron is the default, as micrograd\'s nonlin=True', () => {
    const n = new Neuron(1);
    n.w[0]!.data = 1;
    expect(n.forward([-3]).data).toBe(0);
    expect(n.forward([3]).data).toBe(3);
  });

  it.each(['tanh', 'sigmoid', 'linear'] as const)('backward() through a %s Neuron matches finite differences for the weights, the bias and the inputs', (activation) => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.array(real(-2, 2), { minLength: 2, maxLength: 2 }), (seed, xs) => {
        const n = new Neuron(2, { activation, seed });
        n.b.data = 0.1;
        const x = xs.map((v) => new Value(v));
        n.forward(x).backward();
        // All five numbers the output depends on: w0, w1, b, x0, x1.
        const at = [...n.w.map((w) => w.data), n.b.data, ...xs];
        const f = (v: number[]) => byHand(v.slice(0, 2), v[2] as number, v.slice(3), activation);
        const grads = [...n.w.map((w) => w.grad), n.b.grad, ...x.map((v) => v.grad)];
        grads.forEach((g, k) => expectClose(g, centralDifference(f, at, k), 1e-6, 1e-8, `d out / d input ${k}`));
      }),
      { numRuns: 30 },
    );
  });

  it('labels its parameters w0, w1, ... and b, after an optional prefix', () => {
    expect(new Neuron(3).parameters().map((p) => p.label)).toEqual(['w0', 'w1', 'w2', 'b']);
    expect(new Neuron(2, { label: 'l1.n4.' }).parameters().map((p) => p.label)).toEqual(['l1.n4.w0', 'l1.n4.w1', 'l1.n4.b']);
  });

  it('draws its weights in order from the generator: a seed and a Random of that seed give the same neuron', () => {
    const r = new Random(7);
    const expected = [r.uniform(-1, 1), r.uniform(-1, 1), r.uniform(-1, 1)];
    expect(new Neuron(3, { seed: 7 }).w.map((w) => w.data)).toEqual(expected);
    const shared = new Random(7);
    expect(new Neuron(3, { random: shared }).w.map((w) => w.data)).toEqual(expected);
    // The generator moved on: the next neuron gets the next numbers.
    expect(new Neuron(1, { random: shared }).w[0]?.data).toBe(r.uniform(-1, 1));
  });

  it('Neuron checks its inputs and options, naming them', () => {
    expect(() => new Neuron(2).forward([1, 2, 3])).toThrow('Neuron.forward: expected 2 inputs, got 3');
    expect(() => new Neuron(2).forward([1, null as unknown as number])).toThrow('Neuron.forward: x[1] must be a Value or a number, got null');
    expect(() => new Neuron(0)).toThrow('new Neuron: nin must be an integer >= 1, got number 0');
    expect(() => new Neuron(2, { activation: 'gelu' as 'relu' })).toThrow(/new Neuron: activation must be one of relu, tanh, sigmoid, linear/);
    expect(() => new Neuron(2, null as unknown as object)).toThrow(TypeError);
  });
});
