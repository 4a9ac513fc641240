/** The name of a function that expressions can call: every unary op of Value, and max, min and pow. */
export type ExpressionFunctionName =
  | 'exp' | 'log' | 'tanh' | 'relu' | 'sigmoid' | 'sqrt' | 'abs' | 'sin' | 'cos' | 'softplus' | 'log1p'
  | 'expm1' | 'square' | 'logSigmoid' | 'max' | 'min' | 'pow';

/**
 * The functions `parseExpression` knows, each with its number of arguments; each is the Value
 * method of the same name (`pow(a, b)` is `a ^ b`).
 *
 * @example
 * EXPRESSION_FUNCTIONS.max; // 2
 */
export const EXPRESSION_FUNCTIONS: Readonly<Record<ExpressionFunctionName, 1 | 2>> = Object.freeze({
  exp: 1, log: 1, tanh: 1, relu: 1, sigmoid: 1, sqrt: 1, abs: 1, sin: 1, cos: 1, softplus: 1, log1p: 1,
  expm1: 1, square: 1, logSigmoid: 1, max: 2, min: 2, pow: 2,
});

/** @internal Whether `name` is a function of expressions (an own key: `constructor` is not). */
export function isExpressionFunction(name: string): name is ExpressionFunctionName {
  return Object.hasOwn(EXPRESSION_FUNCTIONS, name);
}
