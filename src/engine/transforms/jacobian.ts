import { Value } from '../core/value.js';
import { LinearTape } from './linear-tape.js';
import { callVector, checkArguments, checkFunction, checkRecording, type VectorFunction } from './jvp.js';
import { describeOperand } from '../core/describe.js';
import { optionsObject } from '../core/options-object.js';

/** How `jacobian` sweeps: one forward sweep per input, one reverse sweep per output, or whichever is fewer. */
export type JacobianMode = 'forward' | 'reverse' | 'auto';

/** Options for `jacobian`. */
export interface JacobianOptions {
  /** 'forward' (a column per sweep), 'reverse' (a row per sweep) or 'auto' (default: forward when inputs are fewer than outputs). */
  readonly mode?: JacobianMode;
}

const MODES: readonly string[] = ['forward', 'reverse', 'auto'];

/**
 * The Jacobian of `f` as a function returning a matrix of numbers (rows = outputs, columns =
 * inputs; one row for a scalar f), from one evaluation of f and then one forward sweep per
 * column or one reverse sweep per row: the two modes agree, and 'auto' picks the fewer sweeps.
 *
 * @example
 * jacobian((x, y) => [x.mul(y), x.add(y), x.sin()])(2, 5); // [[5, 2], [1, 1], [cos 2, 0]]
 * jacobian((x, y) => x.mul(y), { mode: 'forward' })(2, 5); // [[5, 2]]
 */
export function jacobian(f: VectorFunction, options: JacobianOptions = {}): (...xs: number[]) => number[][] {
  checkFunction('jacobian', f);
  optionsObject('jacobian', options);
  const mode = options.mode ?? 'auto';
  if (!MODES.includes(mode)) {
    throw new RangeError(`jacobian: mode must be 'forward', 'reverse' or 'auto', got ${describeOperand(mode)}`);
  }
  return (...xs) => {
    const leaves = checkArguments('jacobian', xs, 'xs', false).map((x) => new Value(x as number));
    checkRecording('jacobian');
    const [outputs] = callVector('jacobian', f, leaves);
    const tape = new LinearTape('jacobian', leaves, outputs);
    const n = leaves.length;
    const m = outputs.length;
    const forward = mode === 'forward' || (mode === 'auto' && n < m);
    const rows: number[][] = Array.from({ length: m }, () => new Array<number>(n).fill(0));
    const unit = new Float64Array(forward ? n : m);
    const swept: number[] = [];
    if (forward) {
      for (let j = 0; j < n; j++) {
        unit[j] = 1;
        tape.pushForward(unit, swept);
        unit[j] = 0;
        for (let i = 0; i < m; i++) (rows[i] as number[])[j] = swept[i] as number;
      }
    } else {
      for (let i = 0; i < m; i++) {
        unit[i] = 1;
        tape.pullBack(unit, swept);
        unit[i] = 0;
        rows[i] = swept.slice();
      }
    }
    return rows;
  };
}
