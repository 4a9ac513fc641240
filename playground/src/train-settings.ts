import { DECIMAL, decimal } from './url-params.js';
import { OPTIMIZERS } from '../../src/index.js';
import { TRAIN_ACTIVATIONS, TRAIN_DATASETS, TRAIN_OPTIMIZERS, classCount } from './train-engine.js';
import type { TrainActivation, TrainDataset, TrainOptimizer, TrainSettings } from './train-engine.js';

/** The Train view's defaults: micrograd's demo network, on our moons, with a constant SGD step. */
export const TRAIN_DEFAULTS: TrainSettings = {
  dataset: 'moons',
  samples: 100,
  noise: 0.1,
  seed: 12,
  layers: [16, 16],
  activation: 'relu',
  optimizer: 'sgd',
  lr: 0.3,
  ratio: 100,
  l2: 1e-4,
  batch: null,
};

/** The choices of the split (percent of the points trained on; 100: no test set), as TF Playground's 10% to 90%, plus 100. */
export const RATIO_CHOICES = ['10', '20', '30', '40', '50', '60', '70', '80', '90', '100'] as const;
/** The choices of the L2 weight alpha (the URL's text is the number). */
export const L2_CHOICES = ['0', '0.00001', '0.0001', '0.001', '0.01', '0.1'] as const;
/** The choices of the batch size: `all` is the whole training set (and the compiled path on moons and circles). */
export const BATCH_CHOICES = ['all', '1', '4', '10', '16', '32', '64'] as const;
/** Each dataset's own default noise, as `memograd train` has them (spiral: radians of angle). */
export const DEFAULT_NOISE: Readonly<Record<TrainDataset, number>> = { moons: 0.1, circles: 0.05, spiral: 0.2 };
export const DEFAULT_SAMPLES: Readonly<Record<TrainDataset, number>> = { moons: 100, circles: 100, spiral: 150 };
/** Each optimizer's default constant learning rate, from the library's registry. */
export const DEFAULT_LR: Readonly<Record<TrainOptimizer, number>> = Object.fromEntries(TRAIN_OPTIMIZERS.map((name) => [name, OPTIMIZERS[name].constantLr])) as Record<TrainOptimizer, number>;

/** Limits that keep one step well under a frame's time: the graph is about 2 nodes per parameter per point. */
export const MAX_SAMPLES = 1000;
export const MAX_EXTRA_POINTS = 300;
export const MAX_LAYERS = 6;
export const MAX_NEURONS = 64;
export const MAX_NOISE = 2;
export const MAX_LR = 10;
export const MAX_PARAMETER_POINTS = 200_000;

/** The numeric and list fields, as text (what the inputs and the URL hold). */
export type TextField = 'samples' | 'noise' | 'seed' | 'layers' | 'lr';
export const TEXT_FIELDS: readonly TextField[] = ['samples', 'noise', 'seed', 'layers', 'lr'];

/** A field's text read as its value, or the one-line reason it cannot be. */
export type Reading<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

function number(label: string, text: string, min: number, max: number, integer: boolean): Reading<number> {
  const t = text.trim();
  if (t === '') return { ok: false, message: `${label}: enter a number` };
  if (t.length > 40 || !DECIMAL.test(t)) return { ok: false, message: `${label}: '${t.length > 40 ? `${t.slice(0, 20)}...` : t}' is not a number` };
  const x = Number(t);
  if (!Number.isFinite(x)) return { ok: false, message: `${label}: ${t} is too large` };
  if (integer && !Number.isInteger(x)) return { ok: false, message: `${label}: ${t} is not a whole number` };
  if (x < min || x > max) return { ok: false, message: `${label}: ${t} is outside ${min} to ${max}` };
  return { ok: true, value: x };
}

