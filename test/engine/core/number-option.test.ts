import { describe, expect, it } from 'vitest';
import { fractionOption, integerOption, numberOption } from '../../../src/engine/core/number-option.js';
import {
  Adam,
  AdamW,
  Layer,
  MLP,
  Neuron,
  SGD,
  Value,
  cosineDecay,
  l2Penalty,
  linearDecay,
  makeCircles,
  makeMoons,
  makeSpiral,
  stepDecay,
  trainTestSplit,
} from '../../../src/index.js';

describe('numberOption, integerOption, fractionOption', () => {
  it('numberOption returns a finite number in range, a RangeError for a bad number and a TypeError for a non-number', () => {
    expect(numberOption('f', 'x', 0, 0)).toBe(0);
    expect(numberOption('f', 'x', 0.5, 0, 1)).toBe(0.5);
    expect(() => numberOption('f', 'x', 1, 0, 1)).toThrow(new RangeError('f: x must be a finite number in [0, 1), got number 1'));
    expect(() => numberOption('f', 'x', -0.1, 0)).toThrow(new RangeError('f: x must be a finite number >= 0, got number -0.1'));
    expect(() => numberOption('f', 'x', NaN, 0)).toThrow(new RangeError('f: x must be a finite number >= 0, got number NaN'));
    expect(() => numberOption('f', 'x', Infinity, 0)).toThrow(new RangeError('f: x must be a finite number >= 0, got number Infinity'));
    expect(() => numberOption('f', 'x', '1', 0)).toThrow(new TypeError('f: x must be a finite number >= 0, got string "1"'));
    expect(() => numberOption('f', 'x', undefined, 0, 1)).toThrow(new TypeError('f: x must be a finite number in [0, 1), got undefined'));
  });

  it('integerOption returns an integer >= min, a RangeError for a bad number and a TypeError for a non-number', () => {
    expect(integerOption('f', 'n', 0, 0)).toBe(0);
    expect(integerOption('f', 'n', 7, 1)).toBe(7);
    expect(() => integerOption('f', 'n', 0, 1)).toThrow(new RangeError('f: n must be an integer >= 1, got number 0'));
    expect(() => integerOption('f', 'n', 2.5, 1)).toThrow(new RangeError('f: n must be an integer >= 1, got number 2.5'));
    expect(() => integerOption('f', 'n', Infinity, 1)).toThrow(new RangeError('f: n must be an integer >= 1, got number Infinity'));
    expect(() => integerOption('f', 'n', true, 1)).toThrow(new TypeError('f: n must be an integer >= 1, got boolean true'));
    expect(() => integerOption('f', 'n', 2n, 1)).toThrow(new TypeError('f: n must be an integer >= 1, got bigint 2n'));
  });

  it('fractionOption returns a number strictly inside (low, high), else a RangeError, and a TypeError for a non-number', () => {
    expect(fractionOption('f', 'p', 0.25, 0, 1)).toBe(0.25);
    expect(() => fractionOption('f', 'p', 0, 0, 1)).toThrow(new RangeError('f: p must be a number in (0, 1), got number 0'));
    expect(() => fractionOption('f', 'p', 1, 0, 1)).toThrow(new RangeError('f: p must be a number in (0, 1), got number 1'));
    expect(() => fractionOption('f', 'p', NaN, 0, 1)).toThrow(new RangeError('f: p must be a number in (0, 1), got number NaN'));
    expect(() => fractionOption('f', 'p', '0.5', 0, 1)).toThrow(new TypeError('f: p must be a number in (0, 1), got string "0.5"'));
  });
});

