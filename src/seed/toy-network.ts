import { Value } from '../engine/core/value.js';
import { describeOperand } from '../engine/core/describe.js';

/** The non-linearity f of the toy network, one of the three the post names. */
export type ToyActivation = 'sigmoid' | 'tanh' | 'relu';

/** The activations `buildToyNetwork` and `toyDeltaRule` accept, in the post's order. */
export const TOY_ACTIVATIONS: readonly ToyActivation[] = Object.freeze(['sigmoid', 'tanh', 'relu'] as const);

/** The numbers that fix one instance of the post's 2-2-1 network: inputs, target and the six weights. */
export interface ToyParams {
  /** Input 1, also called a1(1). */
  readonly x1: number;
  /** Input 2, also called a2(1). */
  readonly x2: number;
  /** The target the output is compared against. */
  readonly y: number;
  /** x1 → hidden node 1. */
  readonly w1: number;
  /** x1 → hidden node 2. */
  readonly w2: number;
  /** x2 → hidden node 1. */
  readonly w3: number;
  /** x2 → hidden node 2. */
  readonly w4: number;
  /** Hidden node 1 → output. */
  readonly w5: number;
  /** Hidden node 2 → output. */
  readonly w6: number;
}

/**
 * Every node of the toy network, under the post's names (z1_2 is z1(2), and so on): the 24 nodes
 * of E's graph, each exposed once (`yHat` is a second name for `a1_3`, `weights` lists w1..w6).
 * Each node's `label` is its name in the post's notation, shown after the field here.
 */
export interface ToyNetwork {
  /** The activation of the hidden and output nodes. */
  readonly activation: ToyActivation;
  /** Input 1, a leaf. */
  readonly x1: Value;
  /** Input 2, a leaf. */
  readonly x2: Value;
  /** The target, a leaf. */
  readonly y: Value;
  /** Weight w1, a leaf. */
  readonly w1: Value;
  /** Weight w2, a leaf. */
  readonly w2: Value;
  /** Weight w3, a leaf. */
  readonly w3: Value;
  /** Weight w4, a leaf. */
  readonly w4: Value;
  /** Weight w5, a leaf. */
  readonly w5: Value;
  /** Weight w6, a leaf. */
  readonly w6: Value;
  /** The six weights in order, the parameters a training step would update. */
  readonly weights: readonly [Value, Value, Value, Value, Value, Value];
  /** `x1*w1`: the product of input 1 and w1, the first term of z1(2). */
  readonly x1w1: Value;
  /** `x2*w3`: the product of input 2 and w3, the second term of z1(2). */
  readonly x2w3: Value;
  /** `x1*w2`: the product of input 1 and w2, the first term of z2(2). */
  readonly x1w2: Value;
  /** `x2*w4`: the product of input 2 and w4, the second term of z2(2). */
  readonly x2w4: Value;
  /** `z1(2)` = x1*w1 + x2*w3 */
  readonly z1_2: Value;
  /** `z2(2)` = x1*w2 + x2*w4 */
  readonly z2_2: Value;
  /** `a1(2)` = f(z1(2)) */
  readonly a1_2: Value;
  /** `a2(2)` = f(z2(2)) */
  readonly a2_2: Value;
  /** `a1(2)*w5`: hidden node 1's contribution to z1(3). */
  readonly a1w5: Value;
  /** `a2(2)*w6`: hidden node 2's contribution to z1(3) (the post's first typo writes a1(2)*w6). */
  readonly a2w6: Value;
  /** `z1(3)` = a1(2)*w5 + a2(2)*w6 */
  readonly z1_3: Value;
  /** `a1(3)` = f(z1(3)) */
  readonly a1_3: Value;
  /** The same node as `a1_3`: the network's prediction ŷ. */
  readonly yHat: Value;
  /** `y-a1(3)`: the error y - ŷ, the first piece of E. */
  readonly error: Value;
  /** `(y-a1(3))^2`: the squared error (y - ŷ)², the second piece of E. */
  readonly squaredError: Value;
  /** `E` = (y - ŷ)² / 2, built as (y - ŷ)² * 0.5 (the 0.5 is a constant folded into the op). */
  readonly E: Value;
}

/** The params after validation: own copies, so a getter cannot change a value between checks and use. */
type CheckedParams = { -readonly [K in keyof ToyParams]: number };