/** Reads one text field. */
export function readField(field: TextField, text: string): Reading<number | number[]> {
  switch (field) {
    case 'samples': return number('points', text, 4, MAX_SAMPLES, true);
    case 'noise': return number('noise', text, 0, MAX_NOISE, false);
    case 'seed': return number('seed', text, 0, 0xffffffff, true);
    case 'lr': {
      const r = number('learning rate', text, 0, MAX_LR, false);
      return r.ok && r.value === 0 ? { ok: false, message: 'learning rate: 0 would never move the weights' } : r;
    }
    case 'layers': {
      const t = text.trim();
      if (t === '' || t === '-') return { ok: true, value: [] }; // no hidden layer: a linear model
      const parts = t.split(/\s*,\s*/);
      if (parts.length > MAX_LAYERS) return { ok: false, message: `hidden layers: at most ${MAX_LAYERS}, got ${parts.length}` };
      const sizes: number[] = [];
      for (const p of parts) {
        const r = number('hidden layer size', p, 1, MAX_NEURONS, true);
        if (!r.ok) return { ok: false, message: `hidden layers: ${r.message.replace('hidden layer size: ', '')} (sizes 1 to ${MAX_NEURONS}, comma-separated, like 16,16)` };
        sizes.push(r.value);
      }
      return { ok: true, value: sizes };
    }
  }
}

/** The number of parameters of MLP(2, [...layers, outputs]). */
export function parameterCount(layers: readonly number[], outputs: number): number {
  let n = 0;
  let nin = 2;
  for (const nout of [...layers, outputs]) {
    n += nout * (nin + 1);
    nin = nout;
  }
  return n;
}

/** Why a network and data set are too large for the page, or '' when they are not. */
export function sizeProblem(dataset: TrainDataset, layers: readonly number[], points: number): string {
  const params = parameterCount(layers, classCount(dataset) === 2 ? 1 : 3);
  if (params * points <= MAX_PARAMETER_POINTS) return '';
  return `${params} parameters × ${points} points is ${params * points}, more than the page trains smoothly (${MAX_PARAMETER_POINTS}): use fewer neurons or points`;
}

/** A hand-added point: x, y, and its class (0-based). */
export type ExtraPoint = readonly [number, number, number];

/** Added points as URL text: "x,y,class;x,y,class" with 3 decimals. */
export function formatPoints(points: readonly ExtraPoint[]): string {
  return points.map(([x, y, c]) => `${round3(x)},${round3(y)},${c}`).join(';');
}

/** Reads added points from URL text, dropping any that do not read (at most MAX_EXTRA_POINTS). */
export function parsePoints(text: string | null, classes: number): ExtraPoint[] {
  return readPoints(text, classes).points;
}

/**
 * Reads added points from URL text: the first MAX_EXTRA_POINTS that read, how many did not read,
 * and how many readable ones were left out past the cap (so that a message can say which happened).
 */
export function readPoints(text: string | null, classes: number): { points: ExtraPoint[]; unreadable: number; overCap: number } {
  const points: ExtraPoint[] = [];
  let unreadable = 0;
  let overCap = 0;
  if (text === null || text.trim() === '') return { points, unreadable, overCap };
  for (const part of text.split(';')) {
    const [xs, ys, cs, more] = part.split(',');
    const x = decimal(xs ?? '');
    const y = decimal(ys ?? '');
    const c = decimal(cs ?? '');
    if (more !== undefined || x === undefined || y === undefined || c === undefined || Math.abs(x) > 100 || Math.abs(y) > 100 ||
      !Number.isInteger(c) || c < 0 || c >= classes) {
      unreadable++;
      continue;
    }
    if (points.length >= MAX_EXTRA_POINTS) overCap++;
    else points.push([x, y, c]);
  }
  return { points, unreadable, overCap };
}

function round3(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}

export function isDataset(x: string | null): x is TrainDataset {
  return (TRAIN_DATASETS as readonly string[]).includes(x ?? '');
}
export function isActivation(x: string | null): x is TrainActivation {
  return (TRAIN_ACTIVATIONS as readonly string[]).includes(x ?? '');
}
export function isOptimizer(x: string | null): x is TrainOptimizer {
  return (TRAIN_OPTIMIZERS as readonly string[]).includes(x ?? '');
}
