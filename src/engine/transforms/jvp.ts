import { Value, OP, hasNoEdge, isRecording, opaqueMessage } from '../core/value.js';
import { localAValue, localBValue } from './gradients.js';
import { LinearTape, joined } from './linear-tape.js';
import { collect, release, type GraphNode } from '../core/topo.js';
import { describeOperand } from '../core/describe.js';
import { checkEntries, describeEntry, firstBadEntry } from '../core/array-entries.js';
import { checkInputCount } from '../core/max-inputs.js';

/** A function of scalar Values with one output (a Value) or several (an array of Values), as `jvp`, `vjp` and `jacobian` take it. */
export type VectorFunction = (...xs: Value[]) => Value | readonly Value[];

/**
 * Forward mode: the value of `f` at `xs` and its directional derivative J·v along the tangent `v`,
 * from one evaluation and one forward sweep (one tangent per input direction, pushed from the
 * inputs to every output). Numbers in, numbers out; when an entry of `xs` or `v` is a Value (as
 * inside `grad`, `hessian` or another `jvp`), the results are Values, so `jvp` composes.
 *
 * @example
 * jvp((x) => x.mul(x), [3], [1]); // [9, 6]
 * jvp((x, y) => [x.mul(y), x.add(y)], [2, 5], [1, 0]); // [[10, 7], [5, 1]]
 * // forward over reverse: the Hessian-vector product, as hvp gives it
 * jvp((x, y) => grad((a, b) => a.mul(a).mul(b), [0, 1])(x, y), [1, 2], [1, 0]); // [[4, 1], [4, 2]]
 */
export function jvp(f: (...xs: Value[]) => Value, xs: readonly number[], v: readonly number[]): [number, number];
export function jvp(f: (...xs: Value[]) => readonly Value[], xs: readonly number[], v: readonly number[]): [number[], number[]];
export function jvp(f: (...xs: Value[]) => Value, xs: readonly (Value | number)[], v: readonly (Value | number)[]): [Value, Value];
export function jvp(
  f: (...xs: Value[]) => readonly Value[],
  xs: readonly (Value | number)[],
  v: readonly (Value | number)[],
): [Value[], Value[]];
export function jvp(
  f: VectorFunction,
  xs: readonly (Value | number)[],
  v: readonly (Value | number)[],
): [number | number[] | Value | Value[], number | number[] | Value | Value[]] {
  checkFunction('jvp', f);
  const points = checkArguments('jvp', xs, 'xs');
  const tangent = checkArguments('jvp', v, 'v');
  if (tangent.length !== points.length) {
    throw new RangeError(`jvp: v has length ${tangent.length} but xs has length ${points.length}`);
  }
  checkRecording('jvp');
  if (points.some((x) => x instanceof Value) || tangent.some((t) => t instanceof Value)) {
    return jvpOfValues(f, points, tangent);
  }
  const leaves = points.map((x) => new Value(x as number));
  const [outputs, scalar] = callVector('jvp', f, leaves);
  const tape = new LinearTape('jvp', leaves, outputs);
  const tangents: number[] = [];
  tape.pushForward(tangent as number[], tangents);
  const values = outputs.map((y) => y.data);
  return scalar ? [values[0] as number, tangents[0] as number] : [values, tangents];
}

/**
 * The composable path: the tangent of each node is built as a Value from the graph-building
 * table of local derivatives that `gradients()` uses, so an outer `jvp` or `grad` can
 * differentiate it in turn.
 */
