import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Adam, Value } from '../../src/index.js';
import { real } from '../support/arbitraries.js';

/**
 * Kingma and Ba (2015), Algorithm 1, written out for one parameter with plain numbers:
 * g = f'(θ); m = β1 m + (1 - β1) g; v = β2 v + (1 - β2) g²; m̂ = m / (1 - β1^t); v̂ = v / (1 - β2^t);
 * θ = θ - α m̂ / (√v̂ + ε).
 */
function paperAdam(theta: number, fprime: (x: number) => number, steps: number, alpha: number, b1 = 0.9, b2 = 0.999, eps = 1e-8): number[] {
  let m = 0;
  let v = 0;
  const out: number[] = [];
  for (let t = 1; t <= steps; t++) {
    const g = fprime(theta);
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    const mHat = m / (1 - b1 ** t);
    const vHat = v / (1 - b2 ** t);
    theta = theta - (alpha * mHat) / (Math.sqrt(vHat) + eps);
    out.push(theta);
  }
  return out;
}

describe('Adam', () => {
  it('matches the published update formula on a one-parameter example, f(θ) = (θ - 3)²', () => {
    const theta = new Value(0);
    const opt = new Adam([theta], { lr: 0.1 });
    const expected = paperAdam(0, (x) => 2 * (x - 3), 20, 0.1);
    for (let t = 0; t < 20; t++) {
      opt.zeroGrad();
      theta.sub(3).square().backward();
      opt.step();
      expect(theta.data).toBe(expected[t]);
    }
  });

  it('matches the formula for any hyperparameters and a non-convex f', () => {
    fc.assert(
      fc.property(real(-2, 2), real(0.001, 0.5), real(0, 0.99), real(0.5, 0.9999), real(1e-10, 1e-3), (start, lr, b1, b2, eps) => {
        const theta = new Value(start);
        const opt = new Adam([theta], { lr, beta1: b1, beta2: b2, eps });
        const expected = paperAdam(start, (x) => Math.cos(x) * 3 + 2 * x, 8, lr, b1, b2, eps);
        for (let t = 0; t < 8; t++) {
          opt.zeroGrad();
          theta.sin().mul(3).add(theta.square()).backward(); // f = 3 sin θ + θ², f' = 3 cos θ + 2θ
          opt.step();
          expect(theta.data).toBeCloseTo(expected[t] as number, 12);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('bias correction makes the first step lr in the direction of -sign(g), whatever the size of g', () => {
    for (const g of [1e-3, 1, 1e3, -5]) {
      const p = new Value(0);
      p.grad = g;
      new Adam([p], { lr: 0.01 }).step();
      // m̂ = g and v̂ = g², so the step is lr g / (|g| + ε).
      expect(p.data).toBeCloseTo(-0.01 * Math.sign(g), 6);
    }
  });

  it('weightDecay adds weightDecay θ to the gradient (L2, as PyTorch Adam)', () => {
    const p = new Value(2);
    const q = new Value(2);
    p.grad = 0.5;
    q.grad = 0.5 + 0.1 * 2;
    new Adam([p], { lr: 0.01, weightDecay: 0.1 }).step();
    new Adam([q], { lr: 0.01 }).step();
    expect(p.data).toBe(q.data);
  });

  it('without weight decay a parameter at ±Infinity is updated by the formula (it stays there), not turned to NaN by 0 · ∞', () => {
    for (const start of [Infinity, -Infinity]) {
      const theta = new Value(start);
      const opt = new Adam([theta], { lr: 0.1 });
      const expected = paperAdam(start, () => 1, 2, 0.1);
      for (let t = 0; t < 2; t++) {
        theta.grad = 1;
        opt.step();
        expect(theta.data).toBe(expected[t]);
      }
      expect(theta.data).toBe(start);
    }
  });

  it('new Adam uses the paper\'s defaults and rejects bad hyperparameters', () => {
    const opt = new Adam([new Value(0)]);
    expect([opt.lr, opt.beta1, opt.beta2, opt.eps, opt.weightDecay]).toEqual([0.001, 0.9, 0.999, 1e-8, 0]);
    expect(() => new Adam([new Value(0)], { beta1: 1 })).toThrow('new Adam: beta1 must be a finite number in [0, 1), got number 1');
    expect(() => new Adam([new Value(0)], { beta2: -0.1 })).toThrow(new RangeError('new Adam: beta2 must be a finite number in [0, 1), got number -0.1'));
    expect(() => new Adam([new Value(0)], { eps: NaN })).toThrow('new Adam: eps must be a finite number >= 0, got number NaN');
  });
});
