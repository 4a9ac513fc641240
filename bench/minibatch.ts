/**
 * Minibatch training: micrograd's demo network and data (the moons fixture, 100 points, the
 * fixture's initial weights), hinge loss with L2 (alpha 1e-4), SGD on micrograd's learning-rate
 * schedule, a batch of BATCH points drawn at random at every step. memograd's `Trainer` against a
 * hand-written step that draws the same batches and computes the same floats.
 */
import { MLP, Random, SGD, Trainer, type Dataset } from '../src/index.js';
import { SCHEDULE_STEPS, SparseHandDemo } from './micrograd-demo.js';
import { ALPHA, LAYER_SIZES, PARAM_COUNT, learningRate, loadMoons, type Moons } from './moons.js';
import { check, type Check, type Contender, type Pair } from './harness.js';

/** Points per step. */
export const BATCH = 32;
/** The seed of the generator both versions draw their batches from. */
const SEED = 0;

/** A trainer whose weights go back to the fixture's every SCHEDULE_STEPS steps, so a long timing stays on one workload. */
interface Stepper {
  /** One training step; returns the batch's loss before the update. */
  step(): number;
  /** The parameters' current values, in micrograd's order. */
  params(): Float64Array;
}

/** The learning rate at step k of the schedule, which starts again every SCHEDULE_STEPS steps. */
function lrAt(k: number): number {
  return learningRate(k % SCHEDULE_STEPS);
}

/**
 * memograd's `Trainer` with `batchSize: BATCH` on the fixture's model and data, `compile` as given
 * (undefined: the default). Each step is `trainer.step()`; every SCHEDULE_STEPS steps the weights
 * are set back to the fixture's (the generator and the step count go on).
 */
export class TrainerMinibatch implements Stepper {
  readonly trainer: Trainer;
  private readonly model: MLP;
  private k = 0;

  constructor(
    private readonly m: Moons,
    compile: boolean | undefined,
  ) {
    this.model = new MLP(2, LAYER_SIZES.slice(1));
    const ps = this.model.parameters();
    if (ps.length !== PARAM_COUNT) throw new Error(`minibatch: the MLP has ${ps.length} parameters, expected ${PARAM_COUNT}`);
    this.reset();
    const data: Dataset = { X: m.X.map((p) => [...p]), y: [...m.y] };
    const optimizer = new SGD(ps, { lr: lrAt });
    this.trainer = new Trainer({
      model: this.model,
      data,
      objective: 'hinge',
      alpha: ALPHA,
      optimizer,
      batchSize: BATCH,
      random: new Random(SEED),
      ...(compile === undefined ? {} : { compile }),
    });
  }

  private reset(): void {
    this.model.parameters().forEach((p, i) => (p.data = this.m.params[i] as number));
  }

  step(): number {
    const loss = this.trainer.step().loss;
    if (++this.k === SCHEDULE_STEPS) {
      this.k = 0;
      this.reset();
    }
    return loss;
  }

  params(): Float64Array {
    return Float64Array.from(this.model.parameters(), (p) => p.data);
  }
}

/**
 * The fastest correct hand-written minibatch step we could write: the Trainer's draw (the same
 * generator, seed and in-place Fisher-Yates shuffle of the point indices, the first BATCH of them), the batch's
 * points copied into the sparse baseline's buffers (`SparseHandDemo`, made for BATCH points: it
 * skips the inactive hinge samples and dead relu units exactly), its step. Its losses and weights
 * equal the Trainer's bit for bit (`checkMinibatch`).
 */
export class HandMinibatch implements Stepper {
  private readonly demo: SparseHandDemo;
  private readonly random = new Random(SEED);
  private readonly indices: Int32Array;
  private readonly xs = new Float64Array(2 * BATCH);
  private readonly ys = new Float64Array(BATCH);
  private readonly allX: Float64Array;
  private readonly allY: Float64Array;
  private k = 0;

  constructor(m: Moons) {
    // Made on the first BATCH points; setPoints replaces them at every step.
    this.demo = new SparseHandDemo({ X: m.X.slice(0, BATCH), y: m.y.slice(0, BATCH), params: m.params });
    this.indices = Int32Array.from({ length: m.X.length }, (_, i) => i);
    this.allX = Float64Array.from(m.X.flat());
    this.allY = Float64Array.from(m.y);
  }

