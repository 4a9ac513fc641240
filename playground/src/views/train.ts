/**
 * The Train view: a small TensorFlow-Playground-like trainer. A multilayer perceptron learns
 * moons, circles or a spiral on memograd's compiled path (the full-batch loss graph compiled once,
 * replayed each step), with a live decision boundary, loss and accuracy curves, and every number
 * that matters as text. Clicking on the plot adds a point of the chosen class.
 * URL: #train?dataset=moons|circles|spiral&seed=..&noise=..&points=..&layers=16,16&act=relu&opt=sgd&lr=0.3&ratio=80&l2=0.001&batch=10&play=1&add=x,y,c;...
 */
import { DivergedError } from '../../../src/index.js';
import { button, el, uid } from '../ui.js';
import { TRAIN_ACTIVATIONS, TRAIN_DATASETS, TRAIN_OPTIMIZERS, TrainEngine, classCount } from '../train-engine.js';
import type { TrainRecord, TrainSettings } from '../train-engine.js';
import {
  BATCH_CHOICES, DEFAULT_LR, DEFAULT_NOISE, DEFAULT_SAMPLES, L2_CHOICES, MAX_EXTRA_POINTS, MAX_LAYERS, MAX_NEURONS, RATIO_CHOICES, TEXT_FIELDS, TRAIN_DEFAULTS,
  formatPoints, isActivation, isDataset, isOptimizer, readField, readPoints, sizeProblem,
} from '../train-settings.js';
import type { ExtraPoint, TextField } from '../train-settings.js';
import { drawBoundary, drawCurves, plotExtent, type Extent } from '../train-plot.js';
import { NetworkDiagram } from '../train-network.js';
import { UrlReader } from '../url-params.js';
import '../train.css';

/** Time per frame given to training steps; the rest of a 60 Hz frame is left for drawing. */
const FRAME_BUDGET_MS = 12;
/** How long typing in a field must pause before the run restarts with it. */
const RESTART_DELAY_MS = 250;
const CLASS_NAMES: Readonly<Record<number, readonly string[]>> = { 2: ['−1 (blue)', '+1 (orange)'], 3: ['0 (blue)', '1 (orange)', '2 (green)'] };
const URL_KEYS: Readonly<Record<TextField, string>> = { samples: 'points', noise: 'noise', seed: 'seed', layers: 'layers', lr: 'lr' };
/** How fast Play goes: a few steps a second (to watch each one), one or ten per frame, or as many as fit in a frame. */
const SPEED_CHOICES = ['1', '5', 'frame', '10frame', 'max'] as const;
type Speed = (typeof SPEED_CHOICES)[number];
const SPEED_NAMES: Record<Speed, string> = { 1: '1 step/s', 5: '5 steps/s', frame: '1 step/frame', '10frame': '10 steps/frame', max: 'fastest' };
/** Where Play stops by itself: a step budget, or none (it still stops at convergence). */
const BUDGET_CHOICES = ['100', '1000', '5000', '20000', 'none'] as const;
type Budget = (typeof BUDGET_CHOICES)[number];
const BUDGET_NAMES: Record<Budget, string> = { 100: '100 steps', 1000: '1,000 steps', 5000: '5,000 steps', 20000: '20,000 steps', none: 'convergence only' };
/** Converged: 100% training accuracy and the loss moved by less than this fraction over the last CONVERGED_WINDOW steps. */
const CONVERGED_CHANGE = 1e-3;
const CONVERGED_WINDOW = 200;
const LABELS: Readonly<Record<TextField, string>> = { samples: 'points', noise: 'noise', seed: 'seed', layers: 'hidden layers', lr: 'learning rate' };
type Ratio = (typeof RATIO_CHOICES)[number];
const RATIO_NAMES = Object.fromEntries(RATIO_CHOICES.map((r) => [r, `${r}%`])) as Record<Ratio, string>;
type L2 = (typeof L2_CHOICES)[number];
const L2_NAMES = Object.fromEntries(L2_CHOICES.map((a) => [a, a === '0' ? '0 (none)' : String(Number(a))])) as Record<L2, string>;
type Batch = (typeof BATCH_CHOICES)[number];
const BATCH_NAMES = Object.fromEntries(BATCH_CHOICES.map((b) => [b, b === 'all' ? 'all points' : b])) as Record<Batch, string>;
/** How often at most the neurons' heat maps are redrawn while Play runs (each redraw runs the network over their grids). */
const NETWORK_EVERY_MS = 200;

