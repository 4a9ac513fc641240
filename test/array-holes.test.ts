import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import * as svg from '../src/svg.js';
import * as testing from '../src/testing/index.js';
import { renderSvg } from '../src/svg.js';
import { checkGrads, realAwayFrom, arbitraryProgram, gradientProperty, smoothPoints } from '../src/testing/index.js';

/** Every public export of the package's entry points: memograd, memograd/svg and memograd/testing. */
const memograd = { ...core, ...svg, ...testing };
import {
  Adam,
  AdamW,
  OPTIMIZERS,
  argmax,
  Layer,
  MLP,
  Neuron,
  Random,
  SGD,
  Trainer,
  Value,
  bceWithLogitsLoss,
  customOp,
  dot,
  evaluate,
  evaluateExpression,
  fit,
  grad,
  gradcheck,
  gradients,
  hessian,
  hingeLoss,
  hvp,
  jacobian,
  jvp,
  l2Penalty,
  logSumExp,
  makeMoons,
  mean,
  mseLoss,
  parseExpression,
  softmax,
  softmaxCrossEntropyLoss,
  sum,
  toDot,
  toyWalkthrough,
  trainTestSplit,
  valueAndGrad,
  vjp,
  zeroGrad,
  compileBatch,
} from '../src/index.js';

/*
 * Every public function that takes an array, called with a hole (an index the array does not
 * hold, as in `[ , 1]`) in its first, middle and last place: each must throw the TypeError its
 * other bad entries get, naming the call, the index and the hole. forEach, map, some and every
 * skip holes, so a check written with them let a hole through to a NaN, a wrong answer or a crash.
 */

const HOLE = 'a hole (a missing entry)';

/** A copy of `xs` with index k deleted: a hole, not an undefined entry. */
function holed<T>(xs: readonly T[], k: number): T[] {
  const copy = xs.slice();
  delete copy[k];
  return copy;
}

interface Row {
  /** What is called, as the test's name shows it. */
  readonly call: string;
  /** The exports of src/index.ts this row covers (for the completeness check below). */
  readonly exports: readonly string[];
  /** A valid array the call accepts, whose entries are then replaced by holes one at a time. */
  readonly array: () => readonly unknown[];
  /** Calls the function with `xs` in the array's place. */
  readonly invoke: (xs: unknown[]) => unknown;
  /** The error message for a hole at index i. */
  readonly message: (i: number) => string;
}

const f3 = (a: Value, b: Value, c: Value) => a.mul(b).add(c.tanh());
const vec3 = (a: Value, b: Value, c: Value) => [a.mul(b), b.add(c), c.exp()];
const model = () => new MLP(2, [3, 1], { seed: 1 });
const moons = () => makeMoons(6, { seed: 2 });
const dataWith = (part: 'X' | 'y' | 'X[0]', xs: unknown[]) => {
  const d = moons();
  if (part === 'X') return { X: xs, y: d.y };
  if (part === 'y') return { X: d.X, y: xs };
  return { X: [xs, ...d.X.slice(1)], y: d.y };
};
const stateWith = (edit: (s: ReturnType<MLP['toJSON']>) => void) => {
  const s = model().toJSON();
  edit(s);
  return s;
};
/** A hinge trainer's configuration on `data` (makeMoons' labels are -1 and +1). */
const trainerConfig = (data: unknown) => {
  const m = new MLP(2, [3, 1], { seed: 1 });
  return { model: m, optimizer: new SGD(m.parameters(), { lr: 0.1 }), data: data as never, objective: 'hinge' as const, alpha: 0 };
};
const two = customOp({ name: 'two', forward: (a, b) => a * b, derivatives: (_o, a, b) => [b, a], derivativeValues: (_o, a, b) => [b, a] });
const holedDerivatives = (k: number) =>
  customOp({ name: 'h', arity: 2, forward: (a, b) => a * b, derivatives: (_o, a, b) => holed([b, a], k) });
const holedDerivativeValues = (k: number) =>
  customOp({ name: 'h', arity: 2, forward: (a, b) => a * b, derivatives: (_o, a, b) => [b, a], derivativeValues: (_o, a, b) => holed([b, a], k) });

