import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, customOp, isRecording, noGrad, softmax, sum } from '../../../src/index.js';
import { real } from '../../support/oracles.js';
import { BINARY_OPS, CONSTANT_OPS, UNARY_OPS } from '../../support/ops.js';

// Every op of Value, as a function of two Values (a unary op ignores the second).
const OPS: (readonly [string, (a: Value, b: Value) => Value])[] = [
  ...BINARY_OPS,
  ...CONSTANT_OPS.map(([name, op]) => [`${name}(number)`, (a: Value) => op(a, 2)] as const),
  ...UNARY_OPS,
  ['square', (a) => a.square()],
  ['logSigmoid', (a) => a.logSigmoid()],
  ['detach', (a) => a.detach()],
];

describe('noGrad(fn)', () => {
  it('isRecording() is true outside noGrad and false inside', () => {
    expect(isRecording()).toBe(true);
    expect(noGrad(() => isRecording())).toBe(false);
    expect(isRecording()).toBe(true);
  });

  for (const [name, op] of OPS) {
    it(`${name} inside noGrad makes a leaf with the same value: no parents, op '', no constant`, () => {
      fc.assert(
        fc.property(real(0.1, 3), real(0.1, 3), (x, y) => {
          const a = new Value(x);
          const b = new Value(y);
          const recorded = op(a, b);
          const unrecorded = noGrad(() => op(a, b));
          expect(unrecorded.data).toBe(recorded.data);
          expect(unrecorded.parents).toEqual([]);
          expect(unrecorded.op).toBe('');
          expect(unrecorded.constant).toBeUndefined();
        }),
        { numRuns: 20 },
      );
    });
  }

  it('makes leaves of the free functions and custom ops too', () => {
    const a = new Value(1);
    const b = new Value(2);
    const twice = customOp({ name: 'twice', forward: (x) => 2 * x, derivatives: () => [2] });
    noGrad(() => {
      expect(sum([a, b, 3]).parents).toEqual([]);
      for (const p of softmax([a, b])) expect(p.parents).toEqual([]);
      expect(twice(a).parents).toEqual([]);
      expect(twice(a).op).toBe('');
    });
  });

  it('returns what fn returns', () => {
    const a = new Value(3);
    const y = noGrad(() => a.mul(a));
    expect(y).toBeInstanceOf(Value);
    expect(y.data).toBe(9);
    expect(noGrad(() => 42)).toBe(42);
    const obj = { k: 1 };
    expect(noGrad(() => obj)).toBe(obj);
    expect(noGrad(() => undefined)).toBeUndefined();
  });

  it('nests: recording stays off after an inner noGrad returns, and comes back after the outer one', () => {
    const a = new Value(2);
    const seen: boolean[] = [];
    const outer = noGrad(() => {
      seen.push(isRecording());
      const inner = noGrad(() => {
        seen.push(isRecording());
        return a.mul(3);
      });
      seen.push(isRecording());
      const after = inner.add(a);
      expect(after.parents).toEqual([]);
      return after;
    });
    expect(seen).toEqual([false, false, false]);
    expect(outer.data).toBe(8);
    expect(isRecording()).toBe(true);
    expect(a.mul(3).parents).toEqual([a]);
  });

  it('restores recording after fn throws, and rethrows the error', () => {
    const boom = new Error('boom');
    expect(() =>
      noGrad(() => {
        throw boom;
      }),
    ).toThrow(boom);
    expect(isRecording()).toBe(true);
    expect(new Value(1).mul(2).parents).toHaveLength(1);
  });

  it('restores the outer state after an inner throw caught inside an outer noGrad', () => {
    noGrad(() => {
      expect(() =>
        noGrad(() => {
          throw new RangeError('inner');
        }),
      ).toThrow(RangeError);
      expect(isRecording()).toBe(false);
    });
    expect(isRecording()).toBe(true);
  });

  it('a value made inside noGrad passes no gradient to the leaves it was computed from', () => {
    fc.assert(
      fc.property(real(-10, 10), (x) => {
        const w = new Value(x);
        const y = noGrad(() => w.mul(3).tanh());
        const z = y.mul(w); // z = y·w with y a constant: dz/dw = y
        z.backward();
        // backward() sums each gradient from +0, so a -0 slope (at x = -0) reads +0.
        expect(w.grad).toBe(y.data + 0);
        expect(y.grad).toBe(w.data + 0);
      }),
    );
  });

  it('a value made inside noGrad is a leaf that accumulates its own gradient', () => {
    const w = new Value(0.5);
    const y = noGrad(() => w.exp());
    y.mul(4).backward();
    expect(y.grad).toBe(4);
    expect(w.grad).toBe(0);
  });

  it('computes a parameter update without recording it (the usual use)', () => {
    const w = new Value(1);
    const loss = w.sub(3).square();
    loss.backward();
    const updated = noGrad(() => w.sub(new Value(0.1).mul(w.grad)));
    expect(updated.data).toBeCloseTo(1.4, 15);
    expect(updated.parents).toEqual([]);
  });
});
