/**
 * Expression trees (test/support/arbitraries.ts) as text and as Values built directly: the
 * oracle for the parser is the tree itself, printed with only the parentheses that the usual
 * rules of precedence need (plus random extra ones and spaces), and built with Value's methods,
 * every number a Value of its own.
 */
import { Value } from '../../src/index.js';
import type { ExpressionTree } from './arbitraries.js';

/** The precedence of a tree as printed: + - 1, * / 2, unary minus (and a negative number) 3, ^ 4, atoms 5. */
function precedence(t: ExpressionTree): number {
  switch (t.kind) {
    case 'number': return t.value < 0 || Object.is(t.value, -0) ? 3 : 5;
    case 'variable': case 'call': return 5;
    case 'negate': return 3;
    case 'binary': return t.op === '+' || t.op === '-' ? 1 : t.op === '*' || t.op === '/' ? 2 : 4;
  }
}

/** A small deterministic generator of choices (mulberry32), so a failing case prints the same text again. */
export function choices(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * The tree as text that means it: parentheses where precedence needs them, and sometimes where it
 * does not. With `unicode`, minus signs are sometimes − (U+2212), products ×, · or ⋅, quotients ÷,
 * and a power whose exponent is an integer a superscript (x², x⁻¹).
 */
export function printTree(tree: ExpressionTree, random: () => number, unicode = false): string {
  const space = (): string => (random() < 0.3 ? ' ' : '');
  const pick = (ascii: string, others: readonly string[]): string => (unicode && random() < 0.6 ? (others[Math.floor(random() * others.length)] as string) : ascii);
  const minus = (): string => pick('-', ['−']);
  const superscript = (n: number): string =>
    `${n < 0 || Object.is(n, -0) ? '⁻' : ''}${[...String(Math.abs(n))].map((d) => SUPERSCRIPT_DIGITS[Number(d)] as string).join('')}`;
  const wrap = (t: ExpressionTree, needed: boolean): string =>
    needed || random() < 0.1 ? `(${space()}${print(t)}${space()})` : print(t);
  const print = (t: ExpressionTree): string => {
    switch (t.kind) {
      case 'number':
        return t.value < 0 || Object.is(t.value, -0) ? `${minus()}${space()}${String(-t.value)}` : String(t.value);
      case 'variable':
        return t.name;
      case 'negate':
        return `${minus()}${space()}${wrap(t.x, precedence(t.x) < 3)}`;
      case 'call':
        return `${t.name}(${space()}${t.args.map((a) => print(a)).join(`${space()},${space()}`)}${space()})`;
      case 'binary': {
        const p = precedence(t);
        const pa = precedence(t.a);
        const pb = precedence(t.b);
        // ^ is right-associative; the others are left-associative. A unary minus may follow ^ bare.
        const left = t.op === '^' ? pa <= p : pa < p;
        // x², x⁻¹: the base is printed as for ^, the exponent takes no parentheses.
        if (t.op === '^' && t.b.kind === 'number' && Number.isInteger(t.b.value) && Math.abs(t.b.value) < 1e15 && unicode && random() < 0.6) {
          return `${wrap(t.a, left)}${superscript(t.b.value)}`;
        }
        const right = t.op === '^' ? pb < 3 || (pb === 3 && random() < 0.5) : pb <= p;
        const op = t.op === '^' ? (random() < 0.3 ? '**' : '^') : t.op === '-' ? minus() : t.op === '*' ? pick('*', ['×', '·', '⋅']) : t.op === '/' ? pick('/', ['÷']) : t.op;
        return `${wrap(t.a, left)}${space()}${op}${space()}${wrap(t.b, right)}`;
      }
    }
  };
  return print(tree);
}

/** The tree built with Value's methods directly, every number a leaf of its own. */
export function buildTree(tree: ExpressionTree, variables: ReadonlyMap<string, Value>): Value {
  const build = (t: ExpressionTree): Value => {
    switch (t.kind) {
      case 'number': return new Value(t.value);
      case 'variable': return variables.get(t.name) as Value;
      case 'negate': return build(t.x).neg();
      case 'binary': {
        const a = build(t.a);
        const b = build(t.b);
        return t.op === '+' ? a.add(b) : t.op === '-' ? a.sub(b) : t.op === '*' ? a.mul(b) : t.op === '/' ? a.div(b) : a.pow(b);
      }
      case 'call': {
        const [x, y] = t.args.map(build) as [Value, Value | undefined];
        const method = (x as unknown as Record<string, (other?: Value) => Value>)[t.name] as (other?: Value) => Value;
        return y === undefined ? method.call(x) : method.call(x, y);
      }
    }
  };
  return build(tree);
}

/** The variables of a tree in order of first appearance, left to right. */
export function treeVariables(tree: ExpressionTree): string[] {
  const names: string[] = [];
  const visit = (t: ExpressionTree): void => {
    if (t.kind === 'variable' && !names.includes(t.name)) names.push(t.name);
    if (t.kind === 'negate') visit(t.x);
    if (t.kind === 'binary') (visit(t.a), visit(t.b));
    if (t.kind === 'call') t.args.forEach(visit);
  };
  visit(tree);
  return names;
}
