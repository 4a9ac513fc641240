import { Value, OP, frozenLeaf, isRecording, type CustomNode } from './value.js';
import { describeOperand } from './describe.js';
import { describeEntry, firstBadEntry } from './array-entries.js';
import { newId } from './topo.js';

/** How to define a differentiable op of one or two inputs: its forward value and local derivatives. */
export interface CustomOpSpec {
  /** The op's name, shown as the node's `op` and in error messages. */
  readonly name: string;
  /** How many inputs it takes, 1 or 2 (default: `forward.length`, when that is 1 or 2). */
  readonly arity?: 1 | 2;
  /** The forward value from the inputs' values. */
  readonly forward: (...inputs: number[]) => number;
  /** d out / d input for each input, from the output's and the inputs' values. */
  readonly derivatives: (out: number, ...inputs: number[]) => readonly number[];
  /**
   * Optional: the same derivatives as Values built from the output node and input nodes, which
   * makes the op differentiable to any order (`grad(grad(f))`, `hessian`). Without it, first
   * derivatives work and a second derivative through the op throws.
   */
  readonly derivativeValues?: (out: Value, ...inputs: Value[]) => readonly Value[];
}

/**
 * Defines a new differentiable op from its forward value and local derivatives, micrograd's
 * `_backward` as data. The result takes one or two Values or numbers and returns a Value.
 *
 * @example
 * const softsign = customOp({
 *   name: 'softsign',
 *   forward: (x) => x / (1 + Math.abs(x)),
 *   derivatives: (_out, x) => [1 / (1 + Math.abs(x)) ** 2],
 *   derivativeValues: (_out, x) => [x.abs().add(1).pow(-2)],
 * });
 * softsign(new Value(0.5)).backward();
 */
export function customOp(spec: CustomOpSpec): (...inputs: (Value | number)[]) => Value {
  if (typeof spec !== 'object' || spec === null) throw new TypeError(`customOp: spec must be an object, got ${describeOperand(spec)}`);
  const { name, forward, derivatives, derivativeValues } = spec;
  if (typeof name !== 'string' || name === '') throw new TypeError(`customOp: name must be a non-empty string, got ${describeOperand(name)}`);
  for (const [key, fn] of [['forward', forward], ['derivatives', derivatives]] as const) {
    if (typeof fn !== 'function') throw new TypeError(`customOp '${name}': ${key} must be a function, got ${describeOperand(fn)}`);
  }
  if (derivativeValues !== undefined && typeof derivativeValues !== 'function') {
    throw new TypeError(`customOp '${name}': derivativeValues must be a function, got ${describeOperand(derivativeValues)}`);
  }
  const arity = spec.arity ?? forward.length;
  if (arity !== 1 && arity !== 2) {
    throw new RangeError(`customOp '${name}': arity must be 1 or 2 (give it when forward takes rest or default parameters), got ${describeOperand(arity)}`);
  }
  const op = { name, forward, derivatives };

  return (...inputs: (Value | number)[]): Value => {
    if (inputs.length !== arity) {
      throw new RangeError(`customOp '${name}': takes ${arity} input${arity === 1 ? '' : 's'}, got ${inputs.length}`);
    }
    const values = inputs.map((x, i) => {
      if (x instanceof Value) return x;
      if (typeof x === 'number') return new Value(x);
      throw new TypeError(`customOp '${name}': input ${i} must be a Value or a number, got ${describeOperand(x)}`);
    });
    const xs = values.map((v) => v.data);
    const out = checkedForward(name, forward(...xs));
    // Inside noGrad the result is fixed at these inputs' values, like a built-in op's: a frozen leaf,
    // which compile() refuses rather than replay as if it were an input.
    if (!isRecording()) return frozenLeaf(out);
    const slopes = checkedDerivatives(name, derivatives(out, ...xs), values.length);
    return new CustomValue(out, op, values, slopes, derivativeValues);
  };
}

/**
 * @internal A custom op's forward result, checked: a number, else the `TypeError` that names the
 * op. Shared by the dynamic path and both modes of `compile`, which call the op again on each run.
 */
export function checkedForward(name: string, out: unknown): number {
  if (typeof out !== 'number') throw new TypeError(`customOp '${name}': forward must return a number, got ${describeOperand(out)}`);
  return out;
}

/** @internal A custom op's local derivatives, checked: an array of `arity` numbers, else the `TypeError` naming the op. */
export function checkedDerivatives(name: string, slopes: unknown, arity: number): readonly number[] {
  if (!Array.isArray(slopes) || slopes.length !== arity) {
    throw new TypeError(`customOp '${name}': derivatives must return an array of ${arity} number(s), got ${describeOperand(slopes)}`);
  }
  const i = firstBadEntry(slopes, (d) => typeof d === 'number');
  if (i !== -1) throw new TypeError(`customOp '${name}': derivatives must return an array of ${arity} number(s), got ${describeEntry(slopes, i)} at index ${i}`);
  return slopes as readonly number[];
}

/** A custom op's node: a Value that also carries its op and the local derivatives it computed. */
class CustomValue extends Value implements CustomNode {
  declare _spec: CustomNode['_spec'];
  declare _da: number;
  declare _db: number;
  declare private _symbolic: CustomOpSpec['derivativeValues'];

  constructor(
    out: number,
    spec: CustomNode['_spec'],
    inputs: readonly Value[],
    slopes: readonly number[],
    symbolic: CustomOpSpec['derivativeValues'],
  ) {
    super(out);
    this._code = OP.CUSTOM;
    this._a = inputs[0] as Value;
    this._b = inputs[1] ?? null;
    this._i = newId();
    this._spec = spec;
    this._da = slopes[0] as number;
    this._db = slopes[1] ?? 0;
    this._symbolic = symbolic;
  }

  _slopeValues(): readonly Value[] | undefined {
    if (this._symbolic === undefined) return undefined;
    const inputs = this._b instanceof Value ? [this._a as Value, this._b] : [this._a as Value];
    const slopes = this._symbolic(this, ...inputs);
    const what = `customOp '${this._spec.name}': derivativeValues must return an array of ${inputs.length} Value(s), got`;
    if (!Array.isArray(slopes) || slopes.length !== inputs.length) throw new TypeError(`${what} ${describeOperand(slopes)}`);
    const i = firstBadEntry(slopes, (d) => d instanceof Value);
    if (i !== -1) throw new TypeError(`${what} ${describeEntry(slopes, i)} at index ${i}`);
    return slopes;
  }
}
