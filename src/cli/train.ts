import { join, normalize } from 'node:path';
import { absolutePath } from './absolute-path.js';
import { performance } from 'node:perf_hooks';
import { DivergedError, OPTIMIZERS, fit, type FitRecord } from '../index.js';
import { Progress } from './progress.js';
import { DrawingProgress } from './drawing-progress.js';
import { decisionBoundarySvg } from './decision-boundary-svg.js';
import { trainingCurvesSvg } from './training-curves-svg.js';
import { probeWriteFileAtomic, writeFileAtomic } from './write-file-atomic.js';
import { ensureDirectory } from './ensure-directory.js';
import { fileErrorReason } from './file-error-reason.js';
import { printablePath } from './printable.js';
import { TRAIN_USAGE, parseTrainOptions } from './train-options.js';
import { learningRate, trainingSetup } from './training-setup.js';
import { formatSignificant } from '../pictures/format-significant.js';
import { plural } from './plural.js';
import type { TrainOptions } from './train-options.js';
import { UsageError } from './usage-error.js';
import { OutputError, reportCommandError, usageHint } from './command-errors.js';
import { VERSION } from './version.js';

/** Where the command writes; the tests and `memograd` with no command pass the process's streams. */
export interface TrainIO {
  readonly stdout: { write(s: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(s: string): unknown };
}

/** How `memograd demo` runs the training: under its own name, with its walkthrough first. */
export interface TrainAs {
  /** The command that names the messages (default 'train'). */
  readonly command?: string;
  /** Printed once the options and the outputs are checked, before the training. */
  readonly intro?: string;
}

/**
 * `memograd train [options]`: trains an MLP on a toy dataset and prints a summary, draws the
 * decision boundary and the training curves, and saves the model if asked. Returns the exit code:
 * 0, 1 if an output could not be written or the training diverged, 2 for a bad option or a bad
 * --load file.
 */
export function train(args: readonly string[], io: TrainIO = process, as: TrainAs = {}): number {
  const command = as.command ?? 'train';
  let options: TrainOptions;
  try {
    options = parseTrainOptions(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`memograd ${command}: ${e.message}\n${usageHint(command)}\n`);
    return 2;
  }
  if (options.help) {
    io.stdout.write(TRAIN_USAGE);
    return 0;
  }
  if (options.version) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  try {
    return run(options, io, command, as.intro);
  } catch (e) {
    return reportCommandError(command, e, io.stderr);
  }
}

/** Trains, reports and writes the outputs; returns the exit code (1 if the training diverged or an output could not be written). */
function run(o: TrainOptions, io: TrainIO, command: string, intro: string | undefined): number {
  const { spec, data, model, optimizer, random } = trainingSetup(o);
  const shape = `MLP(2, [${model.nouts.join(', ')}])`;
  const out = (s: string) => io.stdout.write(s);
  const boundary = join(o.out, 'decision-boundary.svg');
  const curves = join(o.out, 'training-curves.svg');
  // Every output is checked before the training, so that a bad path fails at once, not after the run.
  if (o.save !== undefined) probe(o.save);
  prepareFolder(o.out);
  probe(boundary);
  probe(curves);
  if (intro !== undefined) out(intro);

  if (!o.quiet) {
    out(`Training ${shape}, ${model.activation}, ${model.parameters().length} parameters${o.load === undefined ? '' : ` (from ${printablePath(o.load)})`}\n`);
    out(`  data: ${o.dataset}, ${o.samples} points, noise ${o.noise}, seed ${o.seed}\n`);
    out(`  loss: ${spec.lossName} (alpha ${o.l2}); optimizer: ${describeOptimizer(o)}; ${plural(o.steps, 'step')}, ${o.batchSize === undefined || o.batchSize >= o.samples ? 'full batch' : `batches of ${o.batchSize}`}\n`);
  }
  const progress = new Progress(io.stdout, o.steps, o.quiet);
  const started = performance.now();
  let history: FitRecord[];
  try {
    history = fit(
      { model, data, objective: spec.objective, alpha: o.l2, optimizer, steps: o.steps, batchSize: o.batchSize, random },
      (r) => progress.update(r.step + 1, r.loss, r.accuracy),
    );
  } catch (e) {
    progress.finish();
    if (!(e instanceof DivergedError)) throw e;
    io.stderr.write(`memograd ${command}: ${e.message}; no model or pictures written (a smaller --lr may help)\n`);
    return 1;
  }
  const seconds = (performance.now() - started) / 1000;
  progress.finish();

  const final = history[history.length - 1] as (typeof history)[number];
  const right = Math.round(final.accuracy * o.samples);
  // Which path the steps took: replayed compiled graphs (the full batch's, or compileBatch's for minibatches) or a graph built per step.
  const compiled = history.filter((r) => r.compiled === true).length;
  const path = o.steps === 0 ? '' : compiled === o.steps ? ', compiled graph' : compiled === 0 ? ', graph built per step' : `, ${compiled} compiled`;
  out(`Done: ${plural(o.steps, 'step')} in ${seconds.toFixed(2)} s (${o.steps === 0 ? 0 : (o.steps / seconds).toFixed(1)} steps/s${path})\n`);
  out(`  final loss      ${final.loss.toFixed(6)} (${spec.lossName}, on all ${o.samples} points)\n`);
  out(`  final accuracy  ${(final.accuracy * 100).toFixed(1)}% (${right} of ${o.samples} points)\n`);

  // Each output is written even if another fails, and each failure is reported on its own line.
  const failures: string[] = [];
  const write = (path: string, text: string): boolean => {
    try {
      writeFileAtomic(path, text);
      return true;
    } catch (e) {
      failures.push(`cannot write ${printablePath(path)}: ${fileErrorReason(e, path)}`);
      return false;
    }
  };
  const accuracy = `${final.accuracy === 1 ? '100' : (final.accuracy * 100).toFixed(1)}% training accuracy`;
  // A large network's boundary can take seconds to draw (its cost is bounded, see BOUNDARY_BUDGET): say so.
  const drawing = new DrawingProgress(io.stdout, 'the decision boundary', o.quiet);
  const boundaryTitle = `${shape} ${model.activation} on ${o.dataset}: ${accuracy} after ${plural(o.steps, 'step')}`;
  const regions = decisionBoundarySvg(model, data, spec.objective, boundaryTitle, (done, total) => drawing.update(done, total));
  drawing.finish();
  // A line for each picture written: one that failed is reported below, and the other still named.
  const drawn = [
    write(boundary, regions) ? `  decision-boundary.svg  the plane coloured by the predicted class, with the data points\n` : '',
    write(curves, trainingCurvesSvg(history, `Training ${shape} on ${o.dataset}: loss and accuracy`, spec.lossName)) ? `  training-curves.svg    loss and accuracy at each step\n` : '',
  ].join('');
  if (drawn !== '') out(`Pictures in ${printablePath(absolutePath(o.out))}:\n${drawn}`);
  if (o.save !== undefined && write(o.save, `${JSON.stringify(model)}\n`)) out(`Saved the model to ${printablePath(absolutePath(o.save))}\n`);
  for (const failure of failures) io.stderr.write(`memograd ${command}: ${failure}\n`);
  return failures.length === 0 ? 0 : 1;
}

/** Makes the output folder and its parents. */
function prepareFolder(folder: string): void {
  try {
    ensureDirectory(folder);
  } catch (e) {
    const failed = (e as NodeJS.ErrnoException).path ?? folder;
    const itself = normalize(failed) === normalize(folder);
    const reason =
      (e as NodeJS.ErrnoException).code === 'ENOTDIR'
        ? `${itself ? 'it' : printablePath(failed)} exists and is not a folder`
        : `${itself ? '' : `cannot make ${printablePath(failed)}: `}${fileErrorReason(e, failed)}`;
    throw new OutputError(`cannot create the output folder ${printablePath(folder)}: ${reason}`);
  }
}

/** Checks that a file can be written, changing nothing. */
function probe(file: string): void {
  try {
    probeWriteFileAtomic(file);
  } catch (e) {
    throw new OutputError(`cannot write ${printablePath(file)}: ${fileErrorReason(e, file)}`);
  }
}

/** The optimizer and the learning rates of its first and last steps, as they are used (6 significant digits). */
function describeOptimizer(o: TrainOptions): string {
  const name = OPTIMIZERS[o.optimizer].title;
  const lr = learningRate(o);
  const at = (k: number) => formatSignificant(typeof lr === 'number' ? lr : lr(k), 6);
  if (o.schedule === 'constant' || o.steps <= 1) return `${name}, lr ${at(0)}`;
  return `${name}, lr ${at(0)} -> ${at(o.steps - 1)} (${o.schedule})`;
}
