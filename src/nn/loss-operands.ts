import { Value } from '../engine/value.js';
import { describeOperand } from '../engine/describe.js';

/**
 * @internal Checks a loss's predictions (Values or numbers) and labels (numbers): two arrays of the
 * same non-zero length, each label passing `label` (which returns what is wrong with it, or '').
 */
export function checkLossOperands(
  caller: string,
  predictions: unknown,
  labels: unknown,
  predictionsName: string,
  labelsName: string,
  label: (y: number) => string,
): void {
  if (!Array.isArray(predictions)) {
    throw new TypeError(`${caller}: ${predictionsName} must be an array, got ${describeOperand(predictions)}`);
  }
  if (!Array.isArray(labels)) throw new TypeError(`${caller}: ${labelsName} must be an array of numbers, got ${describeOperand(labels)}`);
  if (predictions.length === 0) throw new RangeError(`${caller}: needs at least one ${predictionsName.replace(/s$/, '')}, got an empty array`);
  if (labels.length !== predictions.length) {
    throw new RangeError(`${caller}: ${predictions.length} ${predictionsName} but ${labels.length} ${labelsName}`);
  }
  labels.forEach((y: unknown, i) => {
    if (typeof y !== 'number') throw new TypeError(`${caller}: ${labelsName}[${i}] must be a number, got ${describeOperand(y)}`);
    const wrong = label(y);
    if (wrong !== '') throw new RangeError(`${caller}: ${labelsName}[${i}] ${wrong}, got ${y}`);
  });
}

/** @internal Checks one prediction: a Value or a number. */
export function checkPrediction(caller: string, name: string, p: unknown): Value | number {
  if (p instanceof Value || typeof p === 'number') return p;
  throw new TypeError(`${caller}: ${name} must be a Value or a number, got ${describeOperand(p)}`);
}
