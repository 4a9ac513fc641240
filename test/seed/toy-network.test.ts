import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, buildToyNetwork, topologicalOrder, TOY_ACTIVATIONS } from '../../src/index.js';
import type { ToyActivation, ToyNetwork, ToyParams } from '../../src/index.js';
import { centralDifference, close } from '../support/finite-difference.js';
import { kinkFreeParams, smoothParams } from '../support/arbitraries.js';

// Central differences of E's forward value are the oracle: they never touch backward().
// With steps of 1e-6 max(1, |x|) the truncation error is ~1e-12 and the rounding error ~1e-10
// for the magnitudes generated here, well inside these tolerances.
const RTOL = 1e-6;
const ATOL = 1e-8;

const LEAVES = ['x1', 'x2', 'y', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6'] as const;

const paramsFor = (activation: ToyActivation) => (activation === 'relu' ? kinkFreeParams : smoothParams);

const EXAMPLE: ToyParams = { x1: 1, x2: -2, y: 0.25, w1: 0.5, w2: -0.3, w3: 0.2, w4: 0.7, w5: 1.2, w6: -0.8 };

/** Every Value field of ToyNetwork but the alias `yHat`, with the label the post's notation gives it. */
const NODE_LABELS = {
  x1: 'x1', x2: 'x2', y: 'y', w1: 'w1', w2: 'w2', w3: 'w3', w4: 'w4', w5: 'w5', w6: 'w6',
  x1w1: 'x1*w1', x2w3: 'x2*w3', x1w2: 'x1*w2', x2w4: 'x2*w4',
  z1_2: 'z1(2)', z2_2: 'z2(2)', a1_2: 'a1(2)', a2_2: 'a2(2)',
  a1w5: 'a1(2)*w5', a2w6: 'a2(2)*w6', z1_3: 'z1(3)', a1_3: 'a1(3)',
  error: 'y-a1(3)', squaredError: '(y-a1(3))^2', E: 'E',
} as const satisfies Partial<Record<keyof ToyNetwork, string>>;
const NODE_FIELDS = Object.keys(NODE_LABELS) as (keyof typeof NODE_LABELS)[];

/** The activation by hand, as the post defines it (relu'(0) = 0 is not needed for values). */
const activate: Record<ToyActivation, (z: number) => number> = {
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: (z) => Math.tanh(z),
  relu: (z) => (z > 0 ? z : 0),
};

/** Every node's value worked by hand in plain numbers from the post's equations. */
function byHand(p: ToyParams, activation: ToyActivation): Record<keyof typeof NODE_LABELS, number> {
  const f = activate[activation];
  const x1w1 = p.x1 * p.w1;
  const x2w3 = p.x2 * p.w3;
  const x1w2 = p.x1 * p.w2;
  const x2w4 = p.x2 * p.w4;
  const z1_2 = x1w1 + x2w3;
  const z2_2 = x1w2 + x2w4;
  const a1_2 = f(z1_2);
  const a2_2 = f(z2_2);
  const a1w5 = a1_2 * p.w5;
  const a2w6 = a2_2 * p.w6;
  const z1_3 = a1w5 + a2w6;
  const a1_3 = f(z1_3);
  const error = p.y - a1_3;
  const squaredError = error * error;
  const E = squaredError / 2;
  return { ...p, x1w1, x2w3, x1w2, x2w4, z1_2, z2_2, a1_2, a2_2, a1w5, a2w6, z1_3, a1_3, error, squaredError, E };
}

describe('buildToyNetwork(): structure', () => {
  it("buildToyNetwork() exposes every node, products and pieces of E included, labelled in the post's notation", () => {
    const net = buildToyNetwork(EXAMPLE, 'sigmoid');
    for (const field of NODE_FIELDS) expect(net[field].label, field).toBe(NODE_LABELS[field]);
    expect(new Set(NODE_FIELDS.map((field) => net[field])).size).toBe(NODE_FIELDS.length);
    expect(net.yHat).toBe(net.a1_3);
    expect(net.weights).toEqual([net.w1, net.w2, net.w3, net.w4, net.w5, net.w6]);
  });

  it.each(TOY_ACTIVATIONS)('buildToyNetwork() hides no node: everything E depends on is an exposed field, for %s', (activation) => {
    const net = buildToyNetwork(EXAMPLE, activation);
    const exposed = new Map<Value, string>(NODE_FIELDS.map((field) => [net[field], field]));
    const graph = topologicalOrder(net.E);
    for (const node of graph) {
      if (!exposed.has(node)) throw new Error(`hidden node: op ${node.op}, label ${JSON.stringify(node.label)}, data ${node.data}`);
    }
    // And every exposed field is a node of E's graph: 9 leaves, 6 products, 3 sums, 3 activations,
    // y - a1(3), its square and E: 24 nodes.
    expect(graph).toHaveLength(24);
    expect(new Set(graph)).toEqual(new Set(exposed.keys()));
  });

  it.each(TOY_ACTIVATIONS)("buildToyNetwork() gives every node the value of the post's equations worked by hand, for %s", (activation) => {
    fc.assert(
      fc.property(smoothParams, (params) => {
        const net = buildToyNetwork(params, activation);
        const hand = byHand(params, activation);
        for (const field of NODE_FIELDS) {
          // The same IEEE operations in the same order, except E: the engine squares with pow(2)
          // and halves by * 0.5, the hand route with e * e and / 2; both are exact or within 1 ulp.
          const ok =
            field === 'squaredError' || field === 'E'
              ? close(net[field].data, hand[field], 4 * Number.EPSILON, 0)
              : Object.is(net[field].data, hand[field]);
          if (!ok) throw new Error(`${field}: Value graph ${net[field].data}, by hand ${hand[field]}`);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('buildToyNetwork() gives the products and the pieces of E of a fixed example the values worked out by hand', () => {
    // EXAMPLE: x1 = 1, x2 = -2, y = 0.25, w1 = 0.5, w2 = -0.3, w3 = 0.2, w4 = 0.7, w5 = 1.2, w6 = -0.8, relu.
    // x1*w1 = 0.5, x2*w3 = -0.4, z1(2) = 0.1, a1(2) = 0.1; x1*w2 = -0.3, x2*w4 = -1.4, z2(2) = -1.7, a2(2) = 0;
    // a1(2)*w5 = 0.12, a2(2)*w6 = -0, z1(3) = a1(3) = 0.12; y - a1(3) = 0.13, squared 0.0169, E = 0.00845.
    const net = buildToyNetwork(EXAMPLE, 'relu');
    const values = (fields: (keyof typeof NODE_LABELS)[]) => fields.map((field) => net[field].data);
    const near = (actual: number[], expected: number[]) =>
      actual.forEach((v, i) => expect(close(v, expected[i] as number, 1e-15, 1e-16), `${v} vs ${expected[i]}`).toBe(true));
    near(values(['x1w1', 'x2w3', 'z1_2', 'a1_2']), [0.5, -0.4, 0.1, 0.1]);
    near(values(['x1w2', 'x2w4', 'z2_2', 'a2_2']), [-0.3, -1.4, -1.7, 0]);
    near(values(['a1w5', 'a2w6', 'z1_3', 'a1_3']), [0.12, 0, 0.12, 0.12]);
    near(values(['error', 'squaredError', 'E']), [0.13, 0.0169, 0.00845]);
  });

  it('buildToyNetwork() makes x1, x2, y and w1..w6 leaves holding the given numbers', () => {
    const net = buildToyNetwork(EXAMPLE, 'tanh');
    for (const leaf of LEAVES) {
      expect(net[leaf].parents).toHaveLength(0);
      expect(net[leaf].data).toBe(EXAMPLE[leaf]);
    }
  });

  it("buildToyNetwork() wires z1(2), z2(2) and z1(3) as the post's equations, with a2(2)*w6 (not the typo a1(2)*w6)", () => {
    const net = buildToyNetwork(EXAMPLE, 'sigmoid');
    const terms = (sum: Value) => {
      expect(sum.op).toBe('+');
      return sum.parents.map((product) => {
        expect(product.op).toBe('*');
        return product.parents;
      });
    };
    expect(terms(net.z1_2)).toEqual([[net.x1, net.w1], [net.x2, net.w3]]);
    expect(terms(net.z2_2)).toEqual([[net.x1, net.w2], [net.x2, net.w4]]);
    expect(net.z1_2.parents).toEqual([net.x1w1, net.x2w3]);
    expect(net.z2_2.parents).toEqual([net.x1w2, net.x2w4]);
    expect(net.z1_3.parents).toEqual([net.a1w5, net.a2w6]);
    const [first, second] = terms(net.z1_3);
    expect(first?.[0]).toBe(net.a1_2);
    expect(first?.[1]).toBe(net.w5);
    expect(second?.[0]).toBe(net.a2_2);
    expect(second?.[1]).toBe(net.w6);
  });

  it.each(TOY_ACTIVATIONS)('buildToyNetwork() applies %s at all three nodes', (activation) => {
    const net = buildToyNetwork(EXAMPLE, activation);
    expect(net.activation).toBe(activation);
    expect([net.a1_2, net.a2_2, net.a1_3].map((a) => a.op)).toEqual([activation, activation, activation]);
    expect(net.a1_2.parents).toEqual([net.z1_2]);
    expect(net.a2_2.parents).toEqual([net.z2_2]);
    expect(net.a1_3.parents).toEqual([net.z1_3]);
  });

  it('buildToyNetwork() builds E as (y - a1(3))^2 * 0.5 from the target leaf and the output', () => {
    const net = buildToyNetwork(EXAMPLE, 'sigmoid');
    expect(net.E.op).toBe('*');
    expect(net.E.constant).toBe(0.5);
    expect(net.E.parents).toEqual([net.squaredError]);
    expect(net.squaredError.op).toBe('**');
    expect(net.squaredError.constant).toBe(2);
    expect(net.squaredError.parents).toEqual([net.error]);
    expect(net.error.op).toBe('-');
    expect(net.error.parents).toEqual([net.y, net.a1_3]);
  });

  it('buildToyNetwork() makes fresh leaves on every call, so two networks do not share gradients', () => {
    const a = buildToyNetwork(EXAMPLE, 'tanh');
    const b = buildToyNetwork(EXAMPLE, 'tanh');
    expect(a.w1).not.toBe(b.w1);
    a.E.backward();
    expect(a.w1.grad).not.toBe(0);
    expect(b.w1.grad).toBe(0);
  });
});

describe('buildToyNetwork(): values and gradients', () => {
  // Computed independently with mpmath at 50 digits from the network's closed form (forward
  // values) and by mpmath.diff, high-precision numerical differentiation (gradients).
  type Expected = { forward: readonly number[]; E: number; grads: Record<(typeof LEAVES)[number], number> };
  const EXPECTED: Record<'sigmoid' | 'tanh', Expected> = {
    sigmoid: {
      forward: [0.1, -1.7, 0.5249791874789399861, 0.15446526508353470433, 0.50640281290790021985, 0.6239628319960882193],
      E: 0.069924099857267251411,
      grads: {
        w1: 0.026257532060937788275,
        w2: -0.0091679071912316646818,
        w3: -0.052515064121875576549,
        w4: 0.018335814382463329364,
        w5: 0.046063827395937629681,
        w6: 0.013553415981392841832,
        x1: 0.015879138187838393542,
        x2: -0.0011660286216746076223,
        y: -0.3739628319960882193,
      },
    },
    tanh: {
      forward: [0.1, -1.7, 0.099667994624955817118, -0.93540907060309898052, 0.86792885003242616496, 0.70032030347274057075],
      E: 0.10139418785989058167,
      grads: {
        w1: 0.2726183654428068983,
        w2: -0.022947949318381127939,
        w3: -0.54523673088561379661,
        w4: 0.045895898636762255878,
        w5: 0.022869954965642441258,
        w6: -0.2146402503596656255,
        x1: 0.14319356751691778753,
        x2: 0.038460108565694590104,
        y: -0.45032030347274057075,
      },
    },
  };

  it.each(['sigmoid', 'tanh'] as const)(
    'buildToyNetwork() reproduces the mpmath values and gradients of a fixed %s example',
    (activation) => {
      const expected = EXPECTED[activation];
      const net = buildToyNetwork(EXAMPLE, activation);
      net.E.backward();
      const forward = [net.z1_2, net.z2_2, net.a1_2, net.a2_2, net.z1_3, net.a1_3].map((v) => v.data);
      forward.forEach((v, i) => expect(close(v, expected.forward[i] as number, 1e-13, 1e-15)).toBe(true));
      expect(close(net.E.data, expected.E, 1e-13, 0)).toBe(true);
      for (const leaf of LEAVES) {
        const actual = net[leaf].grad;
        if (!close(actual, expected.grads[leaf], 1e-12, 0)) {
          throw new Error(`dE/d${leaf}: backward ${actual}, mpmath ${expected.grads[leaf]}`);
        }
      }
    },
  );

  it('buildToyNetwork() with relu is piecewise linear: a fixed example worked by hand', () => {
    // z1(2) = 1*0.5 + 2*0.25 = 1, z2(2) = 1*(-1) + 2*0.25 = -0.5 (dead), z1(3) = 1*2 + 0*3 = 2,
    // E = (0.5 - 2)^2 / 2 = 1.125; δ1(3) = 1.5, δ1(2) = 1.5 * 2 = 3, δ2(2) = 0.
    const net = buildToyNetwork({ x1: 1, x2: 2, y: 0.5, w1: 0.5, w2: -1, w3: 0.25, w4: 0.25, w5: 2, w6: 3 }, 'relu');
    net.E.backward();
    expect(net.E.data).toBe(1.125);
    expect(net.weights.map((w) => w.grad)).toEqual([3, 0, 6, 0, 1.5, 0]);
    expect([net.x1.grad, net.x2.grad, net.y.grad]).toEqual([1.5, 0.75, -1.5]);
  });

  it.each(TOY_ACTIVATIONS)(
    'buildToyNetwork(): E.backward() matches central finite differences for every leaf, for %s',
    (activation) => {
      fc.assert(
        fc.property(paramsFor(activation), (params) => {
          const net = buildToyNetwork(params, activation);
          net.E.backward();
          const point = LEAVES.map((leaf) => params[leaf]);
          const loss = (xs: number[]) =>
            buildToyNetwork(Object.fromEntries(LEAVES.map((leaf, i) => [leaf, xs[i]])) as unknown as ToyParams, activation).E.data;
          LEAVES.forEach((leaf, i) => {
            const numeric = centralDifference(loss, point, i);
            const analytic = net[leaf].grad;
            if (!close(analytic, numeric, RTOL, ATOL)) {
              throw new Error(`dE/d${leaf}: backward ${analytic}, finite difference ${numeric}`);
            }
          });
        }),
        { numRuns: 300 },
      );
    },
  );

  it('kinkFreeParams keeps every relu input at least 0.05 away from 0 (the generator the relu properties rely on)', () => {
    fc.assert(
      fc.property(kinkFreeParams, (params) => {
        const net = buildToyNetwork(params, 'relu');
        for (const z of [net.z1_2, net.z2_2, net.z1_3]) expect(Math.abs(z.data)).toBeGreaterThan(0.0499);
      }),
    );
  });
});

describe('buildToyNetwork(): bad input', () => {
  const net = (params: unknown, activation: unknown): ToyNetwork =>
    buildToyNetwork(params as ToyParams, activation as ToyActivation);

  it.each([
    ['null', null],
    ['a number', 3],
    ['an array', [1, 2]],
  ])('buildToyNetwork() rejects params that are %s with a TypeError', (_, params) => {
    expect(() => net(params, 'sigmoid')).toThrow(TypeError);
    expect(() => net(params, 'sigmoid')).toThrow(/^buildToyNetwork: params must be an object/);
  });

  it.each(LEAVES)('buildToyNetwork() rejects a missing or non-number params.%s with a TypeError naming it', (field) => {
    const missing: Record<string, unknown> = { ...EXAMPLE };
    delete missing[field];
    expect(() => net(missing, 'sigmoid')).toThrow(TypeError);
    expect(() => net(missing, 'sigmoid')).toThrow(`buildToyNetwork: params.${field} must be a number, got undefined`);
    expect(() => net({ ...EXAMPLE, [field]: '0.5' }, 'sigmoid')).toThrow(
      `buildToyNetwork: params.${field} must be a number, got string "0.5"`,
    );
    expect(() => net({ ...EXAMPLE, [field]: 1n }, 'sigmoid')).toThrow(TypeError);
  });

  it.each([NaN, Infinity, -Infinity])('buildToyNetwork() rejects a non-finite weight (%s) with a RangeError naming it', (bad) => {
    expect(() => net({ ...EXAMPLE, w4: bad }, 'sigmoid')).toThrow(RangeError);
    expect(() => net({ ...EXAMPLE, w4: bad }, 'sigmoid')).toThrow(`buildToyNetwork: params.w4 must be finite, got ${bad}`);
    expect(() => net({ ...EXAMPLE, x2: bad }, 'sigmoid')).toThrow(`buildToyNetwork: params.x2 must be finite`);
  });

  it.each(['softmax', 'Sigmoid', ''])('buildToyNetwork() rejects the activation %j with a RangeError naming it', (bad) => {
    expect(() => net(EXAMPLE, bad)).toThrow(RangeError);
    expect(() => net(EXAMPLE, bad)).toThrow(
      `buildToyNetwork: activation must be 'sigmoid', 'tanh' or 'relu', got string ${JSON.stringify(bad)}`,
    );
  });

  it.each([undefined, null, 1, {}])('buildToyNetwork() rejects a non-string activation (%s) with a TypeError', (bad) => {
    expect(() => net(EXAMPLE, bad)).toThrow(TypeError);
    expect(() => net(EXAMPLE, bad)).toThrow(/^buildToyNetwork: activation must be 'sigmoid', 'tanh' or 'relu', got /);
  });
});
