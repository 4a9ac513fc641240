import { describe, expect, it } from 'vitest';
import { Adam, AdamW, MLP, OPTIMIZERS, OPTIMIZER_NAMES, SGD, linearDecay } from '../../src/index.js';
import type { Optimizer, OptimizerName, Value } from '../../src/index.js';

/** Two steps of `optimizer` on a fixed model and fixed gradients; the parameters after them. */
function twoSteps(build: (params: Value[]) => Optimizer): number[] {
  const model = new MLP(2, [3, 1], { seed: 7 });
  const params = model.parameters();
  const optimizer = build(params);
  for (let k = 0; k < 2; k++) {
    params.forEach((p, i) => (p.grad = Math.sin(i + 3 * k) + (i % 3) * 0.25));
    optimizer.step();
  }
  return params.map((p) => p.data);
}

describe('OPTIMIZERS', () => {
  it('lists sgd, adam and adamw, in that order, as OPTIMIZER_NAMES does', () => {
    expect(OPTIMIZER_NAMES).toEqual(['sgd', 'adam', 'adamw']);
    expect(Object.keys(OPTIMIZERS)).toEqual(OPTIMIZER_NAMES);
  });

  it('create() builds the named class with the given rate, its other options at the defaults (AdamW: decoupled decay 0.01)', () => {
    const params = new MLP(2, [2, 1]).parameters();
    const sgd = OPTIMIZERS.sgd.create(params, 0.5);
    expect(sgd).toBeInstanceOf(SGD);
    expect([sgd.lr, (sgd as SGD).momentum, (sgd as SGD).weightDecay]).toEqual([0.5, 0, 0]);
    const adam = OPTIMIZERS.adam.create(params, 0.02);
    expect(adam).toBeInstanceOf(Adam);
    expect(adam).not.toBeInstanceOf(AdamW);
    expect([adam.lr, (adam as Adam).weightDecay]).toEqual([0.02, 0]);
    const adamw = OPTIMIZERS.adamw.create(params, 0.03);
    expect(adamw).toBeInstanceOf(AdamW);
    expect([adamw.lr, (adamw as AdamW).weightDecay]).toEqual([0.03, 0.01]);
    expect(OPTIMIZERS.adamw.title).toBe('AdamW (decoupled weight decay 0.01)');
    expect([OPTIMIZERS.sgd.title, OPTIMIZERS.adam.title]).toEqual(['SGD', 'Adam']);
    const schedule = linearDecay(1, 0.1, 10);
    expect(OPTIMIZERS.sgd.create(params, schedule).lr).toBe(schedule);
  });

  it('an optimizer from create() steps the parameters bit for bit as one built by hand', () => {
    const byHand: Record<OptimizerName, (p: Value[]) => Optimizer> = {
      sgd: (p) => new SGD(p, { lr: 0.4 }),
      adam: (p) => new Adam(p, { lr: 0.4 }),
      adamw: (p) => new AdamW(p, { lr: 0.4, weightDecay: 0.01 }),
    };
    for (const name of OPTIMIZER_NAMES) {
      const got = twoSteps((p) => OPTIMIZERS[name].create(p, 0.4));
      const expected = twoSteps(byHand[name]);
      got.forEach((x, i) => expect(Object.is(x, expected[i])).toBe(true));
    }
  });

  it("holds memograd train's default rates (a rate decaying to a tenth) and the playground's constant ones", () => {
    expect(OPTIMIZER_NAMES.map((n) => OPTIMIZERS[n].lr)).toEqual([1, 0.01, 0.01]);
    expect(OPTIMIZER_NAMES.map((n) => OPTIMIZERS[n].constantLr)).toEqual([0.3, 0.03, 0.03]);
  });

  it('has a short one-line ASCII description of each entry, for help texts and menus (at most 68 characters: a help line of 100)', () => {
    for (const name of OPTIMIZER_NAMES) expect(OPTIMIZERS[name].description).toMatch(/^[\x20-\x7e]{10,68}$/);
  });

  it('cannot be changed under its users: the registry, its entries and the names are frozen', () => {
    expect(Object.isFrozen(OPTIMIZERS)).toBe(true);
    for (const name of OPTIMIZER_NAMES) expect(Object.isFrozen(OPTIMIZERS[name])).toBe(true);
    expect(Object.isFrozen(OPTIMIZER_NAMES)).toBe(true);
  });
});
