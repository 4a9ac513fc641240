import { describe, expect, it } from 'vitest';
import { Adam, AdamW, Value } from '../../src/index.js';

describe('AdamW', () => {
  it('with a zero gradient, each step only shrinks θ by the factor (1 - lr weightDecay)', () => {
    const p = new Value(3);
    const opt = new AdamW([p], { lr: 0.1, weightDecay: 0.5 });
    let expected = 3;
    for (let i = 0; i < 4; i++) {
      p.grad = 0;
      opt.step();
      expected *= 1 - 0.1 * 0.5;
      expect(p.data).toBe(expected);
    }
  });

  it('decouples the decay: θ (1 - lr λ), then Adam with the plain gradient', () => {
    const p = new Value(2);
    const q = new Value(2 * (1 - 0.01 * 0.1));
    p.grad = 0.5;
    q.grad = 0.5;
    new AdamW([p], { lr: 0.01, weightDecay: 0.1 }).step();
    new Adam([q], { lr: 0.01 }).step();
    expect(p.data).toBe(q.data);
    // Adam's L2 decay goes through the moments instead, and gives another step.
    const r = new Value(2);
    r.grad = 0.5;
    new Adam([r], { lr: 0.01, weightDecay: 0.1 }).step();
    expect(r.data).not.toBe(p.data);
  });

  it("new AdamW defaults to PyTorch's weightDecay 0.01 and is an Adam", () => {
    const opt = new AdamW([new Value(0)]);
    expect(opt.weightDecay).toBe(0.01);
    expect(opt).toBeInstanceOf(Adam);
    expect(() => new AdamW([new Value(0)], { weightDecay: -1 })).toThrow('new AdamW: weightDecay must be a finite number >= 0, got number -1');
  });
});
