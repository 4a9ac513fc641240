import { describe, expect, it } from 'vitest';
import { bceWithLogitsLoss, hingeLoss, mseLoss, softmaxCrossEntropyLoss } from '../../src/index.js';

// checkLossOperands (src/nn/loss-operands.ts) is the one check of the four losses' arguments; it is
// internal, so it is tested through each loss, with the names each gives its two arrays.
type Loss = (predictions: unknown, labels: unknown) => unknown;
const losses: [string, Loss, string, string, string, unknown, number][] = [
  // [loss, call, predictions' name, its singular, labels' name, one prediction, one label]
  ['mseLoss', (p, l) => mseLoss(p as number[], l as number[]), 'predictions', 'prediction', 'targets', 0.5, 1],
  ['hingeLoss', (p, l) => hingeLoss(p as number[], l as number[]), 'scores', 'score', 'labels', 0.5, 1],
  ['bceWithLogitsLoss', (p, l) => bceWithLogitsLoss(p as number[], l as number[]), 'logits', 'logit', 'labels', 0.5, 1],
  ['softmaxCrossEntropyLoss', (p, l) => softmaxCrossEntropyLoss(p as number[][], l as number[]), 'logits', 'logit', 'classes', [0.5, 1], 1],
];

describe('the loss operand checks (checkLossOperands)', () => {
  it.each(losses)('%s() refuses predictions or labels that are not arrays, naming them, with a TypeError', (name, loss, predictions, _, labels, one, label) => {
    expect(() => loss(5, [label])).toThrow(new TypeError(`${name}: ${predictions} must be an array, got number 5`));
    // An array-like object is no array: its length would otherwise pass the length checks.
    expect(() => loss({ length: 1, 0: one }, [label])).toThrow(new TypeError(`${name}: ${predictions} must be an array, got an object {0, length}`));
    expect(() => loss([one], 'a')).toThrow(new TypeError(`${name}: ${labels} must be an array of numbers, got string "a"`));
    expect(() => loss([one], { length: 1, 0: label })).toThrow(new TypeError(`${name}: ${labels} must be an array of numbers, got an object {0, length}`));
  });

  it.each(losses)('%s() refuses empty arrays, naming what it needs in the singular', (name, loss, _, singular) => {
    expect(() => loss([], [])).toThrow(new RangeError(`${name}: needs at least one ${singular}, got an empty array`));
  });
});
