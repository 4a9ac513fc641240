import { OP_LIST, type OPS, type OpName } from '../engine/core/ops.js';

/** The name of a function that expressions can call: every unary op of Value, and max, min, pow and hypot. */
export type ExpressionFunctionName =
  | 'exp' | 'log' | 'tanh' | 'relu' | 'sigmoid' | 'sqrt' | 'abs' | 'sin' | 'cos' | 'softplus' | 'log1p'
  | 'expm1' | 'tan' | 'atan' | 'sinh' | 'cosh' | 'asinh' | 'silu' | 'erf' | 'gelu' | 'square' | 'logSigmoid' | 'max' | 'min' | 'pow' | 'hypot';

// The names above are the op table's (ops.ts) with `expression: true`, and two methods made of
// other ops: a name missing on either side fails this constraint.
type TableFunctionName = { [K in OpName]: (typeof OPS)[K]['expression'] extends true ? K : never }[OpName];
/** Methods of Value that are not ops of the table (made of other ops) but that expressions call. */
const COMPOSITE_FUNCTIONS = ['square', 'logSigmoid'] as const;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type ExpressionFunctionsMatchTable = Assert<Same<ExpressionFunctionName, TableFunctionName | (typeof COMPOSITE_FUNCTIONS)[number]>>;
type Assert<T extends true> = T;

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
      ...OP_LIST.filter(([, def]) => def.expression && def.arity === 1).map(([name]) => [name, 1]),
      ...COMPOSITE_FUNCTIONS.map((name) => [name, 1]),
      ...OP_LIST.filter(([, def]) => def.expression && def.arity === 2).map(([name]) => [name, 2]),
    ]) as Record<ExpressionFunctionName, 1 | 2>,
  ))();

/** @internal Whether `name` is a function of expressions (an own key: `constructor` is not). */
export function isExpressionFunction(name: string): name is ExpressionFunctionName {
  return Object.hasOwn(EXPRESSION_FUNCTIONS, name);
}