const ROWS: Row[] = [
  { call: 'smoothPoints(f, arbitraries)', exports: ['smoothPoints'], array: () => [realAwayFrom([]), realAwayFrom([]), realAwayFrom([])], invoke: (a) => smoothPoints((x, y, z) => x.mul(y).add(z), a as never), message: (i) => `smoothPoints: arbitraries[${i}] must be a fast-check arbitrary, got ${HOLE}` },
  { call: 'arbitraryProgram({ ops })', exports: ['arbitraryProgram'], array: () => [(a: Value) => a.sin(), (a: Value) => a.exp(), (a: Value) => a.tanh()], invoke: (ops) => arbitraryProgram({ ops: ops as never }), message: (i) => `arbitraryProgram: ops[${i}] must be a function, got ${HOLE}` },
  { call: 'checkGrads(f, xs), xs', exports: ['checkGrads'], array: () => [0.5, 1, 2], invoke: (xs) => checkGrads((a, b, c) => a.mul(b).add(c), xs as number[]), message: (i) => `checkGrads: xs[${i}] must be a number, got ${HOLE}` },
  { call: 'checkGrads(f, xs, { modes })', exports: ['checkGrads'], array: () => ['forward', 'reverse', 'forward'], invoke: (m) => checkGrads((a) => a.sin(), [0.5], { modes: m as ('forward' | 'reverse')[] }), message: (i) => `checkGrads: modes[${i}] must be 'forward' or 'reverse', got ${HOLE}` },
  { call: 'gradientProperty(f, arbitraries)', exports: ['gradientProperty'], array: () => [realAwayFrom([]), realAwayFrom([]), realAwayFrom([])], invoke: (a) => gradientProperty((x, y, z) => x.mul(y).add(z), a as never), message: (i) => `gradientProperty: arbitraries[${i}] must be a fast-check arbitrary, got ${HOLE}` },
  { call: 'realAwayFrom(excluded)', exports: ['realAwayFrom'], array: () => [-1, 0, 1], invoke: (xs) => realAwayFrom(xs as number[]), message: (i) => `realAwayFrom: excluded[${i}] must be a finite number, got ${HOLE}` },
  { call: 'jvp(f, xs, v), xs', exports: ['jvp'], array: () => [1, 2, 3], invoke: (xs) => jvp(f3, xs as number[], [1, 0, 0]), message: (i) => `jvp: xs[${i}] must be a number or a Value, got ${HOLE}` },
  { call: 'jvp(f, xs, v), v', exports: ['jvp'], array: () => [1, 0, 0], invoke: (v) => jvp(f3, [1, 2, 3], v as number[]), message: (i) => `jvp: v[${i}] must be a number or a Value, got ${HOLE}` },
  {
    call: 'jvp(f, xs, v) with a Value in v (the composable path), xs',
    exports: ['jvp'],
    array: () => [1, 2, 3],
    invoke: (xs) => jvp(f3, xs as number[], [new Value(1), 0, 0]),
    message: (i) => `jvp: xs[${i}] must be a number or a Value, got ${HOLE}`,
  },
  { call: 'jvp(f, xs, v) with f returning an array, its outputs', exports: ['jvp'], array: () => [0, 1, 2], invoke: (ks) => jvp((a) => holedOutputs(a, ks), [1], [1]), message: (i) => `jvp: f must return Values, got ${HOLE} at index ${i}` },
  { call: 'vjp(f, xs), xs', exports: ['vjp'], array: () => [1, 2, 3], invoke: (xs) => vjp(f3, xs as number[]), message: (i) => `vjp: xs[${i}] must be a number, got ${HOLE}` },
  { call: 'vjp(f, xs) pullback(cotangent)', exports: ['vjp'], array: () => [1, 0, 0], invoke: (c) => vjp(vec3, [1, 2, 3])[1](c as number[]), message: (i) => `vjp: cotangent[${i}] must be a number, got ${HOLE}` },
  { call: 'vjp(f, xs) with f returning an array, its outputs', exports: ['vjp'], array: () => [0, 1, 2], invoke: (ks) => vjp((a) => holedOutputs(a, ks), [1]), message: (i) => `vjp: f must return Values, got ${HOLE} at index ${i}` },
  // A rest parameter never holds a hole: spreading [ , 1] passes undefined, refused as such.
  { call: 'jacobian(f)(...xs)', exports: ['jacobian'], array: () => [1, 2, 3], invoke: (xs) => jacobian(vec3)(...(xs as number[])), message: (i) => `jacobian: xs[${i}] must be a number, got undefined` },
  { call: 'jacobian(f)(x) with f returning an array, its outputs', exports: ['jacobian'], array: () => [0, 1, 2], invoke: (ks) => jacobian((a) => holedOutputs(a, ks))(1), message: (i) => `jacobian: f must return Values, got ${HOLE} at index ${i}` },
  { call: 'grad(f, argnums)', exports: ['grad'], array: () => [0, 1, 2], invoke: (ks) => grad(f3, ks as never), message: (i) => `grad: argnums[${i}] must be a non-negative integer, got ${HOLE}` },
  { call: 'valueAndGrad(f, argnums)', exports: ['valueAndGrad'], array: () => [0, 1, 2], invoke: (ks) => valueAndGrad(f3, ks as never), message: (i) => `valueAndGrad: argnums[${i}] must be a non-negative integer, got ${HOLE}` },
  { call: 'grad(f)(...args)', exports: ['grad'], array: () => [1, 2, 3], invoke: (xs) => grad(f3)(...(xs as [number, number, number])), message: (i) => `grad: argument ${i} must be a Value or a number, got undefined` },
  { call: 'hessian(f)(...xs)', exports: ['hessian'], array: () => [1, 2, 3], invoke: (xs) => hessian(f3)(...(xs as [number, number, number])), message: (i) => `hessian: xs[${i}] must be a number, got undefined` },
  { call: 'hvp(f, xs, v), xs', exports: ['hvp'], array: () => [1, 2, 3], invoke: (xs) => hvp(f3, xs as never, [1, 0, 0]), message: (i) => `hvp: xs[${i}] must be a number, got ${HOLE}` },
  { call: 'hvp(f, xs, v), v', exports: ['hvp'], array: () => [1, 0, 0], invoke: (v) => hvp(f3, [1, 2, 3], v as never), message: (i) => `hvp: v[${i}] must be a number, got ${HOLE}` },
  { call: 'gradcheck(f, xs)', exports: ['gradcheck'], array: () => [1, 2, 3], invoke: (xs) => gradcheck(f3, xs as number[]), message: (i) => `gradcheck: xs[${i}] must be a number, got ${HOLE}` },
  {
    call: 'gradients(root, wrt)',
    exports: ['gradients'],
    array: () => [new Value(1), new Value(2), new Value(3)],
    invoke: (wrt) => gradients(new Value(1).mul(2), wrt as Value[]),
    message: (i) => `gradients: wrt[${i}] must be a Value, got ${HOLE}`,
  },
  ...(['sum', 'mean', 'logSumExp', 'softmax'] as const).map(
    (name): Row => ({
      call: `${name}(values)`,
      exports: [name],
      array: () => [new Value(1), 2, new Value(3)],
      invoke: (xs) => ({ sum, mean, logSumExp, softmax })[name](xs as Value[]),
      message: (i) => `${name}: values[${i}] must be a Value or a number, got ${HOLE}`,
    }),
  ),
  { call: 'dot(a, b), a', exports: ['dot'], array: () => [1, 2, 3], invoke: (a) => dot(a as number[], [1, 2, 3]), message: (i) => `dot: a[${i}] must be a Value or a number, got ${HOLE}` },
  { call: 'dot(a, b), b', exports: ['dot'], array: () => [1, 2, 3], invoke: (b) => dot([1, 2, 3], b as number[]), message: (i) => `dot: b[${i}] must be a Value or a number, got ${HOLE}` },
  {
    call: 'zeroGrad(values)',
    exports: ['zeroGrad'],
    array: () => [new Value(1), new Value(2), new Value(3)],
    invoke: (xs) => zeroGrad(xs as Value[]),
    message: (i) => `zeroGrad: expected Values, got ${HOLE} at index ${i}`,
  },
  { call: "customOp's op(...inputs)", exports: ['customOp'], array: () => [1, 2], invoke: (xs) => two(...(xs as number[])), message: (i) => `customOp 'two': input ${i} must be a Value or a number, got undefined` },
  {
    call: "customOp's derivatives returning an array",
    exports: ['customOp'],
    array: () => [0, 1],
    invoke: (ks) => holedDerivatives(missing(ks))(1, 2),
    message: (i) => `customOp 'h': derivatives must return an array of 2 number(s), got ${HOLE} at index ${i}`,
  },
  {
    call: "customOp's derivativeValues returning an array (through gradients)",
    exports: ['customOp'],
    array: () => [0, 1],
    invoke: (ks) => {
      const [x, y] = [new Value(1), new Value(2)];
      return gradients(holedDerivativeValues(missing(ks))(x, y), [x, y]);
    },
    message: (i) => `customOp 'h': derivativeValues must return an array of 2 Value(s), got ${HOLE} at index ${i}`,
  },
  { call: 'toDot(root, { fields })', exports: ['toDot'], array: () => ['label', 'data', 'grad'], invoke: (fields) => toDot(new Value(1), { fields: fields as never }), message: (i) => `toDot: fields[${i}] must be 'label', 'data' or 'grad', got ${HOLE}` },
  { call: 'renderSvg(root, { fields })', exports: ['renderSvg'], array: () => ['label', 'data', 'grad'], invoke: (fields) => renderSvg(new Value(1), { fields: fields as never }), message: (i) => `toDot: fields[${i}] must be 'label', 'data' or 'grad', got ${HOLE}` },
  { call: 'toyWalkthrough({ ladderDepths })', exports: ['toyWalkthrough'], array: () => [1, 2, 3], invoke: (d) => toyWalkthrough({ ladderDepths: d as number[] }), message: (i) => `toyWalkthrough: ladderDepths[${i}] must be an integer in [0, 20], got ${HOLE}` },
  ...(
    [
      ['new SGD', ['SGD', 'Optimizer'], (p: Value[]) => new SGD(p, { lr: 0.1 })],
      ['new Adam', ['Adam', 'Optimizer'], (p: Value[]) => new Adam(p)],
      ['new AdamW', ['AdamW', 'Optimizer'], (p: Value[]) => new AdamW(p)],
      // The registry's entries build the same classes: the same check, under the class's name.
      ['new SGD', ['OPTIMIZERS'], (p: Value[]) => OPTIMIZERS.sgd.create(p, 0.1)],
      ['new Adam', ['OPTIMIZERS'], (p: Value[]) => OPTIMIZERS.adam.create(p, 0.1)],
      ['new AdamW', ['OPTIMIZERS'], (p: Value[]) => OPTIMIZERS.adamw.create(p, 0.1)],
    ] as const
  ).map(
    ([name, exports, make]): Row => ({
      call: `${name}(parameters)`,
      exports,
      array: () => [new Value(1), new Value(2), new Value(3)],
      invoke: (p) => make(p as Value[]),
      message: (i) => `${name}: parameters[${i}] must be a Value, got ${HOLE}`,
    }),
  ),
  { call: 'new MLP(nin, nouts)', exports: ['MLP'], array: () => [2, 2, 1], invoke: (nouts) => new MLP(2, nouts as number[]), message: (i) => `new MLP: nouts[${i}] must be an integer >= 1, got ${HOLE}` },
  { call: 'MLP.forward(x)', exports: ['MLP', 'Module'], array: () => [1, 2, 3], invoke: (x) => new MLP(3, [1]).forward(x as number[]), message: (i) => `MLP.forward: x[${i}] must be a Value or a number, got ${HOLE}` },
  { call: 'MLP.predictor()(x)', exports: ['MLP'], array: () => [1, 2, 3], invoke: (x) => new MLP(3, [2, 1]).predictor()(x as number[]), message: (i) => `MLP.predictor: x[${i}] must be a number, got ${HOLE}` },
  { call: 'argmax(xs)', exports: ['argmax'], array: () => [1, 2, 3], invoke: (xs) => argmax(xs as number[]), message: (i) => `argmax: xs[${i}] must be a number, got ${HOLE}` },
  { call: 'Layer.forward(x)', exports: ['Layer'], array: () => [1, 2, 3], invoke: (x) => new Layer(3, 2).forward(x as number[]), message: (i) => `Layer.forward: x[${i}] must be a Value or a number, got ${HOLE}` },
  { call: 'Neuron.forward(x)', exports: ['Neuron'], array: () => [1, 2, 3], invoke: (x) => new Neuron(3).forward(x as number[]), message: (i) => `Neuron.forward: x[${i}] must be a Value or a number, got ${HOLE}` },
  ...(
    [
      ['mseLoss', 'predictions', 'targets', [0.5, 0, 1], mseLoss],
      ['hingeLoss', 'scores', 'labels', [1, -1, 1], hingeLoss],
      ['bceWithLogitsLoss', 'logits', 'labels', [1, 0, 1], bceWithLogitsLoss],
    ] as const
  ).flatMap(([name, predictions, labels, ys, loss]): Row[] => [
    {
      call: `${name}(${predictions}, ${labels}), ${predictions}`,
      exports: [name],
      array: () => [new Value(0.5), 2, new Value(-1)],
      invoke: (ps) => loss(ps as Value[], ys as unknown as number[]),
      message: (i) => `${name}: ${predictions}[${i}] must be a Value or a number, got ${HOLE}`,
    },
    {
      call: `${name}(${predictions}, ${labels}), ${labels}`,
      exports: [name],
      array: () => ys,
      invoke: (y) => loss([new Value(0.5), 2, new Value(-1)], y as number[]),
      message: (i) => `${name}: ${labels}[${i}] must be a number, got ${HOLE}`,
    },
  ]),
  {
    call: 'softmaxCrossEntropyLoss(logits, classes), logits',
    exports: ['softmaxCrossEntropyLoss'],
    array: () => [[1, 2], [3, 4], [5, 6]],
    invoke: (rows) => softmaxCrossEntropyLoss(rows as number[][], [0, 1, 0]),
    message: (i) => `softmaxCrossEntropyLoss: logits[${i}] must be an array of Values or numbers, got ${HOLE}`,
  },
  {
    call: 'softmaxCrossEntropyLoss(logits, classes), logits[1]',
    exports: ['softmaxCrossEntropyLoss'],
    array: () => [3, 4, 5],
    invoke: (row) => softmaxCrossEntropyLoss([[1, 2, 0], row as number[]], [0, 1]),
    message: (i) => `softmaxCrossEntropyLoss: logits[1][${i}] must be a Value or a number, got ${HOLE}`,
  },
  {
    call: 'softmaxCrossEntropyLoss(logits, classes), classes',
    exports: ['softmaxCrossEntropyLoss'],
    array: () => [0, 1, 0],
    invoke: (cs) => softmaxCrossEntropyLoss([[1, 2], [3, 4], [5, 6]], cs as number[]),
    message: (i) => `softmaxCrossEntropyLoss: classes[${i}] must be a number, got ${HOLE}`,
  },
  { call: 'l2Penalty(parameters, alpha)', exports: ['l2Penalty'], array: () => [new Value(1), new Value(2), new Value(3)], invoke: (p) => l2Penalty(p as Value[], 0.1), message: (i) => `l2Penalty: parameters[${i}] must be a Value or a number, got ${HOLE}` },
  ...(['loadState', 'fromJSON'] as const).flatMap((method): Row[] => {
    const load = (s: unknown) => (method === 'loadState' ? model().loadState(s as never) : MLP.fromJSON(s as never));
    return [
      { call: `MLP.${method}(state), nouts`, exports: ['MLP'], array: () => [3, 1], invoke: (n) => load(stateWith((s) => (s.nouts = n as number[]))), message: (i) => `MLP.${method}: nouts[${i}] must be an integer >= 1, got ${HOLE}` },
      {
        call: `MLP.${method}(state), layers`,
        exports: ['MLP'],
        array: () => model().toJSON().layers,
        invoke: (l) => load(stateWith((s) => (s.layers = l as never))),
        message: (i) => `MLP.${method}: layers[${i}] must be an array of neurons, got ${HOLE}`,
      },
      {
        call: `MLP.${method}(state), layers[0]`,
        exports: ['MLP'],
        array: () => model().toJSON().layers[0] as unknown[],
        invoke: (l) => load(stateWith((s) => (s.layers[0] = l as never))),
        message: (i) => `MLP.${method}: layers[0][${i}] must be an object { w, b }, got ${HOLE}`,
      },
      {
        call: `MLP.${method}(state), layers[0][0].w`,
        exports: ['MLP'],
        array: () => [0.5, -0.5],
        invoke: (w) => load(stateWith((s) => ((s.layers[0] as { w: number[] }[])[0] as { w: number[] }).w = w as number[])),
        message: (i) => `MLP.${method}: layers[0][0].w[${i}] must be a finite number, got ${HOLE}`,
      },
    ];
  }),
  ...(
    [
      ['evaluate(model, data)', ['evaluate'], 'evaluate', (d: unknown) => evaluate(model(), d as never, 'hinge', 0)],
      ['trainTestSplit(data)', ['trainTestSplit'], 'trainTestSplit', (d: unknown) => trainTestSplit(d as never)],
      ['new Trainer({ data })', ['Trainer'], 'new Trainer', (d: unknown) => new Trainer(trainerConfig(d))],
      [
        'Trainer.setData(data)',
        ['Trainer'],
        'Trainer.setData',
        (d: unknown) => new Trainer(trainerConfig(moons())).setData(d as never),
      ],
      ['fit({ data })', ['fit'], 'fit', (d: unknown) => fit({ ...trainerConfig(d), steps: 1 })],
    ] as const
  ).flatMap(([call, exports, caller, run]): Row[] => [
    { call: `${call}, data.X`, exports, array: () => moons().X, invoke: (X) => run(dataWith('X', X)), message: (i) => `${caller}: data.X[${i}] must be an array of numbers, got ${HOLE}` },
    { call: `${call}, data.X[0]`, exports, array: () => [0.5, 0.25], invoke: (p) => run(dataWith('X[0]', p)), message: (i) => `${caller}: data.X[0][${i}] must be a number, got ${HOLE}` },
    { call: `${call}, data.y`, exports, array: () => moons().y, invoke: (y) => run(dataWith('y', y)), message: (i) => `${caller}: data.y[${i}] must be a number, got ${HOLE}` },
  ]),
  { call: 'Random.shuffle(items)', exports: ['Random'], array: () => [1, 2, 3], invoke: (xs) => new Random(1).shuffle(xs), message: (i) => `Random.shuffle: items[${i}] must be an entry, got ${HOLE}` },
  {
    call: 'evaluateExpression(expression), expression.steps',
    exports: ['evaluateExpression'],
    array: () => parseExpression('x * y + 1').steps,
    invoke: (steps) => evaluateExpression({ ...parseExpression('x * y + 1'), steps: steps as never }, { x: 1, y: 2 }),
    message: (i) => `evaluateExpression: expression.steps[${i}] must be a step object, got ${HOLE}`,
  },
  {
    call: 'evaluateExpression(expression), expression.variables',
    exports: ['evaluateExpression'],
    array: () => ['x', 'y'],
    invoke: (variables) => evaluateExpression({ ...parseExpression('x * y'), variables: variables as never }, { x: 1, y: 2 }),
    message: (i) => `evaluateExpression: expression.variables[${i}] must be a string, got ${HOLE}`,
  },
  {
    call: 'compileBatch(f).run(column), a column of numbers',
    exports: ['compileBatch'],
    array: () => [1, 2, 3],
    invoke: (xs) => compileBatch((x: Value) => x.mul(2)).run(xs as number[]),
    // The first entry tells the column's kind, so a hole there is neither kind.
    message: (i) => `CompiledBatch.run: columns[0][${i}] must be ${i === 0 ? 'a number or an array of numbers' : 'a number'}, got ${HOLE}`,
  },
  {
    call: 'compileBatch(f).run(column), a column of rows',
    exports: ['compileBatch'],
    array: () => [[1, 2], [3, 4], [5, 6]],
    invoke: (xs) => compileBatch((x: Value[]) => sum(x)).run(xs as number[][]),
    message: (i) => `CompiledBatch.run: columns[0][${i}] must be ${i === 0 ? 'a number or an array of numbers' : 'an array of 2 numbers (as columns[0][0])'}, got ${HOLE}`,
  },
  {
    call: 'compileBatch(f).run(column), a row of a column',
    exports: ['compileBatch'],
    array: () => [1, 2, 3],
    invoke: (row) => compileBatch((x: Value[]) => sum(x)).run([row as number[]]),
    message: (i) => `CompiledBatch.run: columns[0][0][${i}] must be a number, got ${HOLE}`,
  },
  {
    call: 'compileBatch(f) with f returning { loss, outputs }, its outputs',
    exports: ['compileBatch'],
    array: () => [0, 1, 2],
    invoke: (ks) => compileBatch((x: Value) => ({ loss: x.mul(3), outputs: (ks as number[]).map(() => x) })).run([1]),
    message: (i) => `compileBatch: sample 0's outputs[${i}] must be a Value, got ${HOLE}`,
  },
];

