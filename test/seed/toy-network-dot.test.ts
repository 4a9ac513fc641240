import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TOY_ACTIVATIONS, TOY_EXAMPLE_PARAMS, Value, buildToyNetwork, toyDeltaRule, toyNetworkDot } from '../../src/index.js';
import { toSvg } from '../../src/svg.js';
import type { ToyActivation, ToyNetwork, ToyParams } from '../../src/index.js';
import { kinkFreeParams, smoothParams } from '../support/arbitraries.js';
import { readDot, svgTexts, type ReadNode } from '../support/graphviz.js';

/** The post's equations as edges (node → what it feeds), with the typo corrected: z1(3) = a1(2) w5 + a2(2) w6. */
const POST_EDGES: readonly string[] = [
  'x1 x1w1', 'w1 x1w1', 'x2 x2w3', 'w3 x2w3', 'x1 x1w2', 'w2 x1w2', 'x2 x2w4', 'w4 x2w4',
  'x1w1 z1_2', 'x2w3 z1_2', 'x1w2 z2_2', 'x2w4 z2_2',
  'z1_2 a1_2', 'z2_2 a2_2',
  'a1_2 a1w5', 'w5 a1w5', 'a2_2 a2w6', 'w6 a2w6',
  'a1w5 z1_3', 'a2w6 z1_3', 'z1_3 a1_3',
  'y error', 'a1_3 error', 'error squaredError', 'squaredError E',
];

/** The post's name for each box. */
const NAMES: Readonly<Record<string, string>> = {
  x1: 'x1', x2: 'x2', y: 'y', w1: 'w1', w2: 'w2', w3: 'w3', w4: 'w4', w5: 'w5', w6: 'w6',
  x1w1: 'x1·w1', x2w3: 'x2·w3', x1w2: 'x1·w2', x2w4: 'x2·w4',
  z1_2: 'z1(2)', z2_2: 'z2(2)', a1_2: 'a1(2)', a2_2: 'a2(2)', a1w5: 'a1(2)·w5', a2w6: 'a2(2)·w6',
  z1_3: 'z1(3)', a1_3: 'a1(3) = ŷ', error: 'y − ŷ', squaredError: '(y − ŷ)²', E: 'E = (y − ŷ)² / 2',
};

/** A box's rows as Graphviz read them: [header, value row, gradient row?], each a list of cells. */
function rows(nodes: readonly ReadNode[], name: string): string[][] {
  const node = nodes.find((n) => n.name === name);
  if (node === undefined) throw new Error(`no box ${name}`);
  return node.text.split('\n').map((r) => r.split('|'));
}

/** |shown - exact| is within half a unit of the 4th significant digit. */
function expectShown(text: string, exact: number): void {
  const shown = Number(text);
  expect(Math.abs(shown - exact)).toBeLessThanOrEqual(5e-4 * Math.abs(exact) * (1 + 1e-9));
}

function drawn(params: ToyParams, activation: ToyActivation): { net: ToyNetwork; dot: string } {
  const net = buildToyNetwork(params, activation);
  net.E.backward();
  return { net, dot: toyNetworkDot(net) };
}

