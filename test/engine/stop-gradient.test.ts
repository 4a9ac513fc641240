import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, compile, gradients, jvp, localGradients, toDot, hessian, grad } from '../../src/index.js';
import { real } from '../support/arbitraries.js';

// The oracle throughout: f with its stopped subexpression replaced by a constant of the same value.
// Finite differences of the whole function see through stopGradient (its forward is the identity),
// so they are the wrong reference; finite differences of the function with that value frozen are right.

/** Central difference of h at x. */
function centralDifference(h: (x: number) => number, x: number, eps = 1e-6): number {
  return (h(x + eps) - h(x - eps)) / (2 * eps);
}

describe('Value.stopGradient', () => {
  it('stopGradient() has its operand\'s value, op name stopGradient, the operand as its one parent and local derivative 0', () => {
    const x = new Value(1.5, 'x');
    const y = x.mul(3).stopGradient();
    expect(y.data).toBe(4.5);
    expect(y.op).toBe('stopGradient');
    expect(y.parents).toHaveLength(1);
    expect((y.parents[0] as Value).data).toBe(4.5);
    expect(y.constant).toBeUndefined();
    expect(localGradients(y)).toEqual([0]);
    expect(Object.is(new Value(-0).stopGradient().data, -0)).toBe(true);
    expect(new Value(NaN).stopGradient().data).toBeNaN();
  });

  it('backward() passes no gradient through it: d/dx of x.stopGradient() is 0, while the value follows x', () => {
    const x = new Value(2);
    const y = x.stopGradient();
    y.backward();
    expect(y.grad).toBe(1);
    expect(x.grad).toBe(0);
    expect(Object.is(x.grad, 0)).toBe(true);
  });

  it('d/dx of x·sin(x).stopGradient() is sin(x) (the stopped factor held constant), not sin x + x cos x', () => {
    fc.assert(
      fc.property(real(-3, 3), (x0) => {
        const x = new Value(x0);
        const y = x.mul(x.sin().stopGradient());
        y.backward();
        expect(y.data).toBe(x0 * Math.sin(x0));
        expect(x.grad).toBe(Math.sin(x0));
        const frozen = Math.sin(x0);
        expect(x.grad).toBeCloseTo(centralDifference((t) => t * frozen, x0), 8);
      }),
    );
  });

  it('a negative or zero gradient arriving at it passes +0, and the operand\'s other paths are unchanged', () => {
    const x = new Value(3);
    // d/dx (x.stopGradient()·(-1) + 2x) = 2; the stopped edge adds (-1)·0 = -0, which leaves +0 + 2 = 2.
    const y = x.stopGradient().neg().add(x.mul(2));
    y.backward();
    expect(x.grad).toBe(2);
    const z = new Value(1.25);
    z.stopGradient().mul(0).backward();
    expect(Object.is(z.grad, 0)).toBe(true);
  });

  it('gradients() treats it as a constant to third order: f = x²·x.stopGradient() has f\' = 2x·c, f\'\' = 2c, f\'\'\' = 0 with c = x', () => {
    for (const x0 of [-1.5, 0.5, 2]) {
      const x = new Value(x0);
      const f = x.mul(x).mul(x.stopGradient());
      const [d1] = gradients(f, [x]) as [Value];
      const [d2] = gradients(d1, [x]) as [Value];
      const [d3] = gradients(d2, [x]) as [Value];
      expect(d1.data).toBe(2 * x0 * x0);
      expect(d2.data).toBe(2 * x0);
      expect(d3.data).toBe(0);
      // backward() on the same graph agrees with gradients() bit for bit.
      f.backward();
      expect(x.grad).toBe(d1.data);
    }
  });

  it('hessian() and grad() of a function through stopGradient match the same function with the stopped value held constant', () => {
    const f = (x: Value, y: Value) => x.mul(y).add(x.exp().stopGradient().mul(y.mul(y)));
    const [x0, y0] = [0.3, -0.7];
    const c = Math.exp(x0);
    // f(x, y) = x y + c y² with c fixed: ∂f/∂x = y, ∂f/∂y = x + 2 c y; Hessian [[0, 1], [1, 2c]].
    const g = grad(f, [0, 1])(x0, y0) as Value[];
    expect(g.map((v) => v.data)).toEqual([y0, x0 + 2 * c * y0]);
    expect(hessian(f)(x0, y0)).toEqual([[0, 1], [1, 2 * c]]);
  });

  it('forward mode gives it a tangent of 0, on the number path and on the composable one', () => {
    expect(jvp((x) => x.stopGradient(), [3], [1])).toEqual([3, 0]);
    // d/dx along v = 1 of x·x.stopGradient() at x = 3 is the stopped value, 3.
    expect(jvp((x) => x.mul(x.stopGradient()), [3], [1])).toEqual([9, 3]);
    const [value, tangent] = jvp((x) => x.mul(x.stopGradient()), [new Value(3)], [1]);
    expect(value.data).toBe(9);
    expect(tangent.data).toBe(3);
  });

  it('toDot() shows the node with its op name', () => {
    const x = new Value(2, 'x');
    const dot = toDot(x.stopGradient().mul(x));
    expect(dot).toContain('stopGradient');
  });
});

describe('compile() and stopGradient', () => {
  for (const mode of ['generated', 'interpreted'] as const) {
    it(`compile() in ${mode} mode accepts it and replays it from its operand's current value: run() after the leaves change equals a rebuild, bit for bit`, () => {
      const build = (x: Value, w: Value) => x.mul(w).tanh().mul(x.mul(w).exp().stopGradient()).add(w.mul(w.stopGradient()));
      const x = new Value(0.4);
      const w = new Value(-1.1);
      const step = compile(build(x, w), { mode });
      expect(step.mode).toBe(mode);
      for (const [x1, w1] of [[0.4, -1.1], [1.7, 0.25], [-2, 3]] as const) {
        x.data = x1;
        w.data = w1;
        x.grad = 0;
        w.grad = 0;
        const value = step.run();
        const rx = new Value(x1);
        const rw = new Value(w1);
        const rebuilt = build(rx, rw);
        rebuilt.backward();
        expect(Object.is(value, rebuilt.data)).toBe(true);
        expect(Object.is(x.grad, rx.grad)).toBe(true);
        expect(Object.is(w.grad, rw.grad)).toBe(true);
        // And the stopped value is the current one, not the one at build time: w's gradient is w (the stopped factor), not 2w.
        expect(Object.is(step.forward(), rebuilt.data)).toBe(true);
      }
      // d/dw at (-2, 3), the stopped factors held constant: x·tanh'(xw)·e^(xw) + w (not + 2w).
      expect(w.grad).toBeCloseTo(-2 * (1 - Math.tanh(-6) ** 2) * Math.exp(-6) + 3, 12);
    });
  }
});
