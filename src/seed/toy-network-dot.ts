import type { Value } from '../engine/core/value.js';
import type { ToyActivation, ToyNetwork } from './toy-network.js';
import { describeOperand } from '../engine/core/describe.js';
import { htmlEscape } from '../pictures/html-escape.js';
import { formatSignificant } from '../pictures/format-significant.js';
import { optionsObject } from '../engine/core/options-object.js';

/** Options for `toyNetworkDot`. */
export interface ToyNetworkDotOptions {
  /** Show each node's gradient dE/d(node) and the deltas (default true: draw after `E.backward()`). */
  readonly gradients?: boolean;
  /** Significant digits of values and gradients (an integer in [1, 17], default 4). */
  readonly precision?: number;
}

/** The look of one kind of box. */
interface Kind {
  readonly fill: string;
  readonly symbol: (activation: ToyActivation) => string;
}

const INPUT: Kind = { fill: '#e8e8e8', symbol: () => 'input' };
const TARGET: Kind = { fill: '#e8e8e8', symbol: () => 'target' };
const WEIGHT: Kind = { fill: '#fff2b3', symbol: () => 'weight' };
const TIMES: Kind = { fill: '#ffffff', symbol: () => '×' };
const SUM: Kind = { fill: '#ffffff', symbol: () => 'Σ' };
const NONLINEAR: Kind = { fill: '#dceefb', symbol: (f) => `f = ${f === 'sigmoid' ? 'σ' : f}` };
const MINUS: Kind = { fill: '#ffffff', symbol: () => '−' };
const SQUARE: Kind = { fill: '#ffffff', symbol: () => '( )²' };
const HALF: Kind = { fill: '#ffffff', symbol: () => '× ½' };

type Field = Exclude<keyof ToyNetwork, 'activation' | 'weights' | 'yHat'>;

/** One box of the figure: the network's field, the post's name for it, and its delta if it is a z. */
interface Box {
  readonly field: Field;
  readonly kind: Kind;
  readonly name: string;
  readonly delta?: string;
  /** For a weight, the post's delta rule for its gradient. */
  readonly rule?: string;
}

/**
 * The boxes column by column, left to right as in the post's Figure 2: inputs and first weights,
 * multipliers, sums z(2), non-linearities a(2) (with w5, w6 beside them), multipliers, the sum
 * z1(3), the output a1(3) = ŷ (with the target y), then the pieces of the loss E.
 */
const COLUMNS: readonly (readonly Box[])[] = [
  [
    { field: 'x1', kind: INPUT, name: 'x1' },
    { field: 'w1', kind: WEIGHT, name: 'w1', rule: 'δ1(2)·x1' },
    { field: 'w3', kind: WEIGHT, name: 'w3', rule: 'δ1(2)·x2' },
    { field: 'x2', kind: INPUT, name: 'x2' },
    { field: 'w2', kind: WEIGHT, name: 'w2', rule: 'δ2(2)·x1' },
    { field: 'w4', kind: WEIGHT, name: 'w4', rule: 'δ2(2)·x2' },
  ],
  [
    { field: 'x1w1', kind: TIMES, name: 'x1·w1' },
    { field: 'x2w3', kind: TIMES, name: 'x2·w3' },
    { field: 'x1w2', kind: TIMES, name: 'x1·w2' },
    { field: 'x2w4', kind: TIMES, name: 'x2·w4' },
  ],
  [
    { field: 'z1_2', kind: SUM, name: 'z1(2)', delta: 'δ1(2)' },
    { field: 'z2_2', kind: SUM, name: 'z2(2)', delta: 'δ2(2)' },
  ],
  [
    { field: 'a1_2', kind: NONLINEAR, name: 'a1(2)' },
    { field: 'w5', kind: WEIGHT, name: 'w5', rule: 'δ1(3)·a1(2)' },
    { field: 'a2_2', kind: NONLINEAR, name: 'a2(2)' },
    { field: 'w6', kind: WEIGHT, name: 'w6', rule: 'δ1(3)·a2(2)' },
  ],
  [
    { field: 'a1w5', kind: TIMES, name: 'a1(2)·w5' },
    { field: 'a2w6', kind: TIMES, name: 'a2(2)·w6' },
  ],
  [{ field: 'z1_3', kind: SUM, name: 'z1(3)', delta: 'δ1(3)' }],
  [
    { field: 'a1_3', kind: NONLINEAR, name: 'a1(3) = ŷ' },
    { field: 'y', kind: TARGET, name: 'y' },
  ],
  [{ field: 'error', kind: MINUS, name: 'y − ŷ' }],
  [{ field: 'squaredError', kind: SQUARE, name: '(y − ŷ)²' }],
  [{ field: 'E', kind: HALF, name: 'E = (y − ŷ)² / 2' }],
];

