import { Value } from '../core/value.js';
import { describeOperand } from '../core/describe.js';
import { optionsObject } from '../core/options-object.js';
import { checkEntries } from '../core/array-entries.js';
import { compile, type CompileMode, type CompiledGraph, type NodeReader } from './compile.js';

/** One argument of a per-sample function, for a whole batch: a number per sample, or an array of numbers per sample (all as long). */
export type BatchColumn = readonly number[] | readonly (readonly number[])[];

/** What a per-sample function returns: its loss, or its loss and outputs (scores, logits) to read after each pass. */
export type SampleResult = Value | SampleLossAndOutputs;

/** A sample's loss and the outputs `CompiledBatch.outputs` reads back. */
export interface SampleLossAndOutputs {
  /** The sample's loss. */
  readonly loss: Value;
  /** Values of the sample's graph (that the loss depends on) to read after each pass: its scores or logits, say. */
  readonly outputs: readonly Value[];
}

/** The columns `run` takes for a per-sample function's parameters: numbers for a `Value`, arrays of numbers for a `Value[]`. */
export type BatchColumns<P extends readonly unknown[]> = { [K in keyof P]: P[K] extends Value ? readonly number[] : readonly (readonly number[])[] };

/** How `compileBatch` turns the per-sample losses into one: their mean (as `mean()`), their sum (as `sum()`), or a function of the sum and the batch size. */
export type BatchReduce = 'mean' | 'sum' | ((total: Value, batchSize: number) => Value);

/** Options for `compileBatch`. */
export interface CompileBatchOptions {
  /** How the per-sample losses combine (default `'mean'`); the losses are always summed first, left to right, as `sum()` does. */
  readonly reduce?: BatchReduce | undefined;
  /** A term added to the reduced loss, built once per compiled graph from the current parameter Values (an L2 penalty, say). */
  readonly penalty?: (() => Value) | undefined;
  /** How each compiled graph runs (see `CompileOptions.mode`; default `'auto'`). */
  readonly mode?: CompileMode | undefined;
}

/** A batch loss compiled by `compileBatch`: run it on each batch's columns. */
export interface CompiledBatch<C extends readonly unknown[]> {
  /**
   * Writes the batch into the graph for its size (tracing and compiling it the first time that
   * size and those column widths are seen), recomputes it from the parameters' current `.data`,
   * adds d loss / d leaf into each parameter's `.grad` (as `backward()` does), and returns the loss.
   */
  run(...columns: C): number;
  /** Like `run` without the gradients: the batch's loss at the parameters' current `.data`. */
  forward(...columns: C): number;
  /** A new array of the last pass's per-sample outputs, sample by sample (empty before any pass, or if the function returns a bare loss). */
  outputs(): Float64Array;
  /** The compiled graph the last pass ran (undefined before any), for its `mode` and `size`. */
  readonly graph: CompiledGraph | undefined;
  /** How many graphs were traced and compiled so far: one per batch size and column shape met (again after one was dropped from the cache). */
  readonly traces: number;
}

/** The most graphs a `CompiledBatch` keeps (the least recently used one goes first): each holds a whole batch's graph. */
export const BATCH_CACHE_SIZE = 4;

const KEYS: readonly string[] = ['reduce', 'penalty', 'mode'];

/**
 * Compiles a loss over batches of samples from a per-sample loss function, JAX's
 * `jit(value_and_grad(mean(vmap(f))))` for scalar graphs: `f` is called once per sample, on
 * placeholder leaves standing for that sample's data, the losses are summed left to right, reduced
 * (the mean by default) and added to the `penalty`, and the graph is compiled with `compile()`
 * and kept for its batch size. Each `run` then writes the batch's numbers into the placeholders and
 * replays the graph: a new minibatch costs no graph build and no walk, and the loss and the
 * parameters' gradients equal `backward()` of the same batch's graph built by hand, bit for bit.
 *
 * `f` gets one argument per column: a `Value` for a column of numbers, a `Value[]` for a column of
 * arrays. It must build the same graph whatever the numbers (no branch on a placeholder's `.data`:
 * the first batch of each size fixes the graph); a class label that picks a logit is best passed
 * as a one-hot row. Parameters are the leaves `f` reads that are not placeholders: `run` adds their
 * gradients, as `CompiledGraph.run` does, and re-reads their `.data` every time.
 *
 * @example
 * const step = compileBatch((x: Value[], y: Value) => model.score(x).mul(y.neg()).add(1).relu(), {
 *   penalty: () => l2Penalty(model.parameters(), 1e-4),
 * });
 * zeroGrad(params);
 * const loss = step.run(Xbatch, ybatch); // Xbatch: number[][], ybatch: number[]
 */
