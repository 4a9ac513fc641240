import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, backwardSteps, compile, gradients, jacobian, jvp, localGradients, toDot, hessian, grad, topologicalOrder, vjp } from '../../../src/index.js';
import type { BackwardStep, BackwardStepEdge } from '../../../src/index.js';
import { referenceBackward } from '../../../src/engine/core/value.js';
import { real } from '../../support/arbitraries.js';

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
        // + 0: a leaf's gradient is summed from +0, so sin(-0) arrives as +0.
        expect(x.grad).toBe(0 + Math.sin(x0));
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

/*
 * stopGradient as "no edge" (JAX's stop_gradient, PyTorch's detach()): nothing flows from it to its
 * operand, not g·0, which is NaN for an infinite or NaN gradient g. The oracle: the same graph with each
 * stopped value made a leaf of its own (a constant of the same value), whose gradients say what the other
 * leaves must get; the operand still gets exactly +0 from the stopped edge (nothing).
 */
describe('a non-finite gradient arriving at stopGradient: its operand gets nothing from that edge, on every path', () => {
  /** f(x, u) = sin(x).stopGradient()·u + 3x + x.stopGradient()·u: the stopped nodes get u, x gets 3 from its own edge only. */
  const f = (x: Value, u: Value): Value => x.sin().stopGradient().mul(u).add(x.mul(3)).add(x.stopGradient().mul(u));
  /** The oracle: f with each stopped value a leaf of its own. */
  const frozen = (x: Value, u: Value): Value => new Value(Math.sin(x.data)).mul(u).add(x.mul(3)).add(new Value(x.data).mul(u));
  const UPSTREAMS = [Infinity, -Infinity, NaN, 2, -2, 0, -0];
  const POINTS = [0.5, -1.25, 0, -0];

  /** [d/dx, d/du] by backward() of the oracle graph. */
  function expected(x0: number, u0: number): number[] {
    const x = new Value(x0);
    const u = new Value(u0);
    frozen(x, u).backward();
    return [x.grad, u.grad];
  }

  /** Object.is on each entry, naming the case. */
  function expectBits(got: readonly number[], want: readonly number[], what: string): void {
    expect(got.length, what).toBe(want.length);
    got.forEach((g, i) => {
      if (!Object.is(g, want[i])) throw new Error(`${what}[${i}]: got ${g}, expected ${want[i]}`);
    });
  }

  it('the oracle itself: d/dx is 3 (+ nothing), d/du the stopped values summed', () => {
    expect(expected(0.5, Infinity)).toEqual([3, 0 + 0.5 + Math.sin(0.5)]);
    expect(expected(0.5, NaN)).toEqual([3, 0.5 + Math.sin(0.5)]);
  });

  it('backward(), its reference sweep (checkFinite\'s and the fallback\'s) and backwardSteps() give the oracle\'s gradients; the stopped operand sin(x) gets +0', () => {
    for (const x0 of POINTS) {
      for (const u0 of UPSTREAMS) {
        const want = expected(x0, u0);
        const what = `x = ${x0}, u = ${u0}`;
        for (const [name, sweep] of [['backward', (r: Value) => r.backward()], ['reference', referenceBackward]] as const) {
          const x = new Value(x0);
          const u = new Value(u0);
          const root = f(x, u);
          const sine = topologicalOrder(root).find((n) => n.op === 'sin') as Value;
          sine.grad = 7;
          sweep(root);
          expectBits([x.grad, u.grad], want, `${name} ${what}`);
          expectBits([sine.grad], [0], `${name} ${what}: the stopped operand's gradient`);
        }
        const x = new Value(x0);
        const u = new Value(u0);
        const root = f(x, u);
        const steps = [...backwardSteps(root)];
        const leafGradient = (leaf: Value) => 0 + (steps.find((s) => s.node === leaf) as BackwardStep).gradient;
        expectBits([leafGradient(x), leafGradient(u)], want, `backwardSteps ${what}`);
        for (const s of steps.filter((t) => t.node.op === 'stopGradient')) {
          const edge = s.edges[0] as BackwardStepEdge;
          // The edge carries nothing: +0, whatever the gradient; and nothing had reached either operand
          // before (sin(x) has no other user, x's other edge comes later in the sweep), so it stays +0.
          expectBits([edge.contribution, edge.parentGradient], [0, 0], `backwardSteps ${what}: the stopped edge's contribution, the parent's gradient`);
        }
      }
    }
  });

  it('gradients() gives the oracle\'s gradients, and builds no product of a gradient by the stopped edge\'s 0', () => {
    for (const x0 of POINTS) {
      for (const u0 of UPSTREAMS) {
        const x = new Value(x0);
        const u = new Value(u0);
        const grads = gradients(f(x, u), [x, u]);
        expectBits(grads.map((g) => g.data), expected(x0, u0), `gradients x = ${x0}, u = ${u0}`);
        const products = grads.flatMap((g) => topologicalOrder(g)).filter((n) => n.op === '*' && n.constant === 0);
        expect(products).toEqual([]);
      }
    }
    // An operand reached only through stopGradient: +0, as a fresh leaf.
    const x = new Value(2);
    const [dx] = gradients(x.stopGradient().mul(new Value(-Infinity)), [x]) as [Value];
    expect(Object.is(dx.data, 0)).toBe(true);
    expect(dx.parents).toEqual([]);
    // To second order: d²/dx² of x²·x.stopGradient() under an infinite factor: 2·c·u with c = x, nothing from the stopped edge.
    const y = new Value(1.5);
    const w = new Value(Infinity);
    const [d1] = gradients(y.mul(y).mul(y.stopGradient()).mul(w), [y]) as [Value];
    const [d2] = gradients(d1, [y]) as [Value];
    expect([d1.data, d2.data]).toEqual([Infinity, Infinity]);
  });

  it('vjp() and jacobian() in both modes (the linear tape) give the oracle\'s gradients, a non-finite cotangent included', () => {
    const g = (x: Value, u: Value) => f(x, u);
    for (const x0 of POINTS) {
      for (const u0 of UPSTREAMS) {
        const want = expected(x0, u0);
        const [, pullback] = vjp(g, [x0, u0]);
        expectBits(pullback(1), want, `vjp x = ${x0}, u = ${u0}`);
        // Each mode against the oracle graph in the same mode: forward mode's tangents are not sums
        // from +0 (at x = -0, d/du is sin(-0) + -0 = -0 there, as it is for the oracle).
        for (const mode of ['forward', 'reverse'] as const) {
          const oracle = jacobian(frozen, { mode })(x0, u0)[0] as number[];
          expectBits(jacobian(g, { mode })(x0, u0)[0] as number[], oracle, `jacobian ${mode} x = ${x0}, u = ${u0}`);
        }
        expectBits(jacobian(frozen, { mode: 'reverse' })(x0, u0)[0] as number[], want, `the oracle's jacobian x = ${x0}, u = ${u0}`);
      }
    }
    // The cotangent itself infinite: d/dx of x.stopGradient() + 3x is Infinity · 3, not Infinity · 3 + Infinity · 0.
    const [, back] = vjp((x) => x.stopGradient().add(x.mul(3)), [2]);
    expect(back(Infinity)).toEqual([Infinity]);
    expect(back(-Infinity)).toEqual([-Infinity]);
  });

  it('jvp() gives the stopped node a tangent of exactly +0 whatever the input tangent (NaN, ±Infinity, negative), on the number path and the composable one', () => {
    for (const t of [NaN, Infinity, -Infinity, -1, 1, -0]) {
      const [value, tangent] = jvp((x) => x.stopGradient(), [3], [t]);
      expect(value).toBe(3);
      expect(Object.is(tangent, 0), `tangent ${t}: got ${tangent}`).toBe(true);
      const [, composed] = jvp((x) => x.stopGradient(), [new Value(3)], [t]);
      expect(Object.is(composed.data, 0), `composable, tangent ${t}: got ${composed.data}`).toBe(true);
    }
    // Along x, with u = Infinity: 3, the stopped products adding nothing (u · 0 would be NaN).
    for (const x0 of POINTS) {
      for (const u0 of UPSTREAMS) {
        for (const v of [[1, 0], [0, 1], [Infinity, 1]]) {
          const what = `x = ${x0}, u = ${u0}, v = ${v}`;
          const want = jvp(frozen, [x0, u0], v)[1];
          expectBits([jvp(f, [x0, u0], v)[1]], [want], `jvp number path ${what}`);
          expectBits([jvp(f, [new Value(x0), new Value(u0)], v)[1].data], [want], `jvp composable ${what}`);
        }
      }
    }
    expect(jvp(f, [0.5, Infinity], [1, 0])[1]).toBe(3);
  });

  for (const mode of ['generated', 'interpreted'] as const) {
    it(`compile() in ${mode} mode gives the oracle's gradients, run after run, and backward()'s bit for bit`, () => {
      const x = new Value(0.5);
      const u = new Value(1);
      const step = compile(f(x, u), { mode });
      for (const x0 of POINTS) {
        for (const u0 of UPSTREAMS) {
          x.data = x0;
          u.data = u0;
          x.grad = 0;
          u.grad = 0;
          step.run();
          expectBits([x.grad, u.grad], expected(x0, u0), `compile ${mode} x = ${x0}, u = ${u0}`);
        }
      }
    });
  }

  it('-0: a gradient of -Infinity or -0 arriving gives the operand +0, on every path', () => {
    for (const u0 of [-Infinity, -0, -2]) {
      const h = (x: Value, u: Value) => x.stopGradient().mul(u);
      const x = new Value(4);
      h(x, new Value(u0)).backward();
      const xr = new Value(4);
      referenceBackward(h(xr, new Value(u0)));
      const xg = new Value(4);
      const [dx] = gradients(h(xg, new Value(u0)), [xg]) as [Value];
      const [, pullback] = vjp(h, [4, u0]);
      const xc = new Value(4);
      compile(h(xc, new Value(u0)), { mode: 'interpreted' }).run();
      const xd = new Value(4);
      compile(h(xd, new Value(u0)), { mode: 'generated' }).run();
      expectBits([x.grad, xr.grad, dx.data, pullback(1)[0] as number, xc.grad, xd.grad], [0, 0, 0, 0, 0, 0], `u = ${u0}`);
    }
  });
});