function jvpOfValues(
  f: VectorFunction,
  points: readonly (Value | number)[],
  tangent: readonly (Value | number)[],
): [Value | Value[], Value | Value[]] {
  // Each position gets a node of its own (x·1, exact), as in grad(): the same Value passed twice,
  // or an input that depends on another, is still a separate direction here, while derivatives of
  // an outer jvp or grad flow through it to x.
  const inputs = points.map((x) => (x instanceof Value ? x.mul(1) : new Value(x)));
  const [outputs, scalar] = callVector('jvp', f, inputs);
  const order: GraphNode[] = [];
  const len = collect(joined(outputs), order);
  // Positions in a Map of our own: a custom op's derivativeValues may run user code that walks
  // graphs itself and rewrites the nodes' scratch positions.
  const position = new Map<Value, number>();
  const nodes: Value[] = [];
  for (let i = 0; i < len; i++) {
    const n = order[i];
    if (n instanceof Value) position.set(n, nodes.push(n) - 1);
  }
  release(order, len);
  const t: (Value | undefined)[] = new Array<Value | undefined>(nodes.length);
  const seeded = new Set<number>();
  inputs.forEach((x, k) => {
    const at = position.get(x);
    const tk = tangent[k] as Value | number;
    if (at === undefined || tk === 0) return;
    t[at] = tk instanceof Value ? tk : new Value(tk);
    seeded.add(at);
  });
  nodes.forEach((n, i) => {
    const a = n._a;
    // A stopGradient node's tangent is exactly 0 whatever its operand's (not t·0): a structural zero.
    if (a === null || seeded.has(i) || hasNoEdge(n)) return;
    const b = n._b;
    const ta = t[position.get(a) as number];
    const tb = b instanceof Value ? t[position.get(b) as number] : undefined;
    if (ta === undefined && tb === undefined) return;
    if (n._code === OP.OPAQUE) throw new Error(`jvp: ${opaqueMessage(n)}`);
    const fromA = ta === undefined ? undefined : times(ta, localAValue(n));
    const fromB = tb === undefined ? undefined : times(tb, localBValue(n, b as Value));
    t[i] = fromA === undefined ? fromB : fromB === undefined ? fromA : fromA.add(fromB);
  });
  const passed = new Set<unknown>([...points, ...tangent]);
  const tangents = outputs.map((y) => {
    const ty = t[position.get(y) as number];
    // Never hand back a Value the caller passed in (the tangent of an input is its seed).
    return ty === undefined ? new Value(0) : passed.has(ty) ? ty.mul(1) : ty;
  });
  return scalar ? [outputs[0] as Value, tangents[0] as Value] : [outputs.slice(), tangents];
}

function times(t: Value, local: Value | number): Value {
  return local === 1 ? t : t.mul(local);
}

/** @internal Calls f on `leaves` and returns its outputs as an array, and whether f returned a single Value. */
export function callVector(caller: string, f: VectorFunction, leaves: Value[]): [readonly Value[], boolean] {
  checkInputCount(caller, leaves.length);
  const out = f(...leaves);
  if (out instanceof Value) return [[out], true];
  if (!Array.isArray(out)) {
    throw new TypeError(`${caller}: f must return a Value or an array of Values, got ${describeOperand(out)}`);
  }
  const i = firstBadEntry(out, (y) => y instanceof Value);
  if (i !== -1) throw new TypeError(`${caller}: f must return Values, got ${describeEntry(out, i)} at index ${i}`);
  return [out as readonly Value[], false];
}

/** @internal Throws unless `f` is a function. */
export function checkFunction(caller: string, f: unknown): void {
  if (typeof f !== 'function') throw new TypeError(`${caller}: f must be a function, got ${describeOperand(f)}`);
}

/** @internal Throws inside `noGrad()`, where f's ops record nothing and every derivative would silently be 0. */
export function checkRecording(caller: string): void {
  if (!isRecording()) {
    throw new Error(`${caller}: cannot differentiate inside noGrad(): the graph of f would not be recorded`);
  }
}

/** @internal Checks an array of numbers (or, where composition allows, Values), naming the bad entry. */
export function checkArguments(caller: string, xs: unknown, name: string, valuesToo = true): readonly (Value | number)[] {
  const what = valuesToo ? 'numbers (or Values)' : 'numbers';
  if (!Array.isArray(xs)) throw new TypeError(`${caller}: ${name} must be an array of ${what}, got ${describeOperand(xs)}`);
  checkEntries(caller, name, xs, valuesToo ? 'a number or a Value' : 'a number', (x) => typeof x === 'number' || (valuesToo && x instanceof Value));
  return xs as readonly (Value | number)[];
}
