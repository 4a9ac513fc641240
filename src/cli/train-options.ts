import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';
import { printable } from './printable.js';
import { didYouMeanHint } from './did-you-mean.js';
import { DATASETS } from './datasets.js';
import { OPTIMIZERS, OPTIMIZER_NAMES } from '../index.js';
import type { OptimizerName } from '../index.js';
import { MAX_PARAMETERS, MAX_PARAMETER_POINTS, networkSizeProblem, parameterCount } from './network-size.js';

/** `memograd train`'s settings, after parsing and checking. */
export interface TrainOptions {
  readonly dataset: keyof typeof DATASETS;
  readonly samples: number;
  readonly noise: number;
  /** The hidden layers' sizes; undefined: the default (16,16), or the --load model's. */
  readonly layers: readonly number[] | undefined;
  /** undefined: the default (relu), or the --load model's. */
  readonly activation: 'relu' | 'tanh' | 'sigmoid' | undefined;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly schedule: 'linear' | 'cosine' | 'constant';
  readonly l2: number;
  readonly steps: number;
  readonly batchSize: number | undefined;
  readonly seed: number;
  readonly out: string;
  readonly save: string | undefined;
  readonly load: string | undefined;
  readonly quiet: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

/** The largest --noise: ten times the data's scale (radius 1) is noise enough, and keeps every coordinate a few tens at most. */
export const MAX_NOISE = 10;

/** The defaults: micrograd's demo (moons, MLP(2, [16, 16, 1]), SGD from 1.0 towards 0.1, 100 steps). */
export const DEFAULT_SEED = 12;
export const DEFAULT_LAYERS: readonly number[] = [16, 16];

/** The optimizers' names as prose: `sgd, adam or adamw`. */
const OPTIMIZER_LIST = `${OPTIMIZER_NAMES.slice(0, -1).join(', ')} or ${OPTIMIZER_NAMES[OPTIMIZER_NAMES.length - 1] as string}`;
const NAME_WIDTH = Math.max(...OPTIMIZER_NAMES.map((name) => name.length)) + 2;

export const TRAIN_USAGE = `Usage: memograd train [options]

Trains a multilayer perceptron on a toy dataset, with a progress line, then prints a summary and
draws the decision boundary and the loss and accuracy curves (SVG) into the output folder.
The defaults reproduce micrograd's demo on a moons dataset of our own (seeded).

Options:
  --dataset NAME      moons, circles or spiral (default moons)
                        moons:   ${DATASETS.moons.describe}; hinge loss
                        circles: ${DATASETS.circles.describe}; hinge loss
                        spiral:  ${DATASETS.spiral.describe}; softmax cross-entropy
  --samples N         number of points (default ${DATASETS.moons.samples}; spiral ${DATASETS.spiral.samples})
  --noise X           standard deviation of the data's noise, 0 to ${MAX_NOISE} (default moons ${DATASETS.moons.noise},
                        circles ${DATASETS.circles.noise}, spiral ${DATASETS.spiral.noise} radians of angle)
  --layers SIZES      hidden layer sizes, comma-separated (default ${DEFAULT_LAYERS.join(',')}); the output
                        layer is added: 1 score for moons and circles, 3 for spiral; at most
                        ${MAX_PARAMETERS.toLocaleString('en-US')} parameters, and parameters x batch size at most ${MAX_PARAMETER_POINTS.toLocaleString('en-US')}
  --activation NAME   hidden nonlinearity: relu, tanh or sigmoid (default relu)
  --optimizer NAME    ${OPTIMIZER_LIST} (default sgd)
${OPTIMIZER_NAMES.map((name) => `                        ${`${name}:`.padEnd(NAME_WIDTH)}${OPTIMIZERS[name].description}\n`).join('')}                        an optimizer's own decay (adamw's) adds to the --l2 penalty (give
                        --l2 0 for the decay alone)
  --lr X              learning rate at step 0 (default ${OPTIMIZER_NAMES.map((name) => `${name} ${OPTIMIZERS[name].lr}`).join(', ')})
  --schedule NAME     linear (from lr at the first step towards lr/10, reached after the last:
                        step k of n uses lr*(1 - 0.9*k/n), micrograd's), cosine (the same ends
                        along half a cosine) or constant (default linear)
  --l2 ALPHA          weight of the penalty ALPHA * sum of squared parameters (default 1e-4)
  --steps N           training steps (default 100); 0 only evaluates (with --load)
  --batch-size N      points per step, drawn at random each step (default: all of them)
  --seed N            seed of the data (N), the initial weights (N + 1) and the batches (N + 2)
                        (default ${DEFAULT_SEED})
  --out DIR           folder for the pictures (default out)
  --save FILE         write the trained model to FILE (JSON, written atomically)
  --load FILE         start from a model written by --save (its layers and activation)
  --quiet             no progress output, only the summary
  -h, --help          show this message
  --version           print memograd's version

Training stops if the loss or a parameter becomes NaN or infinite ("training diverged at step k"),
and then writes no model and no pictures.

Exit status: 0 done; 1 the training diverged or an output could not be written; 2 a bad option or
a bad --load file.
`;

// The options util.parseArgs reads; every value is checked by memograd afterwards.
const OPTIONS = {
  dataset: { type: 'string' },
  samples: { type: 'string' },
  noise: { type: 'string' },
  layers: { type: 'string' },
  activation: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  schedule: { type: 'string' },
  l2: { type: 'string' },
  steps: { type: 'string' },
  'batch-size': { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  save: { type: 'string' },
  load: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const OPTION_NAMES = Object.keys(OPTIONS).map((name) => `--${name}`);

/**
 * Parses `memograd train`'s arguments, or throws a `UsageError` whose message is one line naming
 * the bad one. An option given twice is an error, as in `memograd graph` and `memograd grad`.
 */
export function parseTrainOptions(args: readonly string[]): TrainOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    const parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: false, strict: true, tokens: true });
    values = parsed.values;
    const seen = new Set<string>();
    for (const token of parsed.tokens) {
      if (token.kind !== 'option') continue;
      if (seen.has(token.name)) throw new UsageError(`option '--${token.name}' is given twice`);
      seen.add(token.name);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(reword(args, e));
  }
  // --help and --version answer whatever the other values are, as in graph and grad (only a
  // command line that cannot be read is an error before them).
  if (values.help === true || values.version === true) return { ...parseTrainOptions([]), help: values.help === true, version: values.version === true };
  const str = (name: string) => values[name] as string | undefined;
  const dataset = choice('--dataset', str('dataset'), ['moons', 'circles', 'spiral'] as const) ?? 'moons';
  const spec = DATASETS[dataset];
  const optimizer = choice('--optimizer', str('optimizer'), OPTIMIZER_NAMES) ?? 'sgd';
  const save = path('--save', str('save'), 'file');
  const load = path('--load', str('load'), 'file');
  const steps = integer('--steps', str('steps'), 0, 1e7) ?? 100;
  if (steps === 0 && load === undefined) throw new UsageError('--steps 0 trains nothing; it is for evaluating a model given with --load');
  const samples = integer('--samples', str('samples'), dataset === 'spiral' ? 3 : 2, 1e6) ?? spec.samples;
  const batchSize = integer('--batch-size', str('batch-size'), 1, 1e6);
  const layers = sizes(str('layers'));
  // A --load model's size is checked when it is read.
  if (load === undefined) {
    const hidden = layers ?? DEFAULT_LAYERS;
    const what = `--layers ${hidden.join(',')}`;
    const problem = networkSizeProblem(what, parameterCount(2, [...hidden, spec.outputs]), Math.min(batchSize ?? samples, samples));
    if (problem !== undefined) throw new UsageError(problem);
  }
  return {
    dataset,
    samples,
    noise: number('--noise', str('noise'), 0, false, MAX_NOISE) ?? spec.noise,
    layers,
    activation: choice('--activation', str('activation'), ['relu', 'tanh', 'sigmoid'] as const),
    optimizer,
    lr: number('--lr', str('lr'), 0, true) ?? OPTIMIZERS[optimizer].lr,
    schedule: choice('--schedule', str('schedule'), ['linear', 'cosine', 'constant'] as const) ?? 'linear',
    l2: number('--l2', str('l2'), 0, false) ?? 1e-4,
    steps,
    batchSize,
    seed: integer('--seed', str('seed'), 0, 0xffffffff) ?? DEFAULT_SEED,
    out: path('--out', str('out'), 'folder') ?? 'out',
    save,
    load,
    quiet: values.quiet === true,
    help: false,
    version: false,
  };
}

