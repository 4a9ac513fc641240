import { Value, noGrad } from '../engine/core/value.js';
import { checkEntries } from '../engine/core/array-entries.js';
import { describeOperand } from '../engine/core/describe.js';
import { booleanOption, optionsObject } from '../engine/core/options-object.js';
import type { Expression } from './parse-expression.js';
import { EXPRESSION_FUNCTIONS, type ExpressionFunctionName } from './expression-functions.js';
import type { OPS, OpName } from '../engine/core/ops.js';

/** What `evaluateExpression` returns: the output Value and the Value of each variable. */
export interface ExpressionResult {
  /** The expression's value, as the root of its graph (a new leaf if the expression has no variable). */
  readonly output: Value;
  /** Each variable's Value (the one given, or a leaf labelled with the name), in order of first appearance. */
  readonly inputs: ReadonlyMap<string, Value>;
}

/** Options of `evaluateExpression`. */
export interface EvaluateExpressionOptions {
  /** Build each distinct subexpression once, so `(x+1)*(x+1)` has one `x+1` node (default false). */
  readonly share?: boolean;
}

/** The binary ops of the op table: Value methods of one operand, a Value or a number. */
type Method = { [K in OpName]: (typeof OPS)[K]['arity'] extends 2 ? K : never }[OpName];
/** The functions of one argument: every other expression function, a Value method with none. */
type UnaryName = Exclude<ExpressionFunctionName, Method>;
const BINARY_METHODS = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '^': 'pow' } as const;
// x ∘ c = c ∘ x exactly in IEEE arithmetic for these, so a number on the left is folded too.
const COMMUTATIVE: ReadonlySet<Method> = new Set<Method>(['add', 'mul', 'max', 'min']);
// A label longer than this is cut: a picture of a deep expression stays readable.
const MAX_LABEL = 40;

/**
 * Builds the Value graph of a parsed expression, with a number or a Value for each variable
 * (`output.backward()` then gives every input's gradient). A number on the right of an op is
 * folded into it as a constant, as `x.mul(2)` does; on the left it is folded too where the op
 * commutes (`2*x` is `x.mul(2)`), and otherwise becomes a constant leaf (`2/x` is
 * `new Value(2).div(x)`); operations on numbers alone are computed by the engine's own ops. Each
 * new node is labelled with the text of its subexpression. Iterative: any depth.
 *
 * With `{ share: true }` each distinct subexpression is built once and reused, as the seed's
 * memoised graph has it: the same op (as written, so `x*2` and `2*x` stay two nodes) on the same
 * operand nodes and the same constants (compared as `Object.is` does: -0 is not 0, NaN is NaN)
 * gives the node already built, labelled by its first occurrence. The value is the same function
 * and the same number; a gradient may differ from the unshared one in its last bits, as one
 * shared node sums its uses' contributions in another order.
 *
 * @example
 * const { output, inputs } = evaluateExpression(parseExpression('x*w + b'), { x: 0.5, w: -1, b: 2 });
 * output.backward();
 * inputs.get('w')?.grad; // 0.5
 * // one node for x+1, used twice:
 * evaluateExpression(parseExpression('(x+1)*(x+1)'), { x: 2 }, { share: true }).output.parents; // [x+1, x+1], the same Value
 */
