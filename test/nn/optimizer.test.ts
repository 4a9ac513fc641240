import { describe, expect, it } from 'vitest';
import { Adam, AdamW, Optimizer, SGD, Value } from '../../src/index.js';

describe('Optimizer (the base of SGD, Adam and AdamW)', () => {
  it('a schedule is called with the number of steps taken so far', () => {
    const p = new Value(0);
    const seen: number[] = [];
    const opt = new SGD([p], { lr: (k) => (seen.push(k), 0.1) });
    for (let i = 0; i < 3; i++) opt.step();
    expect(seen).toEqual([0, 1, 2]);
    expect(opt.stepCount).toBe(3);
    expect(opt.learningRate()).toBe(0.1);
  });

  it('step() refuses a schedule that gives a bad learning rate, naming the step, and changes nothing', () => {
    const p = new Value(1);
    p.grad = 1;
    const opt = new SGD([p], { lr: (k) => (k === 1 ? NaN : 0.5) });
    opt.step();
    expect(() => opt.step()).toThrow('SGD.step: the learning rate at step 1 must be a finite number >= 0, got number NaN');
    expect(p.data).toBe(0.5);
    expect(opt.stepCount).toBe(1);
  });

  it.each([
    ['a negative rate', -0.5, 'number -0.5'],
    ['Infinity', Infinity, 'number Infinity'],
    ['a string', '0.5', 'string "0.5"'],
    ['undefined', undefined, 'undefined'],
  ])('step() refuses a schedule that gives %s, and changes nothing', (_, rate, described) => {
    const p = new Value(1);
    p.grad = 1;
    const opt = new SGD([p], { lr: () => rate as number });
    expect(() => opt.step()).toThrow(new RangeError(`SGD.step: the learning rate at step 0 must be a finite number >= 0, got ${described}`));
    expect(p.data).toBe(1);
    expect(opt.stepCount).toBe(0);
  });

  it('zeroGrad() clears the gradients of its parameters', () => {
    const ps = [new Value(1), new Value(2)];
    ps.forEach((p) => (p.grad = 3));
    new Adam(ps).zeroGrad();
    expect(ps.map((p) => p.grad)).toEqual([0, 0]);
  });

  it.each([
    ['SGD', (ps: Value[]) => new SGD(ps, { lr: 0.1 })],
    ['Adam', (ps: Value[]) => new Adam(ps)],
    ['AdamW', (ps: Value[]) => new AdamW(ps)],
  ] as const)('new %s refuses a parameter listed twice, non-Values and parameters that are not an array', (name, make) => {
    const p = new Value(1);
    expect(() => make([p, new Value(2), p])).toThrow(`new ${name}: parameters[2] is the same Value as parameters[0]`);
    expect(() => make([p, 3 as unknown as Value])).toThrow(`new ${name}: parameters[1] must be a Value, got number 3`);
    expect(() => make(p as unknown as Value[])).toThrow(TypeError);
    expect(() => make(p as unknown as Value[])).toThrow(`new ${name}: parameters must be an array of Values (a model's parameters()), got an object (Value)`);
    expect(() => make({ length: 1, 0: p } as unknown as Value[])).toThrow(/^new \w+: parameters must be an array of Values \(a model's parameters\(\)\), got an object \{0, length\}$/);
    expect(make([p])).toBeInstanceOf(Optimizer);
  });
});
