/**
 * The graphs the step view walks through (the post's toy network and the ladder), each with a
 * layout, and their drawing as SVG: arrows in the pass's direction, each edge's local derivative,
 * and on each node its two path counts. Every number comes from the library's backwardSteps().
 */
import { backwardSteps, buildToyNetwork, topologicalOrder, Value } from '../../src/index.js';
import type { BackwardStep, ToyActivation, ToyParams } from '../../src/index.js';
import { svgEl } from './ui.js';
import { exact } from './exact.js';
import { DELTA_OF, nodeFields } from './toy-state.js';
import type { NodeField } from './toy-state.js';

/** The forward pass (values), the backward pass (reverse mode), or forward mode (one tangent sweep per input). */
export type Pass = 'forward' | 'backward' | 'tangent';
export type NodeKind = 'weight' | 'leaf' | 'z' | 'inner';

/** A graph to step through: its nodes in topological order, the backward sweep, names and places. */
export interface StepGraph {
  readonly root: Value;
  /** Inputs first, the root last. */
  readonly order: readonly Value[];
  /** backwardSteps(root), root first. */
  readonly steps: readonly BackwardStep[];
  /** Each node's step (its gradient, edges and path counts). */
  readonly stepOf: ReadonlyMap<Value, BackwardStep>;
  /** Each node's data-testid suffix. */
  readonly name: (v: Value) => string;
  /** The post's delta of a node, if it is one. */
  readonly delta: (v: Value) => string | undefined;
  readonly kind: (v: Value) => NodeKind;
  /** Column (inputs left, root right) and row of each node. */
  readonly at: (v: Value) => readonly [number, number];
  readonly columns: number;
  readonly rows: number;
  /** The leaves' count, for the words under the counters. */
  readonly leaves: number;
}

/** Where each node of the toy graph sits: column (left to right, inputs to E) and row. */
const TOY_LAYOUT: Record<NodeField, readonly [number, number]> = {
  w1: [0, 0], x1: [0, 1.1], w3: [0, 2.2], x2: [0, 3.3], w2: [0, 4.4], w4: [0, 5.5],
  x1w1: [1, 0.5], x2w3: [1, 1.9], x1w2: [1, 3.3], x2w4: [1, 4.7],
  z1_2: [2, 1.2], z2_2: [2, 4.0],
  w5: [3, 0], a1_2: [3, 1.2], a2_2: [3, 4.0], w6: [3, 5.3],
  a1w5: [4, 0.6], a2w6: [4, 4.6],
  z1_3: [5, 2.6],
  y: [6, 1.2], a1_3: [6, 2.6],
  error: [7, 1.9], squaredError: [8, 1.9], E: [9, 1.9],
};

function finish(root: Value, parts: Omit<StepGraph, 'root' | 'order' | 'steps' | 'stepOf' | 'leaves'>): StepGraph {
  const order = topologicalOrder(root);
  const steps = [...backwardSteps(root)];
  return {
    root, order, steps, stepOf: new Map(steps.map((s) => [s.node, s])),
    leaves: order.filter((v) => v.parents.length === 0).length, ...parts,
  };
}

/** The post's 2-2-1 network with squared error E. */
export function toyGraph(params: ToyParams, activation: ToyActivation): StepGraph {
  const net = buildToyNetwork(params, activation);
  const names = nodeFields(net);
  const field = (v: Value): NodeField => names.get(v) as NodeField;
  return finish(net.E, {
    name: field,
    delta: (v) => DELTA_OF[field(v)],
    kind: (v) => (v.parents.length === 0 ? (field(v).startsWith('w') ? 'weight' : 'leaf') : DELTA_OF[field(v)] !== undefined ? 'z' : 'inner'),
    at: (v) => TOY_LAYOUT[field(v)],
    columns: 10,
    rows: 6.5,
  });
}

/**
 * The walkthrough's ladder y(i) = y(i-1)·0.5 + y(i-1)·0.5 of depth k: per rung two products (one
 * edge each to y(i-1)) and a sum (two edges), so 4 multiplications per rung and 2^k paths from the top to x.
 */
export function ladderGraph(depth: number): StepGraph {
  const x = new Value(1, 'x');
  const names = new Map<Value, string>([[x, 'x']]);
  const place = new Map<Value, readonly [number, number]>([[x, [0, 1]]]);
  let y = x;
  for (let i = 1; i <= depth; i++) {
    const below = `y${i - 1}`;
    const a = y.mul(0.5);
    const b = y.mul(0.5);
    a.label = `${i === 1 ? 'x' : below}·0.5`;
    b.label = a.label;
    y = a.add(b);
    y.label = `y${i}`;
    names.set(a, `m${i}a`).set(b, `m${i}b`).set(y, `y${i}`);
    place.set(a, [2 * i - 1, 0]).set(b, [2 * i - 1, 2]).set(y, [2 * i, 1]);
  }
  return finish(y, {
    name: (v) => names.get(v) as string,
    delta: () => undefined,
    kind: (v) => (v.parents.length === 0 ? 'leaf' : 'inner'),
    at: (v) => place.get(v) as readonly [number, number],
    columns: 2 * depth + 1,
    rows: 3,
  });
}

