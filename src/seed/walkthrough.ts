import { Value } from '../engine/core/value.js';
import { topologicalOrder } from '../engine/core/topological-order.js';
import { checkEntries } from '../engine/core/array-entries.js';
import { describeOperand } from '../engine/core/describe.js';
import { TOY_ACTIVATIONS, buildToyNetwork, checkToyInput } from './toy-network.js';
import type { ToyActivation, ToyParams } from './toy-network.js';
import { toyDeltaRule } from './delta-rule.js';
import { pathSumGradient } from './path-sum.js';
import { optionsObject } from '../engine/core/options-object.js';
import { LinearTape } from '../engine/transforms/linear-tape.js';

/**
 * The walkthrough's example: a hidden layer of two sigmoids that neither saturate nor sit at the
 * relu kink (every z is positive, so the relu network has no dead unit and no zero gradient).
 */
export const TOY_EXAMPLE_PARAMS: ToyParams = Object.freeze({
  x1: 0.35,
  x2: 0.9,
  y: 0.5,
  w1: 0.1,
  w2: 0.8,
  w3: 0.4,
  w4: 0.6,
  w5: 0.3,
  w6: 0.9,
});

/** Options for `toyWalkthrough`. */
export interface ToyWalkthroughOptions {
  /** The network's inputs, target and weights (default `TOY_EXAMPLE_PARAMS`). */
  readonly params?: ToyParams;
  /** Depths k of the ladder y = y*0.5 + y*0.5 to path-sum, each an integer in [0, 20] (default 5, 10, 15, 20). */
  readonly ladderDepths?: readonly number[];
}

const DEFAULT_LADDER_DEPTHS: readonly number[] = [5, 10, 15, 20];
// 2^20 paths of 40 edges take a fraction of a second to sum; the next few depths would take minutes.
const MAX_LADDER_DEPTH = 20;
const WEIGHTS = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'] as const;
const SLOPES: Readonly<Record<ToyActivation, string>> = {
  sigmoid: "f(z) = 1 / (1 + e^-z), f'(z) = f(z) (1 - f(z))",
  tanh: "f(z) = tanh z, f'(z) = 1 - tanh(z)^2",
  relu: "f(z) = max(0, z), f'(z) = 1 if z > 0 else 0 (so f'(0) = 0, as in the engine)",
};

/**
 * A plain-text report that works the post's toy network through for each activation: forward
 * values, deltas, and dE/dw1..dE/dw6 by `backward()`, by the delta rule and by finite differences,
 * then the path-sum method's cost against `backward()`'s, and forward mode's against reverse mode's.
 *
 * @example
 * console.log(toyWalkthrough()); // the example TOY_EXAMPLE_PARAMS, ladders of depth 5..20
 */
export function toyWalkthrough(options: ToyWalkthroughOptions = {}): string {
  optionsObject(`toyWalkthrough`, options);
  const params = checkToyInput(options.params ?? TOY_EXAMPLE_PARAMS, 'sigmoid', 'toyWalkthrough');
  const depths = checkDepths(options.ladderDepths);

  const out: string[] = [];
  out.push(...introduction(params));
  for (const activation of TOY_ACTIVATIONS) out.push('', ...activationSection(params, activation));
  out.push('', ...pathSumSection(params, depths));
  out.push('', ...forwardModeSection(params));
  return out.join('\n');
}

