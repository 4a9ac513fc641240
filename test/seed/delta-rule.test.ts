import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildToyNetwork, toyDeltaRule, TOY_ACTIVATIONS } from '../../src/index.js';
import type { ToyActivation, ToyDeltaRule, ToyParams } from '../../src/index.js';
import { centralDifference, close } from '../support/finite-difference.js';
import { kinkFreeParams, smoothParams } from '../support/arbitraries.js';

// backward() and the delta rule do the same arithmetic in the same order, so they agree to the
// last bit or nearly; a relative 1e-12 leaves room for a reordered sum and nothing else.
const SAME_RTOL = 1e-12;
// Central differences of E's forward value (steps of 1e-6 max(1, |w|)): truncation ~1e-12,
// rounding ~1e-10 for these magnitudes.
const FD_RTOL = 1e-6;
const FD_ATOL = 1e-8;

const WEIGHTS = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'] as const;

/** |a - b| <= rtol max(|a|, |b|): symmetric, and exact equality when one side is 0. */
const same = (a: number, b: number) => Math.abs(a - b) <= SAME_RTOL * Math.max(Math.abs(a), Math.abs(b));

/** Throws, naming the quantity, unless the delta rule, backward() and finite differences agree. */
function expectThreeWayAgreement(params: ToyParams, activation: ToyActivation): void {
  const rule = toyDeltaRule(params, activation);
  const net = buildToyNetwork(params, activation);
  net.E.backward();

  const pairs: [string, number, number][] = [
    ['z1(2)', rule.forward.z1_2, net.z1_2.data],
    ['z2(2)', rule.forward.z2_2, net.z2_2.data],
    ['a1(2)', rule.forward.a1_2, net.a1_2.data],
    ['a2(2)', rule.forward.a2_2, net.a2_2.data],
    ['z1(3)', rule.forward.z1_3, net.z1_3.data],
    ['a1(3)', rule.forward.a1_3, net.a1_3.data],
    ['E', rule.forward.E, net.E.data],
    ['delta1(3)', rule.deltas.delta1_3, net.z1_3.grad],
    ['delta1(2)', rule.deltas.delta1_2, net.z1_2.grad],
    ['delta2(2)', rule.deltas.delta2_2, net.z2_2.grad],
    ...WEIGHTS.map((w): [string, number, number] => [`dE/d${w}`, rule.gradients[w], net[w].grad]),
  ];
  for (const [name, hand, engine] of pairs) {
    if (!same(hand, engine)) throw new Error(`${name}: delta rule ${hand}, backward() ${engine}`);
  }

  const point = WEIGHTS.map((w) => params[w]);
  const loss = (ws: number[]) => {
    const [w1, w2, w3, w4, w5, w6] = ws as [number, number, number, number, number, number];
    return toyDeltaRule({ ...params, w1, w2, w3, w4, w5, w6 }, activation).forward.E;
  };
  WEIGHTS.forEach((w, i) => {
    const numeric = centralDifference(loss, point, i);
    if (!close(rule.gradients[w], numeric, FD_RTOL, FD_ATOL)) {
      throw new Error(`dE/d${w}: delta rule ${rule.gradients[w]}, finite difference ${numeric}`);
    }
  });
}

