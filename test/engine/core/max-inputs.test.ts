import { describe, expect, it } from 'vitest';
import { MAX_INPUTS, Value, gradcheck, grad, hessian, hvp, jacobian, jvp, sum, valueAndGrad, vjp } from '../../../src/index.js';

/*
 * Each of these calls f(...xs), one argument per input, and JavaScript engines cap the arguments
 * on the stack (V8 at about 123,000 for all the calls in progress at Node's default stack size,
 * JavaScriptCore at 65,536 for one call): past MAX_INPUTS they refuse with a RangeError naming it,
 * before calling f, instead of dying with "Maximum call stack size exceeded" from their own
 * spread; at MAX_INPUTS they work, with the caller's own spread of as many arguments in progress.
 */

const message = (caller: string, n: number) =>
  `${caller}: ${n} inputs are more than MAX_INPUTS = 32768: f(...xs) takes one argument per input, and JavaScript engines cap the arguments on the stack; for more, build the graph from your own leaves and call gradients() or backward()`;

/** Σ c_i·x_i with c_i = (i mod 7) - 3, a function of any number of inputs whose gradient is c. */
const weight = (i: number) => (i % 7) - 3;
const linear = (...xs: Value[]) => sum(xs.map((x, i) => x.mul(weight(i))));
const ones = (n: number) => new Array<number>(n).fill(1);

/** Calls `call` with f, counting f's calls, and returns the error it threw. */
function refusal(call: (f: (...xs: Value[]) => Value) => unknown): { error: unknown; calls: number } {
  let calls = 0;
  const f = (...xs: Value[]) => {
    calls++;
    return linear(...xs);
  };
  try {
    call(f);
  } catch (error) {
    return { error, calls };
  }
  return { error: undefined, calls };
}

// The array-taking functions, at the 130,000 inputs too (which used to overflow the stack).
const ARRAY_CALLS: [string, (f: (...xs: Value[]) => Value, n: number) => unknown][] = [
  ['jvp', (f, n) => jvp(f, ones(n), ones(n))],
  ['jvp', (f, n) => jvp(f, ones(n), [new Value(1), ...ones(n - 1)])],
  ['vjp', (f, n) => vjp(f, ones(n))],
  ['hvp', (f, n) => hvp(f, ones(n) as never, ones(n) as never)],
  ['gradcheck', (f, n) => gradcheck(f, ones(n))],
];
// The functions whose caller spreads the inputs: the test's own spread caps them near V8's limit.
const REST_CALLS: [string, (f: (...xs: Value[]) => Value, n: number) => unknown][] = [
  ['jacobian', (f, n) => jacobian(f)(...ones(n))],
  ['grad', (f, n) => grad(f)(...ones(n))],
  ['valueAndGrad', (f, n) => valueAndGrad(f)(...ones(n))],
  ['hessian', (f, n) => hessian(f)(...ones(n))],
];

describe('MAX_INPUTS', () => {
  it('is 32,768 (2^15): two nested calls of that many fit under JavaScriptCore\'s 65,536 and V8\'s 123,000', () => {
    expect(MAX_INPUTS).toBe(2 ** 15);
  });

  it.each([...ARRAY_CALLS, ...REST_CALLS].map(([name, call]) => [name, call] as const))(
    '%s with MAX_INPUTS + 1 inputs throws the RangeError naming the limit, without calling f',
    (name, call) => {
      const { error, calls } = refusal((f) => call(f, MAX_INPUTS + 1));
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toBe(message(name, MAX_INPUTS + 1));
      expect(calls).toBe(0);
    },
  );

  it.each(ARRAY_CALLS.map(([name, call]) => [name, call] as const))('%s with 130,000 inputs (the issue) throws the same RangeError, not a stack overflow', (name, call) => {
    const { error } = refusal((f) => call(f, 130_000));
    expect((error as Error).message).toBe(message(name, 130_000));
  });
});

describe('at MAX_INPUTS inputs, each works and gives the closed form', () => {
  const n = MAX_INPUTS;
  const c = Array.from({ length: n }, (_, i) => weight(i));
  const v = Array.from({ length: n }, (_, i) => (i % 5) - 2);
  const cv = c.reduce((s, ci, i) => s + ci * (v[i] as number), 0);

  it('jvp: the tangent is c·v', () => {
    expect(jvp(linear, ones(n), v)).toEqual([c.reduce((s, ci) => s + ci, 0), cv]);
  });

  it('vjp: the pullback of 1 is c', () => {
    const [, pullback] = vjp(linear, ones(n));
    expect(pullback(1)).toEqual(c);
  });

  it('jacobian: one row, c', () => {
    expect(jacobian(linear)(...ones(n))).toEqual([c]);
  });

  it('grad and valueAndGrad: the gradient with respect to the last argument is its weight', () => {
    const last = n - 1;
    expect(grad(linear, last as never)(...ones(n)).data).toBe(weight(last));
    expect(valueAndGrad(linear, last as never)(...ones(n))[1].data).toBe(weight(last));
  });

  it('a jvp over grad, each of MAX_INPUTS arguments, nests three calls of that many and works', () => {
    // d/dt of d linear/d x_last along v: linear's gradient is constant, so 0.
    const last = n - 1;
    const g = grad(linear, last as never);
    expect(jvp((...xs) => g(...xs), ones(n), v)).toEqual([weight(last), 0]);
  });
});