export function compileBatch<P extends readonly (Value | Value[])[]>(
  sampleLoss: (...sample: P) => SampleResult,
  options: CompileBatchOptions = {},
): CompiledBatch<BatchColumns<P>> {
  if (typeof sampleLoss !== 'function') throw new TypeError(`compileBatch: sampleLoss must be a function, got ${describeOperand(sampleLoss)}`);
  optionsObject('compileBatch', options);
  const unknown = Object.keys(options).find((key) => !KEYS.includes(key));
  if (unknown !== undefined) {
    throw new TypeError(`compileBatch: unknown option '${unknown.length > 40 ? `${unknown.slice(0, 40)}…` : unknown}' (the options are ${KEYS.join(', ')})`);
  }
  const reduce = options.reduce ?? 'mean';
  if (reduce !== 'mean' && reduce !== 'sum' && typeof reduce !== 'function') {
    const message = `compileBatch: reduce must be 'mean', 'sum' or a function, got ${describeOperand(reduce)}`;
    throw typeof reduce === 'string' ? new RangeError(message) : new TypeError(message);
  }
  const { penalty } = options;
  if (penalty !== undefined && typeof penalty !== 'function') throw new TypeError(`compileBatch: penalty must be a function, got ${describeOperand(penalty)}`);
  const mode = options.mode ?? 'auto';
  if (mode !== 'auto' && mode !== 'generated' && mode !== 'interpreted') {
    throw new RangeError(`compileBatch: mode must be 'auto', 'generated' or 'interpreted', got ${describeOperand(mode)}`);
  }
  return new Batch(sampleLoss as unknown as (...sample: (Value | Value[])[]) => SampleResult, reduce, penalty, mode) as unknown as CompiledBatch<BatchColumns<P>>;
}

/** One traced and compiled batch graph: its placeholders (column by column, sample by sample, entry by entry) and its outputs' reader. */
interface Entry {
  readonly graph: CompiledGraph;
  readonly placeholders: readonly Value[];
  readonly read: NodeReader | undefined;
}

/** A column's width: -1 for a column of numbers, else the length of each of its arrays. */
type Shape = readonly number[];

class Batch implements CompiledBatch<readonly BatchColumn[]> {
  traces = 0;
  graph: CompiledGraph | undefined = undefined;
  private last: Entry | undefined = undefined;
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly sampleLoss: (...sample: (Value | Value[])[]) => SampleResult,
    private readonly reduce: BatchReduce,
    private readonly penalty: (() => Value) | undefined,
    private readonly mode: CompileMode,
  ) {}

  run(...columns: readonly BatchColumn[]): number {
    const entry = this.load('CompiledBatch.run', columns);
    return entry.graph.run();
  }

  forward(...columns: readonly BatchColumn[]): number {
    const entry = this.load('CompiledBatch.forward', columns);
    return entry.graph.forward();
  }

  outputs(): Float64Array {
    const read = this.last?.read;
    return read === undefined ? new Float64Array(0) : read();
  }

  /** The batch's graph, found or traced, with the batch written into its placeholders. */
  private load(caller: string, columns: readonly BatchColumn[]): Entry {
    const shape = checkColumns(caller, columns, this.sampleLoss.length);
    const key = `${(columns[0] as BatchColumn).length}:${shape.join(',')}`;
    let entry = this.cache.get(key);
    if (entry === undefined) {
      entry = this.trace(columns, shape);
      if (this.cache.size >= BATCH_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
      this.traces++;
    } else {
      // Most recently used last: the first key is the one to drop.
      this.cache.delete(key);
    }
    this.cache.set(key, entry);
    write(entry.placeholders, columns, shape);
    this.last = entry;
    this.graph = entry.graph;
    return entry;
  }

  /** Builds the batch's graph over new placeholders (holding this batch's numbers while it is built) and compiles it. */
  private trace(columns: readonly BatchColumn[], shape: Shape): Entry {
    const size = (columns[0] as BatchColumn).length;
    // Sample by sample, so that each sample's subgraph is made in one piece (compile() can roll such repeats into a loop).
    const perSample: Value[][] = shape.map(() => []);
    const losses: Value[] = [];
    const outputs: Value[] = [];
    // Stryker disable next-line BooleanLiteral: true gives a bare loss's batch a reader of no outputs, which returns the same empty array outputs() returns without one
    let readsOutputs = false;
    for (let i = 0; i < size; i++) {
      const sample = shape.map((width, k) => {
        const column = columns[k] as BatchColumn;
        if (width < 0) return leaf(perSample[k] as Value[], column[i] as number);
        const row = column[i] as readonly number[];
        return Array.from({ length: width }, (_, j) => leaf(perSample[k] as Value[], row[j] as number));
      });
      const result = this.sampleLoss(...sample);
      if (result instanceof Value) {
        losses.push(result);
        continue;
      }
      const r = result as { loss?: unknown; outputs?: unknown } | null;
      if (typeof r !== 'object' || r === null || !(r.loss instanceof Value) || !Array.isArray(r.outputs)) {
        throw new TypeError(`compileBatch: the per-sample function must return a Value or { loss, outputs } (a Value and an array of Values), got ${describeOperand(result)} for sample ${i}`);
      }
      checkEntries('compileBatch', `sample ${i}'s outputs`, r.outputs, 'a Value', (o) => o instanceof Value);
      losses.push(r.loss);
      outputs.push(...(r.outputs as Value[]));
      readsOutputs = true;
    }
    const total = leftFold(losses);
    const reduced = this.reduce === 'mean' ? total.div(size) : this.reduce === 'sum' ? total : this.reduce(total, size);
    if (!(reduced instanceof Value)) throw new TypeError(`compileBatch: reduce must return a Value, got ${describeOperand(reduced)}`);
    let loss = reduced;
    if (this.penalty !== undefined) {
      const term = this.penalty();
      if (!(term instanceof Value)) throw new TypeError(`compileBatch: penalty must return a Value, got ${describeOperand(term)}`);
      loss = reduced.add(term);
    }
    const graph = compile(loss, { mode: this.mode });
    // Column by column: the order write() fills them in.
    return { graph, placeholders: perSample.flat(), read: readsOutputs ? outputsReader(graph, outputs) : undefined };
  }
}

