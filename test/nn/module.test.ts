import { describe, expect, it } from 'vitest';
import { Module, Value } from '../../src/index.js';

/** The README's example of a module of one's own: a line w·x + b. */
class Affine extends Module {
  readonly w = new Value(0.5, 'w');
  readonly b = new Value(0, 'b');
  parameters(): Value[] {
    return [this.w, this.b];
  }
}

describe('Module', () => {
  it('zeroGrad() sets every parameter\'s gradient to 0, and nothing else\'s', () => {
    const m = new Affine();
    const x = new Value(3, 'x');
    m.w.mul(x).add(m.b).backward();
    expect([m.w.grad, m.b.grad, x.grad]).toEqual([3, 1, 0.5]);
    m.zeroGrad();
    expect([m.w.grad, m.b.grad, x.grad]).toEqual([0, 0, 0.5]);
  });

  it('zeroGrad() is what makes a second backward() start afresh: leaves accumulate otherwise', () => {
    const m = new Affine();
    const loss = () => m.w.mul(2).add(m.b);
    loss().backward();
    loss().backward();
    expect(m.w.grad).toBe(4);
    m.zeroGrad();
    loss().backward();
    expect(m.w.grad).toBe(2);
  });
});
