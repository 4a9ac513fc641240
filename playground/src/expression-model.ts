import { DECIMAL } from './url-params.js';
import { NonFiniteError, ParseError, evaluateExpression, gradcheck, parseExpression, toDot, topologicalOrder } from '../../src/index.js';
import { Value } from '../../src/index.js';
import type { Expression } from '../../src/index.js';

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
  /** Why there is no numeric estimate, or why it disagrees (a kink or a pole), in one line. */
  readonly note: string;
  /** False when the finite difference was not taken, to keep the page responsive on a large expression. */
  readonly checked: boolean;
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
/** About how many node evaluations the finite-difference checks of one analysis may take. */
const CHECK_BUDGET = 4_000;

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
  // Each check evaluates the expression a few times: check only as many as keep the work to about
  // CHECK_BUDGET nodes evaluated, so that a 1,000-term sum does not freeze the page for seconds.
  const nodes = topologicalOrder(output).length;
  const checks = Math.max(1, Math.floor(CHECK_BUDGET / nodes));
  const kinky = /\b(relu|abs|max|min)\s*\(/.test(source);
  const rows = expression.variables.map((name, i): GradientRow => {
    const leaf = inputs.get(name) as Value;
    if (i >= checks) {
      return { name, value: leaf.data, grad: leaf.grad, numeric: undefined, error: undefined, ok: true, checked: false,
        note: `not checked: only the first ${checks} of ${expression.variables.length} gradients are, on a graph of ${nodes} Values` };
    }
    return { name, value: leaf.data, grad: leaf.grad, checked: true, ...finiteDifference(expression, values, name, kinky) };
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
  kinky: boolean,
): { numeric: number | undefined; error: number | undefined; ok: boolean; note: string } {
  const f = (x: Value): Value => {
    const at: Record<string, number | Value> = { ...values };
    Object.defineProperty(at, name, { value: x, enumerable: true });
    return evaluateExpression(expression, at, SHARE).output;
  };
  try {
    const entry = gradcheck(f, [values[name] as number]).inputs[0];
    if (entry === undefined) return { numeric: undefined, error: undefined, ok: false, note: 'no estimate' };
    // A pole (x/y near y = 0) lies between x - h and x + h when f is not finite there, or changes sign
    // across the step while |f| is largest in the middle (it blows up); a kink leaves f continuous.
    const x = values[name] as number;
    const h = 1e-6 * Math.max(1, Math.abs(x));
    const [lo, mid, hi] = [x - h, x, x + h].map((v) => f(new Value(v)).data) as [number, number, number];
    const pole = !entry.ok && (![lo, mid, hi].every(Number.isFinite) || (Math.sign(lo) * Math.sign(hi) < 0 && Math.abs(mid) > Math.max(Math.abs(lo), Math.abs(hi))));
    const note = entry.ok ? ''
      : pole ? 'differs: a pole within one step (the function blows up, as x/y near y = 0 or log near 0)'
      : kinky ? 'differs: a kink (relu, abs, max, min) within one step, where the slope jumps'
      : 'differs: a steep function, too curved for the step h';
    return { numeric: entry.numeric, error: entry.error, ok: entry.ok, note };
  } catch (e) {
    return { numeric: undefined, error: undefined, ok: false, note: e instanceof Error ? e.message.replace(/^gradcheck: /, '') : String(e) };
  }
}

/** The largest graph the view lays out: beyond it Graphviz takes seconds and the picture is unreadable. */
export const MAX_DRAWN_NODES = 400;
/** Nor more edges than this: a node used a hundred times (x*x*...*x) makes dot's layout crawl. */
export const MAX_DRAWN_EDGES = 300;
/** The most variable inputs and gradient rows the view lays out. */
export const MAX_SHOWN = 100;

/** What the graph panel needs: the graph's size, and its DOT text both ways, or why it is not drawn. */
export interface GraphPlan {
  readonly nodes: number;
  readonly edges: number;
  /** toDot left to right and top to bottom, or null when the graph is over the caps. */
  readonly dot: { readonly lr: string; readonly tb: string } | null;
  /** Why the graph is not drawn ('' when it is). */
  readonly message: string;
}

/** The graph below `output`, as DOT text for Graphviz in both directions, unless it is over the caps. */
export function planGraph(output: Value): GraphPlan {
  const order = topologicalOrder(output);
  const nodes = order.length;
  const edges = order.reduce((t, v) => t + v.parents.length, 0);
  if (nodes > MAX_DRAWN_NODES) {
    return { nodes, edges, dot: null, message: `The graph has ${nodes} Values; only graphs of up to ${MAX_DRAWN_NODES} are drawn here.` };
  }
  if (edges > MAX_DRAWN_EDGES) {
    return { nodes, edges, dot: null, message: `The graph has ${edges} edges; only graphs of up to ${MAX_DRAWN_EDGES} edges are drawn here (Graphviz would take minutes).` };
  }
  return { nodes, edges, message: '', dot: { lr: toDot(output, { precision: 4, direction: 'LR' }), tb: toDot(output, { precision: 4, direction: 'TB' }) } };
}

/**
 * An analysis as plain data that crosses from the worker to the page (structured clone): the
 * variables' names, the first MAX_SHOWN gradient rows, and the graph's plan, with no Value in it.
 */
export type AnalysisSummary =
  | { readonly kind: 'empty' }
  | { readonly kind: 'syntax'; readonly message: string; readonly column: number }
  | { readonly kind: 'inputs'; readonly variables: readonly string[]; readonly problems: readonly (readonly [string, string])[] }
  | {
      readonly kind: 'ok';
      readonly variables: readonly string[];
      readonly value: number;
      /** The first MAX_SHOWN rows. */
      readonly rows: readonly GradientRow[];
      /** How many rows there are in all. */
      readonly rowCount: number;
      readonly warning: string;
      readonly graph: GraphPlan;
    };

/** analyzeExpression's answer as an AnalysisSummary: what the page draws, and no more. */
export function summarize(a: ExpressionAnalysis): AnalysisSummary {
  switch (a.kind) {
    case 'empty':
    case 'syntax':
      return a;
    case 'inputs':
      return { kind: 'inputs', variables: a.expression.variables, problems: [...a.problems] };
    case 'ok':
      return {
        kind: 'ok', variables: a.expression.variables, value: a.value, rows: a.rows.slice(0, MAX_SHOWN),
        rowCount: a.rows.length, warning: a.warning, graph: planGraph(a.output),
      };
  }
}