const COL = 150;
const ROW = 74;
export const BOX_W = 108;
const BOX_H = 62;
const PAD = 30;

/** The graph's drawing size in SVG units. */
export function graphSize(g: StepGraph): { width: number; height: number } {
  return { width: (g.columns - 1) * COL + BOX_W + 2 * PAD, height: (g.rows - 1) * ROW + BOX_H + 2 * PAD + 14 };
}

/** The horizontal centre of column `c`, in SVG units. */
export const columnCentre = (c: number): number => PAD + c * COL + BOX_W / 2;

/** What the drawing shows: the pass, how many of its steps are done, and the one being shown. */
export interface DrawState {
  readonly pass: Pass;
  readonly step: number;
  readonly current: Value | undefined;
  /** In forward mode, the sweep shown: d(node)/d(seed) of each node the seed reaches. */
  readonly tangent?: TangentSweep;
}

/** One forward-mode sweep: every node's derivative with respect to one input, and its cost. */
export interface TangentSweep {
  readonly seed: Value;
  /** d node / d seed, for the nodes that depend on the seed (the others have 0). */
  readonly values: ReadonlyMap<Value, number>;
  /** One multiplication per edge whose operand depends on the seed (local derivative × its tangent). */
  readonly multiplications: number;
}

/**
 * Forward mode's sweep for one input: each node's tangent is the sum over its edges of the local
 * derivative times the operand's tangent, inputs first, from the local derivatives backwardSteps() reports.
 */
export function tangentSweep(g: StepGraph, seed: Value): TangentSweep {
  const values = new Map<Value, number>([[seed, 1]]);
  let multiplications = 0;
  for (const v of g.order) {
    if (v === seed) continue;
    const step = g.stepOf.get(v) as BackwardStep;
    let t: number | undefined;
    v.parents.forEach((p, e) => {
      const tp = values.get(p);
      if (tp === undefined) return;
      multiplications++;
      t = (t ?? 0) + (step.edges[e]?.local as number) * tp;
    });
    if (t !== undefined) values.set(v, t);
  }
  return { seed, values, multiplications };
}

/** A short number for a graph label: 3 significant digits, no trailing zeros. */
const short = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(3))) : String(x));