function introduction(p: ToyParams): string[] {
  return [
    'memograd walkthrough: the toy 2-2-1 network of "Backpropagation Demystified"',
    '',
    'Notation: z1(2) is z of node 1 in layer 2; a = f(z) is its activation; y-hat = a1(3).',
    '  z1(2) = x1*w1 + x2*w3          a1(2) = f(z1(2))',
    '  z2(2) = x1*w2 + x2*w4          a2(2) = f(z2(2))',
    '  z1(3) = a1(2)*w5 + a2(2)*w6    a1(3) = f(z1(3)) = y-hat',
    '  E = (y - y-hat)^2 / 2',
    '',
    'Two typos in the post, corrected here:',
    '  1. It writes z1(3) = a1(2)*w5 + a1(2)*w6. The second term is a2(2)*w6: hidden node 2 reaches',
    '     the output through w6, as the post\'s own dE/dw6 = delta1(3) a2(2) requires.',
    '  2. Its layer-2 derivation writes dE/dz1(2) = dE/dz1(3) dz1(3)/da1(3) da1(2)/dz1(2).',
    '     The middle factor is dz1(3)/da1(2), which is w5.',
    '',
    'The delta rule (delta = dE/dz, memoised and reused layer by layer):',
    "  delta1(3) = (a1(3) - y) f'(z1(3))",
    "  delta1(2) = delta1(3) w5 f'(z1(2))      delta2(2) = delta1(3) w6 f'(z2(2))",
    '  dE/dw1 = delta1(2) x1     dE/dw2 = delta2(2) x1     dE/dw3 = delta1(2) x2',
    '  dE/dw4 = delta2(2) x2     dE/dw5 = delta1(3) a1(2)  dE/dw6 = delta1(3) a2(2)',
    '',
    'Example parameters:',
    `  x1 = ${p.x1}, x2 = ${p.x2}, y = ${p.y}`,
    `  w1 = ${p.w1}, w2 = ${p.w2}, w3 = ${p.w3}, w4 = ${p.w4}, w5 = ${p.w5}, w6 = ${p.w6}`,
  ];
}

function activationSection(params: ToyParams, activation: ToyActivation): string[] {
  const net = buildToyNetwork(params, activation);
  net.E.backward();
  const rule = toyDeltaRule(params, activation);
  const fwd = rule.forward;

  const forwardRows = (
    [
      ['z1(2)', net.z1_2, fwd.z1_2],
      ['z2(2)', net.z2_2, fwd.z2_2],
      ['a1(2)', net.a1_2, fwd.a1_2],
      ['a2(2)', net.a2_2, fwd.a2_2],
      ['z1(3)', net.z1_3, fwd.z1_3],
      ['a1(3)', net.a1_3, fwd.a1_3],
      ['E', net.E, fwd.E],
    ] as const
  ).map(([name, v, hand]) => [name, num(v.data), num(hand)]);

  const deltaRows = (
    [
      ['delta1(3)', 'dE/dz1(3)', rule.deltas.delta1_3, net.z1_3.grad],
      ['delta1(2)', 'dE/dz1(2)', rule.deltas.delta1_2, net.z1_2.grad],
      ['delta2(2)', 'dE/dz2(2)', rule.deltas.delta2_2, net.z2_2.grad],
    ] as const
  ).map(([name, meaning, hand, engine]) => [name, meaning, num(engine), num(hand), diff(engine - hand)]);

  let maxRule = 0;
  let maxNumeric = 0;
  const gradientRows = WEIGHTS.map((w) => {
    const engine = net[w].grad;
    const hand = rule.gradients[w];
    const numeric = centralDifference(params, activation, w);
    maxRule = Math.max(maxRule, Math.abs(engine - hand));
    maxNumeric = Math.max(maxNumeric, Math.abs(engine - numeric));
    return [`dE/d${w}`, num(engine), num(hand), num(numeric), diff(engine - hand), diff(engine - numeric)];
  });

  return [
    `== f = ${activation}: ${SLOPES[activation]} ==`,
    '',
    'Forward pass (the Value graph and the delta rule by hand):',
    ...table(['node', 'Value graph', 'by hand'], forwardRows, 'lrr'),
    '',
    'Deltas:',
    ...table(['delta', 'is', 'backward() z.grad', 'delta rule', '|difference|'], deltaRows, 'llrrr'),
    '',
    'Gradients (finite differences: central, step 1e-6 max(1, |w|)):',
    ...table(
      ['gradient', 'backward()', 'delta rule', 'finite diff.', '|bw - rule|', '|bw - fd|'],
      gradientRows,
      'lrrrrr',
    ),
    `  max |backward() - delta rule| = ${diff(maxRule)}, max |backward() - finite difference| = ${diff(maxNumeric)}`,
  ];
}