export function mount(root: HTMLElement, params: URLSearchParams, setParams: (p: URLSearchParams) => void): () => void {
  // ---- state read from the URL: a value that does not read keeps its text and an inline message ----
  const url = new UrlReader(params);
  const dataset = isDataset(url.get('dataset')) ? (url.get('dataset') as TrainSettings['dataset']) : TRAIN_DEFAULTS.dataset;
  const choice = {
    dataset,
    activation: isActivation(url.get('act')) ? (url.get('act') as TrainSettings['activation']) : TRAIN_DEFAULTS.activation,
    optimizer: isOptimizer(url.get('opt')) ? (url.get('opt') as TrainSettings['optimizer']) : TRAIN_DEFAULTS.optimizer,
  };
  const defaultsFor = (): Record<TextField, string> => ({
    samples: String(DEFAULT_SAMPLES[choice.dataset]),
    noise: String(DEFAULT_NOISE[choice.dataset]),
    seed: String(TRAIN_DEFAULTS.seed),
    layers: TRAIN_DEFAULTS.layers.join(','),
    lr: String(DEFAULT_LR[choice.optimizer]),
  });
  const texts: Record<TextField, string> = defaultsFor();
  for (const f of TEXT_FIELDS) {
    const v = url.get(URL_KEYS[f]);
    if (v !== null) texts[f] = v;
  }
  const points = readPoints(url.get('add'), classCount(dataset));
  let extra: ExtraPoint[] = points.points;
  let speed: Speed = url.choice('speed', SPEED_CHOICES, 'max');
  let budget: Budget = url.choice('budget', BUDGET_CHOICES, '5000');
  let ratio: Ratio = url.choice('ratio', RATIO_CHOICES, '100');
  let l2: L2 = url.choice('l2', L2_CHOICES, '0.0001');
  let batch: Batch = url.choice('batch', BATCH_CHOICES, 'all');
  // What the URL held that could not be used, said once above the settings (the defaults are used instead).
  const urlNotes: string[] = [...url.problems];
  for (const [key, allowed] of [['dataset', TRAIN_DATASETS], ['act', TRAIN_ACTIVATIONS], ['opt', TRAIN_OPTIMIZERS]] as const) {
    const v = url.get(key);
    if (v !== null && !(allowed as readonly string[]).includes(v)) urlNotes.push(`${key} '${v.slice(0, 30)}' is not one of ${allowed.join(', ')}`);
  }
  if (points.unreadable > 0) urlNotes.push(`${points.unreadable} of the added points in the URL could not be read`);
  if (points.overCap > 0) urlNotes.push(`${points.overCap} added points past the first ${MAX_EXTRA_POINTS} were left out`);
  let addClass = 0;

  // ---- DOM ----
  const view = el('div', { class: 'train-view' });
  root.append(view);
  const messages = new Map<string, HTMLElement>();
  const inputs = new Map<TextField, HTMLInputElement>();
  const selects = new Map<string, HTMLSelectElement>();

  const textField = (f: TextField, hint: string): HTMLElement => {
    const id = uid('train');
    const input = el('input', {
      id, type: 'text', inputmode: f === 'layers' ? 'text' : 'decimal', class: 'num', value: texts[f], spellcheck: 'false',
      autocomplete: 'off', 'aria-describedby': `${id}-msg`, 'data-testid': `train-${f}`, title: hint,
    });
    input.addEventListener('input', () => {
      texts[f] = input.value;
      settingsChanged(f);
    });
    inputs.set(f, input);
    const msg = el('div', { id: `${id}-msg`, class: 'train-msg', role: 'status', 'data-testid': `train-msg-${f}` });
    messages.set(f, msg);
    return el('div', { class: 'train-field' }, el('label', { for: id }, LABELS[f]), input, msg);
  };
  const selectField = (key: 'dataset' | 'activation' | 'optimizer', label: string, options: readonly string[]): HTMLElement => {
    const id = uid('train');
    const select = el('select', { id, 'data-testid': `train-${key}` }, ...options.map((o) => el('option', { value: o, selected: o === choice[key] }, o)));
    select.addEventListener('change', () => {
      const v = select.value;
      if (key === 'dataset' && isDataset(v)) {
        choice.dataset = v;
        // A new data set starts from its own defaults and without the points added to the old one.
        texts.samples = String(DEFAULT_SAMPLES[v]);
        texts.noise = String(DEFAULT_NOISE[v]);
        extra = [];
        addClass = 0;
      } else if (key === 'activation' && isActivation(v)) choice.activation = v;
      else if (key === 'optimizer' && isOptimizer(v)) {
        choice.optimizer = v;
        texts.lr = String(DEFAULT_LR[v]);
      }
      for (const [f, input] of inputs) if (input.value !== texts[f]) input.value = texts[f];
      settingsChanged(key);
    });
    selects.set(key, select);
    return el('div', { class: 'train-field' }, el('label', { for: id }, label), select);
  };

  const playButton = button('Play', () => (playing ? pause() : play()), { class: 'primary', 'data-testid': 'train-play', 'aria-pressed': 'false' });
  const stepButton = button('Step', () => {
    pause();
    runSteps(1);
    render();
  }, { 'data-testid': 'train-step-button', title: 'One training step' });
  const resetButton = button('Reset', () => {
    pause();
    draw++;
    restart();
  }, { 'data-testid': 'train-reset', title: 'New weights, same settings' });
  const classBox = el('div', { class: 'train-classes', role: 'radiogroup', 'aria-label': 'Class of a clicked point' });
  const runMessage = el('p', { class: 'train-msg train-run-msg', role: 'status', 'data-testid': 'train-message' });
  const pickField = <T extends string>(
    key: string, label: string, options: readonly T[], value: T, names: Record<T, string>, onChange: (v: T) => void, hint = '',
  ): HTMLElement => {
    const id = uid('train');
    const select = el('select', { id, 'data-testid': `train-${key}`, title: hint === '' ? undefined : hint }, ...options.map((o) => el('option', { value: o, selected: o === value }, names[o])));
    select.addEventListener('change', () => {
      onChange(select.value as T);
      writeUrl();
    });
    return el('div', { class: 'train-field' }, el('label', { for: id }, label), select);
  };
  const speedField = pickField('speed', 'speed', SPEED_CHOICES, speed, SPEED_NAMES, (v) => {
    speed = v;
  });
  const budgetField = pickField('budget', 'stop after', BUDGET_CHOICES, budget, BUDGET_NAMES, (v) => {
    budget = v;
  });
  // The split, the penalty and the batch make a new run (the Trainer holds them), at once.
  const ratioField = pickField('ratio', 'train on', RATIO_CHOICES, ratio, RATIO_NAMES, (v) => {
    ratio = v;
    restartKeepingPlay();
  }, 'The share of the points trained on; the rest are held out as the test set (100%: none)');
  const l2Field = pickField('l2', 'L2 weight', L2_CHOICES, l2, L2_NAMES, (v) => {
    l2 = v;
    restartKeepingPlay();
  }, 'alpha in the loss\'s penalty alpha·Σw²');
  const batchField = pickField('batch', 'batch size', BATCH_CHOICES, batch, BATCH_NAMES, (v) => {
    batch = v;
    restartKeepingPlay();
  }, 'Training points per step, drawn at random each step (all: the whole training set)');

  const canvas = el('canvas', { class: 'train-canvas', 'data-testid': 'train-canvas', tabindex: '0', 'aria-label': 'Decision boundary, training points (filled) and test points (rings); click to add a point' });
  const readout = (testid: string, label: string): HTMLElement => el('div', { class: 'train-readout' }, el('span', { class: 'muted small' }, label), el('output', { class: 'num', 'data-testid': testid }, '—'));
  const stats = el('div', { class: 'train-stats' },
    readout('train-step', 'step'),
    readout('train-loss', 'loss'),
    readout('train-accuracy', 'train accuracy'),
    readout('train-correct', 'right / points'),
    readout('train-test-loss', 'test loss'),
    readout('train-test-accuracy', 'test accuracy'),
    readout('train-steps-per-second', 'steps/s'),
    readout('train-path', 'compiled steps'),
  );
  const info = el('p', { class: 'muted small', 'data-testid': 'train-info' });
  const legend = el('p', { class: 'train-legend small', 'aria-hidden': 'true' },
    el('span', { class: 'train-dot' }), ' training point ', el('span', { class: 'train-dot train-dot-test' }), ' test point (held out) ',
    el('span', { class: 'train-dot train-dot-added' }), ' added by hand');
  const diagram = new NetworkDiagram({
    layers: (d) => editLayers((ls) => (d > 0 ? [...ls, ls[ls.length - 1] ?? 4] : ls.slice(0, -1))),
    neurons: (i, d) => editLayers((ls) => ls.map((n, j) => (j === i ? Math.min(MAX_NEURONS, Math.max(1, n + d)) : n))),
  }, { maxLayers: MAX_LAYERS, maxNeurons: MAX_NEURONS });
  const curves = el('div', { class: 'train-curves', 'data-testid': 'train-curves' });

  view.append(
    el('h2', {}, 'Train'),
    el('p', { class: 'lead' },
      el('strong', {}, 'Watch a network learn: at each step one backward pass gives the gradient of the loss for every weight at once, and each weight moves a little against its gradient. '),
      'Press Step to see one step, Play to watch many.'),
    el('p', { class: 'fine' },
      'A multilayer perceptron learns to separate the points, trained by memograd\'s Trainer on the training points (all of them at each step, or a random batch); the test points are held out and only scored. ',
      'With all the training points as the batch, the first step builds the loss graph (every point\'s forward pass, the loss, the L2 penalty) and flattens it with compile(); ',
      'every later step replays it with run(), the same values and gradients as backward() bit for bit, then the optimizer moves the weights. ',
      'A smaller batch runs on compileBatch(): a graph compiled once for the batch size, into which each step writes its random points, the same numbers as a new graph and backward() per step. Click on the plot to add a point.'),
    el('div', { class: 'train-layout' },
      el('div', { class: 'panel train-controls' },
        speedField, budgetField,
        selectField('dataset', 'data', TRAIN_DATASETS),
        textField('samples', 'How many points (4 to 1000)'),
        textField('noise', 'Standard deviation of the noise (0 to 2; the spiral\'s is in radians of angle)'),
        textField('seed', 'Seed of the data (the weights use seed + 1)'),
        textField('layers', 'Hidden layer sizes, comma-separated (empty: no hidden layer)'),
        selectField('activation', 'activation', TRAIN_ACTIVATIONS),
        selectField('optimizer', 'optimizer', TRAIN_OPTIMIZERS),
        textField('lr', 'Learning rate (changes take effect at once, without a reset)'),
        ratioField, l2Field, batchField,
        el('fieldset', { class: 'train-add' }, el('legend', {}, 'A click adds a point of class'), classBox),
      ),
      el('div', { class: 'panel train-main' }, el('div', { class: 'train-buttons' }, playButton, stepButton, resetButton), runMessage,
        stats, el('div', { class: 'train-plot' }, canvas), legend, info),
      el('div', { class: 'panel train-curves-panel' }, el('h3', {}, 'Loss and accuracy'), curves),
      el('section', { class: 'panel train-network-panel', 'aria-labelledby': 'train-network-title' },
        el('h3', { id: 'train-network-title' }, 'The network: each neuron\'s output over the plane'), diagram.root),
    ),
  );

  // ---- the run ----
  let engine: TrainEngine | null = null;
  let extent: Extent = { x0: -1.5, x1: 2.5, y0: -1.5, y1: 1.5 };
  let history: TrainRecord[] = [];
  // The test set's loss and accuracy, measured at each drawing (not each step) from the current weights.
  let testHistory: TrainRecord[] = [];
  let last: TrainRecord | null = null;
  // When the heat maps may be drawn again while playing (see render).
  let networkAt = -Infinity;
  let playing = false;
  let frame = 0;
  // When the last step ran, for the slow speeds (steps per second rather than per frame).
  let lastStepAt = 0;
  // Set when Play resumes a converged run: it then runs on to the budget.
  let convergedOff = false;
  let alive = true;
  // Steps/s over a sliding window of recent frames: [time, steps] pairs.
  let rate: [number, number][] = [];
  let stepsPerSecond = NaN;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  // Which draw of initial weights: Reset takes the next one (seed + 1 + draw).
  let draw = 0;

  function settings(): TrainSettings | string {
    const read: Partial<Record<TextField, number | number[]>> = {};
    const problems: string[] = [];
    for (const f of TEXT_FIELDS) {
      const r = readField(f, texts[f]);
      const msg = messages.get(f) as HTMLElement;
      const input = inputs.get(f) as HTMLInputElement;
      if (r.ok) {
        read[f] = r.value;
        msg.textContent = '';
        input.removeAttribute('aria-invalid');
      } else {
        problems.push(r.message);
        msg.textContent = r.message;
        input.setAttribute('aria-invalid', 'true');
      }
    }
    if (read.layers !== undefined && read.samples !== undefined) {
      const big = sizeProblem(choice.dataset, read.layers as number[], (read.samples as number) + extra.length);
      if (big !== '') {
        problems.push(big);
        (messages.get('layers') as HTMLElement).textContent = big;
        (inputs.get('layers') as HTMLInputElement).setAttribute('aria-invalid', 'true');
      }
    }
    if (problems.length > 0) return problems.join('; ');
    const s: TrainSettings = {
      dataset: choice.dataset,
      samples: read.samples as number,
      noise: read.noise as number,
      seed: read.seed as number,
      layers: read.layers as number[],
      activation: choice.activation,
      optimizer: choice.optimizer,
      lr: read.lr as number,
      ratio: Number(ratio),
      l2: Number(l2),
      batch: batch === 'all' ? null : Number(batch),
    };
    return s;
  }

  /** A new run from the settings (new data, new weights); on a bad setting the old run stays, paused. */
  function restart(): boolean {
    const s = settings();
    if (typeof s === 'string') {
      pause();
      runMessage.textContent = `Not started: ${s}`;
      return false;
    }
    try {
      engine = new TrainEngine(s, extra, draw);
    } catch (e) {
      // The settings are checked above; a library error here is a bug, reported but never thrown at the user.
      console.error(e);
      runMessage.textContent = `Could not start: ${e instanceof Error ? e.message : String(e)}`;
      engine = null;
      return false;
    }
    runMessage.textContent = '';
    extent = plotExtent([...engine.data.X, ...engine.test.X]);
    canvas.setAttribute('data-extent', JSON.stringify(extent));
    // A new run has no speed yet: the last run's figure would be a claim about this one.
    rate = [];
    stepsPerSecond = NaN;
    convergedOff = false;
    history = [];
    testHistory = [];
    last = null;
    networkAt = -Infinity;
    renderClasses();
    render();
    return true;
  }

  function settingsChanged(what: TextField | 'dataset' | 'activation' | 'optimizer'): void {
    writeUrl();
    if (what === 'lr' && engine !== null) {
      // The learning rate changes the run in place: the weights and the optimizer's state carry on.
      const r = readField('lr', texts.lr);
      const msg = messages.get('lr') as HTMLElement;
      if (r.ok) {
        engine.optimizer.lr = r.value as number;
        msg.textContent = '';
        (inputs.get('lr') as HTMLInputElement).removeAttribute('aria-invalid');
      } else {
        msg.textContent = r.message;
        (inputs.get('lr') as HTMLInputElement).setAttribute('aria-invalid', 'true');
        pause();
      }
      return;
    }
    clearTimeout(restartTimer);
    if (what !== 'dataset' && what !== 'activation' && what !== 'optimizer') {
      // A typed field is checked at once (its message shows as the text changes); the new run,
      // whose compile takes a moment, starts when typing pauses. The old run goes on meanwhile.
      if (typeof settings() === 'string') {
        view.removeAttribute('data-pending');
        return;
      }
      view.setAttribute('data-pending', 'restart');
      restartTimer = setTimeout(() => {
        view.removeAttribute('data-pending');
        restartKeepingPlay();
      }, RESTART_DELAY_MS);
      return;
    }
    view.removeAttribute('data-pending');
    restartKeepingPlay();
  }

  function restartKeepingPlay(): void {
    const wasPlaying = playing;
    pause();
    if (restart() && wasPlaying) play();
  }

  function writeUrl(): void {
    const p = new URLSearchParams();
    p.set('dataset', choice.dataset);
    // A field that does not read stays in its box with its message, but not in the link.
    const put = (key: string, f: TextField): void => {
      if (readField(f, texts[f]).ok) p.set(key, texts[f]);
    };
    put('seed', 'seed');
    put('noise', 'noise');
    put('points', 'samples');
    put('layers', 'layers');
    p.set('act', choice.activation);
    p.set('opt', choice.optimizer);
    put('lr', 'lr');
    if (ratio !== '100') p.set('ratio', ratio);
    if (l2 !== '0.0001') p.set('l2', l2);
    if (batch !== 'all') p.set('batch', batch);
    if (extra.length > 0) p.set('add', formatPoints(extra));
    if (playing) p.set('play', '1');
    if (speed !== 'max') p.set('speed', speed);
    if (budget !== '5000') p.set('budget', budget);
    setParams(p);
  }

  /** Runs n steps; stops the run (with a message) at the first non-finite loss or parameter. */
  function runSteps(n: number): number {
    if (engine === null) return 0;
    let done = 0;
    for (; done < n; done++) {
      let r: TrainRecord;
      try {
        r = engine.step();
      } catch (e) {
        if (!(e instanceof DivergedError)) throw e;
        // A learning rate too large: the run cannot go on (a NaN weight stays NaN), so it stops here.
        pause();
        runMessage.textContent = `${e.message.replace(/^training diverged/, 'Training diverged')}: lower the learning rate, then Reset.`;
        engine = null;
        return done;
      }
      last = r;
      history.push(r);
    }
    return done;
  }

  /** Stops the run, with a message, at the step budget or at convergence; true when it stopped. */
  function stopIfDone(): boolean {
    if (engine === null || last === null) return false;
    if (budget !== 'none' && last.step >= Number(budget)) {
      pause();
      runMessage.textContent = `Stopped at the step budget: ${last.step.toLocaleString('en-US')} steps. Play goes on.`;
      return true;
    }
    const before = history[history.length - 1 - CONVERGED_WINDOW];
    // With minibatches a step's accuracy is its batch's: the whole training set must be right too (checked last, the costlier test).
    if (!convergedOff && last.accuracy === 1 && before !== undefined && Math.abs(before.loss - last.loss) <= CONVERGED_CHANGE * Math.abs(before.loss) &&
      (engine.trainer.replays || engine.accuracy() === 1)) {
      pause();
      runMessage.textContent = `Converged at step ${last.step.toLocaleString('en-US')}: 100% right, and the loss moved by less than 0.1% over the last ${CONVERGED_WINDOW} steps.`;
      return true;
    }
    return false;
  }

  function loop(now: number): void {
    if (!alive || !playing) return;
    const start = performance.now();
    let n = 0;
    if (speed === '1' || speed === '5') {
      // A few steps a second, to watch each one.
      if (now - lastStepAt >= 1000 / Number(speed)) {
        lastStepAt = now;
        n = runSteps(1);
      }
    } else if (speed === 'frame' || speed === '10frame') {
      const want = speed === 'frame' ? 1 : 10;
      while (playing && n < want && !stopIfDone()) n += runSteps(1);
    } else {
      // At least one step per frame, then as many as fit in the frame's budget.
      do n += runSteps(1);
      while (playing && !stopIfDone() && performance.now() - start < FRAME_BUDGET_MS);
    }
    stopIfDone();
    rate.push([now, n]);
    while (rate.length > 1 && now - (rate[0] as [number, number])[0] > 1000) rate.shift();
    if (rate.length > 1) {
      const span = now - (rate[0] as [number, number])[0];
      const steps = rate.slice(1).reduce((sum, [, k]) => sum + k, 0);
      if (span >= 250) stepsPerSecond = (1000 * steps) / span;
    }
    render();
    if (playing) frame = requestAnimationFrame(loop);
  }

  function play(): void {
    if (playing) return;
    if (engine === null && !restart()) return;
    playing = true;
    lastStepAt = 0;
    // Play after a stop goes on past the budget (to the next one up) and past convergence.
    if (runMessage.textContent?.startsWith('Stopped at the step budget') === true || runMessage.textContent?.startsWith('Converged') === true) {
      runMessage.textContent = '';
      let i = BUDGET_CHOICES.indexOf(budget);
      while (budget !== 'none' && last !== null && last.step >= Number(budget)) budget = BUDGET_CHOICES[++i] as Budget;
      (view.querySelector('[data-testid="train-budget"]') as HTMLSelectElement).value = budget;
      convergedOff = true;
    }
    rate = [];
    playButton.textContent = 'Pause';
    playButton.setAttribute('aria-pressed', 'true');
    writeUrl();
    frame = requestAnimationFrame(loop);
  }

  function pause(): void {
    if (!playing) return;
    playing = false;
    cancelAnimationFrame(frame);
    playButton.textContent = 'Play';
    playButton.setAttribute('aria-pressed', 'false');
    writeUrl();
  }

  function renderClasses(): void {
    const k = classCount(choice.dataset);
    if (addClass >= k) addClass = 0;
    classBox.replaceChildren(
      ...(CLASS_NAMES[k] as readonly string[]).map((name, c) => {
        const id = uid('cls');
        const radio = el('input', { type: 'radio', name: 'train-add-class', id, value: c, checked: c === addClass, 'data-testid': `train-class-${c}` });
        radio.addEventListener('change', () => {
          if (radio.checked) addClass = c;
        });
        return el('label', { for: id, class: `train-class train-class-${c}` }, radio, ` ${name}`);
      }),
    );
  }

  function text(testid: string, value: string): void {
    const node = view.querySelector(`[data-testid="${testid}"]`);
    if (node !== null && node.textContent !== value) node.textContent = value;
  }

  function render(): void {
    if (!alive) return;
    if (engine !== null) {
      const n = engine.data.X.length;
      const record = last;
      const t = engine.trainer;
      // With minibatches a step's record is its batch's: the readouts score the whole training set instead.
      const whole = t.replays || engine.settings.batch === null || engine.settings.batch >= n ? null : engine.metrics(engine.data);
      // Before the first step: the starting weights' accuracy (the loss comes with the compiled graph).
      const accuracy = whole?.accuracy ?? record?.accuracy ?? engine.accuracy();
      const loss = whole?.loss ?? record?.loss;
      text('train-step', String(record?.step ?? 0));
      text('train-loss', loss === undefined ? '—' : fmtLoss(loss));
      text('train-accuracy', `${(100 * accuracy).toFixed(1)}%`);
      text('train-correct', `${Math.round(accuracy * n)} / ${n}`);
      const tested = engine.metrics();
      text('train-test-loss', tested === null ? '—' : fmtLoss(tested.loss));
      text('train-test-accuracy', tested === null ? '—' : `${(100 * tested.accuracy).toFixed(1)}%`);
      const step = record?.step ?? 0;
      if (tested !== null && step > 0 && testHistory[testHistory.length - 1]?.step !== step) testHistory.push({ step, ...tested });
      text('train-steps-per-second', Number.isFinite(stepsPerSecond) ? stepsPerSecond.toFixed(0) : '—');
      const compiled = t.replays
        ? `${t.compiledSteps} of ${t.stepCount} steps replayed the compiled graph (compile() once, run() each step)`
        : engine.settings.batch !== null && engine.settings.batch < n
          ? `batches of ${engine.settings.batch}: ${t.compiledSteps > 0 ? `${t.compiledSteps} of ${t.stepCount} steps wrote a new random batch into the graph compileBatch() compiled for that size and replayed it` : 'each step builds its graph over a new random batch and runs backward() (the dynamic path)'}; the loss and accuracy shown are the whole training set's at the current weights, the curves each step's batch`
          : `each step builds its graph and runs backward() (the dynamic path); ${t.compiledSteps} compiled steps`;
      text('train-path', `${t.compiledSteps} / ${t.stepCount}`);
      const lossName = classCount(engine.settings.dataset) === 2 ? 'hinge loss' : 'softmax cross-entropy';
      const held = engine.test.X.length;
      const counts = held === 0
        ? `${n} points (${extra.length} added by hand)`
        : `${n} training points (${extra.length} added by hand) and ${held} test points held out (never trained on; their loss and accuracy are the current weights')`;
      text('train-info', `${counts}, ${engine.model.parameters().length} parameters; ${compiled}. Loss: ${lossName} + ${engine.settings.l2}·Σw², and accuracy, as measured by each step's forward pass.`);
      drawBoundary(canvas, engine, extent);
      diagram.build(engine.model);
      const now = performance.now();
      if (!playing || now >= networkAt) {
        diagram.update(extent);
        // The next redraw waits NETWORK_EVERY_MS, or ten times this one's cost if more: the maps never take over a tenth of Play's time.
        networkAt = now + Math.max(NETWORK_EVERY_MS, 10 * (performance.now() - now));
      }
    }
    drawCurves(curves, history, testHistory);
    view.setAttribute('data-step', String(last?.step ?? 0));
  }

  /** Applies a + or − of the network diagram to the hidden layers' sizes, and starts the new run at once. */
  function editLayers(change: (layers: number[]) => number[]): void {
    const r = readField('layers', texts.layers);
    const current = r.ok ? (r.value as number[]) : [...(engine?.settings.layers ?? TRAIN_DEFAULTS.layers)];
    const next = change(current).slice(0, MAX_LAYERS);
    texts.layers = next.join(',');
    (inputs.get('layers') as HTMLInputElement).value = texts.layers;
    clearTimeout(restartTimer);
    view.removeAttribute('data-pending');
    writeUrl();
    restartKeepingPlay();
  }

  // ---- clicks on the plot add points ----
  canvas.addEventListener('click', (e) => {
    if (engine === null) return;
    if (extra.length >= MAX_EXTRA_POINTS) {
      runMessage.textContent = `At most ${MAX_EXTRA_POINTS} points can be added by hand.`;
      return;
    }
    const r = canvas.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    const x = extent.x0 + ((e.clientX - r.left) / r.width) * (extent.x1 - extent.x0);
    const y = extent.y1 - ((e.clientY - r.top) / r.height) * (extent.y1 - extent.y0);
    const point: ExtraPoint = [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000, addClass];
    const big = sizeProblem(choice.dataset, engine.settings.layers, engine.data.X.length + 1);
    if (big !== '') {
      runMessage.textContent = big;
      return;
    }
    extra.push(point);
    engine.addPoint(point[0], point[1], point[2]);
    writeUrl();
    render();
  });

  const onResize = (): void => {
    diagram.relayout();
    networkAt = -Infinity;
    render();
  };
  window.addEventListener('resize', onResize);

  renderClasses();
  restart();
  if (urlNotes.length > 0 && runMessage.textContent === '') runMessage.textContent = `From the URL: ${urlNotes.join('; ')}; the defaults are used.`;
  writeUrl();
  if (params.get('play') === '1') play();

  return () => {
    alive = false;
    playing = false;
    clearTimeout(restartTimer);
    cancelAnimationFrame(frame);
    window.removeEventListener('resize', onResize);
    diagram.dispose();
  };
}

/** A loss to 6 significant digits (a NaN or infinite loss as itself). */
function fmtLoss(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x);
}
