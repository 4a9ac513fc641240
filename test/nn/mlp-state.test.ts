import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MLP } from '../../src/index.js';
import type { MLPState } from '../../src/index.js';
import { real } from '../support/arbitraries.js';

const snapshot = (m: MLP) => m.parameters().map((p) => p.data);

/** A valid state of MLP(2, [3, 1]) to corrupt. */
function state(): MLPState {
  return new MLP(2, [3, 1], { seed: 11 }).toJSON();
}

describe('MLP state: toJSON, loadState, fromJSON', () => {
  it('toJSON() gives the architecture and every parameter, layer by layer and neuron by neuron', () => {
    const model = new MLP(2, [3, 1], { activation: 'tanh', seed: 2 });
    const s = model.toJSON();
    expect(s).toMatchObject({ format: 'memograd-mlp', version: 1, nin: 2, nouts: [3, 1], activation: 'tanh' });
    expect(s.layers.flatMap((l) => l.flatMap((n) => [...n.w, n.b]))).toEqual(snapshot(model));
    expect(s.layers[0]?.[2]?.w).toEqual(model.layers[0]?.neurons[2]?.w.map((v) => v.data));
  });

  it.each([NaN, Infinity, -Infinity])('toJSON() refuses a parameter that is %s, naming it, rather than write null', (bad) => {
    const model = new MLP(2, [3, 1], { seed: 2 });
    model.layers[1]!.neurons[0]!.w[2]!.data = bad;
    const message = `MLP.toJSON: layers[1][0].w[2] is ${bad}; a model with a non-finite parameter cannot be saved (it could not be loaded)`;
    expect(() => model.toJSON()).toThrow(new RangeError(message));
    expect(() => JSON.stringify(model)).toThrow(new RangeError(message));
    model.layers[1]!.neurons[0]!.w[2]!.data = 0;
    model.layers[0]!.neurons[1]!.b.data = bad;
    expect(() => model.toJSON()).toThrow(/^MLP\.toJSON: layers\[0\]\[1\]\.b is /);
  });

  it('a state round-trips through JSON text exactly, for any finite parameters', () => {
    fc.assert(
      fc.property(
        // `+ 0` turns -0 into 0: JSON has no negative zero (documented), every other double round-trips.
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0), { minLength: 13, maxLength: 13 }),
        (values) => {
          const model = new MLP(2, [3, 1], { seed: 1 });
          model.parameters().forEach((p, k) => (p.data = values[k] as number));
          const text = JSON.stringify(model);
          const copy = new MLP(2, [3, 1], { seed: 2 }).loadState(text);
          snapshot(copy).forEach((x, k) => expect(Object.is(x, values[k])).toBe(true));
          expect(snapshot(MLP.fromJSON(text))).toEqual(values);
          expect(snapshot(new MLP(2, [3, 1]).loadState(JSON.parse(text) as MLPState))).toEqual(values);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('fromJSON() rebuilds the architecture, and the copy computes what the original does', () => {
    const model = new MLP(2, [4, 3, 2], { activation: 'sigmoid', seed: 8 });
    const copy = MLP.fromJSON(JSON.stringify(model));
    expect(copy.nouts).toEqual([4, 3, 2]);
    expect(copy.activation).toBe('sigmoid');
    fc.assert(
      fc.property(real(-3, 3), real(-3, 3), (a, b) => {
        expect(copy.forward([a, b]).map((v) => v.data)).toEqual(model.forward([a, b]).map((v) => v.data));
      }),
      { numRuns: 30 },
    );
  });

  // Each corrupt state: what to do to a valid one, the error's type, and what the message must say.
  const corrupt: [string, (s: Record<string, unknown> & MLPState) => unknown, ErrorConstructor, RegExp][] = [
    ['a neuron too few (wrong count)', (s) => (s.layers[0]?.pop(), s), RangeError, /layers\[0\] has 2 neurons, expected 3 \(nouts\[0\]\)/],
    ['a weight too many (wrong count)', (s) => (s.layers[1]?.[0]?.w.push(0.5), s), RangeError, /layers\[1\]\[0\]\.w has 4 weights, expected 3/],
    ['a layer too few (wrong shape)', (s) => (s.layers.pop(), s), RangeError, /layers has 1 layers, expected 2/],
    ['another architecture (wrong shape)', () => new MLP(2, [4, 1]).toJSON(), RangeError, /another architecture: nouts \[4, 1\] \(this model: \[3, 1\]\)/],
    ['another activation', () => new MLP(2, [3, 1], { activation: 'tanh' }).toJSON(), RangeError, /activation tanh \(this model: relu\)/],
    ['another input size', () => new MLP(3, [3, 1]).toJSON(), RangeError, /nin 3 \(this model: 2\)/],
    ['a string for a weight', (s) => ((s.layers[0]![1]!.w[1] as unknown) = '0.5', s), TypeError, /layers\[0\]\[1\]\.w\[1\] must be a finite number, got string "0\.5"/],
    ['a string for the state', () => 'hello', SyntaxError, /the state is not valid JSON/],
    ['a JSON string for the state', () => '"hello"', TypeError, /the state must be an object .*got string "hello"/],
    ['NaN for a weight', (s) => ((s.layers[1]![0]!.w[2] as number) = NaN, s), RangeError, /layers\[1\]\[0\]\.w\[2\] must be a finite number, got number NaN/],
    ['Infinity for a bias', (s) => ((s.layers[0]![2]!.b as number) = Infinity, s), RangeError, /layers\[0\]\[2\]\.b must be a finite number, got number Infinity/],
    ['a missing bias', (s) => (delete (s.layers[0]![0] as Partial<{ b: number }>).b, s), TypeError, /layers\[0\]\[0\]\.b must be a finite number, got undefined/],
    ['truncated JSON', (s) => JSON.stringify(s).slice(0, 120), SyntaxError, /the state is not valid JSON/],
    ['NaN in JSON text', (s) => JSON.stringify(s).replace(/"b":0/, '"b":NaN'), SyntaxError, /the state is not valid JSON/],
    ['null', () => null, TypeError, /the state must be an object/],
    ['an array', () => [], TypeError, /the state must be an object .*got an array of length 0/],
    ['a wrong format', (s) => ((s.format as string) = 'pytorch', s), RangeError, /format must be "memograd-mlp", got string "pytorch"/],
    ['a wrong version', (s) => ((s.version as number) = 2, s), RangeError, /version must be 1, got number 2/],
    ['weights not an array', (s) => ((s.layers[0]![0]!.w as unknown) = { 0: 1, 1: 2 }, s), TypeError, /layers\[0\]\[0\]\.w must be an array of weights/],
    ['nouts not sizes', (s) => ((s.nouts as unknown[]) = [3, '1'], s), TypeError, /nouts\[1\] must be an integer >= 1, got string "1"/],
    ['a layer size of 0', (s) => ((s.nouts as unknown[]) = [3, 0], s), RangeError, /nouts\[1\] must be an integer >= 1, got number 0$/],
    ['an empty nouts', (s) => ((s.nouts as unknown[]) = [], s), RangeError, /nouts must be a non-empty array of layer sizes, got an array of length 0$/],
    ['nouts not an array', (s) => ((s.nouts as unknown) = '3,1', s), TypeError, /nouts must be a non-empty array of layer sizes, got string "3,1"$/],
    ['an input size of 0', (s) => ((s.nin as number) = 0, s), RangeError, /: nin must be an integer >= 1, got number 0$/],
    ['a fractional input size', (s) => ((s.nin as number) = 1.5, s), RangeError, /: nin must be an integer >= 1, got number 1\.5$/],
    ['an input size as a string', (s) => ((s.nin as unknown) = '2', s), TypeError, /: nin must be an integer >= 1, got string "2"$/],
    ['an unknown activation', (s) => ((s.activation as string) = 'gelu', s), RangeError, /: activation must be relu, tanh or sigmoid, got string "gelu"$/],
    ['an activation not a string', (s) => ((s.activation as unknown) = 1, s), TypeError, /: activation must be relu, tanh or sigmoid, got number 1$/],
    ['layers not an array', (s) => ((s.layers as unknown) = { 0: [], 1: [] }, s), TypeError, /: layers must be an array, got /],
    ['layers null', (s) => ((s.layers as unknown) = null, s), TypeError, /: layers must be an array, got null$/],
    ['a version as a string', (s) => ((s.version as unknown) = '1', s), TypeError, /: version must be 1, got string "1"$/],
  ];

  it.each(corrupt)('loadState() refuses %s with a clear error and leaves the model untouched', (_, make, type, message) => {
    const model = new MLP(2, [3, 1], { seed: 5 });
    const before = snapshot(model);
    const bad = make(state() as Record<string, unknown> & MLPState) as MLPState;
    let error: unknown;
    try {
      model.loadState(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(/^MLP\.loadState: /);
    expect((error as Error).message).toMatch(message);
    expect(snapshot(model)).toEqual(before);
  });

  it.each(corrupt.filter(([name]) => !/another/.test(name)))('fromJSON() refuses %s too', (_, make, type, message) => {
    const bad = make(state() as Record<string, unknown> & MLPState) as MLPState;
    expect(() => MLP.fromJSON(bad)).toThrow(type);
    expect(() => MLP.fromJSON(bad)).toThrow(message);
  });

  it('a state bad only in its very last number changes nothing: everything is checked before anything is set', () => {
    const model = new MLP(2, [3, 1], { seed: 5 });
    const before = snapshot(model);
    const s = new MLP(2, [3, 1], { seed: 6 }).toJSON();
    (s.layers[1]![0]!.b as number) = NaN;
    expect(() => model.loadState(s)).toThrow('MLP.loadState: layers[1][0].b must be a finite number, got number NaN');
    expect(snapshot(model)).toEqual(before);
  });

  it('loadState() returns the model, and its result is independent of the state object', () => {
    const model = new MLP(2, [3, 1]);
    const s = new MLP(2, [3, 1], { seed: 9 }).toJSON();
    expect(model.loadState(s)).toBe(model);
    s.layers[0]![0]!.w[0] = 123;
    expect(model.layers[0]?.neurons[0]?.w[0]?.data).not.toBe(123);
  });

  it('loadState() reads the entries of an array below its length only: a proxy is asked for no index past the end', () => {
    const s = state();
    /** The array as a proxy that logs the indices asked for with `in`. */
    const watch = (target: number[], asked: string[]): number[] =>
      new Proxy(target, { has: (t, key) => (asked.push(String(key)), Reflect.has(t, key)) });
    const noutsAsked: string[] = [];
    const wAsked: string[] = [];
    (s as { nouts: number[] }).nouts = watch([3, 1], noutsAsked);
    s.layers[1]![0]!.w = watch([...s.layers[1]![0]!.w], wAsked);
    const copy = new MLP(2, [3, 1]).loadState(s);
    expect(copy.parameters().map((p) => p.data)).toEqual(new MLP(2, [3, 1], { seed: 11 }).parameters().map((p) => p.data));
    expect(noutsAsked).toEqual(['0', '1']);
    expect(wAsked).toEqual(['0', '1', '2']);
  });

  it('loadState() names every mismatch of the architecture, separated by commas', () => {
    const other = new MLP(3, [3, 1], { activation: 'tanh' }).toJSON();
    expect(() => new MLP(2, [3, 1]).loadState(other)).toThrow(
      new RangeError('MLP.loadState: the state is for another architecture: nin 3 (this model: 2), activation tanh (this model: relu)'),
    );
  });

  it('loadState() and fromJSON() read each field of the state once: a getter that answers a number and then a string loads the number', () => {
    const model = new MLP(2, [1], { seed: 3 });
    const state = model.toJSON() as unknown as Record<string, unknown>;
    const reads = new Map<string, number>();
    /** Makes obj[key] a getter that answers its value the first time and a string after. */
    const fickle = (obj: object, key: string | number, path: string) => {
      const value = (obj as Record<string | number, unknown>)[key];
      Object.defineProperty(obj, key, {
        enumerable: true,
        get: () => {
          reads.set(path, (reads.get(path) ?? 0) + 1);
          return reads.get(path) === 1 ? value : 'not a number';
        },
      });
    };
    const neuron = (state.layers as { w: number[]; b: number }[][])[0]![0]!;
    fickle(neuron, 'b', 'b');
    fickle(neuron.w, 1, 'w[1]');
    fickle(neuron, 'w', 'w');
    fickle(state.nouts as number[], 0, 'nouts[0]');
    for (const key of ['format', 'version', 'nin', 'nouts', 'activation', 'layers']) fickle(state, key, key);
    const copy = new MLP(2, [1], { seed: 9 }).loadState(state as never);
    expect(copy.parameters().map((p) => p.data)).toEqual(model.parameters().map((p) => p.data));
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    reads.clear();
    expect(MLP.fromJSON(state as never).parameters().map((p) => p.data)).toEqual(model.parameters().map((p) => p.data));
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
  });
});