/** f's outputs [a, a+1, a+2] with a hole at the index `ks` lacks (ks is [0, 1, 2] with one hole). */
function holedOutputs(a: Value, ks: unknown[]): Value[] {
  return holed([a, a.add(1), a.add(2)], missing(ks));
}

/** The index of the hole in ks, or -1 (findIndex, unlike forEach, visits holes). */
function missing(ks: readonly unknown[]): number {
  return ks.findIndex((_, j) => !(j in ks));
}

/** The places a hole is tried: first, middle (for three or more entries) and last. */
function places(n: number): [string, number][] {
  const at: [string, number][] = [['first', 0]];
  if (n >= 3) at.push(['middle', Math.floor(n / 2)]);
  at.push(['last', n - 1]);
  return at;
}

const CASES = ROWS.flatMap((row) => places(row.array().length).map(([where, k]) => [row.call, where, k, row] as const));

describe('a hole in an array argument', () => {
  it.each(CASES)('%s with a hole %s (index %i) throws a TypeError naming the call, the index and the hole', async (_, __, k, row) => {
    let error: unknown;
    try {
      await row.invoke(holed(row.array(), k));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(row.message(k));
  });

  it.each(ROWS)('$call accepts the same array without the hole', async (row) => {
    await row.invoke(row.array().slice());
  });
});

// The exports that take no array anywhere in their arguments (or, for a class, in its
// constructor's and methods' arguments), each with the reason; every other export must have a row.
const NO_ARRAY: Readonly<Record<string, string>> = {
  Value: 'numbers and Values; its methods take a Value or a number',
  localGradients: 'one Value',
  topologicalOrder: 'one Value',
  backwardSteps: 'one Value',
  buildToyNetwork: 'an object of named numbers',
  TOY_ACTIVATIONS: 'a constant',
  toyDeltaRule: 'an object of named numbers',
  pathSumGradient: 'two Values and an options object of numbers',
  TOY_EXAMPLE_PARAMS: 'a constant',
  noGrad: 'a function',
  isRecording: 'nothing',
  NonFiniteError: 'an error class',
  toSvg: 'a string',
  GradientCheckError: 'an error class',
  formatReport: 'a report object',
  SMOOTH_OPS: 'a constant',
  COMPILABLE_OPS: 'a constant',
  ALL_OPS: 'a constant',
  gradientMatchers: 'the matchers object (toHaveCorrectGradients takes f and xs: checkGrads, above)',
  toyNetworkDot: 'a network object and options of scalars',
  parseExpression: 'a string',
  ParseError: 'an error class',
  EXPRESSION_FUNCTIONS: 'a constant',
  HIDDEN_ACTIVATIONS: 'a constant',
  OPTIMIZER_NAMES: 'a constant',
  linearDecay: 'numbers',
  cosineDecay: 'numbers',
  stepDecay: 'numbers',
  DivergedError: 'an error class',
  makeMoons: 'a count and options of scalars',
  makeCircles: 'a count and options of scalars',
  makeSpiral: 'a count and options of scalars',
  compile: 'a Value and options of scalars (CompiledGraph.reader takes an array: see its own tests)',
  AUTO_GENERATE_MAX_NODES: 'a constant',
  BATCH_CACHE_SIZE: 'a constant',
  MAX_INPUTS: 'a constant',
};

describe('the table above', () => {
  it('covers every export of src/index.ts that takes an array (the others are listed with the reason)', () => {
    const covered = new Set(ROWS.flatMap((r) => r.exports));
    const uncovered = Object.keys(memograd).filter((name) => !covered.has(name) && !(name in NO_ARRAY));
    expect(uncovered).toEqual([]);
    // And the allow-list holds no name that is gone or that has rows.
    const stale = Object.keys(NO_ARRAY).filter((name) => !(name in memograd) || covered.has(name));
    expect(stale).toEqual([]);
  });
});

// Keeps the rows honest: an export listed in a row exists.
it('every row names exports that exist', () => {
  for (const row of ROWS) for (const name of row.exports) expect(memograd, row.call).toHaveProperty(name);
});
