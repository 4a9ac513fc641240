import { MLP, OPTIMIZERS, Random, cosineDecay, linearDecay } from '../index.js';
import type { Dataset, LRSchedule, Optimizer } from '../index.js';
import { DATASETS } from './datasets.js';
import type { DatasetSpec } from './datasets.js';
import { DEFAULT_LAYERS } from './train-options.js';
import type { TrainOptions } from './train-options.js';
import { InputError } from './command-errors.js';
import { plural } from './plural.js';
import { fileErrorReason } from './file-error-reason.js';
import { printable, printablePath } from './printable.js';
import { MAX_LOAD_BYTES, readRegularFile } from './read-regular-file.js';
import { networkSizeProblem, parameterCount } from './network-size.js';

/** Everything `memograd train` trains with, built from its options. */
export interface TrainingSetup {
  readonly spec: DatasetSpec;
  readonly data: Dataset;
  readonly model: MLP;
  readonly optimizer: Optimizer;
  /** Draws the minibatches. */
  readonly random: Random;
}

/**
 * The dataset (seeded with --seed S), the model (new, its weights seeded with S + 1, or read from
 * --load and checked against the dataset and any --layers or --activation), the optimizer with its
 * schedule, and the batches' generator (seed S + 2): three seeds, so that no two of them draw the
 * same numbers. Throws an `InputError` for an unreadable or unusable --load file.
 */
export function trainingSetup(o: TrainOptions): TrainingSetup {
  const spec = DATASETS[o.dataset];
  const data = spec.make(o.samples, o.noise, o.seed);
  const model =
    o.load === undefined
      ? new MLP(2, [...(o.layers ?? DEFAULT_LAYERS), spec.outputs], { activation: o.activation ?? 'relu', seed: (o.seed + 1) >>> 0 })
      : loadModel(o, spec.outputs);
  const optimizer = OPTIMIZERS[o.optimizer].create(model.parameters(), learningRate(o));
  return { spec, data, model, optimizer, random: new Random((o.seed + 2) >>> 0) };
}

function loadModel(o: TrainOptions, outputs: number): MLP {
  const path = o.load as string;
  const file = printablePath(path);
  let text: string;
  try {
    text = readRegularFile(path, MAX_LOAD_BYTES);
  } catch (e) {
    throw new InputError(`cannot read --load ${file}: ${fileErrorReason(e, path)}`);
  }
  let model: MLP;
  try {
    model = MLP.fromJSON(text);
  } catch (e) {
    throw new InputError(`--load ${file} is not a usable model: ${printable((e as Error).message.replace(/^MLP\.fromJSON: /, ''), 160)}`);
  }
  const hidden = model.nouts.slice(0, -1);
  const nout = model.nouts[model.nouts.length - 1];
  if (model.nin !== 2 || nout !== outputs) {
    throw new InputError(
      `--load ${file} has ${plural(model.nin, 'input')} and ${plural(nout as number, 'output')}; the ${o.dataset} data needs 2 inputs and ${plural(outputs, 'output')}`,
    );
  }
  if (o.layers !== undefined && o.layers.join() !== hidden.join()) {
    throw new InputError(`--layers ${o.layers.join(',')} differs from the hidden layers of --load ${file} (${hidden.join(',') || 'none'})`);
  }
  if (o.activation !== undefined && o.activation !== model.activation) {
    throw new InputError(`--activation ${o.activation} differs from the activation of --load ${file} (${model.activation})`);
  }
  const problem = networkSizeProblem(`--load ${file}`, parameterCount(model.nin, model.nouts), Math.min(o.batchSize ?? o.samples, o.samples));
  if (problem !== undefined) throw new InputError(problem);
  return model;
}

/**
 * The learning rate of --schedule: linear and cosine run from --lr at the first step towards
 * --lr / 10, which they would reach after the last one (step k of n, counted from 0, uses
 * lr·(1 - 0.9·k/n) for linear: micrograd's 1.0 - 0.9*k/100, whose last step uses 0.109).
 */
export function learningRate(o: TrainOptions): number | LRSchedule {
  const steps = Math.max(1, o.steps);
  if (o.schedule === 'linear') return linearDecay(o.lr, o.lr / 10, steps);
  if (o.schedule === 'cosine') return cosineDecay(o.lr, o.lr / 10, steps);
  return o.lr;
}
