import { Value } from '../engine/core/value.js';
import { checkEntries } from '../engine/core/array-entries.js';
import { describeOperand } from '../engine/core/describe.js';
import { numberOption } from '../engine/core/number-option.js';

/** A learning-rate schedule: the rate for step k (k = 0 for the first step). */
export type LRSchedule = (step: number) => number;

/**
 * The base of `SGD`, `Adam` and `AdamW`: a fixed list of parameters, a learning rate (a number or
 * a schedule), and the count of steps taken. `step()` updates every parameter in place from its
 * `grad`; `zeroGrad()` clears the gradients for the next `backward()`.
 *
 * @example
 * const opt = new SGD(model.parameters(), { lr: 0.1 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export abstract class Optimizer {
  /** The parameters updated by `step()`, in the order given. */
  readonly parameters: readonly Value[];
  /** The learning rate: a number, or a schedule called with the step count. */
  lr: number | LRSchedule;
  /** The number of `step()` calls so far. */
  stepCount = 0;

  /** @internal The class's name for messages: `constructor.name` does not survive bundlers (keepNames is off). */
  declare readonly _name: string;

  protected constructor(name: string, parameters: readonly Value[], lr: number | LRSchedule) {
    this._name = name;
    if (!Array.isArray(parameters)) {
      throw new TypeError(`new ${name}: parameters must be an array of Values (a model's parameters()), got ${describeOperand(parameters)}`);
    }
    checkEntries(`new ${name}`, 'parameters', parameters, 'a Value', (p) => p instanceof Value);
    const seen = new Map<Value, number>();
    parameters.forEach((p, i) => {
      const first = seen.get(p);
      // A parameter listed twice would be updated twice per step.
      if (first !== undefined) throw new RangeError(`new ${name}: parameters[${i}] is the same Value as parameters[${first}]`);
      seen.set(p, i);
    });
    if (typeof lr !== 'function') numberOption(`new ${name}`, 'lr', lr, 0);
    this.parameters = Object.freeze([...parameters]);
    this.lr = lr;
  }

  /** The learning rate the next `step()` will use. */
  learningRate(): number {
    const lr = typeof this.lr === 'function' ? this.lr(this.stepCount) : this.lr;
    // A schedule may give anything: Number.isFinite is false for anything that is not a number.
    if (!Number.isFinite(lr) || lr < 0) {
      throw new RangeError(`${this._name}.step: the learning rate at step ${this.stepCount} must be a finite number >= 0, got ${describeOperand(lr)}`);
    }
    return lr;
  }

  /** Updates every parameter from its gradient, then counts the step. */
  step(): void {
    this._update(this.learningRate());
    this.stepCount++;
  }

  /** Sets every parameter's gradient to 0. */
  zeroGrad(): void {
    for (const p of this.parameters) p.grad = 0;
  }

  /** @internal One update with learning rate `lr`; `stepCount` is the number of earlier steps. */
  protected abstract _update(lr: number): void;
}
