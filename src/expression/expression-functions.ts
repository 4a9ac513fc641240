import { OPS, type OpName } from '../engine/core/ops.js';
import { OP_DETAILS } from '../engine/core/op-details.js';

/** The name of a function that expressions can call: every unary op of Value, and max, min, pow and hypot. */
export type ExpressionFunctionName =
  | 'exp' | 'log' | 'tanh' | 'relu' | 'sigmoid' | 'sqrt' | 'abs' | 'sin' | 'cos' | 'softplus' | 'log1p'
  | 'expm1' | 'tan' | 'atan' | 'sinh' | 'cosh' | 'asinh' | 'atanh' | 'silu' | 'erf' | 'gelu' | 'square' | 'logSigmoid' | 'max' | 'min' | 'pow' | 'hypot';

// The names above are the op table's with `expression: true` (op-details.ts), and two methods made
// of other ops: a name missing on either side fails this constraint.
type TableFunctionName = { [K in OpName]: (typeof OP_DETAILS)[K]['expression'] extends true ? K : never }[OpName];
/** Methods of Value that are not ops of the table (made of other ops) but that expressions call. */
const COMPOSITE_FUNCTIONS = ['square', 'logSigmoid'] as const;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type ExpressionFunctionsMatchTable = Assert<Same<ExpressionFunctionName, TableFunctionName | (typeof COMPOSITE_FUNCTIONS)[number]>>;
type Assert<T extends true> = T;

/** The op table's names, in its order. */
const TABLE_NAMES = /* @__PURE__ */ Object.keys(OPS) as OpName[];

/**
 * The functions `parseExpression` knows, each with its number of arguments; each is the Value
 * method of the same name (`pow(a, b)` is `a ^ b`).
 *
 * @example
 * EXPRESSION_FUNCTIONS.max; // 2
 */
// A pure IIFE: a bundle that never parses an expression drops this (and the parser) entirely.
export const EXPRESSION_FUNCTIONS: Readonly<Record<ExpressionFunctionName, 1 | 2>> = /* @__PURE__ */ (() =>
  Object.freeze(
    Object.fromEntries([
      // The table's functions of one argument, then the composites, then those of two.
      ...TABLE_NAMES.filter((name) => OP_DETAILS[name].expression && OPS[name].arity === 1).map((name) => [name, 1]),
      ...COMPOSITE_FUNCTIONS.map((name) => [name, 1]),
      ...TABLE_NAMES.filter((name) => OP_DETAILS[name].expression && OPS[name].arity === 2).map((name) => [name, 2]),
    ]) as Record<ExpressionFunctionName, 1 | 2>,
  ))();

/** @internal Whether `name` is a function of expressions (an own key: `constructor` is not). */
export function isExpressionFunction(name: string): name is ExpressionFunctionName {
  return Object.hasOwn(EXPRESSION_FUNCTIONS, name);
}
