/**
 * LinearTape (src/engine/transforms/linear-tape.ts), the recorded evaluation that jvp, vjp and
 * jacobian sweep, read directly: its counts by hand, and its sweeps against backward() on a fresh
 * build of each output.
 */
import { describe, expect, it } from 'vitest';
import { Value } from '../../../src/index.js';
import { LinearTape } from '../../../src/engine/transforms/linear-tape.js';
import { collectGarbage } from '../../support/collect-garbage.js';

/** x, y and an input the function never uses; u = x·y, s = sin(u), t = u + x. */
function build(): { x: Value; y: Value; unused: Value; s: Value; t: Value } {
  const x = new Value(0.5);
  const y = new Value(-1.5);
  const unused = new Value(2);
  const u = x.mul(y);
  return { x, y, unused, s: u.sin(), t: u.add(x) };
}

describe('LinearTape', () => {
  it('new LinearTape() counts its inputs (an unused one included) and outputs, and records the 5 nodes plus one bookkeeping node per output', () => {
    const { x, y, unused, s, t } = build();
    const tape = new LinearTape('test', [x, y, unused], [s, t]);
    expect(tape.inputs).toBe(3);
    expect(tape.outputs).toBe(2);
    // x, y, u, s, t, and the two bookkeeping nodes that join s and t under one root.
    expect(tape.length).toBe(7);
    const single = new LinearTape('test', [x], [s]);
    expect([single.inputs, single.outputs, single.length]).toEqual([1, 1, 4]);
  });

  it("pullBack() gives backward()'s gradients of the seeded output, 0 for the unused input, and counts one multiplication per edge reached", () => {
    const { x, y, unused, s, t } = build();
    const tape = new LinearTape('test', [x, y, unused], [s, t]);
    const into: number[] = [];
    // Only s is seeded: s has one edge (to u), u two (to x and y).
    expect(tape.pullBack([1, 0], into)).toBe(3);
    const ref = build();
    ref.s.backward();
    expect(into).toEqual([ref.x.grad, ref.y.grad, 0]);
  });

  it("pushForward() gives each output's derivative along the seeded input, as backward() of that output, and counts one multiplication per edge carrying a tangent", () => {
    const { x, y, unused, s, t } = build();
    const tape = new LinearTape('test', [x, y, unused], [s, t]);
    const into: number[] = [];
    // Only x is seeded: u takes 1 edge (from x), s 1 (from u), t 2 (from u and x).
    expect(tape.pushForward([1, 0, 0], into)).toBe(4);
    const [bs, bt] = [build(), build()];
    bs.s.backward();
    bt.t.backward();
    expect(into).toEqual([bs.x.grad, bt.x.grad]);
  });

  it('new LinearTape() keeps no reference to the graph it recorded: the garbage collector reclaims its Values', async () => {
    const refs = ((): WeakRef<Value>[] => {
      const { x, y, unused, s, t } = build();
      const tape = new LinearTape('test', [x, y, unused], [s, t]);
      expect(tape.length).toBe(7);
      return [new WeakRef(x), new WeakRef(y), new WeakRef(s), new WeakRef(t)];
    })();
    await collectGarbage();
    expect(refs.map((r) => r.deref())).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('LinearTape structural zeros', () => {
  it("pushForward() multiplies nothing along the edge from an operand no seeded input reaches, even where that edge's derivative is infinite", () => {
    // d(x·y)/dx = y = 3 at x = Infinity; the edge from y carries d/dy = x = Infinity, and y is not
    // seeded, so Infinity × 0 (NaN) must not be added in.
    const x = new Value(Infinity);
    const y = new Value(3);
    const tape = new LinearTape('test', [x, y], [x.mul(y)]);
    const into: number[] = [];
    expect(tape.pushForward([1, 0], into)).toBe(1);
    expect(into).toEqual([3]);
    // Seeded on the second operand alone: d(x·y)/dy = x = Infinity, one multiplication.
    expect(tape.pushForward([0, 1], into)).toBe(1);
    expect(into).toEqual([Infinity]);
  });

  it('pullBack() passes nothing through stopGradient, not even Infinity × 0: its operand gets 0 and no multiplication is made', () => {
    // stopGradient's derivative is 0 by definition (JAX's stop_gradient), and backward() gives +0 there too.
    for (const c of [1, Infinity, -Infinity, NaN]) {
      const x = new Value(2);
      const tape = new LinearTape('test', [x], [x.stopGradient()]);
      const into: number[] = [];
      expect(tape.pullBack([c], into), `c = ${c}`).toBe(0);
      expect(into, `c = ${c}`).toEqual([0]);
      expect(Object.is(into[0], 0), `c = ${c}: +0`).toBe(true);
    }
  });
});