function pathSumSection(params: ToyParams, depths: readonly number[]): string[] {
  const net = buildToyNetwork(params, 'sigmoid');
  net.E.backward();
  const toyEdges = edgeCount(net.E);
  const leaves = ['x1', 'x2', 'y', ...WEIGHTS] as const;
  let totalPaths = 0;
  let totalMultiplications = 0;
  const toyRows = leaves.map((name) => {
    const leaf: Value = net[name];
    const r = pathSumGradient(net.E, leaf);
    totalPaths += r.paths;
    totalMultiplications += r.multiplications;
    const gap = diff(r.gradient - leaf.grad);
    return [`dE/d${name}`, num(r.gradient), num(leaf.grad), gap, String(r.paths), String(r.multiplications)];
  });

  const ladderRows = depths.map((k) => {
    const { x, top } = ladder(k);
    const r = pathSumGradient(top, x);
    top.backward();
    const edges = edgeCount(top);
    return [String(k), num(r.gradient), num(x.grad), String(r.paths), String(r.multiplications), String(edges)];
  });

  return [
    '== The path sum against backward() ==',
    '',
    'The chain rule without dynamic programming: d out/d in is the sum, over every path from out',
    'down to in, of the product of the local derivatives along it. The path sum forms each path\'s',
    'product from scratch, 1 * d1 * ... * dL, so a path of L edges costs L multiplications.',
    'backward() instead visits each edge once, multiplying the gradient that reached the node by',
    'the edge\'s local derivative. On a chain (a graph that is one path) the two count the same.',
    '',
    'Toy network (sigmoid): one path sum per leaf, against one backward() for all of them:',
    ...table(['gradient', 'path sum', 'backward()', '|difference|', 'paths', 'path-sum mults'], toyRows, 'lrrrrr'),
    `  path sums for all ${leaves.length} leaves: ${totalPaths} paths, ${totalMultiplications} multiplications;`,
    `  one backward() for all of them: ${toyEdges} edges, so ${toyEdges} multiplications.`,
    '',
    'Ladder: y(0) = x, y(k) = y(k-1)*0.5 + y(k-1)*0.5, so dy(k)/dx = 1 through 2^k paths:',
    ...table(
      ['k', 'path sum', 'backward()', 'paths', 'path-sum mults', 'backward() mults'],
      ladderRows,
      'rrrrrr',
    ),
    '  The path sum follows 2^k paths of 2k edges each: 2k * 2^k multiplications; backward() 4k, once per edge.',
  ];
}

function forwardModeSection(params: ToyParams): string[] {
  const net = buildToyNetwork(params, 'sigmoid');
  net.E.backward();
  const weights = net.weights;
  // The tape jvp() and vjp() sweep: the network's graph with each edge's local derivative.
  const loss = new LinearTape('toyWalkthrough', weights, [net.E]);
  const tangent = new Float64Array(weights.length);
  const swept: number[] = [];
  let forwardTotal = 0;
  const gradientRows = WEIGHTS.map((w, j) => {
    tangent.fill(0);
    tangent[j] = 1;
    const multiplications = loss.pushForward(tangent, swept);
    forwardTotal += multiplications;
    const forward = swept[0] as number;
    const engine = net[w].grad;
    return [`dE/d${w}`, num(forward), num(engine), diff(forward - engine), String(multiplications)];
  });
  const backwardMultiplications = loss.pullBack([1], swept);

  // The other shape: one input, many outputs. Every quantity of the forward pass, differentiated
  // with respect to x1.
  const quantities = [
    ['z1(2)', net.z1_2], ['z2(2)', net.z2_2], ['a1(2)', net.a1_2], ['a2(2)', net.a2_2],
    ['z1(3)', net.z1_3], ['a1(3)', net.a1_3], ['E', net.E],
  ] as const;
  const sensitivities = new LinearTape('toyWalkthrough', [net.x1], quantities.map(([, v]) => v));
  const columns: number[] = [];
  const forwardOnce = sensitivities.pushForward([1], columns);
  const cotangent = new Float64Array(quantities.length);
  let reverseTotal = 0;
  const sensitivityRows = quantities.map(([name], i) => {
    cotangent.fill(0);
    cotangent[i] = 1;
    reverseTotal += sensitivities.pullBack(cotangent, swept);
    const reverse = swept[0] as number;
    const forward = columns[i] as number;
    return [`d${name}/dx1`, num(forward), num(reverse), diff(forward - reverse)];
  });

  return [
    '== Forward mode against backward() ==',
    '',
    'The chain rule can also run the other way. Forward mode (jvp) pushes a tangent from one input up',
    'to every output: each node\'s tangent is its parents\' tangents times the same local derivatives',
    'backward() uses. One forward sweep gives the derivatives of everything with respect to one',
    'input; one backward sweep gives the derivatives of one output with respect to everything.',
    '',
    'Toy network (sigmoid): dE/dw1..dE/dw6 by six forward sweeps, one per weight, against one backward():',
    ...table(['gradient', 'forward mode', 'backward()', '|difference|', 'forward mults'], gradientRows, 'lrrrr'),
    `  forward mode: ${WEIGHTS.length} sweeps, ${forwardTotal} multiplications;`,
    `  backward(): 1 sweep, ${backwardMultiplications} multiplications (one per edge).`,
    `  A sweep skips the edges no tangent reaches; dual numbers carrying a zero tangent along every`,
    `  edge would make ${backwardMultiplications} per sweep, ${WEIGHTS.length * backwardMultiplications} in all.`,
    '',
    'Forward mode wins when inputs are few and outputs many. Every quantity of the forward pass,',
    'differentiated with respect to x1: one forward sweep against one reverse sweep per quantity:',
    ...table(['derivative', 'forward mode', 'reverse mode', '|difference|'], sensitivityRows, 'lrrr'),
    `  forward mode: 1 sweep, ${forwardOnce} multiplications;`,
    `  reverse mode: ${quantities.length} sweeps, ${reverseTotal} multiplications.`,
    '  A loss is the opposite shape (many weights, one output), which is why training runs backward().',
  ];
}

