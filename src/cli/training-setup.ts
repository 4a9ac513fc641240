import { readFileSync } from 'node:fs';
import { Adam, AdamW, MLP, Random, SGD, cosineDecay, linearDecay } from '../index.js';
import type { Dataset, LRSchedule, Optimizer } from '../index.js';
import { DATASETS } from './datasets.js';
import type { DatasetSpec } from './datasets.js';
import { DEFAULT_LAYERS } from './train-options.js';
import type { TrainOptions } from './train-options.js';
import { InputError } from './usage-error.js';
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
  const params = model.parameters();
  const lr = schedule(o);
  const optimizer =
    o.optimizer === 'adam' ? new Adam(params, { lr }) : o.optimizer === 'adamw' ? new AdamW(params, { lr }) : new SGD(params, { lr });
  return { spec, data, model, optimizer, random: new Random((o.seed + 2) >>> 0) };
}

function loadModel(o: TrainOptions, outputs: number): MLP {
  const file = o.load as string;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read --load ${file}: ${(e as Error).message}`);
  }
  let model: MLP;
  try {
    model = MLP.fromJSON(text);
  } catch (e) {
    throw new InputError(`--load ${file} is not a usable model: ${(e as Error).message.replace(/^MLP\.fromJSON: /, '')}`);
  }
  const hidden = model.nouts.slice(0, -1);
  const nout = model.nouts[model.nouts.length - 1];
  if (model.nin !== 2 || nout !== outputs) {
    throw new InputError(
      `--load ${file} has ${model.nin} inputs and ${nout} outputs; the ${o.dataset} data needs 2 inputs and ${outputs} output${outputs === 1 ? '' : 's'}`,
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

/** --schedule: linear and cosine run from --lr down to --lr / 10 at the last step (linear is micrograd's). */
function schedule(o: TrainOptions): number | LRSchedule {
  const steps = Math.max(1, o.steps);
  if (o.schedule === 'linear') return linearDecay(o.lr, o.lr / 10, steps);
  if (o.schedule === 'cosine') return cosineDecay(o.lr, o.lr / 10, steps);
  return o.lr;
}