/**
 * The post's Figure 2 as Graphviz DOT: the toy network from `buildToyNetwork`, left to right
 * through multipliers, sums and non-linearities to the loss E, each box named as in the post
 * (z1(2), a1(2), ...) and showing its value and, after `E.backward()`, its gradient dE/d(node);
 * the z boxes show their gradient as the post's delta (δ1(3) = dE/dz1(3), δ1(2), δ2(2)), so the
 * deltas can be followed backward from E to the weights.
 *
 * @example
 * const net = buildToyNetwork(TOY_EXAMPLE_PARAMS, 'sigmoid');
 * net.E.backward();
 * const svg = await toSvg(toyNetworkDot(net));
 */
export function toyNetworkDot(net: ToyNetwork, options: ToyNetworkDotOptions = {}): string {
  if (typeof net !== 'object' || net === null) {
    throw new TypeError(`toyNetworkDot: expected a network from buildToyNetwork, got ${describeOperand(net)}`);
  }
  optionsObject(`toyNetworkDot`, options);
  const showGradients = options.gradients ?? true;
  if (typeof showGradients !== 'boolean') {
    throw new TypeError(`toyNetworkDot: gradients must be a boolean, got ${describeOperand(showGradients)}`);
  }
  const digits = options.precision ?? 4;
  if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < 1 || digits > 17) {
    throw new RangeError(`toyNetworkDot: precision must be an integer in [1, 17], got ${describeOperand(digits)}`);
  }
  const activation = net.activation;
  if (activation !== 'sigmoid' && activation !== 'tanh' && activation !== 'relu') {
    throw new TypeError(`toyNetworkDot: expected a network from buildToyNetwork, got ${describeOperand(net)}`);
  }
  const format = (x: number): string => htmlEscape(formatSignificant(x, digits));

  // Each box's Value, checked up front; the edges are read from the graph itself.
  const ids = new Map<Value, string>();
  for (const column of COLUMNS) {
    for (const box of column) {
      const v = net[box.field];
      if (typeof v !== 'object' || v === null || typeof (v as Value).parents !== 'object') {
        throw new TypeError(`toyNetworkDot: net.${box.field} must be a Value, got ${describeOperand(v)}`);
      }
      ids.set(v, box.field);
    }
  }

  const title =
    `Figure 2 of “Backpropagation Demystified”: the toy network, f = ${activation}` +
    (showGradients ? ', after E.backward()' : '');
  const legend = showGradients
    ? 'each box: its value and ∂E/∂(box); δ = ∂E/∂z is computed once per z and reused by every weight before it'
    : 'each box: its value';
  const lines = [
    'digraph figure2 {',
    `  graph [rankdir=LR, nodesep=0.25, ranksep=0.45, labelloc=t, fontname="Verdana", fontsize=13, ` +
      `label=<<B>${htmlEscape(title)}</B><BR/><FONT POINT-SIZE="11">${htmlEscape(legend)}</FONT>>];`,
    '  node [shape=plain, fontname="Verdana", fontsize=11];',
    '  edge [arrowsize=0.7, color="#555555"];',
  ];
  for (const column of COLUMNS) {
    lines.push(`  { rank=same; ${column.map((b) => b.field).join('; ')}; }`);
  }
  for (const column of COLUMNS) {
    for (const box of column) lines.push(`  ${box.field} [label=<${boxTable(box, net[box.field] as Value, activation, showGradients, format)}>];`);
  }
  for (const column of COLUMNS) {
    for (const box of column) {
      for (const p of (net[box.field] as Value).parents) {
        const from = ids.get(p);
        if (from === undefined) throw new TypeError(`toyNetworkDot: net.${box.field} has a parent that is not a node of the network`);
        lines.push(`  ${from} -> ${box.field};`);
      }
    }
  }
  lines.push('}', '');
  return lines.join('\n');
}

function boxTable(box: Box, v: Value, activation: ToyActivation, showGradients: boolean, format: (x: number) => string): string {
  const rows = [
    `<TR><TD BGCOLOR="${box.kind.fill}">${htmlEscape(box.kind.symbol(activation))}</TD>` +
      `<TD BGCOLOR="${box.kind.fill}"><B>${htmlEscape(box.name)}</B></TD></TR>`,
    `<TR><TD ALIGN="LEFT">value</TD><TD ALIGN="RIGHT">${format(v.data)}</TD></TR>`,
  ];
  if (showGradients) {
    const subject = box.field === 'a1_3' ? 'a1(3)' : box.field === 'E' ? 'E' : /[·−² ]/.test(box.name) ? `(${box.name})` : box.name;
    const d = `∂E/∂${subject}`;
    const what = box.delta !== undefined ? `${box.delta} = ${d}` : box.rule !== undefined ? `${d} = ${box.rule}` : d;
    const color = box.delta === undefined ? '#b2182b' : '#ffffff';
    const fill = box.delta === undefined ? '' : ' BGCOLOR="#b2182b"';
    const text = (s: string): string => `<FONT COLOR="${color}">${box.delta === undefined ? s : `<B>${s}</B>`}</FONT>`;
    rows.push(`<TR><TD ALIGN="LEFT"${fill}>${text(htmlEscape(what))}</TD><TD ALIGN="RIGHT"${fill}>${text(format(v.grad))}</TD></TR>`);
  }
  return `<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" COLOR="#777777">${rows.join('')}</TABLE>`;
}
