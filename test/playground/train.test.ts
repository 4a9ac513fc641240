import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync } from 'node:fs';
import { Adam, MLP, Random, SGD, evaluate, hingeLoss, l2Penalty, makeCircles, makeMoons, makeSpiral, softmaxCrossEntropyLoss } from '../../src/index.js';
import type { Dataset, Value } from '../../src/index.js';
import { TrainEngine, splitIndices } from '../../playground/src/train-engine.js';
import type { TrainRecord, TrainSettings } from '../../playground/src/train-engine.js';
import { TRAIN_DEFAULTS, parsePoints, readField, sizeProblem } from '../../playground/src/train-settings.js';
import { DESKTOP, HAS_BROWSER, PHONE, SCREENSHOTS, screenshotPath, startPlayground } from './browser.js';
import type { Playground, PlaygroundPage } from './browser.js';

/** The hash as the page wrote it, decoded. */
const hashOf = async (p: PlaygroundPage): Promise<string> => decodeURIComponent((await p.page.evaluate('location.hash')) as string);
/** RGBA of the pixels of the canvas with data-testid `testid` (all of them, or one at x, y). */
const pixels = async (p: PlaygroundPage, testid: string, at?: [number, number]): Promise<number[]> =>
  (await p.page.evaluate(`(() => {
    const c = document.querySelector('[data-testid="${testid}"] canvas') ?? document.querySelector('canvas[data-testid="${testid}"]');
    const d = ${at === undefined ? 'c.getContext("2d").getImageData(0, 0, c.width, c.height)' : `c.getContext("2d").getImageData(${at[0]}, ${at[1]}, 1, 1)`};
    return Array.from(d.data);
  })()`)) as number[];
/** The region of the plane the page plots (it says so on its canvas). */
const extentOf = async (p: PlaygroundPage): Promise<{ x0: number; x1: number; y0: number; y1: number }> =>
  JSON.parse((await p.page.getByTestId('train-canvas').getAttribute('data-extent')) ?? '{}') as { x0: number; x1: number; y0: number; y1: number };
/** A weight as the page prints it (4 significant digits). */
const w4 = (x: number): string => String(Number(x.toPrecision(4)));

/**
 * The oracle: the same training on the dynamic path, written out with the library's public API
 * (a fresh graph and backward() every step), its accuracy read from the Values' data.
 */
function dynamicRun(
  s: TrainSettings, steps: number, extraAt: (step: number) => readonly (readonly [number, number, number])[] = () => [], weightSeed = s.seed + 1,
  o: { trainOn?: readonly number[]; model?: (m: MLP) => void } = {},
): TrainRecord[] {
  const all = dataOf(s);
  // Only the given points are trained on (the held-out ones never enter a step).
  const data = o.trainOn === undefined ? all : { X: o.trainOn.map((i) => all.X[i] as number[]), y: o.trainOn.map((i) => all.y[i] as number) };
  const two = s.dataset !== 'spiral';
  const model = new MLP(2, [...s.layers, two ? 1 : 3], { activation: s.activation, seed: weightSeed });
  const params = model.parameters();
  const opt = s.optimizer === 'adam' ? new Adam(params, { lr: s.lr }) : new SGD(params, { lr: s.lr });
  const records: TrainRecord[] = [];
  // Minibatches as the Trainer documents them: Random(0) shuffles the index list in place at each step, the batch is its head.
  const random = new Random(0);
  const order = Array.from({ length: data.X.length }, (_, i) => i);
  for (let step = 1; step <= steps; step++) {
    const extra = extraAt(step);
    let X = [...data.X, ...extra.map(([a, b]) => [a, b])];
    let y = [...data.y, ...extra.map(([, , k]) => (two ? (k === 0 ? -1 : 1) : k))];
    if (s.batch !== null && s.batch < X.length) {
      const batch = random.shuffle(order).slice(0, s.batch);
      X = batch.map((i) => X[i] as number[]);
      y = batch.map((i) => y[i] as number);
    }
    const outputs = X.map((x) => model.forward(x));
    let right = 0;
    outputs.forEach((o, i) => {
      const d = o.map((v) => v.data);
      const pick = two ? (d[0] as number) > 0 : d.indexOf(Math.max(...d)) === y[i];
      if (two ? pick === (y[i] as number) > 0 : pick) right++;
    });
    const dataLoss = two ? hingeLoss(outputs.map((o) => o[0] as Value), y) : softmaxCrossEntropyLoss(outputs, y);
    const loss = s.l2 > 0 ? dataLoss.add(l2Penalty(params, s.l2)) : dataLoss;
    opt.zeroGrad();
    loss.backward();
    opt.step();
    records.push({ step, loss: loss.data, accuracy: right / X.length });
  }
  o.model?.(model);
  return records;
}

/** The data set of the settings, made with the library's makers. */
function dataOf(s: TrainSettings): Dataset {
  return s.dataset === 'moons' ? makeMoons(s.samples, { noise: s.noise, seed: s.seed })
    : s.dataset === 'circles' ? makeCircles(s.samples, { noise: s.noise, seed: s.seed, factor: 0.5 })
    : makeSpiral(s.samples, { noise: s.noise, seed: s.seed, classes: 3 });
}

