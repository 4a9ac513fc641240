import { Value } from '../engine/core/value.js';
import { topologicalOrder } from '../engine/core/topological-order.js';
import { positionOf } from '../engine/core/topo.js';
import { checkEntries } from '../engine/core/array-entries.js';
import { describeOperand } from '../engine/core/describe.js';
import { htmlEscape } from './html-escape.js';
import { formatSignificant } from './format-significant.js';
import { optionsObject } from '../engine/core/options-object.js';

/** A field of a Value that a picture can show. */
export type DotField = 'label' | 'data' | 'grad';

/** Graphviz's `rankdir`: the direction in which the graph flows from inputs to the root. */
export type DotDirection = 'LR' | 'RL' | 'TB' | 'BT';

/** Options for `toDot` (and `renderSvg`). */
export interface DotOptions {
  /** The direction from inputs to the root: 'LR' (left to right, the default), 'RL', 'TB' or 'BT'. */
  readonly direction?: DotDirection;
  /** The fields of each Value's box, in order (default label, data, grad); an empty label is left out. */
  readonly fields?: readonly DotField[];
  /** Significant digits of data, grad and folded constants (an integer in [1, 17], default 4). */
  readonly precision?: number;
  /** Formats data, grad and folded constants instead of `precision` (its output is escaped). */
  readonly formatNumber?: (x: number) => string;
}

const DIRECTIONS: readonly DotDirection[] = ['LR', 'RL', 'TB', 'BT'];
const FIELDS: readonly DotField[] = ['label', 'data', 'grad'];

/**
 * The graph below `root` as a Graphviz DOT string, micrograd-style: a box per Value with its
 * label, data and grad, and an oval per op, which shows a folded constant with the op (`x.mul(2)`
 * is the oval `* 2`). Nodes are named by topological position (`n0`, `n1`, ... for Values, `o3`
 * for the op that made `n3`), so the same graph always gives the same text; edges into an op are
 * listed in operand order. Every label is escaped, so no label can break the DOT.
 *
 * @example
 * const x = new Value(2, 'x');
 * const y = x.mul(3).tanh();
 * y.backward();
 * toDot(y); // 'digraph memograd {\n  graph [rankdir=LR]; ...'
 */
export function toDot(root: Value, options: DotOptions = {}): string {
  if (!(root instanceof Value)) throw new TypeError(`toDot: expected a Value, got ${describeOperand(root)}`);
  const { direction, fields, format } = checkOptions(options, 'toDot');
  const vertical = direction === 'TB' || direction === 'BT';
  const order = topologicalOrder(root);
  const lines = [
    'digraph memograd {',
    `  graph [rankdir=${direction}];`,
    '  node [shape=plain, fontname="Verdana", fontsize=10];',
    '  edge [arrowsize=0.6];',
  ];
  // Parent positions are read from the walk's tables before any user code (formatNumber) runs:
  // a walk started from there would overwrite them.
  const parentAt = new Int32Array(2 * order.length).fill(-1);
  for (let i = 0; i < order.length; i++) {
    const n = order[i] as Value;
    if (n._a !== null) parentAt[2 * i] = positionOf(n._a);
    if (n._b instanceof Value) parentAt[2 * i + 1] = positionOf(n._b);
  }
  for (let i = 0; i < order.length; i++) {
    const n = order[i] as Value;
    lines.push(`  n${i} [label=<${valueTable(n, fields, format, vertical)}>];`);
    if (n._a === null) continue;
    const c = n.constant;
    const opText = c === undefined ? n.op : `${n.op} ${format(c)}`;
    lines.push(`  o${i} [shape=ellipse, width=0.4, height=0.3, margin="0.04,0.02", label=<${htmlEscape(opText)}>];`);
    for (let k = 2 * i; k < 2 * i + 2; k++) if ((parentAt[k] as number) >= 0) lines.push(`  n${parentAt[k] as number} -> o${i};`);
    lines.push(`  o${i} -> n${i};`);
  }
  lines.push('}', '');
  return lines.join('\n');
}

function valueTable(n: Value, fields: readonly DotField[], format: (x: number) => string, vertical: boolean): string {
  const cells: string[] = [];
  for (const f of fields) {
    if (f === 'label') {
      if (n.label !== '') cells.push(`<B>${htmlEscape(n.label)}</B>`);
    } else cells.push(`${f} ${htmlEscape(format(n[f]))}`);
  }
  if (cells.length === 0) cells.push('');
  const row = vertical ? cells.map((c) => `<TR><TD>${c}</TD></TR>`).join('') : `<TR>${cells.map((c) => `<TD>${c}</TD>`).join('')}</TR>`;
  return `<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">${row}</TABLE>`;
}

/** @internal The checked options of `toDot`, shared with `renderSvg`, naming `caller` in errors. */
export function checkOptions(
  options: unknown,
  caller: string,
): { direction: DotDirection; fields: readonly DotField[]; format: (x: number) => string } {
  optionsObject(`${caller}`, options);
  const o = options as DotOptions;
  const direction = o.direction ?? 'LR';
  if (!DIRECTIONS.includes(direction)) {
    throw new RangeError(`${caller}: direction must be 'LR', 'RL', 'TB' or 'BT', got ${describeOperand(direction)}`);
  }
  const fields = o.fields ?? FIELDS;
  if (!Array.isArray(fields)) throw new TypeError(`${caller}: fields must be an array, got ${describeOperand(fields)}`);
  checkEntries(caller, 'fields', fields, "'label', 'data' or 'grad'", (f) => FIELDS.includes(f as DotField), RangeError);
  fields.forEach((f, k) => {
    if (fields.indexOf(f) !== k) throw new RangeError(`${caller}: fields lists '${f as string}' twice`);
  });
  return { direction, fields: fields.slice(), format: numberFormat(o, caller) };
}

function numberFormat(o: DotOptions, caller: string): (x: number) => string {
  const { formatNumber, precision } = o;
  if (formatNumber !== undefined) {
    if (typeof formatNumber !== 'function') {
      throw new TypeError(`${caller}: formatNumber must be a function, got ${describeOperand(formatNumber)}`);
    }
    if (precision !== undefined) throw new TypeError(`${caller}: give precision or formatNumber, not both`);
    return (x) => {
      const s: unknown = formatNumber(x);
      if (typeof s !== 'string') throw new TypeError(`${caller}: formatNumber(${x}) must return a string, got ${describeOperand(s)}`);
      return s;
    };
  }
  const digits = precision ?? 4;
  if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < 1 || digits > 17) {
    throw new RangeError(`${caller}: precision must be an integer in [1, 17], got ${describeOperand(digits)}`);
  }
  return (x) => formatSignificant(x, digits);
}
