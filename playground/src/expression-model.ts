import { DECIMAL } from './url-params.js';
import { NonFiniteError, ParseError, evaluateExpression, gradcheck, parseExpression } from '../../src/index.js';
import type { Expression, Value } from '../../src/index.js';

/** One variable's row: its gradient by `backward()` and the central finite difference beside it. */
export interface GradientRow {
  readonly name: string;
  readonly value: number;
  /** d output / d variable by `backward()`. */
  readonly grad: number;
  /** The central difference (f(x+h) - f(x-h)) / 2h from `gradcheck`, or undefined when it cannot be taken. */
  readonly numeric: number | undefined;
  /** |grad - numeric| */
  readonly error: number | undefined;
  /** gradcheck's verdict (|error| <= 1e-5 + 1e-3·|numeric|). */
  readonly ok: boolean;
  /** Why there is no numeric estimate, or why it disagrees (a kink), in one line. */
  readonly note: string;
}

/** What the Expression view shows for a source text and the variables' input texts. */
export type ExpressionAnalysis =
  | { readonly kind: 'empty' }
  | { readonly kind: 'syntax'; readonly message: string; readonly column: number }
  | { readonly kind: 'inputs'; readonly expression: Expression; readonly problems: ReadonlyMap<string, string> }
  | {
      readonly kind: 'ok';
      readonly expression: Expression;
      readonly output: Value;
      readonly value: number;
      readonly rows: readonly GradientRow[];
      /** Set when the value or a gradient is NaN or infinite: backward({ checkFinite: true })'s one line. */
      readonly warning: string;
    };

/** The view draws each distinct subexpression once, and checks and reports that graph's numbers. */
const SHARE = { share: true } as const;

/** The value a variable gets when neither the URL nor the page has given it one. */
export const DEFAULT_VARIABLE_VALUE = '1';

/** Longest input text read as a number: anything longer is refused rather than parsed. */
const MAX_NUMBER_TEXT = 64;

/**
 * Reads a variable's input text as a finite decimal number (as `memograd grad`'s name=value does),
 * or returns the one-line reason it is not one.
 */
export function readNumber(name: string, text: string): number | string {
  const t = text.trim();
  if (t === '') return `${name}: enter a number`;
  if (t.length > MAX_NUMBER_TEXT) return `${name}: ${t.slice(0, 20)}... is too long to be a number`;
  if (!DECIMAL.test(t)) return `${name}: '${t}' is not a decimal number (like 0.5, -2 or 1e-3)`;
  const x = Number(t);
  if (!Number.isFinite(x)) return `${name}: ${t} is too large (the largest number is about 1.8e308)`;
  return x;
}

/**
 * Parses `source`, evaluates it at the variables' values (texts, by name; a missing one reads as
 * DEFAULT_VARIABLE_VALUE) with each distinct subexpression built once, runs `backward()` on the
 * library's graph, and checks every gradient with `gradcheck`'s central difference. Never throws for any text: a syntax error comes back
 * with its column, bad numbers with a line each.
 */
export function analyzeExpression(source: string, texts: ReadonlyMap<string, string>): ExpressionAnalysis {
  if (source.trim() === '') return { kind: 'empty' };
  let expression: Expression;
  try {
    expression = parseExpression(source);
  } catch (e) {
    if (e instanceof ParseError) return { kind: 'syntax', message: e.message, column: e.column };
    return { kind: 'syntax', message: e instanceof Error ? e.message : String(e), column: 1 };
  }
  const values: Record<string, number> = {};
  const problems = new Map<string, string>();
  for (const name of expression.variables) {
    const x = readNumber(name, texts.get(name) ?? DEFAULT_VARIABLE_VALUE);
    if (typeof x === 'string') problems.set(name, x);
    // defineProperty: a variable named __proto__ is an own property like any other.
    else Object.defineProperty(values, name, { value: x, enumerable: true });
  }
  if (problems.size > 0) return { kind: 'inputs', expression, problems };

  const { output, inputs } = evaluateExpression(expression, values, SHARE);
  output.backward();
  const rows = expression.variables.map((name): GradientRow => {
    const leaf = inputs.get(name) as Value;
    return { name, value: leaf.data, grad: leaf.grad, ...finiteDifference(expression, values, name) };
  });
  let warning = '';
  if (!Number.isFinite(output.data) || rows.some((r) => !Number.isFinite(r.grad))) {
    // A second evaluation, checked: its error names the first op that went bad.
    try {
      evaluateExpression(expression, values, SHARE).output.backward({ checkFinite: true });
    } catch (e) {
      if (e instanceof NonFiniteError) warning = e.message;
      else throw e;
    }
    if (warning === '') warning = `the value is ${output.data}`;
  }
  return { kind: 'ok', expression, output, value: output.data, rows, warning };
}

/** gradcheck for one variable, the others held at their values. */
function finiteDifference(
  expression: Expression,
  values: Readonly<Record<string, number>>,
  name: string,
): { numeric: number | undefined; error: number | undefined; ok: boolean; note: string } {
  const f = (x: Value): Value => {
    const at: Record<string, number | Value> = { ...values };
    Object.defineProperty(at, name, { value: x, enumerable: true });
    return evaluateExpression(expression, at, SHARE).output;
  };
  try {
    const entry = gradcheck(f, [values[name] as number]).inputs[0];
    if (entry === undefined) return { numeric: undefined, error: undefined, ok: false, note: 'no estimate' };
    const note = entry.ok ? '' : Number.isFinite(entry.numeric) ? 'differs: a kink (relu, abs, max) within one step, or a steep function' : 'f is not finite one step away';
    return { numeric: entry.numeric, error: entry.error, ok: entry.ok, note };
  } catch (e) {
    return { numeric: undefined, error: undefined, ok: false, note: e instanceof Error ? e.message.replace(/^gradcheck: /, '') : String(e) };
  }
}
