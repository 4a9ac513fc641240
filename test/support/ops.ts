/**
 * Every op of Value by method name, for the tests that go through them all: with two Values, with
 * one, and with a number folded in as a constant. Read from the op table (src/engine/core/ops.ts), so a
 * new op is here as soon as it has its row.
 */
import type { Value } from '../../src/index.js';
import { OP_LIST } from '../../src/engine/core/ops.js';

type Method1 = (this: Value) => Value;
type Method2 = (this: Value, other: Value | number) => Value;
const method = (v: Value, name: string): unknown => (v as unknown as Record<string, unknown>)[name];

/** The ops of two Values. */
export const BINARY_OPS: readonly (readonly [string, (a: Value, b: Value) => Value])[] = OP_LIST.filter(([, def]) => def.arity === 2).map(
  ([name]) => [name, (a: Value, b: Value) => (method(a, name) as Method2).call(a, b)] as const,
);

/** The ops of one Value with a local derivative of their own (square and logSigmoid are made of others). */
export const UNARY_OPS: readonly (readonly [string, (a: Value) => Value])[] = OP_LIST.filter(([, def]) => def.arity === 1).map(
  ([name]) => [name, (a: Value) => (method(a, name) as Method1).call(a)] as const,
);

/** The binary ops with a number as their second operand (folded into the node). */
export const CONSTANT_OPS: readonly (readonly [string, (a: Value, k: number) => Value])[] = OP_LIST.filter(([, def]) => def.constantCode !== null).map(
  ([name]) => [name, (a: Value, k: number) => (method(a, name) as Method2).call(a, k)] as const,
);

/**
 * The ops of the table (and their folded-number twins) that none of `ops` applies straight to one
 * of its two operands, by name: a list of random-program ops must cover every op at its inputs.
 */
export function opsNotAppliedToOperands(ops: readonly ((a: Value, b: Value) => Value)[], make: (x: number) => Value): string[] {
  const seen = new Set<number>();
  for (const op of ops) {
    const [r, s] = [make(0.5), make(0.25)];
    const stack = [op(r, s)];
    const visited = new Set<Value>();
    while (stack.length > 0) {
      const n = stack.pop() as Value;
      if (visited.has(n)) continue;
      visited.add(n);
      if (n.parents.some((p) => p === r || p === s)) seen.add((n as unknown as { _code: number })._code);
      stack.push(...n.parents);
    }
  }
  return OP_LIST.flatMap(([name, def]) => [
    ...(seen.has(def.code) ? [] : [name]),
    ...(def.constantCode === null || seen.has(def.constantCode) ? [] : [`${name} with a number`]),
  ]);
}