function choice<T extends string>(flag: string, text: string | undefined, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got '${printable(text)}'`);
  return text as T;
}

// A plain decimal number: no hex, no "Infinity", no empty string (which Number() reads as 0).
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function number(flag: string, text: string | undefined, min: number, exclusive: boolean, max = Infinity): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(x)) throw new UsageError(`${flag} must be a number, got '${printable(text)}'`);
  if (max < Infinity && !(x >= min && x <= max)) throw new UsageError(`${flag} must be between ${min} and ${max}, got '${printable(text)}'`);
  if (exclusive ? !(x > min) : !(x >= min)) throw new UsageError(`${flag} must be ${exclusive ? '>' : '>='} ${min}, got '${printable(text)}'`);
  return x;
}

function integer(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} must be a whole number, got '${printable(text)}'`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got '${printable(text)}'`);
  return n;
}

function sizes(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',');
  if (!parts.every((p) => /^\d+$/.test(p.trim()) && Number(p) >= 1 && Number(p) <= 10000)) {
    throw new UsageError(`--layers must be hidden layer sizes between 1 and 10000, comma-separated (as 16,16), got '${printable(text)}'`);
  }
  return parts.map(Number);
}

function path(flag: string, text: string | undefined, what: 'file' | 'folder'): string | undefined {
  if (text === '') throw new UsageError(`${flag} needs a ${what} name, got ''`);
  return text;
}

/**
 * One line for an error of util.parseArgs, whose messages run over up to three lines: the known
 * cases worded as memograd graph and grad word them, naming the argument (through printable()).
 */
function reword(args: readonly string[], e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  // A lenient parse of the same arguments says which one is at fault.
  const { tokens } = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional' && code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      return `unexpected argument '${printable(token.value)}' (memograd train takes only options)`;
    }
    if (token.kind !== 'option') continue;
    const option: { type: string } | undefined = Object.hasOwn(OPTIONS, token.name) ? OPTIONS[token.name as keyof typeof OPTIONS] : undefined;
    if (option === undefined) {
      if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option '${printable(token.rawName)}'${didYouMeanHint(token.rawName, OPTION_NAMES)}`;
      continue;
    }
    if (code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') continue;
    const flag = `--${token.name}`;
    if (option.type === 'boolean' && token.value !== undefined) return `option '${flag}' takes no value`;
    if (option.type === 'string' && token.value === undefined) return `option '${flag}' needs a value`;
    if (option.type === 'string' && token.inlineValue === false && token.value.startsWith('-')) {
      // "--lr -1": say what "--lr=-1" would have been told ("--lr must be > 0, got '-1'"); a
      // value that would be fine (an --out folder named -x) needs the = form.
      try {
        parseTrainOptions([`${flag}=${token.value}`]);
      } catch (inner) {
        if (inner instanceof UsageError) return inner.message;
      }
      return `option '${flag}' needs a value, got '${printable(token.value)}', which looks like an option (write ${flag}=${printable(token.value)} if it is the value)`;
    }
  }
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] as string;
}
