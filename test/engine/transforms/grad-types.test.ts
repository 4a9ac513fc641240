/**
 * Type-level tests (checked by `npm run typecheck`, which covers test/): the functions grad,
 * valueAndGrad, hessian and hvp return take f's parameter list, and grad(f, [i, j]) gives a tuple.
 * Each @ts-expect-error line is a call that type-checked before and threw at run time.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Value, grad, hessian, hvp, valueAndGrad, type ScalarArgument } from '../../../src/index.js';

const f2 = (a: Value, b: Value) => a.mul(b);
const f3 = (a: Value, b: Value, c: Value) => a.mul(b).add(c);
const rest = (...xs: Value[]) => xs.reduce((s, x) => s.add(x), new Value(0));

describe('the types of grad, valueAndGrad, hessian and hvp', () => {
  it("grad(f) takes f's parameters, each a number or a Value, and returns a Value", () => {
    const g = grad(f2);
    expectTypeOf(g).parameters.toEqualTypeOf<[a: ScalarArgument, b: ScalarArgument]>();
    expectTypeOf(g).returns.toEqualTypeOf<Value>();
    // @ts-expect-error: three arguments to a gradient of a two-argument f
    expect(() => g(1, 2, 3)).not.toThrow();
    // @ts-expect-error: one argument too few
    expect(() => g(1)).toThrow(TypeError);
    // @ts-expect-error: a string is not a scalar
    expect(() => g(1, '2')).toThrow(TypeError);
    // Inline functions are inferred from their arity.
    expectTypeOf(grad((x) => x.tanh())).parameters.toEqualTypeOf<[x: ScalarArgument]>();
  });

  it('grad(f, [i, j]) returns a tuple of as many gradients; argnums are positions of f', () => {
    const [da, db] = grad(f2, [0, 1])(3, 4);
    expectTypeOf(grad(f2, [0, 1])(3, 4)).toEqualTypeOf<[Value, Value]>();
    expectTypeOf(grad(f3, [2])(1, 2, 3)).toEqualTypeOf<[Value]>();
    expect([da.data, db.data]).toEqual([4, 3]);
    // @ts-expect-error: f2 has no argument 2
    expect(() => grad(f2, 2)(1, 2)).toThrow(RangeError);
    // @ts-expect-error: nor in a list
    expect(() => grad(f2, [0, 2])(1, 2)).toThrow(RangeError);
    // A list that is not a literal still works, as an array.
    const picks: number[] = [0];
    expectTypeOf(grad(rest, picks)).returns.toEqualTypeOf<Value[]>();
  });

  it('a function of any number of Values takes any number of arguments', () => {
    expectTypeOf(grad(rest)).parameters.toEqualTypeOf<ScalarArgument[]>();
    expect(grad(rest, 1)(1, 2, 3).data).toBe(1);
    expectTypeOf(hessian(rest)).parameters.toEqualTypeOf<number[]>();
  });

  it("valueAndGrad(f) follows f's parameters too", () => {
    expectTypeOf(valueAndGrad(f2)).parameters.toEqualTypeOf<[a: ScalarArgument, b: ScalarArgument]>();
    expectTypeOf(valueAndGrad(f2)(1, 2)).toEqualTypeOf<[Value, Value]>();
    expectTypeOf(valueAndGrad(f3, [0, 2])(1, 2, 3)).toEqualTypeOf<[Value, [Value, Value]]>();
    // @ts-expect-error: one argument too many
    expect(() => valueAndGrad(f2)(1, 2, 3)).not.toThrow();
  });

  it("hessian(f) takes one number per parameter of f; hvp's xs and v are as long", () => {
    expectTypeOf(hessian(f2)).parameters.toEqualTypeOf<[a: number, b: number]>();
    // @ts-expect-error: the issue's example, a Hessian of a two-argument f at one point
    expect(() => hessian((a, b) => a.mul(b))(1)).toThrow(TypeError);
    // @ts-expect-error: Values are not points of a Hessian
    expect(() => hessian(f2)(new Value(1), 2)).toThrow(TypeError);
    expect(hvp(f2, [1, 2], [1, 0])).toEqual([0, 1]);
    // @ts-expect-error: v shorter than xs
    expect(() => hvp(f2, [1, 2], [1])).toThrow(RangeError);
    // @ts-expect-error: xs longer than f's parameter list (at run time, an input f ignores)
    expect(hvp(f2, [1, 2, 3], [1, 0, 0])).toEqual([0, 1, 0]);
  });
});