  step(): number {
    const { indices, xs, ys, allX, allY, random } = this;
    // Random.shuffle's Fisher-Yates, without its argument checks: int(n) is floor(next() * n).
    for (let i = indices.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      const t = indices[i] as number;
      indices[i] = indices[j] as number;
      indices[j] = t;
    }
    for (let b = 0; b < BATCH; b++) {
      const i = indices[b] as number;
      xs[2 * b] = allX[2 * i] as number;
      xs[2 * b + 1] = allX[2 * i + 1] as number;
      ys[b] = allY[i] as number;
    }
    this.demo.setPoints(xs, ys);
    const loss = this.demo.step(this.k);
    if (++this.k === SCHEDULE_STEPS) {
      this.k = 0;
      this.demo.reset();
    }
    return loss;
  }

  params(): Float64Array {
    return this.demo.params();
  }
}

/** Steps checked (a Trainer step on the dynamic path takes milliseconds: bench:quick stays quick). */
const CHECK_STEPS = 30;

/**
 * The Trainer's losses and weights, by default and with `compile: false`, against the hand-written
 * step's, bit for bit, over CHECK_STEPS steps: two independent computations (memograd's graph and
 * its sweep; the sparse typed-array step, which the demo's checks tie to micrograd).
 */
export function checkMinibatch(): Check[] {
  const m = loadMoons();
  const hand = new HandMinibatch(m);
  const versions: [string, TrainerMinibatch][] = [
    ['Trainer, default', new TrainerMinibatch(m, undefined)],
    ['Trainer, compile: false (the dynamic path)', new TrainerMinibatch(m, false)],
  ];
  const handLosses = Array.from({ length: CHECK_STEPS }, () => hand.step());
  const handParams = hand.params();
  const distinct = new Set(handLosses).size;
  const out: Check[] = [
    check(
      `minibatch: the hand-written step's ${CHECK_STEPS} losses are finite and vary with the batch`,
      handLosses.every(Number.isFinite) && distinct > CHECK_STEPS / 2,
      `${distinct} distinct losses; first ${handLosses[0]}, last ${handLosses[CHECK_STEPS - 1]}`,
    ),
  ];
  for (const [name, v] of versions) {
    const losses = Array.from({ length: CHECK_STEPS }, () => v.step());
    const params = v.params();
    const firstLoss = losses.findIndex((l, i) => !Object.is(l, handLosses[i]));
    const sameParams = params.every((p, i) => Object.is(p, handParams[i]));
    out.push(
      check(
        `minibatch (batch ${BATCH} of ${m.X.length}): ${name}: ${CHECK_STEPS} losses and the ${PARAM_COUNT} weights after them === the hand-written step's`,
        firstLoss === -1 && sameParams,
        firstLoss === -1
          ? sameParams
            ? `identical (compiled steps: ${v.trainer.compiledSteps} of ${v.trainer.stepCount})`
            : 'losses identical, weights differ'
          : `step ${firstLoss}: ${losses[firstLoss]} vs ${handLosses[firstLoss]}`,
      ),
    );
  }
  return out;
}

/** The minibatch versions, each timed beside the hand-written step in a process of its own. */
export const MINIBATCH_VERSIONS = ['trainer', 'dynamic'] as const;

/** One of MINIBATCH_VERSIONS. */
export type MinibatchVersion = (typeof MINIBATCH_VERSIONS)[number];

/** The pair for one version: the Trainer by default ('trainer') or with `compile: false` ('dynamic'), and the hand-written step. */
export function minibatchPair(version: MinibatchVersion): Pair {
  const m = loadMoons();
  const h = new HandMinibatch(m);
  const hand: Contender = { name: 'hand-written minibatch', calls: 200, run: () => h.step() };
  const t = new TrainerMinibatch(m, version === 'trainer' ? undefined : false);
  const v: Contender = { name: version === 'trainer' ? 'Trainer (default)' : 'Trainer (compile: false)', calls: 10, run: () => t.step() };
  return { version: v, hand, plan: { warmup: 3, reps: 15 } };
}