/** The graph as SVG at the given state. */
export function drawStepGraph(g: StepGraph, s: DrawState): SVGSVGElement {
  const { width, height } = graphSize(g);
  const svg = svgEl('svg', {
    viewBox: `0 0 ${width} ${height}`, class: `graph steps-graph ${s.pass}`, role: 'img',
    'aria-label': `The computation graph, inputs left, ${g.root.label || 'the output'} right; arrows point the way the ${s.pass} pass goes`,
  });
  // Fitted to its box's width (never above its natural size); the view's Full size button sets a minimum width instead.
  svg.style.maxWidth = `${width}px`;
  // Arrowheads: one marker per colour, at the end of each path (paths are drawn in the pass's direction).
  const marker = (id: string, cls: string): SVGMarkerElement => svgEl('marker', {
    id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: 'userSpaceOnUse', orient: 'auto',
  }, svgEl('path', { d: 'M0,0 L10,5 L0,10 z', class: cls }));
  svg.append(svgEl('defs', {}, marker('arrow', 'arrowhead'), marker('arrow-active', 'arrowhead active')));
  const at = (v: Value): [number, number] => {
    const [c, r] = g.at(v);
    return [columnCentre(c), PAD + 14 + r * ROW + BOX_H / 2];
  };
  const done = new Set(s.pass === 'forward' ? g.order.slice(0, s.step) : g.steps.slice(0, s.step).map((x) => x.node));
  const partial = new Map<Value, number>();
  if (s.pass === 'backward') {
    for (const x of g.steps.slice(0, s.step)) for (const e of x.edges) partial.set(e.parent, e.parentGradient);
  }
  // Each node's uses (edges to its consumers), so that the edges leaving one node fan out instead of merging.
  const uses = new Map<Value, number>();
  for (const v of g.order) for (const p of v.parents) uses.set(p, (uses.get(p) ?? 0) + 1);
  const used = new Map<Value, number>();
  const edges = svgEl('g');
  const labels = svgEl('g');
  const nodes = svgEl('g');
  svg.append(edges, labels, nodes);
  for (const v of g.order) {
    const [cx, cy] = at(v);
    const step = g.stepOf.get(v) as BackwardStep;
    v.parents.forEach((p, e) => {
      const [px, py] = at(p);
      const n = uses.get(p) ?? 0;
      const u = used.get(p) ?? 0;
      used.set(p, u + 1);
      const y0 = py + (u - (n - 1) / 2) * 9;
      const y1 = cy + (e - (v.parents.length - 1) / 2) * 12;
      const x0 = px + BOX_W / 2;
      const x1 = cx - BOX_W / 2;
      const mid = (x0 + x1) / 2;
      const reached = s.tangent?.values.has(p) === true;
      const active = s.pass === 'tangent' ? reached : v === s.current;
      const d = s.pass !== 'backward'
        ? `M${x0},${y0} C${mid},${y0} ${mid},${y1} ${x1 - 1},${y1}`
        : `M${x1},${y1} C${mid},${y1} ${mid},${y0} ${x0 + 1},${y0}`;
      edges.append(svgEl('path', {
        d, class: active ? 'edge active' : 'edge', 'marker-end': `url(#${active ? 'arrow-active' : 'arrow'})`,
        'data-testid': `edge-${g.name(v)}-${e}`,
      }));
      if (s.pass !== 'forward') {
        const local = step.edges[e]?.local as number;
        labels.append(svgEl('text', {
          x: mid, y: (y0 + y1) / 2 + 4, 'text-anchor': 'middle', class: active ? 'local active' : 'local',
          'data-testid': `local-${g.name(v)}-${e}`,
        }, `×${short(local)}`));
      }
    });
  }
  for (const v of g.order) {
    const [cx, cy] = at(v);
    const step = g.stepOf.get(v) as BackwardStep;
    const delta = g.delta(v);
    const classes = ['node', g.kind(v)];
    if (v === s.current) classes.push('current');
    if (s.pass === 'tangent' && s.tangent?.values.has(v) === true && v !== s.current) classes.push('done');
    const complete = s.pass === 'backward' && done.has(v);
    if (complete && v !== s.current) classes.push('done');
    if (s.pass === 'backward' && !complete) classes.push('pending');
    const computed = s.pass !== 'forward' || done.has(v);
    const group = svgEl('g', { class: classes.join(' '), 'data-testid': `node-${g.name(v)}` },
      svgEl('rect', { x: cx - BOX_W / 2, y: cy - BOX_H / 2, width: BOX_W, height: BOX_H, rx: 7 }),
      svgEl('text', { x: cx, y: cy - 14, 'text-anchor': 'middle', class: 'name' }, delta === undefined ? v.label : `${v.label} ${delta}`),
      svgEl('text', { x: cx, y: cy + 1, 'text-anchor': 'middle' }, computed ? `= ${short(v.data)}` : '= ?'));
    if (s.pass === 'tangent' && s.tangent !== undefined) {
      const t = s.tangent.values.get(v);
      group.append(
        svgEl('text', { x: cx, y: cy + 15, 'text-anchor': 'middle', class: 'grad', 'data-testid': `tangent-${g.name(v)}` },
          t === undefined ? 'ṫ = 0' : `ṫ = ${short(t)}`),
        svgEl('text', { x: cx, y: cy + 27, 'text-anchor': 'middle', class: 'state' }, t === undefined ? 'not reached' : v === s.tangent.seed ? 'seed: ṫ = 1' : 'reached'));
    }
    if (s.pass === 'backward') {
      const g0 = complete ? step.gradient : partial.get(v);
      group.append(
        svgEl('text', { x: cx, y: cy + 15, 'text-anchor': 'middle', class: 'grad' }, g0 === undefined ? 'g not reached' : `g = ${short(g0)}`),
        svgEl('text', { x: cx, y: cy + 27, 'text-anchor': 'middle', class: 'state', 'data-testid': `state-${g.name(v)}` },
          complete ? 'complete' : g0 === undefined ? '' : 'partial'));
      // The two path counts: paths continuing below (how often the path sum would recompute this
      // gradient) and paths from the root reaching it (which the stored gradient already sums).
      const pill = (x: number, text: string, cls: string, testid: string): SVGElement[] => [
        svgEl('rect', { x, y: cy - BOX_H / 2 - 9, width: 8 + 7 * text.length, height: 16, rx: 8, class: `badge ${cls}` }),
        svgEl('text', { x: x + 4 + 3.5 * text.length, y: cy - BOX_H / 2 + 3, 'text-anchor': 'middle', class: `badge-text ${cls}`, 'data-testid': testid }, text),
      ];
      const below = `↓${exact(step.pathsBelow)}`;
      const above = `↑${exact(step.paths)}`;
      group.append(
        ...pill(cx - BOX_W / 2 + 4, below, step.pathsBelow > 1 ? 'below big' : 'below', `below-${g.name(v)}`),
        ...pill(cx + BOX_W / 2 - 12 - 7 * above.length, above, 'above', `above-${g.name(v)}`));
    }
    nodes.append(group);
  }
  return svg;
}
