import { describe, expect, it } from 'vitest';
import { Layer, Module, Neuron, Random, Value } from '../../src/index.js';

describe('Layer', () => {
  it('a Layer applies each neuron to the same inputs and lists their parameters in order', () => {
    const layer = new Layer(2, 3, { seed: 4, activation: 'linear' });
    expect(layer.forward([1, 2]).map((v) => v.data)).toEqual(layer.neurons.map((n) => n.forward([1, 2]).data));
    expect(layer.parameters()).toEqual(layer.neurons.flatMap((n) => [...n.w, n.b]));
    expect(layer).toBeInstanceOf(Module);
  });

  it('draws neuron after neuron from one generator: the same weights as neurons built in turn from a Random of the seed', () => {
    const layer = new Layer(3, 4, { seed: 9, activation: 'tanh' });
    const random = new Random(9);
    const neurons = Array.from({ length: 4 }, () => new Neuron(3, { random, activation: 'tanh' }));
    expect(layer.parameters().map((p) => p.data)).toEqual(neurons.flatMap((n) => n.parameters().map((p) => p.data)));
    expect(layer.neurons.every((n) => n.activation === 'tanh')).toBe(true);
  });

  it('labels neuron j\'s parameters n<j>.w<i> and n<j>.b, after an optional prefix', () => {
    expect(new Layer(2, 2).parameters().map((p) => p.label)).toEqual(['n0.w0', 'n0.w1', 'n0.b', 'n1.w0', 'n1.w1', 'n1.b']);
    expect(new Layer(1, 1, { label: 'l2.' }).parameters().map((p) => p.label)).toEqual(['l2.n0.w0', 'l2.n0.b']);
  });

  it('backward() through a Layer reaches every neuron\'s parameters and sums into shared inputs', () => {
    const layer = new Layer(2, 3, { seed: 1, activation: 'linear' });
    const x = [new Value(0.5), new Value(-1)];
    const outs = layer.forward(x);
    outs.reduce((a, b) => a.add(b)).backward();
    // d(sum of linear neurons)/dx_i = sum over neurons of w_i; d/dw_i = x_i; d/db = 1.
    expect(x[0]?.grad).toBe(layer.neurons.reduce((s, n) => s + (n.w[0] as Value).data, 0));
    for (const n of layer.neurons) expect([n.w[0]?.grad, n.w[1]?.grad, n.b.grad]).toEqual([0.5, -1, 1]);
  });

  it('Layer checks its sizes, inputs and options, naming them', () => {
    expect(() => new Layer(2, 0)).toThrow('new Layer: nout must be an integer >= 1, got number 0');
    expect(() => new Layer(1.5, 2)).toThrow('new Layer: nin must be an integer >= 1, got number 1.5');
    expect(() => new Layer(2, 2).forward([1])).toThrow('Layer.forward: expected 2 inputs, got 1');
    expect(() => new Layer(2, 2, { seed: 1, random: new Random(1) })).toThrow('new Layer: give random or seed, not both');
    expect(() => new Layer(2, 2, { activation: 'softmax' as 'relu' })).toThrow(/new Layer: activation must be one of/);
  });
});
