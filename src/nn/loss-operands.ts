import { describeOperand } from '../engine/core/describe.js';
import { checkEntries } from '../engine/core/array-entries.js';
import { isOperand } from '../engine/core/operands.js';

/**
 * @internal Checks a loss's predictions and labels: two arrays of the same non-zero length, each
 * prediction a Value or a number (unless `rows`: then an array, whose entries the caller checks),
 * each label a number passing `label` (which returns what is wrong with it, or '').
 */
export function checkLossOperands(
  caller: string,
  predictions: unknown,
  labels: unknown,
  predictionsName: string,
  labelsName: string,
  label: (y: number) => string,
  rows = false,
): void {
  if (!Array.isArray(predictions)) {
    throw new TypeError(`${caller}: ${predictionsName} must be an array, got ${describeOperand(predictions)}`);
  }
  if (!Array.isArray(labels)) throw new TypeError(`${caller}: ${labelsName} must be an array of numbers, got ${describeOperand(labels)}`);
  if (predictions.length === 0) throw new RangeError(`${caller}: needs at least one ${predictionsName.replace(/s$/, '')}, got an empty array`);
  if (labels.length !== predictions.length) {
    throw new RangeError(`${caller}: ${predictions.length} ${predictionsName} but ${labels.length} ${labelsName}`);
  }
  checkEntries(caller, labelsName, labels, 'a number', (y) => typeof y === 'number');
  checkLabels(caller, labels as number[], labelsName, label);
  if (rows) checkEntries(caller, predictionsName, predictions, 'an array of Values or numbers', Array.isArray);
  else checkEntries(caller, predictionsName, predictions, 'a Value or a number', isOperand);
}

/** @internal Checks each label (numbers, already checked as such) with `label`, which returns what is wrong with it, or ''. */
export function checkLabels(caller: string, labels: readonly number[], labelsName: string, label: (y: number) => string): void {
  labels.forEach((y, i) => {
    const wrong = label(y);
    if (wrong !== '') throw new RangeError(`${caller}: ${labelsName}[${i}] ${wrong}, got ${y}`);
  });
}
