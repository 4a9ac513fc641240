import { describe, expect, it } from 'vitest';
import {
  Adam,
  AdamW,
  Layer,
  MLP,
  Neuron,
  SGD,
  Value,
  buildToyNetwork,
  compile,
  compileBatch,
  gradcheck,
  gradients,
  grad,
  jacobian,
  hessian,
  hvp,
  makeCircles,
  makeMoons,
  makeSpiral,
  pathSumGradient,
  toDot,
  toyNetworkDot,
  toyWalkthrough,
  trainTestSplit,
  valueAndGrad,
} from '../src/index.js';
import { renderSvg, toSvg } from '../src/svg.js';
import { TOY_EXAMPLE_PARAMS } from '../src/seed/walkthrough.js';

// Every public function or constructor that takes an options object: how to call it with `options`
// in that place, and the name its error must start with.
const x = () => new Value(2, 'x');
const square = (v: Value) => v.mul(v);
const CALLS: [string, (options: unknown) => unknown][] = [
  ['backward', (o) => square(x()).backward(o as never)],
  ['gradients', (o) => { const v = x(); return gradients(square(v), [v], o as never); }],
  ['grad', (o) => grad(square, 0, o as never)],
  ['valueAndGrad', (o) => valueAndGrad(square, 0, o as never)],
  ['hessian', (o) => hessian(square, o as never)],
  ['hvp', (o) => hvp(square, [1], [1], o as never)],
  ['gradcheck', (o) => gradcheck(square, [1], o as never)],
  ['compile', (o) => compile(square(x()), o as never)],
  ['compileBatch', (o) => compileBatch((v: Value) => square(v), o as never)],
  ['jacobian', (o) => jacobian((v) => [square(v)], o as never)],
  ['toDot', (o) => toDot(x(), o as never)],
  ['toSvg', (o) => toSvg('digraph {}', o as never)],
  ['renderSvg', (o) => renderSvg(x(), o as never)],
  ['toyNetworkDot', (o) => toyNetworkDot(buildToyNetwork(TOY_EXAMPLE_PARAMS, 'sigmoid'), o as never)],
  ['pathSumGradient', (o) => { const v = x(); return pathSumGradient(square(v), v, o as never); }],
  ['toyWalkthrough', (o) => toyWalkthrough(o as never)],
  ['new Neuron', (o) => new Neuron(2, o as never)],
  ['new Layer', (o) => new Layer(2, 2, o as never)],
  ['new MLP', (o) => new MLP(2, [2, 1], o as never)],
  ['new SGD', (o) => new SGD([x()], o as never)],
  ['new Adam', (o) => new Adam([x()], o as never)],
  ['new AdamW', (o) => new AdamW([x()], o as never)],
  ['makeMoons', (o) => makeMoons(10, o as never)],
  ['makeCircles', (o) => makeCircles(10, o as never)],
  ['makeSpiral', (o) => makeSpiral(10, o as never)],
  ['trainTestSplit', (o) => trainTestSplit(makeMoons(10), o as never)],
];

describe('the options argument of every public function', () => {
  it.each(CALLS)('%s(…, options) with options null, a number, a string, an array or a function throws a TypeError naming it', async (name, call) => {
    for (const [bad, shown] of [[null, 'null'], [5, 'number 5'], ['lr', 'string "lr"'], [[], 'an array of length 0'], [() => 1, 'a function']] as const) {
      let error: unknown;
      try {
        await call(bad);
      } catch (e) {
        error = e;
      }
      expect(error, `${name} with ${shown}`).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(`${name}: options must be an object, got ${shown}`);
    }
  });

  it.each(CALLS.filter(([name]) => !['new SGD'].includes(name)))('%s(…, options) accepts an empty options object', async (_, call) => {
    try {
      await call({});
    } catch (e) {
      // toSvg and renderSvg need the optional Graphviz package; without it they fail later, not on the options.
      expect((e as Error).message).not.toMatch(/options/);
    }
  });

  it('backward() and gradients() check checkFinite is a boolean', () => {
    const v = x();
    expect(() => square(v).backward({ checkFinite: 'yes' } as never)).toThrow(new TypeError('backward: checkFinite must be a boolean, got string "yes"'));
    expect(() => gradients(square(v), [v], { checkFinite: 1 } as never)).toThrow(new TypeError('gradients: checkFinite must be a boolean, got number 1'));
  });
});