/** The reader of the samples' outputs, each of which must be in the loss's graph. */
function outputsReader(graph: CompiledGraph, outputs: readonly Value[]): NodeReader {
  try {
    return graph.reader(outputs);
  } catch (e) {
    // The reader names its own call: say which output, and why it cannot be read.
    // Stryker disable next-line OptionalChaining,StringLiteral: reader() refuses a Value only as not in the graph, naming its nodes[k], so the match never fails
    const k = /nodes\[(\d+)\]/.exec((e as Error).message)?.[1] ?? '?';
    throw new RangeError(`compileBatch: output ${k} (counted over the batch, sample by sample) is not in the loss's graph; an output must feed the loss to be read`);
  }
}

/** The losses added left to right, as `sum()` adds them (compile/ does not import composite/): `mean()` is this divided by their count. */
function leftFold(losses: readonly Value[]): Value {
  let acc = losses[0] as Value;
  for (let i = 1; i < losses.length; i++) acc = acc.add(losses[i] as Value);
  return acc;
}

/** A new placeholder leaf holding `x`, listed with its column's. */
function leaf(column: Value[], x: number): Value {
  const v = new Value(x);
  column.push(v);
  return v;
}

/** Writes the batch's numbers into the placeholders, column by column, sample by sample, entry by entry. */
function write(placeholders: readonly Value[], columns: readonly BatchColumn[], shape: Shape): void {
  let p = 0;
  for (let k = 0; k < shape.length; k++) {
    const width = shape[k] as number;
    const column = columns[k] as BatchColumn;
    if (width < 0) {
      for (let i = 0; i < column.length; i++) (placeholders[p++] as Value).data = column[i] as number;
      continue;
    }
    for (let i = 0; i < column.length; i++) {
      const row = column[i] as readonly number[];
      for (let j = 0; j < width; j++) (placeholders[p++] as Value).data = row[j] as number;
    }
  }
}

function isNumber(x: unknown): boolean {
  return typeof x === 'number';
}

/**
 * Checks a batch's columns, every entry (holes included), before anything is written: at least
 * `arity` columns (the per-sample function's declared parameters), all as long (the batch size,
 * at least 1), each of numbers or of arrays of numbers as long as its first. Returns each column's width.
 */
function checkColumns(caller: string, columns: readonly unknown[], arity: number): Shape {
  if (columns.length === 0 || columns.length < arity) {
    throw new TypeError(`${caller}: expected ${Math.max(arity, 1)} column${Math.max(arity, 1) === 1 ? '' : 's'} (one per argument of the per-sample function), got ${columns.length}`);
  }
  const shape: number[] = [];
  let size = -1;
  for (let k = 0; k < columns.length; k++) {
    const column = columns[k];
    const name = `columns[${k}]`;
    if (!Array.isArray(column)) throw new TypeError(`${caller}: ${name} must be an array (one entry per sample), got ${describeOperand(column)}`);
    if (size === -1) {
      size = column.length;
      if (size === 0) throw new RangeError(`${caller}: the batch is empty (${name} has no entries); a batch needs at least one sample`);
    } else if (column.length !== size) {
      throw new RangeError(`${caller}: ${name} has ${column.length} entries but columns[0] has ${size} (one per sample)`);
    }
    const first: unknown = column[0];
    if (!(0 in column) || (typeof first !== 'number' && !Array.isArray(first))) {
      // Stryker disable next-line ArrowFunction: a predicate that returns undefined refuses every entry, as false does
      checkEntries(caller, name, column, 'a number or an array of numbers', () => false);
    }
    if (typeof first === 'number') {
      checkEntries(caller, name, column, 'a number', isNumber);
      shape.push(-1);
      continue;
    }
    const width = (first as unknown[]).length;
    const rows = `an array of ${width} number${width === 1 ? '' : 's'} (as ${name}[0])`;
    checkEntries(caller, name, column, rows, Array.isArray);
    checkEntries(caller, name, column, rows, (row) => (row as unknown[]).length === width, RangeError);
    for (let i = 0; i < size; i++) checkEntries(caller, `${name}[${i}]`, column[i] as unknown[], 'a number', isNumber);
    shape.push(width);
  }
  return shape;
}