export function evaluateExpression(
  expression: Expression,
  values: Readonly<Record<string, number | Value>>,
  options?: EvaluateExpressionOptions,
): ExpressionResult {
  if (typeof expression !== 'object' || expression === null || !isArray(expression.steps) || typeof expression.source !== 'string') {
    throw new TypeError(`evaluateExpression: expected an expression from parseExpression, got ${describeOperand(expression)}`);
  }
  if (typeof values !== 'object' || values === null) {
    throw new TypeError(`evaluateExpression: values must be an object of numbers or Values by name, got ${describeOperand(values)}`);
  }
  // A hand-made or edited expression may have holes, which for...of below would read as undefined.
  checkEntries('evaluateExpression', 'expression.steps', expression.steps, 'a step object', (s) => typeof s === 'object' && s !== null);
  if (!isArray(expression.variables)) {
    throw new TypeError(`evaluateExpression: expression.variables must be an array of names, got ${describeOperand(expression.variables)}`);
  }
  checkEntries('evaluateExpression', 'expression.variables', expression.variables, 'a string', (v) => typeof v === 'string');
  optionsObject('evaluateExpression', options);
  const share = booleanOption('evaluateExpression', 'share', (options as EvaluateExpressionOptions | undefined)?.share);
  const inputs = new Map<string, Value>();
  for (const name of expression.variables) {
    // An own property only: a variable named `constructor` or `toString` is not given by Object.prototype.
    if (!Object.hasOwn(values, name)) throw new RangeError(`evaluateExpression: no value given for variable '${name}'`);
    const v: unknown = values[name];
    if (v instanceof Value) inputs.set(name, v);
    else if (typeof v === 'number') inputs.set(name, new Value(v, name));
    else throw new TypeError(`evaluateExpression: variable '${name}' must be a number or a Value, got ${describeOperand(v)}`);
  }

  const source = expression.source;
  // Hash-consing (share): a key per node built, by op and operand keys, each operand a node's id or a number.
  const built = share ? new Map<string, Value>() : null;
  const ids = new Map<Value, number>();
  const keyOf = (x: Value | number): string => {
    // Stryker disable next-line UnaryOperator,StringLiteral: any two distinct keys for 0 and -0 that no other number has do (swapped, or '' for -0)
    if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
    let id = ids.get(x);
    if (id === undefined) ids.set(x, (id = ids.size));
    return `#${id}`;
  };
  const keyFor = (op: string, operands: readonly (Value | number)[]): string => `${op} ${operands.map(keyOf).join(' ')}`;
  const leaf = (x: number): Value => {
    if (built === null) return new Value(x, String(x));
    const key = `leaf ${keyOf(x)}`;
    let v = built.get(key);
    if (v === undefined) built.set(key, (v = new Value(x, String(x))));
    return v;
  };
  const stack: (Value | number)[] = [];
  const pop = (): Value | number => {
    if (stack.length === 0) throw new TypeError('evaluateExpression: the expression is malformed (a step has too few operands)');
    return stack.pop() as Value | number;
  };
  for (const step of expression.steps) {
    let operands: (Value | number)[];
    let build: () => Value | number;
    let op: string;
    switch (step.kind) {
      case 'number':
        stack.push(step.value);
        continue;
      case 'variable': {
        const v = inputs.get(step.name);
        if (v === undefined) throw new TypeError(`evaluateExpression: the expression is malformed (variable '${step.name}' is not listed)`);
        stack.push(v);
        continue;
      }
      case 'negate': {
        const x = pop();
        operands = [x];
        // Stryker disable next-line StringLiteral: op only names the step in a sharing key, and no other op is named '' either
        op = 'neg';
        build = () => (typeof x === 'number' ? constant((v) => v.neg(), x) : x.neg());
        break;
      }
      case 'binary': {
        const b = pop();
        const a = pop();
        const method = BINARY_METHODS[step.op];
        operands = [a, b];
        op = method;
        build = () => binary(method, a, b, leaf);
        break;
      }
      case 'call': {
        const name = step.name;
        op = name;
        if (isBinary(name)) {
          const b = pop();
          const a = pop();
          operands = [a, b];
          build = () => binary(name, a, b, leaf);
        } else {
          const x = pop();
          operands = [x];
          build = () => (typeof x === 'number' ? constant((v) => unary(name, v), x) : unary(name, x));
        }
        break;
      }
      default:
        throw new TypeError(`evaluateExpression: the expression is malformed (unknown step ${describeOperand(step)})`);
    }
    // With sharing, the node already built by the same op on the same operands. An op on numbers
    // alone folds to a number, never stored, so its key finds nothing.
    // Stryker disable next-line ConditionalExpression,StringLiteral: without sharing (built null) the key is never read, whatever it is (its twin, always '', fails the node counts of { share: true })
    const key = built === null ? '' : keyFor(op, operands);
    const seen = built?.get(key);
    if (seen !== undefined) {
      stack.push(seen);
      continue;
    }
    const result = build();
    if (result instanceof Value) {
      result.label = labelOf(source, step);
      built?.set(key, result);
    }
    stack.push(result);
  }
  const out = pop();
  if (stack.length !== 0) throw new TypeError('evaluateExpression: the expression is malformed (operands left over)');
  return Object.freeze({ output: typeof out === 'number' ? new Value(out, labelOf(source, { start: 0, end: source.length })) : out, inputs });
}

// Array.isArray would narrow a readonly array of steps to any[].
function isArray(x: unknown): x is readonly unknown[] {
  return Array.isArray(x);
}

function binary(method: Method, a: Value | number, b: Value | number, leaf: (x: number) => Value): Value | number {
  if (a instanceof Value) return a[method](b);
  if (typeof b === 'number') return constant((v) => v[method](b), a);
  return COMMUTATIVE.has(method) ? b[method](a) : leaf(a)[method](b);
}

function isBinary(name: ExpressionFunctionName): name is ExpressionFunctionName & Method {
  return EXPRESSION_FUNCTIONS[name] === 2;
}

function unary(name: UnaryName, x: Value): Value {
  // A hand-built expression can name anything: only a function of one argument is called.
  if (EXPRESSION_FUNCTIONS[name] !== 1) {
    throw new TypeError(`evaluateExpression: the expression is malformed (${describeOperand(name)} is not a function of one argument)`);
  }
  return x[name]();
}

/** An op on numbers alone, computed by the engine's own op so it matches a Value's data exactly. */
function constant(op: (v: Value) => Value, x: number): number {
  return noGrad(() => op(new Value(x)).data);
}

/** The text of a step's subexpression, on one line and cut short. */
function labelOf(source: string, step: { readonly start: number; readonly end: number }): string {
  const text = source.slice(step.start, Math.min(step.end, step.start + 4 * MAX_LABEL)).replace(/\s+/g, ' ').trim();
  return text.length > MAX_LABEL || step.end - step.start > 4 * MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1).trimEnd()}…` : text;
}
