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
