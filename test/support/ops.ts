/**
 * Every op of Value by method name, for the tests that go through them all: with two Values, with
 * one, and with a number folded in as a constant. A new op belongs here (and in its own tests).
 */
import type { Value } from '../../src/index.js';

/** The ops of two Values. */
export const BINARY_OPS: readonly (readonly [string, (a: Value, b: Value) => Value])[] = [
  ['add', (a, b) => a.add(b)],
  ['sub', (a, b) => a.sub(b)],
  ['mul', (a, b) => a.mul(b)],
  ['div', (a, b) => a.div(b)],
  ['pow', (a, b) => a.pow(b)],
  ['max', (a, b) => a.max(b)],
  ['min', (a, b) => a.min(b)],
];

/** The ops of one Value with a local derivative of their own (square and logSigmoid are made of others). */
export const UNARY_OPS: readonly (readonly [string, (a: Value) => Value])[] = [
  ['neg', (a) => a.neg()],
  ['exp', (a) => a.exp()],
  ['log', (a) => a.log()],
  ['tanh', (a) => a.tanh()],
  ['relu', (a) => a.relu()],
  ['sigmoid', (a) => a.sigmoid()],
  ['sqrt', (a) => a.sqrt()],
  ['abs', (a) => a.abs()],
  ['sin', (a) => a.sin()],
  ['cos', (a) => a.cos()],
  ['softplus', (a) => a.softplus()],
  ['log1p', (a) => a.log1p()],
  ['expm1', (a) => a.expm1()],
];

/** The binary ops with a number as their second operand (folded into the node). */
export const CONSTANT_OPS: readonly (readonly [string, (a: Value, k: number) => Value])[] = [
  ['add', (a, k) => a.add(k)],
  ['sub', (a, k) => a.sub(k)],
  ['mul', (a, k) => a.mul(k)],
  ['div', (a, k) => a.div(k)],
  ['pow', (a, k) => a.pow(k)],
  ['max', (a, k) => a.max(k)],
  ['min', (a, k) => a.min(k)],
];