// Every numeric option of nn/ and data/ goes through those checks: a string where a number is
// expected is a TypeError (it was a RangeError, or, for fit's steps, accepted), a bad number a RangeError.
describe('the numeric options of the optimizers, schedules, models, datasets and l2Penalty', () => {
  const ps = [new Value(1)];
  const cases: [string, () => unknown, string][] = [
    ['new SGD lr', () => new SGD(ps, { lr: '0.1' as unknown as number }), 'new SGD: lr must be a finite number >= 0, got string "0.1"'],
    ['new SGD momentum', () => new SGD(ps, { lr: 0.1, momentum: '0.9' as unknown as number }), 'new SGD: momentum must be a finite number in [0, 1), got string "0.9"'],
    ['new SGD weightDecay', () => new SGD(ps, { lr: 0.1, weightDecay: '0' as unknown as number }), 'new SGD: weightDecay must be a finite number >= 0, got string "0"'],
    ['new SGD without lr', () => new SGD(ps, {} as { lr: number }), 'new SGD: lr must be a finite number >= 0, got undefined'],
    ['new Adam lr', () => new Adam(ps, { lr: true as unknown as number }), 'new Adam: lr must be a finite number >= 0, got boolean true'],
    ['new Adam beta1', () => new Adam(ps, { beta1: '0.9' as unknown as number }), 'new Adam: beta1 must be a finite number in [0, 1), got string "0.9"'],
    ['new Adam beta2', () => new Adam(ps, { beta2: [0.999] as unknown as number }), 'new Adam: beta2 must be a finite number in [0, 1), got an array of length 1'],
    ['new Adam eps', () => new Adam(ps, { eps: '1e-8' as unknown as number }), 'new Adam: eps must be a finite number >= 0, got string "1e-8"'],
    ['new AdamW weightDecay', () => new AdamW(ps, { weightDecay: '0.01' as unknown as number }), 'new AdamW: weightDecay must be a finite number >= 0, got string "0.01"'],
    ['linearDecay start', () => linearDecay('1' as unknown as number, 0.1, 10), 'linearDecay: start must be a finite number >= 0, got string "1"'],
    ['linearDecay steps', () => linearDecay(1, 0.1, '10' as unknown as number), 'linearDecay: steps must be an integer >= 1, got string "10"'],
    ['cosineDecay end', () => cosineDecay(1, undefined as unknown as number, 10), 'cosineDecay: end must be a finite number >= 0, got undefined'],
    ['stepDecay factor', () => stepDecay(1, '0.5' as unknown as number, 10), 'stepDecay: factor must be a finite number >= 0, got string "0.5"'],
    ['stepDecay every', () => stepDecay(1, 0.5, '10' as unknown as number), 'stepDecay: every must be an integer >= 1, got string "10"'],
    ['l2Penalty alpha', () => l2Penalty(ps, '1e-4' as unknown as number), 'l2Penalty: alpha must be a finite number >= 0, got string "1e-4"'],
    ['new MLP nin', () => new MLP('2' as unknown as number, [1]), 'new MLP: nin must be an integer >= 1, got string "2"'],
    ['new MLP nouts', () => new MLP(2, [4, '1' as unknown as number]), 'new MLP: nouts[1] must be an integer >= 1, got string "1"'],
    ['new Layer nout', () => new Layer(2, true as unknown as number), 'new Layer: nout must be an integer >= 1, got boolean true'],
    ['new Neuron nin', () => new Neuron('2' as unknown as number), 'new Neuron: nin must be an integer >= 1, got string "2"'],
    ['makeMoons n', () => makeMoons('10' as unknown as number), 'makeMoons: n must be an integer >= 2, got string "10"'],
    ['makeMoons noise', () => makeMoons(10, { noise: '0.1' as unknown as number }), 'makeMoons: noise must be a finite number >= 0, got string "0.1"'],
    ['makeCircles factor', () => makeCircles(10, { factor: '0.5' as unknown as number }), 'makeCircles: factor must be a number in (0, 1), got string "0.5"'],
    ['makeSpiral classes', () => makeSpiral(10, { classes: '3' as unknown as number }), 'makeSpiral: classes must be an integer >= 2, got string "3"'],
    ['trainTestSplit testFraction', () => trainTestSplit(makeMoons(10), { testFraction: '0.2' as unknown as number }), 'trainTestSplit: testFraction must be a number in (0, 1), got string "0.2"'],
  ];

  it.each(cases)('%s: a non-number is a TypeError naming the option', (_, call, message) => {
    expect(call).toThrow(new TypeError(message));
  });

  it.each([
    ['new SGD lr NaN', () => new SGD(ps, { lr: NaN }), 'new SGD: lr must be a finite number >= 0, got number NaN'],
    ['new Adam beta1 1', () => new Adam(ps, { beta1: 1 }), 'new Adam: beta1 must be a finite number in [0, 1), got number 1'],
    ['linearDecay steps 2.5', () => linearDecay(1, 0.1, 2.5), 'linearDecay: steps must be an integer >= 1, got number 2.5'],
    ['stepDecay every 0', () => stepDecay(1, 0.5, 0), 'stepDecay: every must be an integer >= 1, got number 0'],
    ['new MLP nouts 1.5', () => new MLP(2, [1.5]), 'new MLP: nouts[0] must be an integer >= 1, got number 1.5'],
    ['makeSpiral n 2.5', () => makeSpiral(2.5), 'makeSpiral: n must be an integer >= 3, got number 2.5'],
    ['makeMoons noise Infinity', () => makeMoons(10, { noise: Infinity }), 'makeMoons: noise must be a finite number >= 0, got number Infinity'],
    ['makeSpiral classes 2.5', () => makeSpiral(10, { classes: 2.5 }), 'makeSpiral: classes must be an integer >= 2, got number 2.5'],
  ] as [string, () => unknown, string][])('%s: a bad number is a RangeError naming the option and the value', (_, call, message) => {
    expect(call).toThrow(new RangeError(message));
  });
});
