import { describe, expect, it } from 'vitest';
import { SGD, Value, linearDecay } from '../../src/index.js';

const withGrads = (data: number[], grads: number[]) =>
  data.map((d, i) => {
    const v = new Value(d);
    v.grad = grads[i] as number;
    return v;
  });

describe('SGD', () => {
  it('step() without momentum or decay is p -= lr * grad', () => {
    const ps = withGrads([1, -2], [0.5, -0.25]);
    new SGD(ps, { lr: 0.1 }).step();
    expect(ps.map((p) => p.data)).toEqual([1 - 0.1 * 0.5, -2 - 0.1 * -0.25]);
  });

  it("with micrograd's schedule, step k uses lr = 1.0 - 0.9*k/100", () => {
    const p = new Value(0);
    const opt = new SGD([p], { lr: linearDecay(1.0, 0.1, 100) });
    let expected = 0;
    for (let k = 0; k < 5; k++) {
      p.grad = 1;
      opt.step();
      expected -= (1.0 - (0.9 * k) / 100) * 1;
      expect(p.data).toBe(expected);
    }
  });

  it('momentum keeps a velocity v = momentum v + g and steps by lr v', () => {
    const p = new Value(0);
    const opt = new SGD([p], { lr: 0.5, momentum: 0.9 });
    const grads = [1, 2, -1];
    let v = 0;
    let x = 0;
    for (const g of grads) {
      p.grad = g;
      opt.step();
      v = 0.9 * v + g;
      x -= 0.5 * v;
      expect(p.data).toBe(x);
    }
  });

  it('without momentum each step uses its own gradient only: an infinite one does not reach the next step as 0 · ∞ = NaN', () => {
    const p = new Value(0);
    const opt = new SGD([p], { lr: 0.1 });
    let expected = 0;
    for (const g of [Infinity, 1, -2]) {
      p.grad = g;
      opt.step();
      expected -= 0.1 * g; // micrograd's p.data -= lr * p.grad
      expect(p.data).toBe(expected);
    }
    expect(p.data).toBe(-Infinity);
  });

  it('weight decay adds weightDecay p to the gradient', () => {
    const [p] = withGrads([2], [0.5]) as [Value];
    new SGD([p], { lr: 0.1, weightDecay: 0.01 }).step();
    expect(p.data).toBe(2 - 0.1 * (0.5 + 0.01 * 2));
  });

  it('minimises a quadratic: (x - 3)² + (y + 1)² from (0, 0) to (3, -1)', () => {
    const [x, y] = [new Value(0), new Value(0)];
    const opt = new SGD([x, y], { lr: 0.1, momentum: 0.5 });
    for (let i = 0; i < 200; i++) {
      opt.zeroGrad();
      x.sub(3).square().add(y.add(1).square()).backward();
      opt.step();
    }
    expect(x.data).toBeCloseTo(3, 10);
    expect(y.data).toBeCloseTo(-1, 10);
  });

  it('new SGD rejects bad hyperparameters, naming them', () => {
    const ps = [new Value(0)];
    expect(() => new SGD(ps, { lr: -1 })).toThrow('new SGD: lr must be a finite number >= 0, got number -1');
    expect(() => new SGD(ps, { lr: NaN })).toThrow(RangeError);
    expect(() => new SGD(ps, { lr: 0.1, momentum: 1 })).toThrow('new SGD: momentum must be a finite number in [0, 1), got number 1');
    expect(() => new SGD(ps, { lr: 0.1, weightDecay: -0.1 })).toThrow(/new SGD: weightDecay must be a finite number >= 0/);
    expect(() => new SGD(ps, undefined as unknown as { lr: number })).toThrow(TypeError);
  });
});