const FIELDS: readonly (keyof ToyParams)[] = ['x1', 'x2', 'y', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6'];

/**
 * Validates the arguments of `buildToyNetwork` / `toyDeltaRule`, naming `caller` in any error.
 *
 * @internal Shared by the two toy modules so that both reject exactly the same inputs.
 */
export function checkToyInput(params: unknown, activation: unknown, caller: string): CheckedParams {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new TypeError(`${caller}: params must be an object { x1, x2, y, w1..w6 }, got ${describeOperand(params)}`);
  }
  const source = params as Record<string, unknown>;
  const checked = {} as CheckedParams;
  for (const field of FIELDS) {
    const x = source[field];
    if (typeof x !== 'number') {
      throw new TypeError(`${caller}: params.${field} must be a number, got ${describeOperand(x)}`);
    }
    if (!Number.isFinite(x)) throw new RangeError(`${caller}: params.${field} must be finite, got ${x}`);
    checked[field] = x;
  }
  checkActivation(activation, caller);
  return checked;
}

function checkActivation(activation: unknown, caller: string): asserts activation is ToyActivation {
  if ((TOY_ACTIVATIONS as readonly unknown[]).includes(activation)) return;
  const expected = `'sigmoid', 'tanh' or 'relu'`;
  const message = `${caller}: activation must be ${expected}, got ${describeOperand(activation)}`;
  throw typeof activation === 'string' ? new RangeError(message) : new TypeError(message);
}

/**
 * Builds the post's 2-2-1 network from fresh leaf Values and the engine's ops, so that
 * `E.backward()` fills in dE/dw1..dE/dw6.
 *
 * @example
 * const params = { x1: 0.35, x2: 0.9, y: 0.5, w1: 0.1, w2: 0.8, w3: 0.4, w4: 0.6, w5: 0.3, w6: 0.9 };
 * const net = buildToyNetwork(params, 'sigmoid');
 * net.E.backward();
 * net.w5.grad; // δ1(3) · a1(2)
 */
export function buildToyNetwork(params: ToyParams, activation: ToyActivation): ToyNetwork {
  const p = checkToyInput(params, activation, 'buildToyNetwork');
  const f = (z: Value): Value => (activation === 'sigmoid' ? z.sigmoid() : activation === 'tanh' ? z.tanh() : z.relu());

  const x1 = new Value(p.x1, 'x1');
  const x2 = new Value(p.x2, 'x2');
  const y = new Value(p.y, 'y');
  const w1 = new Value(p.w1, 'w1');
  const w2 = new Value(p.w2, 'w2');
  const w3 = new Value(p.w3, 'w3');
  const w4 = new Value(p.w4, 'w4');
  const w5 = new Value(p.w5, 'w5');
  const w6 = new Value(p.w6, 'w6');

  const x1w1 = labelled(x1.mul(w1), 'x1*w1');
  const x2w3 = labelled(x2.mul(w3), 'x2*w3');
  const x1w2 = labelled(x1.mul(w2), 'x1*w2');
  const x2w4 = labelled(x2.mul(w4), 'x2*w4');
  const z1_2 = labelled(x1w1.add(x2w3), 'z1(2)');
  const z2_2 = labelled(x1w2.add(x2w4), 'z2(2)');
  const a1_2 = labelled(f(z1_2), 'a1(2)');
  const a2_2 = labelled(f(z2_2), 'a2(2)');
  // The post prints z1(3) = a1(2)*w5 + a1(2)*w6; the second term must use a2(2), or w6 would
  // carry hidden node 1 twice and the post's own result dE/dw6 = δ1(3)·a2(2) would not hold.
  const a1w5 = labelled(a1_2.mul(w5), 'a1(2)*w5');
  const a2w6 = labelled(a2_2.mul(w6), 'a2(2)*w6');
  const z1_3 = labelled(a1w5.add(a2w6), 'z1(3)');
  const a1_3 = labelled(f(z1_3), 'a1(3)');
  // The post's E = (y - ŷ)²/2: the half cancels the 2 of the square, so dE/dŷ = ŷ - y exactly.
  const error = labelled(y.sub(a1_3), 'y-a1(3)');
  const squaredError = labelled(error.pow(2), '(y-a1(3))^2');
  const E = labelled(squaredError.mul(0.5), 'E');

  return Object.freeze({
    activation,
    x1, x2, y, w1, w2, w3, w4, w5, w6,
    weights: Object.freeze([w1, w2, w3, w4, w5, w6] as const),
    x1w1, x2w3, x1w2, x2w4,
    z1_2, z2_2, a1_2, a2_2,
    a1w5, a2w6,
    z1_3, a1_3,
    yHat: a1_3,
    error, squaredError,
    E,
  });
}

function labelled(v: Value, label: string): Value {
  v.label = label;
  return v;
}
