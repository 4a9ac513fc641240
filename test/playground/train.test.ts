import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync } from 'node:fs';
import { Adam, MLP, SGD, hingeLoss, l2Penalty, makeCircles, makeMoons, makeSpiral, softmaxCrossEntropyLoss } from '../../src/index.js';
import type { Value } from '../../src/index.js';
import { TrainEngine } from '../../playground/src/train-engine.js';
import type { TrainRecord, TrainSettings } from '../../playground/src/train-engine.js';
import { TRAIN_DEFAULTS, parsePoints, readField, sizeProblem } from '../../playground/src/train-settings.js';
import { DESKTOP, HAS_BROWSER, PHONE, SCREENSHOTS, screenshotPath, startPlayground } from './browser.js';
import type { Playground } from './browser.js';

/**
 * The oracle: the same training on the dynamic path, written out with the library's public API
 * (a fresh graph and backward() every step), its accuracy read from the Values' data.
 */
function dynamicRun(
  s: TrainSettings, steps: number, extraAt: (step: number) => readonly (readonly [number, number, number])[] = () => [], weightSeed = s.seed + 1,
): TrainRecord[] {
  const data =
    s.dataset === 'moons' ? makeMoons(s.samples, { noise: s.noise, seed: s.seed })
    : s.dataset === 'circles' ? makeCircles(s.samples, { noise: s.noise, seed: s.seed, factor: 0.5 })
    : makeSpiral(s.samples, { noise: s.noise, seed: s.seed, classes: 3 });
  const two = s.dataset !== 'spiral';
  const model = new MLP(2, [...s.layers, two ? 1 : 3], { activation: s.activation, seed: weightSeed });
  const params = model.parameters();
  const opt = s.optimizer === 'adam' ? new Adam(params, { lr: s.lr }) : new SGD(params, { lr: s.lr });
  const records: TrainRecord[] = [];
  for (let step = 1; step <= steps; step++) {
    const extra = extraAt(step);
    const X = [...data.X, ...extra.map(([a, b]) => [a, b])];
    const y = [...data.y, ...extra.map(([, , k]) => (two ? (k === 0 ? -1 : 1) : k))];
    const outputs = X.map((x) => model.forward(x));
    let right = 0;
    outputs.forEach((o, i) => {
      const d = o.map((v) => v.data);
      const pick = two ? (d[0] as number) > 0 : d.indexOf(Math.max(...d)) === y[i];
      if (two ? pick === (y[i] as number) > 0 : pick) right++;
    });
    const dataLoss = two ? hingeLoss(outputs.map((o) => o[0] as Value), y) : softmaxCrossEntropyLoss(outputs, y);
    const loss = dataLoss.add(l2Penalty(params, 1e-4));
    opt.zeroGrad();
    loss.backward();
    opt.step();
    records.push({ step, loss: loss.data, accuracy: right / X.length });
  }
  return records;
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
      expect(await p.page.evaluate('location.hash')).toContain('play=1');
      await p.page.getByTestId('train-play').click();
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
    await slow.page.waitForTimeout(2600);
    const n = await slow.num('train-step');
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(4);
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
