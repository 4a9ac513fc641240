import type { LRSchedule } from './optimizer.js';
import { integerOption, numberOption } from '../engine/core/number-option.js';

/**
 * From `start` at step 0 down (or up) to `end` at step `steps`, in a straight line, then `end`:
 * start - (start - end)·k / steps. `linearDecay(1.0, 0.1, 100)` is micrograd's demo's
 * `1.0 - 0.9*k/100`, with the same float operations.
 *
 * @example
 * new SGD(params, { lr: linearDecay(1.0, 0.1, 100) });
 */
export function linearDecay(start: number, end: number, steps: number): LRSchedule {
  checkSchedule('linearDecay', start, end, steps);
  const drop = start - end;
  return (k) => (k >= steps ? end : start - (drop * k) / steps);
}

/**
 * Half a cosine from `start` at step 0 to `end` at step `steps`, then `end`:
 * end + (start - end)·(1 + cos(π k / steps)) / 2.
 *
 * @example
 * new Adam(params, { lr: cosineDecay(0.01, 0.001, 500) });
 */
export function cosineDecay(start: number, end: number, steps: number): LRSchedule {
  checkSchedule('cosineDecay', start, end, steps);
  // Stryker disable next-line EqualityOperator: at k = steps the curve gives end exactly (cos(π) is -1, so 1 + cos is 0), so > and >= agree; the twin < (the curve only past steps) fails cosineDecay's tests
  return (k) => (k >= steps ? end : end + ((start - end) * (1 + Math.cos((Math.PI * k) / steps))) / 2);
}

/**
 * `start`, multiplied by `factor` every `every` steps: start·factor^⌊k / every⌋.
 *
 * @example
 * new SGD(params, { lr: stepDecay(0.1, 0.5, 30) }); // 0.1, then 0.05 from step 30, ...
 */
export function stepDecay(start: number, factor: number, every: number): LRSchedule {
  numberOption('stepDecay', 'start', start, 0);
  numberOption('stepDecay', 'factor', factor, 0);
  integerOption('stepDecay', 'every', every, 1);
  return (k) => start * Math.pow(factor, Math.floor(k / every));
}

function checkSchedule(caller: string, start: number, end: number, steps: number): void {
  numberOption(caller, 'start', start, 0);
  numberOption(caller, 'end', end, 0);
  integerOption(caller, 'steps', steps, 1);
}
