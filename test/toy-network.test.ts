import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, buildToyNetwork, TOY_ACTIVATIONS } from '../src/index.js';
import type { ToyActivation, ToyNetwork, ToyParams } from '../src/index.js';
import { centralDifference, close } from './support/finite-difference.js';

// Central differences of E's forward value are the oracle: they never touch backward().
// With steps of 1e-6 max(1, |x|) the truncation error is ~1e-12 and the rounding error ~1e-10
// for the magnitudes generated here, well inside these tolerances.
const RTOL = 1e-6;
const ATOL = 1e-8;

const LEAVES = ['x1', 'x2', 'y', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6'] as const;

/** A double in [min, max], never NaN or infinite. */
const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
/** A double whose magnitude is in [min, max], of either sign. */
const awayFromZero = (min: number, max: number) =>
  fc.tuple(real(min, max), fc.boolean()).map(([m, negative]) => (negative ? -m : m));

/** Params in a moderate box: sigmoid and tanh are smooth everywhere, so nothing else is needed. */
const smoothParams: fc.Arbitrary<ToyParams> = fc.record({
  x1: real(-2, 2),
  x2: real(-2, 2),
  y: real(-1.5, 1.5),
  w1: real(-2, 2),
  w2: real(-2, 2),
  w3: real(-2, 2),
  w4: real(-2, 2),
  w5: real(-2, 2),
  w6: real(-2, 2),
});

/**
 * Params whose z1(2), z2(2) and z1(3) all have |z| >= 0.05, built by choosing the z's and solving
 * for w3, w4 and one output weight, so relu is never evaluated near its kink (a step of the finite
 * difference moves a z by at most ~3e-4). At least one hidden unit is active, or z1(3) would be 0.
 */
const kinkFreeParams: fc.Arbitrary<ToyParams> = fc
  .record({
    x1: awayFromZero(0.25, 2),
    x2: awayFromZero(0.25, 2),
    y: real(-1.5, 1.5),
    w1: real(-2, 2),
    w2: real(-2, 2),
    w5: real(-2, 2),
    w6: real(-2, 2),
    z1: real(0.05, 2),
    z2: real(0.05, 2),
    z3: awayFromZero(0.05, 2),
    active: fc.constantFrom('both', 'only 1', 'only 2'),
  })
  .map(({ x1, x2, y, w1, w2, w5, w6, z1, z2, z3, active }) => {
    const w3 = ((active === 'only 2' ? -z1 : z1) - x1 * w1) / x2;
    const w4 = ((active === 'only 1' ? -z2 : z2) - x1 * w2) / x2;
    const a1 = Math.max(0, x1 * w1 + x2 * w3);
    const a2 = Math.max(0, x1 * w2 + x2 * w4);
    return a1 >= a2
      ? { x1, x2, y, w1, w2, w3, w4, w5: (z3 - a2 * w6) / a1, w6 }
      : { x1, x2, y, w1, w2, w3, w4, w5, w6: (z3 - a1 * w5) / a2 };
  });

const paramsFor = (activation: ToyActivation) => (activation === 'relu' ? kinkFreeParams : smoothParams);

const EXAMPLE: ToyParams = { x1: 1, x2: -2, y: 0.25, w1: 0.5, w2: -0.3, w3: 0.2, w4: 0.7, w5: 1.2, w6: -0.8 };

describe('buildToyNetwork(): structure', () => {
  it("buildToyNetwork() labels every node with the post's notation", () => {
    const net = buildToyNetwork(EXAMPLE, 'sigmoid');
    for (const leaf of LEAVES) expect(net[leaf].label).toBe(leaf);
    expect(net.z1_2.label).toBe('z1(2)');
    expect(net.z2_2.label).toBe('z2(2)');
    expect(net.a1_2.label).toBe('a1(2)');
    expect(net.a2_2.label).toBe('a2(2)');
    expect(net.z1_3.label).toBe('z1(3)');
    expect(net.a1_3.label).toBe('a1(3)');
    expect(net.E.label).toBe('E');
    expect(net.yHat).toBe(net.a1_3);
    expect(net.weights).toEqual([net.w1, net.w2, net.w3, net.w4, net.w5, net.w6]);
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
    const [square] = net.E.parents;
    expect(square?.op).toBe('**');
    expect(square?.constant).toBe(2);
    const [difference] = square?.parents ?? [];
    expect(difference?.op).toBe('-');
    expect(difference?.parents).toEqual([net.y, net.a1_3]);
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