/** The split as docs/playground.md states it, written out here: Random(seed) shuffles 0..n-1, the first round(n·ratio/100) are trained on. */
function heldOut(n: number, ratio: number, seed: number): { train: number[]; test: number[] } {
  const order = new Random(seed).shuffle(Array.from({ length: n }, (_, i) => i));
  const k = Math.round((n * ratio) / 100);
  return { train: order.slice(0, k).sort((a, b) => a - b), test: order.slice(k).sort((a, b) => a - b) };
}

/** The fraction of `points` the model classifies right, from model.forward (hinge: score > 0 is +1; softmax: the largest logit). */
function accuracyOn(model: MLP, points: Dataset, two: boolean): number {
  let right = 0;
  points.X.forEach((x, i) => {
    const d = model.forward(x).map((v) => v.data);
    const label = points.y[i] as number;
    if (two ? (d[0] as number) > 0 === label > 0 : d.indexOf(Math.max(...d)) === label) right++;
  });
  return right / points.X.length;
}

const SMALL: TrainSettings = { ...TRAIN_DEFAULTS, samples: 30, layers: [6, 5] };

describe('TrainEngine (the Train view\'s compiled training, in Node)', () => {
  test('TrainEngine\'s compiled steps give the dynamic path\'s losses and accuracies bit for bit (hinge loss)', () => {
    const cases: TrainSettings[] = [
      SMALL,
      { ...SMALL, dataset: 'circles', noise: 0.05, activation: 'tanh', optimizer: 'adam', lr: 0.03 },
      { ...SMALL, activation: 'sigmoid', lr: 0.5 },
      { ...SMALL, layers: [] },
    ];
    for (const s of cases) {
      const engine = new TrainEngine(s);
      const got = Array.from({ length: 12 }, () => engine.step());
      expect(engine.trainer.compiledSteps).toBe(12); // the compiled path is what ran
      expect(got).toEqual(dynamicRun(s, 12));
    }
  });

  test('on the spiral, whose softmax shifts by a stopGradient node, TrainEngine replays the compiled graph and equals the dynamic path bit for bit', () => {
    const s: TrainSettings = { ...SMALL, dataset: 'spiral', noise: 0.2, activation: 'tanh', optimizer: 'adam', lr: 0.03 };
    const engine = new TrainEngine(s);
    const got = Array.from({ length: 12 }, () => engine.step());
    expect(engine.trainer.compiledSteps).toBe(12);
    expect(got).toEqual(dynamicRun(s, 12));
  });

  test('a point added by hand is trained on from the next step, the weights carrying on', () => {
    const engine = new TrainEngine(SMALL, [[0.1, 0.2, 1]]);
    const first = engine.step();
    engine.addPoint(-0.5, 0.7, 0);
    const second = engine.step();
    expect(engine.trainer.compiledSteps).toBe(2); // compiled twice: before and after the point
    expect([first, second]).toEqual(dynamicRun(SMALL, 2, (step) => (step === 1 ? [[0.1, 0.2, 1]] : [[0.1, 0.2, 1], [-0.5, 0.7, 0]])));
    expect(engine.data.X.length).toBe(32);
  });

  test('splitIndices holds out the rest of round(n·ratio/100) points shuffled by Random(seed), and ratio 100 holds out none', () => {
    for (const [n, ratio, seed] of [[100, 70, 12], [150, 10, 1], [4, 90, 3], [37, 50, 9], [1000, 80, 0]] as const) {
      const got = splitIndices(n, ratio, seed);
      expect(got).toEqual(heldOut(n, ratio, seed));
      expect([...got.train, ...got.test].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    expect(splitIndices(5, 100, 1)).toEqual({ train: [0, 1, 2, 3, 4], test: [] });
    // Never an empty training set: one point at least.
    expect(splitIndices(4, 10, 2).train.length).toBe(1);
  });

  test('with a split, TrainEngine trains on the training points only, as the dynamic path on them, and holds the rest out', () => {
    const s: TrainSettings = { ...SMALL, ratio: 60, seed: 5 };
    const engine = new TrainEngine(s);
    const { train, test } = heldOut(s.samples, 60, 5);
    const all = dataOf(s);
    expect(engine.data).toEqual({ X: train.map((i) => all.X[i]), y: train.map((i) => all.y[i]) });
    expect(engine.test).toEqual({ X: test.map((i) => all.X[i]), y: test.map((i) => all.y[i]) });
    const got = Array.from({ length: 8 }, () => engine.step());
    expect(got).toEqual(dynamicRun(s, 8, () => [], s.seed + 1, { trainOn: train }));
  });

  test('TrainEngine.metrics gives the library\'s evaluate() loss and accuracy on the held-out points (hinge and softmax, with and without L2)', () => {
    const cases: TrainSettings[] = [
      { ...SMALL, ratio: 70 },
      { ...SMALL, ratio: 50, l2: 0, activation: 'tanh' },
      { ...SMALL, dataset: 'spiral', samples: 45, noise: 0.2, ratio: 60, l2: 0.01, optimizer: 'adam', lr: 0.03 },
    ];
    for (const s of cases) {
      const engine = new TrainEngine(s);
      for (let k = 0; k < 5; k++) engine.step();
      const objective = s.dataset === 'spiral' ? 'softmax' : 'hinge';
      const want = evaluate(engine.model, engine.test, objective, s.l2);
      const got = engine.metrics();
      expect(got?.accuracy).toBe(want.accuracy);
      // The same sums in another order (plain numbers against Values): equal to the last few bits.
      expect(got?.loss).toBeCloseTo(want.loss, 12);
      expect(engine.metrics(engine.data)?.accuracy).toBe(evaluate(engine.model, engine.data, objective, s.l2).accuracy);
    }
    expect(new TrainEngine(SMALL).metrics()).toBeNull();
  });

  test('the L2 weight and the batch size reach the Trainer: its steps equal the dynamic path with that penalty and those batches', () => {
    for (const s of [{ ...SMALL, l2: 0.01 }, { ...SMALL, l2: 0 }, { ...SMALL, batch: 8 }, { ...SMALL, dataset: 'spiral', samples: 45, noise: 0.2, batch: 10, l2: 0.001 }] as TrainSettings[]) {
      const engine = new TrainEngine(s);
      const got = Array.from({ length: 6 }, () => engine.step());
      // Full batches replay compile()'s graph, minibatches compileBatch()'s: every step is compiled.
      expect(engine.trainer.compiledSteps).toBe(6);
      expect(got).toEqual(dynamicRun(s, 6));
    }
  });

  test('the settings readers turn any text into a value or a one-line message', () => {
    expect(readField('layers', '16, 8')).toEqual({ ok: true, value: [16, 8] });
    expect(readField('layers', '')).toEqual({ ok: true, value: [] });
    expect(readField('lr', '0.05')).toEqual({ ok: true, value: 0.05 });
    for (const [field, text] of [['lr', ''], ['lr', 'NaN'], ['lr', '1e999'], ['lr', '0'], ['lr', '-1'], ['seed', '1.5'], ['seed', '-1'],
      ['samples', '1e9'], ['noise', 'abc'], ['layers', '16,x'], ['layers', '1000'], ['layers', '1,1,1,1,1,1,1']] as const) {
      const r = readField(field, text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).not.toContain('\n');
    }
    expect(sizeProblem('moons', [64, 64, 64], 1000)).toMatch(/more than the page trains smoothly/);
    expect(sizeProblem('moons', [16, 16], 100)).toBe('');
    expect(parsePoints('0.5,1,1;bad;1,2,7;3,4,0', 2)).toEqual([[0.5, 1, 1], [3, 4, 0]]);
  });
});

describe.skipIf(!HAS_BROWSER)('the Train view in Chromium', () => {
  let site: Playground;
  beforeAll(async () => {
    site = await startPlayground();
  });
  afterAll(async () => {
    await site?.close();
  });

  test('training on moons from a URL with play=1 reaches 100% training accuracy, measured in steps/s on the page', async () => {
    const p = await site.open('#train?dataset=moons&seed=12&play=1');
    await p.page.waitForFunction("document.querySelector('[data-testid=train-accuracy]')?.textContent === '100.0%'", null, { timeout: 60_000 });
    expect(await p.text('train-correct')).toBe('100 / 100');
    // Let the rate settle over a second of training, then report it (a number, never a timed assertion).
    await p.page.waitForTimeout(1500);
    const rate = await p.num('train-steps-per-second');
    const steps = await p.num('train-step');
    console.log(`Train view: ${rate} steps/s in the page (moons, MLP 2-16-16-1, 100 points), step ${steps}`);
    expect(rate).toBeGreaterThan(0);
    // Every step but none ran on the compiled path.
    const [compiled, total] = (await p.text('train-path')).split(' / ').map(Number);
    expect(compiled).toBe(total);
    expect(total).toBeGreaterThanOrEqual(steps);
    // Paused by hand, or stopped by itself at convergence: either way the link no longer says play=1.
    if ((await p.page.getByTestId('train-play').getAttribute('aria-pressed')) === 'true') {
      await p.page.getByTestId('train-play').click();
      // A run that stopped by itself just before that click was resumed by it (Play goes on): one more click pauses it.
      if ((await p.page.getByTestId('train-play').getAttribute('aria-pressed')) === 'true') await p.page.getByTestId('train-play').click();
      expect(await p.page.getByTestId('train-play').getAttribute('aria-pressed')).toBe('false');
    } else expect(await p.text('train-message')).toMatch(/^Converged at step/);
    expect(await p.page.evaluate('location.hash')).not.toContain('play=1');
    expect(p.errors).toEqual([]);
    await p.close();
  });

  test('single steps show the loss and accuracy that the dynamic path computes', async () => {
    const s: TrainSettings = { ...TRAIN_DEFAULTS, dataset: 'circles', noise: 0.05, seed: 3, layers: [8, 4], activation: 'tanh', optimizer: 'adam', lr: 0.02 };
    const p = await site.open('#train?dataset=circles&noise=0.05&seed=3&layers=8,4&act=tanh&opt=adam&lr=0.02');
    const want = dynamicRun(s, 5);
    for (let k = 0; k < 5; k++) await p.page.getByTestId('train-step-button').click();
    const last = want[4] as TrainRecord;
    expect(await p.num('train-step')).toBe(5);
    expect(await p.num('train-loss')).toBe(Number(last.loss.toPrecision(6)));
    expect(await p.text('train-accuracy')).toBe(`${(100 * last.accuracy).toFixed(1)}%`);
    expect(p.errors).toEqual([]);
    await p.close();
  });

  test('Reset draws new weights (the first step\'s loss is the dynamic path\'s with seed + 2), and clears the last run\'s steps/s', async () => {
    const s: TrainSettings = { ...TRAIN_DEFAULTS, layers: [6, 5], samples: 40 };
    const p = await site.open('#train?dataset=moons&points=40&layers=6,5&play=1');
    await p.page.waitForFunction("/^\\d+$/.test(document.querySelector('[data-testid=train-steps-per-second]')?.textContent ?? '')", null, { timeout: 30_000 });
    await p.page.getByTestId('train-reset').click();
    expect(await p.text('train-steps-per-second')).toBe('—');
    await p.page.getByTestId('train-step-button').click();
    const first = dynamicRun(s, 1)[0] as TrainRecord;
    const redrawn = dynamicRun(s, 1, () => [], s.seed + 2)[0] as TrainRecord;
    expect(redrawn.loss).not.toBe(first.loss);
    expect(await p.num('train-loss')).toBe(Number(redrawn.loss.toPrecision(6)));
    expect(p.errors).toEqual([]);
    await p.close();
  });

  test('the pressed Play button (Pause) and the class names have a contrast of 4.5:1 or more, and the first sentence is about learning', async () => {
    const p = await site.open('#train?dataset=spiral');
    await p.page.getByTestId('train-play').click();
    const colours = (await p.page.evaluate(`(() => {
      const out = [];
      const pick = (e) => { const s = getComputedStyle(e); let b = e; let bg = s.backgroundColor;
        while (bg === 'rgba(0, 0, 0, 0)' && b.parentElement) { b = b.parentElement; bg = getComputedStyle(b).backgroundColor; }
        out.push([e.textContent.trim(), s.color, bg]); };
      pick(document.querySelector('[data-testid=train-play]'));
      for (const e of document.querySelectorAll('.train-class')) pick(e);
      return out;
    })()`)) as [string, string, string][];
    const lum = (c: string): number => {
      const [r, g, b] = (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((x) => Number(x) / 255).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
      return 0.2126 * (r as number) + 0.7152 * (g as number) + 0.0722 * (b as number);
    };
    expect(colours[0]?.[0]).toBe('Pause');
    expect(colours.length).toBe(4);
    for (const [text, fg, bg] of colours) {
      const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a) as [number, number];
      expect((hi + 0.05) / (lo + 0.05), `${text}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
    expect(await p.page.locator('p.lead').textContent()).toMatch(/^Watch a network learn: at each step one backward pass gives the gradient of the loss for every weight at once/);
    await p.page.getByTestId('train-play').click();
    expect(p.errors).toEqual([]);
    await p.close();
  });

  test('Play at 1 step/s takes one step a second; at 1 step/frame it stops at the step budget of 100 exactly, and Play goes on to the next budget', async () => {
    const slow = await site.open('#train?speed=1&play=1');
    // While it plays, the link says so.
    expect(await slow.page.evaluate('location.hash')).toContain('play=1');
    // Counted from the step shown once the page is open (under load, opening it can take more than a second).
    const first = await slow.num('train-step');
    const from = Date.now();
    await slow.page.waitForTimeout(2600);
    const n = (await slow.num('train-step')) - first;
    const seconds = (Date.now() - from) / 1000;
    expect(n).toBeGreaterThanOrEqual(Math.floor(seconds) - 1);
    expect(n).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    await slow.page.getByTestId('train-play').click();
    expect(slow.errors).toEqual([]);
    await slow.close();
    const p = await site.open('#train?speed=frame&budget=100&play=1');
    await p.page.waitForFunction("document.querySelector('[data-testid=train-play]')?.getAttribute('aria-pressed') === 'false'", null, { timeout: 30_000 });
    expect(await p.num('train-step')).toBe(100);
    expect(await p.text('train-message')).toBe('Stopped at the step budget: 100 steps. Play goes on.');
    expect(await p.page.evaluate('location.hash')).not.toContain('play=1');
    await p.page.getByTestId('train-play').click();
    await p.page.waitForFunction("Number(document.querySelector('[data-testid=train-step]')?.textContent) > 100", null, { timeout: 30_000 });
    expect(await p.page.getByTestId('train-budget').inputValue()).toBe('1000');
    await p.page.getByTestId('train-play').click();
    expect(p.errors).toEqual([]);
    await p.close();
  });

  test('Play stops by itself at convergence (100% right, the loss still over 200 steps), and the curves\' step axis is logarithmic', async () => {
    const p = await site.open('#train?budget=none&play=1');
    await p.page.waitForFunction("document.querySelector('[data-testid=train-play]')?.getAttribute('aria-pressed') === 'false'", null, { timeout: 120_000 });
    expect(await p.text('train-message')).toMatch(/^Converged at step [\d,]+: 100% right, and the loss moved by less than 0.1% over the last 200 steps\.$/);
    expect(await p.text('train-accuracy')).toBe('100.0%');
    const steps = await p.num('train-step');
    expect(steps).toBeGreaterThan(200);
    // Tick marks at 10, 100, ... below the last step, placed on a log scale.
    const ticks = await p.page.locator('[data-testid=train-curve-loss] line.train-chart-tick').count();
    expect(ticks).toBe(Math.ceil(Math.log10(steps)) - 1);
    expect(await p.page.getByTestId('train-curve-loss').getAttribute('aria-label')).toMatch(/logarithmic/);
    expect(p.errors).toEqual([]);
    await p.close();
  });

  test('any setting (empty, not a number, huge) gives an inline message, never an exception', async () => {
    const p = await site.open('#train?dataset=moons&lr=abc&seed=-4');
    expect(await p.text('train-msg-lr')).toBe("learning rate: 'abc' is not a number");
    expect(await p.text('train-msg-seed')).toBe('seed: -4 is outside 0 to 4294967295');
    await p.page.getByTestId('train-lr').fill('0.3');
    await p.page.getByTestId('train-seed').fill('12');
    const good = { lr: '0.3', samples: '100', layers: '16,16', noise: '0.1' } as const;
    for (const [field, text] of [['lr', ''], ['lr', '1e999'], ['samples', 'NaN'], ['layers', '16,16,x'], ['layers', '64,64,64,64'], ['noise', '-1']] as const) {
      await p.page.getByTestId(`train-${field}`).fill(text);
      expect(await p.text(`train-msg-${field}`), `${field} = ${text}`).not.toBe('');
      expect(await p.page.getByTestId(`train-${field}`).getAttribute('aria-invalid')).toBe('true');
      await p.page.getByTestId('train-step-button').click();
      await p.page.getByTestId(`train-${field}`).fill(good[field]);
      expect(await p.text(`train-msg-${field}`)).toBe('');
    }
    // Once every field reads, a new run starts (when typing pauses) and trains.
    await p.page.locator('.train-view:not([data-pending])').waitFor({ timeout: 10_000 });
    await p.page.getByTestId('train-step-button').click();
    expect(await p.num('train-step')).toBeGreaterThan(0);
    expect(p.errors).toEqual([]);
    await p.close();
  });

  test('choices and added points in the URL that cannot be used are named in one line, and the defaults used', async () => {
    const p = await site.open('#train?dataset=iris&act=gelu&add=0.5,0.5,1;x,1,0;1,1,9');
    expect(await p.text('train-message')).toBe(
      "From the URL: dataset 'iris' is not one of moons, circles, spiral; act 'gelu' is not one of relu, tanh, sigmoid; 2 of the added points in the URL could not be read; the defaults are used.",
    );
    expect(await p.page.getByTestId('train-dataset').inputValue()).toBe('moons');
    expect(await p.text('train-info')).toMatch(/^101 points \(1 added by hand\)/);
    expect(p.errors).toEqual([]);
    await p.close();
  });

  test('a speed or budget in the URL that cannot be used is named on the page and left out of the link', async () => {
    const p = await site.open('#train?speed=warp&budget=0x10');
    expect(await p.text('train-message')).toBe(
      "From the URL: speed 'warp' is not one of 1, 5, frame, 10frame, max: max is used; budget '0x10' is not one of 100, 1000, 5000, 20000, none: 5000 is used; the defaults are used.");
    expect(await p.page.evaluate('location.hash')).not.toMatch(/warp|0x10/);
    expect(p.errors).toEqual([]);
    await p.close();
  });

  test('a click on the plot adds a point of the chosen class, kept in the URL', async () => {
    const p = await site.open('#train?dataset=spiral&seed=5');
    await p.page.getByTestId('train-class-2').check();
    await p.page.getByTestId('train-canvas').click({ position: { x: 40, y: 40 } });
    expect(await p.text('train-info')).toMatch(/^151 points \(1 added by hand\)/);
    expect(await p.page.evaluate('location.hash')).toMatch(/&add=-?[\d.]+%2C-?[\d.]+%2C2/);
    await p.page.getByTestId('train-step-button').click();
    expect(await p.num('train-step')).toBe(1);
    expect(p.errors).toEqual([]);
    await p.close();
  });

  test('the split, the L2 weight and the batch size are controls kept in the URL: a link restores them, a bad value is named and left out', async () => {
    const p = await site.open('#train?seed=3&layers=4,3&ratio=70&l2=0.001&batch=10');
    expect(await p.page.getByTestId('train-ratio').inputValue()).toBe('70');
    expect(await p.page.getByTestId('train-l2').inputValue()).toBe('0.001');
    expect(await p.page.getByTestId('train-batch').inputValue()).toBe('10');
    expect(await hashOf(p)).toMatch(/ratio=70&l2=0.001&batch=10/);
    expect(await p.text('train-info')).toMatch(/^70 training points \(0 added by hand\) and 30 test points held out/);
    expect(await p.text('train-info')).toContain('0.001·Σw²');
    await p.page.getByTestId('train-ratio').selectOption('50');
    await p.page.getByTestId('train-l2').selectOption('0');
    await p.page.getByTestId('train-batch').selectOption('32');
    const link = await hashOf(p);
    expect(link).toMatch(/ratio=50&l2=0&batch=32/);
    await p.page.getByTestId('train-step-button').click();
    const again = await site.open(link);
    expect(await again.page.getByTestId('train-ratio').inputValue()).toBe('50');
    expect(await again.page.getByTestId('train-l2').inputValue()).toBe('0');
    expect(await again.page.getByTestId('train-batch').inputValue()).toBe('32');
    expect(await again.page.getByTestId('train-layers').inputValue()).toBe('4,3');
    await again.page.getByTestId('train-step-button').click();
    // The same run: the same held-out points score the same after the same step.
    for (const id of ['train-info', 'train-test-loss', 'train-test-accuracy', 'train-loss']) expect(await again.text(id), id).toBe(await p.text(id));
    // The defaults are not written: an old link stays as it was.
    for (const [id, v] of [['train-ratio', '100'], ['train-l2', '0.0001'], ['train-batch', 'all']] as const) await p.page.getByTestId(id).selectOption(v);
    expect(await hashOf(p)).not.toMatch(/ratio|l2|batch/);
    const bad = await site.open('#train?ratio=75&l2=abc&batch=0');
    expect(await bad.text('train-message')).toBe(
      "From the URL: ratio '75' is not one of 10, 20, 30, 40, 50, 60, 70, 80, 90, 100: 100 is used; l2 'abc' is not one of 0, 0.00001, 0.0001, 0.001, 0.01, 0.1: 0.0001 is used; batch '0' is not one of all, 1, 4, 10, 16, 32, 64: all is used; the defaults are used.");
    expect(await hashOf(bad)).not.toMatch(/ratio|l2|batch/);
    for (const q of [p, again, bad]) {
      expect(q.errors).toEqual([]);
      await q.close();
    }
  });

  test('the test loss and accuracy are the current weights\' on the held-out points only (computed here from model.forward), drawn as rings', async () => {
    const s: TrainSettings = { ...TRAIN_DEFAULTS, samples: 50, layers: [6, 5], seed: 4, activation: 'tanh', ratio: 60 };
    const p = await site.open('#train?points=50&layers=6,5&seed=4&act=tanh&ratio=60');
    for (let k = 0; k < 5; k++) await p.page.getByTestId('train-step-button').click();
    const all = dataOf(s);
    const { train, test } = heldOut(50, 60, 4);
    let model: MLP | undefined;
    const records = dynamicRun(s, 5, () => [], s.seed + 1, { trainOn: train, model: (m) => (model = m) });
    const m = model as MLP;
    const held = { X: test.map((i) => all.X[i] as number[]), y: test.map((i) => all.y[i] as number) };
    const testAccuracy = accuracyOn(m, held, true);
    expect(await p.text('train-test-accuracy')).toBe(`${(100 * testAccuracy).toFixed(1)}%`);
    const testLoss = evaluate(m, held, 'hinge', s.l2).loss;
    expect(await p.num('train-test-loss')).toBe(Number(testLoss.toPrecision(6)));
    // The check can fail: on all 50 points, or on the training ones, the loss is another number.
    expect(Number(evaluate(m, all, 'hinge', s.l2).loss.toPrecision(6))).not.toBe(Number(testLoss.toPrecision(6)));
    expect(await p.num('train-loss')).toBe(Number((records[4] as TrainRecord).loss.toPrecision(6)));
    expect(await p.text('train-correct')).toBe(`${Math.round((records[4] as TrainRecord).accuracy * 30)} / 30`);
    // On the plot a held-out point is a ring (white at its centre), a training point a filled disc.
    const width = (await p.page.evaluate("document.querySelector('[data-testid=train-canvas]').width")) as number;
    const e = await extentOf(p);
    const at = (q: number[]): [number, number] => [
      Math.round(((q[0] as number) - e.x0) / (e.x1 - e.x0) * width), Math.round(((e.y1 - (q[1] as number)) / (e.y1 - e.y0)) * width * ((e.y1 - e.y0) / (e.x1 - e.x0))),
    ];
    const alone = (i: number): boolean => all.X.every((q, j) => j === i || Math.hypot(...at(q).map((v, d) => v - (at(all.X[i] as number[])[d] as number))) > 14);
    const ringed = test.filter(alone);
    const filled = train.filter(alone);
    expect(ringed.length).toBeGreaterThan(0);
    expect(filled.length).toBeGreaterThan(0);
    for (const i of ringed) expect(await pixels(p, 'train-canvas', at(all.X[i] as number[])), `test point ${i}`).toEqual([255, 255, 255, 255]);
    for (const i of filled) expect(await pixels(p, 'train-canvas', at(all.X[i] as number[])), `training point ${i}`).not.toEqual([255, 255, 255, 255]);
    expect(p.errors).toEqual([]);
    await p.close();
  });

  test('+ and − add and remove hidden layers and neurons, within bounds, rebuilding the model, kept in the URL, keeping keyboard focus', async () => {
    const p = await site.open('#train?layers=2&points=40');
    const params = async (): Promise<number> => Number(/, (\d+) parameters;/.exec(await p.text('train-info'))?.[1]);
    expect(await params()).toBe(2 * 3 + 1 * 3);
    await p.page.getByTestId('train-layers-add').click();
    expect(await p.page.getByTestId('train-layers').inputValue()).toBe('2,2');
    expect(await p.text('train-layer-count')).toBe('2');
    expect(await hashOf(p)).toContain('layers=2,2');
    expect(await params()).toBe(2 * 3 + 2 * 3 + 1 * 3);
    await p.page.getByTestId('train-neurons-add-2').click();
    expect(await p.page.getByTestId('train-layers').inputValue()).toBe('2,3');
    await p.page.getByTestId('train-neurons-remove-1').click();
    expect(await p.page.getByTestId('train-layers').inputValue()).toBe('1,3');
    expect(await p.page.getByTestId('train-neurons-remove-1').isDisabled()).toBe(true);
    expect(await p.page.locator('[data-testid^=train-neuron-1-]').count()).toBe(1);
    expect(await p.page.locator('[data-testid^=train-neuron-2-]').count()).toBe(3);
    expect(await params()).toBe(1 * 3 + 3 * 2 + 1 * 4);
    // By keyboard: Enter on a focused + rebuilds the diagram and leaves the focus on that +.
    await p.page.getByTestId('train-neurons-add-1').focus();
    await p.page.keyboard.press('Enter');
    expect(await p.page.getByTestId('train-layers').inputValue()).toBe('2,3');
    expect(await p.page.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe('train-neurons-add-1');
    await p.page.getByTestId('train-step-button').click();
    expect(await p.num('train-step')).toBe(1);
    await p.page.getByTestId('train-layers-remove').click();
    await p.page.getByTestId('train-layers-remove').click();
    expect(await p.page.getByTestId('train-layers').inputValue()).toBe('');
    expect(await p.page.getByTestId('train-layers-remove').isDisabled()).toBe(true);
    expect(await params()).toBe(3);
    expect(await hashOf(p)).toMatch(/layers=(&|$)/);
    const full = await site.open('#train?layers=1,1,1,1,1,1&points=40');
    expect(await full.page.getByTestId('train-layers-add').isDisabled()).toBe(true);
    const wide = await site.open('#train?layers=64&points=40');
    expect(await wide.page.getByTestId('train-neurons-add-1').isDisabled()).toBe(true);
    for (const q of [p, full, wide]) {
      expect(q.errors).toEqual([]);
      await q.close();
    }
  });

  test('each hidden neuron\'s heat map is its output over the plotted plane (blue where positive, orange where negative), redrawn as it trains', async () => {
    const s: TrainSettings = { ...TRAIN_DEFAULTS, samples: 40, layers: [3], seed: 7, activation: 'tanh' };
    // Five steps a second: at full speed a loaded machine (CI) converged and paused before the first redraw while playing.
    const p = await site.open('#train?points=40&layers=3&seed=7&act=tanh&speed=5');
    // Off screen the maps wait: they are drawn when the diagram comes into view.
    await p.page.getByTestId('train-network').scrollIntoViewIfNeeded();
    const e = await extentOf(p);
    const check = async (m: MLP): Promise<void> => {
      for (let k = 0; k < 3; k++) {
        const px = await pixels(p, `train-neuron-1-${k}`);
        const cells = Math.sqrt(px.length / 4);
        const neuron = m.layers[0]?.neurons[k] as MLP['layers'][number]['neurons'][number];
        const values: number[] = [];
        for (let j = 0; j < cells; j++) {
          for (let i = 0; i < cells; i++) {
            values.push(neuron.forward([e.x0 + ((i + 0.5) / cells) * (e.x1 - e.x0), e.y1 - ((j + 0.5) / cells) * (e.y1 - e.y0)]).data);
          }
        }
        const max = Math.max(...values.map(Math.abs));
        let checked = 0;
        values.forEach((v, at) => {
          if (Math.abs(v) < 0.05 * max) return;
          const [r, , b] = px.slice(4 * at, 4 * at + 3) as [number, number, number];
          expect(v > 0 ? b > r : r > b, `neuron ${k}, cell ${at}: output ${v}, colour ${r},${b}`).toBe(true);
          checked++;
        });
        expect(checked).toBeGreaterThan(cells * cells * 0.5);
      }
    };
    let model: MLP | undefined;
    dynamicRun(s, 0, () => [], s.seed + 1, { model: (m) => (model = m) });
    await check(model as MLP);
    const before = await pixels(p, 'train-neuron-1-0');
    for (let k = 0; k < 20; k++) await p.page.getByTestId('train-step-button').click();
    dynamicRun(s, 20, () => [], s.seed + 1, { model: (m) => (model = m) });
    await check(model as MLP);
    expect(await pixels(p, 'train-neuron-1-0')).not.toEqual(before);
    // While Play runs the maps are redrawn too (a few times a second, less often if a redraw is slow).
    const map = "document.querySelector('[data-testid=train-neuron-1-0] canvas').toDataURL()";
    const still = (await p.page.evaluate(map)) as string;
    await p.page.getByTestId('train-play').click();
    await p.page.waitForFunction(`${map} !== ${JSON.stringify(still)}`, null, { timeout: 20_000 });
    expect(await p.page.getByTestId('train-play').getAttribute('aria-pressed')).toBe('true');
    await p.page.getByTestId('train-play').click();
    expect(p.errors).toEqual([]);
    await p.close();
  });

  test('pointing at or focusing a neuron, or pointing at a connection, shows its weights', async () => {
    const s: TrainSettings = { ...TRAIN_DEFAULTS, samples: 40, layers: [2], seed: 7 };
    let model: MLP | undefined;
    dynamicRun(s, 0, () => [], s.seed + 1, { model: (m) => (model = m) });
    const m = model as MLP;
    const h = m.layers[0]?.neurons ?? [];
    const out = m.layers[1]?.neurons[0];
    const p = await site.open('#train?points=40&layers=2&seed=7');
    await p.page.getByTestId('train-network').scrollIntoViewIfNeeded();
    // The connections are placed once the diagram is on screen.
    await p.page.locator('.train-net-hit[x1]').last().waitFor({ state: 'attached' });
    await p.page.getByTestId('train-neuron-1-0').hover();
    expect(await p.text('train-weights')).toBe(`neuron h1.1: bias ${w4(h[0]?.b.data as number)}; weights from x ${w4(h[0]?.w[0]?.data as number)}, y ${w4(h[0]?.w[1]?.data as number)}`);
    await p.page.getByTestId('train-neuron-2-0').focus();
    expect(await p.text('train-weights')).toBe(`output: bias ${w4(out?.b.data as number)}; weights from h1.1 ${w4(out?.w[0]?.data as number)}, h1.2 ${w4(out?.w[1]?.data as number)}`);
    // The connections are laid out input by input: the last one is h1.2 to the output.
    await p.page.locator('.train-net-hit').last().hover({ force: true });
    expect(await p.text('train-weights')).toBe(`weight from neuron h1.2 to output: ${w4(out?.w[1]?.data as number)}`);
    // Every neuron can be reached with Tab, and says what it is.
    expect(await p.page.getByTestId('train-neuron-1-1').getAttribute('aria-label')).toBe('neuron h1.2: show its weights');
    expect(p.errors).toEqual([]);
    await p.close();
  });

  test('on a phone (390x844) Play and the whole plot are on the first screen, without scrolling', async () => {
    for (const hash of ['#train', '#train?dataset=spiral&ratio=70']) {
      const p = await site.open(hash, PHONE);
      for (const id of ['train-play', 'train-step-button', 'train-canvas', 'train-test-accuracy']) {
        const box = await p.page.getByTestId(id).boundingBox();
        expect(box, id).not.toBeNull();
        expect((box?.y ?? 0) + (box?.height ?? 0), `${hash}: ${id}`).toBeLessThanOrEqual(PHONE.height);
      }
      expect(await p.page.evaluate('window.scrollY')).toBe(0);
      expect(p.errors).toEqual([]);
      await p.close();
    }
  });

  test('steps/s with the network diagram on screen (its heat maps redrawn), on moons and the spiral (a number to report, not an assertion)', async () => {
    for (const hash of ['#train?dataset=moons&budget=none&play=1', '#train?dataset=spiral&budget=none&play=1']) {
      const p = await site.open(hash, { width: 1280, height: 1800 });
      await p.page.getByTestId('train-network').scrollIntoViewIfNeeded();
      await p.page.waitForTimeout(4000);
      console.log(`Train view: ${await p.text('train-steps-per-second')} steps/s in the page (${hash}), step ${await p.text('train-step')}`);
      expect(await p.num('train-steps-per-second')).toBeGreaterThan(0);
      await p.page.getByTestId('train-play').click();
      expect(p.errors).toEqual([]);
      await p.close();
    }
  });

  test('screenshots of the Train view at desktop and phone widths', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [name, viewport, hash] of [
      ['desktop', DESKTOP, '#train?dataset=moons&seed=12&play=1'],
      ['phone', PHONE, '#train?dataset=circles&seed=1&layers=8,8&act=tanh&opt=adam&lr=0.03&play=1'],
    ] as const) {
      const p = await site.open(hash, viewport);
      await p.page.waitForFunction("Number(document.querySelector('[data-testid=train-step]')?.textContent) >= 150", null, { timeout: 60_000 });
      await p.page.getByTestId('train-play').click();
      await p.page.screenshot({ path: screenshotPath(`train-${name}`), fullPage: true });
      expect(p.errors).toEqual([]);
      await p.close();
    }
  });
});
