/**
 * Type-level tests (checked by `npm run typecheck`, which covers test/): the options of checkGrads,
 * gradientProperty and arbitraryProgram, and the matcher vitest's Assertion gains. Each
 * @ts-expect-error line is a call the types refuse that would throw at run time.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import fc from 'fast-check';
import { Value } from '../../src/index.js';
import {
  arbitraryProgram,
  checkGrads,
  gradientProperty,
  type CheckGradsOptions,
  type GradientMode,
  type GradientReport,
  type Program,
} from '../../src/testing/index.js';
import '../../src/testing/vitest.js';

const f = (x: Value) => x.sin();

describe('the types of memograd/testing', () => {
  it('checkGrads takes order 1 to 3, modes of forward and reverse, and numeric tolerances', () => {
    expectTypeOf(checkGrads(f, [1], { order: 3, modes: ['forward'], atol: 0, rtol: 1e-4, eps: 1e-7, seed: 3, directions: 2 })).toEqualTypeOf<GradientReport>();
    expectTypeOf<CheckGradsOptions['order']>().toEqualTypeOf<1 | 2 | 3 | undefined>();
    expectTypeOf<GradientMode>().toEqualTypeOf<'forward' | 'reverse'>();
    // @ts-expect-error: no fourth order
    expect(() => checkGrads(f, [1], { order: 4 })).toThrow(RangeError);
    // @ts-expect-error: JAX's mode names are not memograd's
    expect(() => checkGrads(f, [1], { modes: ['fwd'] })).toThrow(TypeError);
    // @ts-expect-error: a tolerance is a number
    expect(() => checkGrads(f, [1], { atol: '1e-5' })).toThrow(RangeError);
    // @ts-expect-error: xs are numbers, not Values
    expect(() => checkGrads(f, [new Value(1)])).toThrow(TypeError);
    // @ts-expect-error: f returns Values
    expect(() => checkGrads((x: Value) => x.data, [1])).toThrow(TypeError);
  });

  it('f may return one Value or an array of them', () => {
    expect(checkGrads((x: Value, y: Value) => [x.mul(y), x.add(y)], [1, 2]).ok).toBe(true);
  });

  it('gradientProperty takes one arbitrary per input or one of points, and the options of checkGrads plus inconclusive', () => {
    const p = gradientProperty(f, [fc.double({ min: 0, max: 1, noNaN: true })], { order: 2, inconclusive: 'fail' });
    expectTypeOf(p).toMatchTypeOf<fc.IProperty<[readonly number[]]>>();
    gradientProperty(f, fc.tuple(fc.constant(1)));
    // @ts-expect-error: arbitraries of strings are not points
    expect(() => gradientProperty(f, [fc.constant('1')])).not.toThrow();
    // @ts-expect-error: inconclusive is 'skip' or 'fail'
    expect(() => gradientProperty(f, [fc.constant(1)], { inconclusive: 'pass' })).toThrow(TypeError);
  });

  it('arbitraryProgram gives programs; its ops are a named list or functions of Values', () => {
    expectTypeOf(arbitraryProgram({ ops: 'all', inputs: 2, outputs: 3, maxLength: 4 })).toEqualTypeOf<fc.Arbitrary<Program>>();
    arbitraryProgram({ ops: [(r: Value, s: Value) => r.mul(s)] });
    // @ts-expect-error: not a list's name
    expect(() => arbitraryProgram({ ops: 'kinked' })).toThrow(TypeError);
  });

  it("vitest's Assertion gains toHaveCorrectGradients(xs, options)", () => {
    expect(f).toHaveCorrectGradients([1], { order: 2 });
    // @ts-expect-error: xs is an array
    expect(() => expect(f).toHaveCorrectGradients(1)).toThrow(TypeError);
    // @ts-expect-error: options are checkGrads's
    expect(() => expect(f).toHaveCorrectGradients([1], { order: 5 })).toThrow(RangeError);
  });
});