describe('toyNetworkDot()', () => {
  it("toyNetworkDot() draws each node of the network once, named as in the post, joined by the post's equations", async () => {
    const { dot } = drawn(TOY_EXAMPLE_PARAMS, 'sigmoid');
    const { nodes, edges } = await readDot(dot);
    expect(nodes.map((n) => n.name).sort()).toEqual(Object.keys(NAMES).sort());
    for (const [name, postName] of Object.entries(NAMES)) expect(rows(nodes, name)[0]?.[1]).toBe(postName);
    expect(edges.map(([a, b]) => `${a} ${b}`).sort()).toEqual([...POST_EDGES].sort());
  });

  it("toyNetworkDot() lays the boxes out left to right in the columns of the post's Figure 2", () => {
    const { dot } = drawn(TOY_EXAMPLE_PARAMS, 'tanh');
    const ranks = [...dot.matchAll(/\{ rank=same; ([^}]*); \}/g)].map((m) => (m[1] as string).split('; ').sort());
    expect(ranks).toEqual([
      ['w1', 'w2', 'w3', 'w4', 'x1', 'x2'],
      ['x1w1', 'x1w2', 'x2w3', 'x2w4'],
      ['z1_2', 'z2_2'],
      ['a1_2', 'a2_2', 'w5', 'w6'],
      ['a1w5', 'a2w6'],
      ['z1_3'],
      ['a1_3', 'y'],
      ['error'],
      ['squaredError'],
      ['E'],
    ]);
    expect(dot).toContain('rankdir=LR');
  });

  it("toyNetworkDot() shows on the z boxes the post's deltas and on the weights dE/dw by its delta rule (the delta rule by hand as oracle)", async () => {
    const cases = fc.oneof(
      fc.tuple(smoothParams, fc.constantFrom<ToyActivation>('sigmoid', 'tanh')),
      fc.tuple(kinkFreeParams, fc.constant<ToyActivation>('relu')),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ([params, activation]) => {
        const { nodes } = await readDot(drawn(params, activation).dot);
        const rule = toyDeltaRule(params, activation);
        const deltas: [string, string, number][] = [
          ['z1_3', 'δ1(3) = ∂E/∂z1(3)', rule.deltas.delta1_3],
          ['z1_2', 'δ1(2) = ∂E/∂z1(2)', rule.deltas.delta1_2],
          ['z2_2', 'δ2(2) = ∂E/∂z2(2)', rule.deltas.delta2_2],
        ];
        for (const [box, label, delta] of deltas) {
          const [name, shown] = rows(nodes, box)[2] as string[];
          expect(name).toBe(label);
          expectShown(shown as string, delta);
        }
        const weights: [string, string, number][] = [
          ['w1', 'δ1(2)·x1', rule.gradients.w1], ['w2', 'δ2(2)·x1', rule.gradients.w2],
          ['w3', 'δ1(2)·x2', rule.gradients.w3], ['w4', 'δ2(2)·x2', rule.gradients.w4],
          ['w5', 'δ1(3)·a1(2)', rule.gradients.w5], ['w6', 'δ1(3)·a2(2)', rule.gradients.w6],
        ];
        for (const [w, formula, g] of weights) {
          const [name, shown] = rows(nodes, w)[2] as string[];
          expect(name).toBe(`∂E/∂${w} = ${formula}`);
          expectShown(shown as string, g);
        }
        const forward: [string, number][] = [
          ['z1_2', rule.forward.z1_2], ['z2_2', rule.forward.z2_2], ['a1_2', rule.forward.a1_2],
          ['a2_2', rule.forward.a2_2], ['z1_3', rule.forward.z1_3], ['a1_3', rule.forward.a1_3], ['E', rule.forward.E],
        ];
        for (const [box, value] of forward) {
          const [name, shown] = rows(nodes, box)[1] as string[];
          expect(name).toBe('value');
          expectShown(shown as string, value);
        }
        expect(rows(nodes, 'E')[2]).toEqual(['∂E/∂E', '1']);
        expect(rows(nodes, 'a1_3')[2]?.[0]).toBe('∂E/∂a1(3)');
      }),
      { numRuns: 40 },
    );
  });

  it("toyNetworkDot() names each activation in its f boxes and in the title", async () => {
    for (const activation of TOY_ACTIVATIONS) {
      const { nodes } = await readDot(drawn(TOY_EXAMPLE_PARAMS, activation).dot);
      const f = activation === 'sigmoid' ? 'σ' : activation;
      for (const box of ['a1_2', 'a2_2', 'a1_3']) expect(rows(nodes, box)[0]?.[0]).toBe(`f = ${f}`);
      expect(drawn(TOY_EXAMPLE_PARAMS, activation).dot).toContain(`the toy network, f = ${activation}, after E.backward()`);
    }
  });

  it('toyNetworkDot() with gradients: false draws values only, and precision sets the digits', async () => {
    const net = buildToyNetwork(TOY_EXAMPLE_PARAMS, 'sigmoid');
    const { nodes } = await readDot(toyNetworkDot(net, { gradients: false, precision: 8 }));
    for (const n of nodes) {
      expect(n.text).not.toContain('∂');
      expect(n.text.split('\n')).toHaveLength(2);
    }
    // a1(2) = sigmoid(0.35·0.1 + 0.9·0.4) = sigmoid(0.395) = 0.5974857658...
    expect(rows(nodes, 'a1_2')[1]).toEqual(['value', '0.59748577']);
  });

  it('toyNetworkDot() renders to an SVG that shows every name, value and delta', async () => {
    const { net, dot } = drawn(TOY_EXAMPLE_PARAMS, 'sigmoid');
    const texts = svgTexts(await toSvg(dot));
    for (const name of Object.values(NAMES)) expect(texts).toContain(name);
    for (const label of ['δ1(3) = ∂E/∂z1(3)', 'δ1(2) = ∂E/∂z1(2)', 'δ2(2) = ∂E/∂z2(2)']) expect(texts).toContain(label);
    // z1(2) = 0.35·0.1 + 0.9·0.4 = 0.395, E = 0.01821 (npm start prints 0.018210324921)
    expect(texts).toContain('0.395');
    expect(texts).toContain('0.01821');
    expect(texts).toContain(String(Number(net.z1_3.grad.toPrecision(4))));
  });

  it('toyNetworkDot() rejects what is not a network from buildToyNetwork, and bad options', () => {
    const net = buildToyNetwork(TOY_EXAMPLE_PARAMS, 'relu');
    expect(() => toyNetworkDot(null as never)).toThrow(new TypeError('toyNetworkDot: expected a network from buildToyNetwork, got null'));
    expect(() => toyNetworkDot({ ...net, activation: 'gelu' } as never)).toThrow(TypeError);
    expect(() => toyNetworkDot({ ...net, z1_2: 3 } as never)).toThrow(new TypeError('toyNetworkDot: net.z1_2 must be a Value, got number 3'));
    expect(() => toyNetworkDot({ ...net, E: net.squaredError.mul(new Value(0.5)) })).toThrow(/net\.E has a parent that is not a node of the network/);
    expect(() => toyNetworkDot(net, { gradients: 'yes' as never })).toThrow(/gradients must be a boolean/);
    expect(() => toyNetworkDot(net, { precision: 0 })).toThrow(RangeError);
    expect(() => toyNetworkDot(net, 3 as never)).toThrow(TypeError);
  });
});