/** y(k) = y(k-1)*0.5 + y(k-1)*0.5 from y(0) = x: each rung doubles the paths but adds only four edges. */
function ladder(k: number): { x: Value; top: Value } {
  const x = new Value(1.5, 'x');
  let top = x;
  for (let i = 0; i < k; i++) top = top.mul(0.5).add(top.mul(0.5));
  return { x, top };
}

/** The edges below `root`: backward() multiplies once along each. */
function edgeCount(root: Value): number {
  let edges = 0;
  for (const n of topologicalOrder(root)) edges += n.parents.length;
  return edges;
}

function centralDifference(params: ToyParams, activation: ToyActivation, w: (typeof WEIGHTS)[number]): number {
  const h = 1e-6 * Math.max(1, Math.abs(params[w]));
  const plus = params[w] + h;
  const minus = params[w] - h;
  const loss = (x: number): number => buildToyNetwork({ ...params, [w]: x }, activation).E.data;
  // Divide by the step actually taken: w ± h is rounded, and 2h is not the true spacing.
  return (loss(plus) - loss(minus)) / (plus - minus);
}

function checkDepths(depths: unknown): readonly number[] {
  if (depths === undefined) return DEFAULT_LADDER_DEPTHS;
  if (!Array.isArray(depths)) {
    throw new TypeError(`toyWalkthrough: ladderDepths must be an array of integers, got ${describeOperand(depths)}`);
  }
  const isDepth = (k: unknown): boolean => typeof k === 'number' && Number.isInteger(k) && k >= 0 && k <= MAX_LADDER_DEPTH;
  checkEntries('toyWalkthrough', 'ladderDepths', depths, `an integer in [0, ${MAX_LADDER_DEPTH}]`, isDepth, RangeError);
  return depths as number[];
}

/** Fixed-point where that keeps the digits, so decimal points line up down a column. */
function num(x: number): string {
  const a = Math.abs(x);
  return a === 0 || (a >= 1e-4 && a < 1e4) ? x.toFixed(12) : x.toExponential(6);
}

function diff(x: number): string {
  return Math.abs(x).toExponential(1);
}

/** Monospace columns, two spaces apart, under a dashed rule; `align` has an 'l' or 'r' per column. */
function table(header: readonly string[], rows: readonly (readonly string[])[], align: string): string[] {
  // A loop, not Math.max(...rows): a spread of one argument per row overflows the stack past about 100,000 rows.
  const widths = header.map((h, c) => rows.reduce((w, r) => Math.max(w, (r[c] ?? '').length), h.length));
  const line = (cells: readonly string[]): string =>
    '  ' +
    widths
      .map((w, c) => {
        const cell = cells[c] ?? '';
        return align[c] === 'r' ? cell.padStart(w) : cell.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

