/**
 * fast-check arbitraries shared by the test files: plain doubles, doubles away from zero, and
 * parameters of the post's toy network (smooth ones, and ones that keep relu off its kink).
 */
import fc from 'fast-check';
import type { ToyParams } from '../../src/index.js';

/** A double in [min, max], never NaN or infinite. */
export const real = (min: number, max: number): fc.Arbitrary<number> =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

/** A double whose magnitude is in [min, max], of either sign: away from a kink at 0 by construction. */
export const awayFromZero = (min: number, max: number): fc.Arbitrary<number> =>
  fc.tuple(real(min, max), fc.boolean()).map(([m, negative]) => (negative ? -m : m));

/** The doubles where IEEE arithmetic is at its edges: ±0, NaN, the smallest subnormals and the largest, and the largest double. */
export const EDGE_DOUBLES: readonly number[] = [0, -0, NaN, 5e-324, -5e-324, 1e-310, -1e-310, 2.225073858507201e-308, Number.MAX_VALUE, -Number.MAX_VALUE];

/** A subnormal double of either sign (magnitude below 2^-1022), zero included. */
export const subnormal: fc.Arbitrary<number> = fc.double({ min: -2.225073858507201e-308, max: 2.225073858507201e-308, noNaN: true });

/** `domain` with the edges mixed in: ±0, NaN, subnormals and the extreme doubles, each often enough to be tried in every run. */
export const withEdges = (domain: fc.Arbitrary<number>): fc.Arbitrary<number> =>
  fc.oneof({ arbitrary: domain, weight: 2 }, { arbitrary: fc.constantFrom(...EDGE_DOUBLES), weight: 2 }, { arbitrary: subnormal, weight: 1 });

/** Toy-network params in a moderate box: sigmoid and tanh are smooth everywhere, so nothing else is needed. */
export const smoothParams: fc.Arbitrary<ToyParams> = fc.record({
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
 * Toy-network params whose z1(2), z2(2) and z1(3) all have |z| >= 0.05, built by choosing the z's
 * and solving for w3, w4 and one output weight, so relu is never evaluated near its kink (a step of
 * a finite difference moves a z by at most ~3e-4). At least one hidden unit is active, or z1(3)
 * would be 0. test/toy-network.test.ts checks the 0.05 margin.
 */
export const kinkFreeParams: fc.Arbitrary<ToyParams> = fc
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

/** An expression tree for the parser tests: numbers, variables, unary minus, the five operators and every function. */
export type ExpressionTree =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'negate'; readonly x: ExpressionTree }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/' | '^'; readonly a: ExpressionTree; readonly b: ExpressionTree }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly ExpressionTree[] };

/** Variable names of the random expressions (with a digit and an underscore, and one named like an Object method). */
export const TREE_VARIABLES: readonly string[] = ['x', 'y', 'w_1', 'constructor'];
const UNARY_FUNCTIONS = ['exp', 'log', 'tanh', 'relu', 'sigmoid', 'sqrt', 'abs', 'sin', 'cos', 'softplus', 'log1p', 'expm1', 'square', 'logSigmoid'];

/** Random expression trees of bounded depth; numbers include negatives, -0, tiny and huge ones (printed with exponents). */
export const expressionTree: fc.Arbitrary<ExpressionTree> = fc.letrec<{ tree: ExpressionTree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.integer({ min: -3, max: 5 }), real(-10, 10), fc.constantFrom(-0, 1e-7, 2.5e-12, 1e21, 0.1)).map((value) => ({ kind: 'number' as const, value })),
    fc.constantFrom(...TREE_VARIABLES).map((name) => ({ kind: 'variable' as const, name })),
    tie('tree').map((x) => ({ kind: 'negate' as const, x })),
    fc.record({ kind: fc.constant('binary' as const), op: fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const, '^' as const), a: tie('tree'), b: tie('tree') }),
    fc.record({ kind: fc.constant('call' as const), name: fc.constantFrom(...UNARY_FUNCTIONS), args: fc.tuple(tie('tree')) }),
    fc.record({ kind: fc.constant('call' as const), name: fc.constantFrom('max', 'min', 'pow'), args: fc.tuple(tie('tree'), tie('tree')) }),
  ),
})).tree;