describe('toyDeltaRule(): against backward() and finite differences', () => {
  it.each(['sigmoid', 'tanh'] as const)('toyDeltaRule() matches backward() and finite differences for %s', (activation) => {
    fc.assert(fc.property(smoothParams, (params) => expectThreeWayAgreement(params, activation)), { numRuns: 500 });
  });

  it('toyDeltaRule() matches backward() and finite differences for relu away from its kink', () => {
    fc.assert(fc.property(kinkFreeParams, (params) => expectThreeWayAgreement(params, 'relu')), { numRuns: 500 });
  });

  it('toyDeltaRule() matches backward() for relu anywhere, kinks included (relu\'(0) = 0 in both)', () => {
    // Small integers make exact zeros common: z = 0 lands on the kink itself.
    const small = fc.integer({ min: -2, max: 2 });
    const params = fc.record({ x1: small, x2: small, y: small, w1: small, w2: small, w3: small, w4: small, w5: small, w6: small });
    fc.assert(
      fc.property(params, (p) => {
        const rule = toyDeltaRule(p, 'relu');
        const net = buildToyNetwork(p, 'relu');
        net.E.backward();
        for (const w of WEIGHTS) {
          // backward() accumulates into a leaf's +0, so its zeros are never -0: compare values, not signs.
          if (!same(rule.gradients[w], net[w].grad)) {
            throw new Error(`dE/d${w}: delta rule ${rule.gradients[w]}, backward() ${net[w].grad}`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('toyDeltaRule(): fixed examples', () => {
  /** The same numbers with -0 read as 0: the sign of a zero product is not what these examples check. */
  const unsigned = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, (v as number) + 0])) as T;
  const EXAMPLE: ToyParams = { x1: 1, x2: -2, y: 0.25, w1: 0.5, w2: -0.3, w3: 0.2, w4: 0.7, w5: 1.2, w6: -0.8 };

  // mpmath at 50 digits: mpmath.diff (high-precision numerical differentiation) of the network's
  // closed form, a route that shares nothing with the delta rule.
  it('toyDeltaRule() reproduces the mpmath gradients of a fixed sigmoid example', () => {
    const expected = [
      0.026257532060937788275, -0.0091679071912316646818, -0.052515064121875576549, 0.018335814382463329364,
      0.046063827395937629681, 0.013553415981392841832,
    ];
    const { forward, gradients } = toyDeltaRule(EXAMPLE, 'sigmoid');
    expect(close(forward.a1_3, 0.6239628319960882193, 1e-13, 0)).toBe(true);
    expect(close(forward.E, 0.069924099857267251411, 1e-13, 0)).toBe(true);
    WEIGHTS.forEach((w, i) => {
      if (!close(gradients[w], expected[i] as number, 1e-12, 0)) throw new Error(`dE/d${w}: ${gradients[w]} vs ${expected[i]}`);
    });
  });

  it('toyDeltaRule() reproduces the mpmath gradients of a fixed tanh example', () => {
    const expected = [
      0.2726183654428068983, -0.022947949318381127939, -0.54523673088561379661, 0.045895898636762255878,
      0.022869954965642441258, -0.2146402503596656255,
    ];
    const { gradients } = toyDeltaRule(EXAMPLE, 'tanh');
    WEIGHTS.forEach((w, i) => {
      if (!close(gradients[w], expected[i] as number, 1e-12, 0)) throw new Error(`dE/d${w}: ${gradients[w]} vs ${expected[i]}`);
    });
  });

  it('toyDeltaRule() with sigmoid at all-zero weights follows the post by hand', () => {
    // Every z is 0, so every a is 1/2 and f'(z) = 1/4: δ1(3) = (1/2 - 1) / 4 = -1/8, and with
    // w5 = w6 = 0 nothing flows back to layer 2.
    const r = toyDeltaRule({ x1: 3, x2: -5, y: 1, w1: 0, w2: 0, w3: 0, w4: 0, w5: 0, w6: 0 }, 'sigmoid');
    expect(unsigned(r.forward)).toEqual({ z1_2: 0, z2_2: 0, a1_2: 0.5, a2_2: 0.5, z1_3: 0, a1_3: 0.5, E: 0.125 });
    expect(unsigned(r.deltas)).toEqual({ delta1_3: -0.125, delta1_2: 0, delta2_2: 0 });
    expect(unsigned(r.gradients)).toEqual({ w1: 0, w2: 0, w3: 0, w4: 0, w5: -0.0625, w6: -0.0625 });
  });

  it('toyDeltaRule() with relu zeroes everything behind a dead hidden unit', () => {
    // z1(2) = 1, z2(2) = -0.5 (dead), z1(3) = 2, a1(3) = 2: δ1(3) = 1.5, δ1(2) = 3, δ2(2) = 0.
    const r: ToyDeltaRule = toyDeltaRule({ x1: 1, x2: 2, y: 0.5, w1: 0.5, w2: -1, w3: 0.25, w4: 0.25, w5: 2, w6: 3 }, 'relu');
    expect(unsigned(r.forward)).toEqual({ z1_2: 1, z2_2: -0.5, a1_2: 1, a2_2: 0, z1_3: 2, a1_3: 2, E: 1.125 });
    expect(unsigned(r.deltas)).toEqual({ delta1_3: 1.5, delta1_2: 3, delta2_2: 0 });
    expect(unsigned(r.gradients)).toEqual({ w1: 3, w2: 0, w3: 6, w4: 0, w5: 1.5, w6: 0 });
  });

  it("toyDeltaRule() uses relu'(0) = 0 exactly at the kink, as backward() does", () => {
    // z1(2) = 0.5 - 0.5 = 0 exactly: relu'(0) = 0 cuts w1 and w3 off.
    const p: ToyParams = { x1: 1, x2: 1, y: -1, w1: 0.5, w2: 1, w3: -0.5, w4: 1, w5: 1, w6: 1 };
    const r = toyDeltaRule(p, 'relu');
    expect(r.forward.z1_2).toBe(0);
    expect(r.deltas.delta1_2).toBe(0);
    expect(r.gradients.w1).toBe(0);
    expect(r.gradients.w3).toBe(0);
    // z2(2) = 2, a1(3) = 0*1 + 2*1 = 2: δ1(3) = (2 - (-1)) * 1 = 3 and δ2(2) = 3 * w6 * 1 = 3.
    expect(r.gradients.w2).toBe(3);
    expect(r.gradients.w4).toBe(3);
    expect(r.gradients.w6).toBe(6);
    const net = buildToyNetwork(p, 'relu');
    net.E.backward();
    expect(net.weights.map((w) => w.grad)).toEqual([0, 3, 0, 3, 0, 6]);
  });
});

describe('toyDeltaRule(): bad input', () => {
  const EXAMPLE: ToyParams = { x1: 1, x2: 2, y: 0, w1: 1, w2: 1, w3: 1, w4: 1, w5: 1, w6: 1 };
  const rule = (params: unknown, activation: unknown = 'tanh') => toyDeltaRule(params as ToyParams, activation as ToyActivation);

  it('toyDeltaRule() rejects params that are not an object with a TypeError naming itself', () => {
    expect(() => rule(undefined)).toThrow(TypeError);
    expect(() => rule(undefined)).toThrow(/^toyDeltaRule: params must be an object/);
  });

  it.each(['x1', 'y', 'w6'] as const)('toyDeltaRule() rejects a missing or non-number params.%s with a TypeError', (field) => {
    expect(() => rule({ ...EXAMPLE, [field]: undefined })).toThrow(TypeError);
    expect(() => rule({ ...EXAMPLE, [field]: undefined })).toThrow(`toyDeltaRule: params.${field} must be a number, got undefined`);
    expect(() => rule({ ...EXAMPLE, [field]: null })).toThrow(`toyDeltaRule: params.${field} must be a number, got null`);
  });

  it.each([NaN, Infinity, -Infinity])('toyDeltaRule() rejects a non-finite params.w2 (%s) with a RangeError', (bad) => {
    expect(() => rule({ ...EXAMPLE, w2: bad })).toThrow(RangeError);
    expect(() => rule({ ...EXAMPLE, w2: bad })).toThrow(`toyDeltaRule: params.w2 must be finite, got ${bad}`);
  });

  it('toyDeltaRule() rejects an unknown activation, naming it', () => {
    expect(() => rule(EXAMPLE, 'leaky_relu')).toThrow(RangeError);
    expect(() => rule(EXAMPLE, 'leaky_relu')).toThrow(
      `toyDeltaRule: activation must be 'sigmoid', 'tanh' or 'relu', got string "leaky_relu"`,
    );
    expect(() => rule(EXAMPLE, 42)).toThrow(TypeError);
    expect(() => rule(EXAMPLE, 42)).toThrow(/got number 42$/);
  });

  it.each(TOY_ACTIVATIONS)('toyDeltaRule() accepts %s', (activation) => {
    expect(Number.isFinite(rule(EXAMPLE, activation).forward.E)).toBe(true);
  });
});
