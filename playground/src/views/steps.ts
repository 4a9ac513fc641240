/**
 * Step through backward: the heart of the page. The toy network's graph, or the ladder's, one node
 * per step, forward then backward. On the way back each node's gradient is complete when its turn
 * comes, is computed once, and is reused by every path below it (memoised: dynamic programming),
 * while the path sum would multiply along every path from E anew. Every number comes from the
 * library's backwardSteps() and pathSumGradient().
 */
import { TOY_ACTIVATIONS, TOY_EXAMPLE_PARAMS, pathSumGradient } from '../../../src/index.js';
import type { BackwardStep, ToyActivation, Value } from '../../../src/index.js';
import { button, el, fmt, selectField, uid, urlNotice } from '../ui.js';
import { UrlReader } from '../url-params.js';
import { PARAM_NAMES, readToyState, toyParams } from '../toy-state.js';
import type { ToyState } from '../toy-state.js';
import { columnCentre, drawStepGraph, graphSize, ladderGraph, tangentSweep, toyGraph } from '../step-graph.js';
import type { Pass, StepGraph, TangentSweep } from '../step-graph.js';
import { drawLadderPlot } from '../ladder-plot.js';
import { exact } from '../exact.js';

type GraphName = 'toy' | 'ladder';
const SPEEDS = ['0.5', '1', '2', '4', '8'] as const;
const MAX_DEPTH = 20;

export function mount(root: HTMLElement, params: URLSearchParams, setParams: (p: URLSearchParams) => void): () => void {
  const url = new UrlReader(params);
  const toy: ToyState = readToyState(url);
  let which: GraphName = url.choice('graph', ['toy', 'ladder'] as const, 'toy');
  let pass: Pass = url.choice('pass', ['forward', 'backward', 'tangent'] as const, 'backward');
  let depth = url.number('depth', 4, { min: 1, max: MAX_DEPTH, integer: true });
  let g!: StepGraph;
  let step = 0;
  let timer: number | undefined;
  let speed = '2';

  // Forward mode: one sweep per input (leaf), in the graph's order.
  let leaves: Value[] = [];
  let sweeps: TangentSweep[] = [];
  function build(): void {
    g = which === 'ladder' ? ladderGraph(depth) : toyGraph(toyParams(toy), toy.activation);
    leaves = g.order.filter((v) => v.parents.length === 0);
    sweeps = leaves.map((leaf) => tangentSweep(g, leaf));
  }
  /** How many steps the current pass has: one per node, or one sweep per input in forward mode. */
  const total = (): number => (pass === 'tangent' ? leaves.length : g.order.length);
  build();
  step = url.number('step', 0, { min: 0, max: total(), integer: true });

  const label = (v: Value): string => {
    const delta = g.delta(v);
    return delta === undefined ? v.label : `${v.label} (${delta})`;
  };

  // ---- controls ----
  const forwardButton = button('Forward pass', () => setPass('forward'), { 'data-testid': 'pass-forward' });
  const backwardButton = button('Backward pass', () => setPass('backward'), { 'data-testid': 'pass-backward' });
  const tangentButton = button('Forward mode', () => setPass('tangent'), { 'data-testid': 'pass-tangent', title: 'Derivatives by forward mode: one sweep per input' });
  const prev = button('◀ Back', () => go(step - 1), { 'data-testid': 'prev', 'aria-keyshortcuts': 'ArrowLeft' });
  const next = button('Next ▶', () => go(step + 1), { 'data-testid': 'next', 'aria-keyshortcuts': 'ArrowRight', class: 'primary' });
  const play = button('▶ Play', () => (timer === undefined ? startPlay() : stopPlay()), { 'data-testid': 'play', 'aria-pressed': 'false' });
  const reset = button('Start', () => go(0), { 'data-testid': 'reset', 'aria-keyshortcuts': 'Home' });
  const end = button('End', () => go(total()), { 'data-testid': 'end', 'aria-keyshortcuts': 'End' });
  const scrubId = uid('step');
  const scrub = el('input', { id: scrubId, type: 'range', min: 0, max: total(), step: 1, value: step, 'data-testid': 'step-slider' });
  scrub.addEventListener('input', () => {
    stopPlay();
    go(scrub.valueAsNumber);
  });
  const speedField = selectField('steps/s', SPEEDS, speed, (v) => {
    speed = v;
    if (timer !== undefined) {
      stopPlay();
      startPlay();
    }
  }, 'speed');
  const graphField = selectField('graph', ['toy network', 'ladder'], which === 'ladder' ? 'ladder' : 'toy network', (v) => {
    which = v === 'ladder' ? 'ladder' : 'toy';
    rebuild(0);
  }, 'graph');
  const actField = selectField('f', TOY_ACTIVATIONS, toy.activation, (v) => {
    toy.activation = v as ToyActivation;
    rebuild(step);
  }, 'activation');
  const depthId = uid('depth');
  const depthInput = el('input', { id: depthId, type: 'range', min: 1, max: MAX_DEPTH, step: 1, value: depth, 'data-testid': 'ladder-depth' });
  const depthValue = el('span', { class: 'num', 'data-testid': 'ladder-depth-value' }, String(depth));
  depthInput.addEventListener('input', () => {
    depth = depthInput.valueAsNumber;
    depthValue.textContent = String(depth);
    rebuild(0);
  });
  const depthField = el('div', { class: 'group depth' }, el('label', { for: depthId }, 'depth k'), depthInput, depthValue);

  // The graph fits its box's width (every node on screen); Full size shows it larger, scrolling sideways.
  let zoomed = false;
  const zoom = button('Full size', () => {
    zoomed = !zoomed;
    render();
  }, { 'data-testid': 'graph-zoom', 'aria-pressed': 'false', title: 'Show the graph at full size (it scrolls sideways), or fitted to the width' });
  const status = el('p', { class: 'status', 'aria-live': 'polite' });
  const graph = el('div', { class: 'panel scroll graph-panel', tabindex: 0, role: 'region', 'aria-label': 'Computation graph (scrolls sideways)' });
  const detail = el('div', { class: 'panel detail' });
  const counters = el('div', { class: 'panel counters' });
  const reuse = el('div', { class: 'panel' });
  const ladderPanel = el('div', { class: 'panel ladder' });
  const legend = el('ul', { class: 'legend small', 'aria-label': 'Legend' },
    el('li', {}, el('span', { class: 'swatch current' }), 'node of this step'),
    el('li', {}, el('span', { class: 'swatch done' }), 'gradient complete'),
    el('li', {}, el('span', { class: 'swatch pending' }), 'partial: not all shares in yet'),
    el('li', {}, el('span', { class: 'swatch weight' }), 'weight'),
    el('li', {}, el('span', { class: 'swatch z' }), 'the post\'s δ'),
    el('li', {}, el('span', { class: 'pill below' }, '↓4'), 'paths below it: the path sum would recompute its gradient 4 times'),
    el('li', {}, el('span', { class: 'pill above' }, '↑2'), 'paths from the top reaching it: its one stored gradient sums them'),
    el('li', {}, el('span', { class: 'edge-sample' }, '×0.35'), 'an edge\'s local derivative'));

  root.append(
    el('h2', {}, 'Step through backward'),
    urlNotice(url.problems),
    el('p', { class: 'lead' },
      el('strong', {}, 'Backpropagation computes each node\'s gradient once, stores it, and reuses it for every path below it: one multiplication per edge, where summing over paths multiplies along every path from the top again. '),
      'Count both here, step by step.'),
    el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Graph and pass' },
      el('div', { class: 'group' }, graphField, actField, depthField),
      el('div', { class: 'group', role: 'group', 'aria-label': 'Pass' }, forwardButton, backwardButton, tangentButton),
      el('div', { class: 'group' }, speedField, zoom)),
    el('div', { class: 'stepper' },
      el('div', { class: 'group' }, reset, prev, next, end, play),
      el('div', { class: 'group scrub' }, el('label', { for: scrubId }, 'step'), scrub),
      status),
    el('div', { class: 'steps-main' }, graph, legend,
      el('div', { class: 'steps-layout' }, detail, el('div', { class: 'side' }, counters, reuse))),
    ladderPanel,
    el('p', { class: 'fine' },
      'How it works: the forward pass computes each node\'s value from its inputs, left to right. The backward pass then walks back from the top, ',
      'one node per step. When a node\'s turn comes, every node that uses it has already sent its share, so its gradient is complete; ',
      'it is multiplied by each edge\'s local derivative and sent on. The numbers come from the library\'s backwardSteps() and pathSumGradient().'),
  );

  function rebuild(at: number): void {
    stopPlay();
    build();
    step = Math.min(total(), at);
    render();
    sync();
  }
  function setPass(p: Pass): void {
    stopPlay();
    pass = p;
    step = 0;
    render();
    sync();
  }
  function go(k: number): void {
    const clamped = Math.min(total(), Math.max(0, k));
    if (clamped === step) return;
    step = clamped;
    render();
    sync();
  }
  function startPlay(): void {
    if (step >= total()) step = 0;
    play.textContent = '⏸ Pause';
    play.setAttribute('aria-pressed', 'true');
    timer = window.setInterval(() => {
      if (step >= total()) {
        stopPlay();
        return;
      }
      go(step + 1);
    }, 1000 / Number(speed));
  }
  function stopPlay(): void {
    if (timer !== undefined) window.clearInterval(timer);
    timer = undefined;
    play.textContent = '▶ Play';
    play.setAttribute('aria-pressed', 'false');
  }
  function sync(): void {
    const p = new URLSearchParams();
    if (which === 'ladder') p.set('graph', 'ladder');
    p.set('pass', pass);
    p.set('step', String(step));
    p.set('depth', String(depth));
    p.set('act', toy.activation);
    // The nine numbers only when they differ from the post's example, to keep links short.
    for (const n of PARAM_NAMES) if (toy.params[n] !== TOY_EXAMPLE_PARAMS[n]) p.set(n, String(toy.params[n]));
    setParams(p);
  }

  function onKey(e: KeyboardEvent): void {
    const t = e.target as HTMLElement | null;
    if (t !== null && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const to = e.key === 'ArrowRight' ? step + 1 : e.key === 'ArrowLeft' ? step - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? total() : undefined;
    if (to === undefined) return;
    // A key press takes over from autoplay.
    stopPlay();
    go(to);
    e.preventDefault();
  }
  document.addEventListener('keydown', onKey);

  // ---- rendering ----
  function render(): void {
    const n = total();
    forwardButton.setAttribute('aria-pressed', String(pass === 'forward'));
    backwardButton.setAttribute('aria-pressed', String(pass === 'backward'));
    tangentButton.setAttribute('aria-pressed', String(pass === 'tangent'));
    actField.hidden = which === 'ladder';
    depthField.hidden = which !== 'ladder';
    // A disabled button drops keyboard focus to the page: hand it to the other direction first.
    const focused = document.activeElement;
    prev.disabled = step === 0;
    next.disabled = step === n;
    if (focused === next && next.disabled) prev.focus();
    if (focused === prev && prev.disabled) next.focus();
    scrub.value = String(step);
    scrub.max = String(n);
    status.replaceChildren(
      el('strong', {}, pass === 'forward' ? 'Forward pass' : pass === 'tangent' ? 'Forward mode' : 'Backward pass'), pass === 'tangent' ? ', sweep ' : ', step ',
      el('span', { class: 'num', 'data-testid': 'step-index' }, String(step)), ' of ',
      el('span', { class: 'num', 'data-testid': 'step-total' }, String(n)),
      el('span', { class: 'muted keys' }, ' · ← → step, Home/End jump'),
    );
    const current = step === 0 ? undefined : pass === 'forward' ? g.order[step - 1] : pass === 'tangent' ? leaves[step - 1] : g.steps[step - 1]?.node;
    const sweep = pass === 'tangent' && step > 0 ? sweeps[step - 1] : undefined;
    const drawing = drawStepGraph(g, sweep === undefined ? { pass, step, current } : { pass, step, current, tangent: sweep });
    if (zoomed) drawing.style.minWidth = `${Math.round(graphSize(g).width * 0.9)}px`;
    zoom.setAttribute('aria-pressed', String(zoomed));
    graph.setAttribute('aria-label', zoomed ? 'Computation graph (scrolls sideways)' : 'Computation graph');
    graph.replaceChildren(drawing);
    // When the graph scrolls sideways, keep the node being computed in view. After the next
    // layout, not now: reading scrollWidth here would force a layout of a half-built page.
    if (current !== undefined && zoomed) {
      const [c] = g.at(current);
      requestAnimationFrame(() => {
        if (graph.scrollWidth <= graph.clientWidth) return;
        graph.scrollLeft = (columnCentre(c) / graphSize(g).width) * graph.scrollWidth - graph.clientWidth / 2;
      });
    }
    renderDetail(current);
    renderCounters();
    renderReuse();
    renderLadder();
  }

  function renderDetail(current: Value | undefined): void {
    if (current === undefined) {
      detail.replaceChildren(
        el('h3', {}, 'Ready'),
        el('p', { 'data-testid': 'step-node' }, '–'),
        el('p', {}, pass === 'forward'
          ? 'Press Next (or →): each step computes one node\'s value from its inputs.'
          : pass === 'tangent'
          ? `Press Next (or →): each step is one forward-mode sweep, pushing the derivative with respect to one input up to ${g.root.label}.`
          : `Press Next (or →): the first step starts at ${g.root.label}, whose gradient with respect to itself is 1.`),
      );
      return;
    }
    if (pass === 'forward') {
      const ps = current.parents;
      const c = current.constant;
      const inputs = [...ps.map((p) => `${p.label} = ${fmt(p.data, 6)}`), ...(c === undefined ? [] : [`constant ${c}`])];
      detail.replaceChildren(
        el('h3', {}, 'Computing a value'),
        el('p', { class: 'big' }, el('span', { 'data-testid': 'step-node' }, label(current)), ' = ',
          el('span', { class: 'num', 'data-testid': 'step-value' }, fmt(current.data))),
        el('p', {}, ps.length === 0 ? 'A leaf: an input, the target or a weight, given.' : `Op ${current.op} of ${inputs.join(', ')}.`),
      );
      return;
    }
    const top = g.root.label;
    if (pass === 'tangent') {
      const sw = sweeps[step - 1] as TangentSweep;
      const byReverse = (g.stepOf.get(current) as BackwardStep).gradient;
      detail.replaceChildren(
        el('h3', {}, `Sweep ${step} of ${leaves.length}`),
        el('p', { class: 'big' }, `d${top}/d`, el('span', { 'data-testid': 'step-node' }, label(current)), ' = ',
          el('span', { class: 'num', 'data-testid': 'tangent-result' }, fmt(sw.values.get(g.root) ?? 0))),
        el('p', {}, 'Forward mode seeds ', current.label, '\'s tangent with 1 and pushes it up: each node\'s tangent is the sum of local derivative × tangent over its edges. ',
          'This sweep gives the derivative of every node with respect to ', current.label, ' alone, in ',
          el('strong', { 'data-testid': 'tangent-sweep-mults' }, exact(sw.multiplications)), ' multiplications. ',
          'backward() gives the same number: ', el('span', { class: 'num', 'data-testid': 'tangent-backward' }, fmt(byReverse)), '.'),
      );
      return;
    }
    const s = g.steps[step - 1] as BackwardStep;
    const delta = g.delta(s.node);
    detail.replaceChildren(
      el('h3', {}, 'This step'),
      el('p', { class: 'big' }, `d${top}/d`, el('span', { 'data-testid': 'step-node' }, label(s.node)), ' = ',
        el('span', { class: 'num', 'data-testid': 'step-gradient' }, fmt(s.gradient))),
      el('p', {},
        s.index === 0 ? `${top} itself: d${top}/d${top} = 1. ` : 'Complete: every node that uses it has already sent its share. ',
        delta === undefined ? '' : `This is the post's ${delta}. `,
        el('strong', { 'data-testid': 'step-below' }, exact(s.pathsBelow)), s.pathsBelow === 1 ? ' path continues' : ' paths continue',
        ' below it to the inputs: ',
        s.pathsBelow === 1
          ? 'nothing to reuse.'
          : `the path sum would recompute this gradient for each of them; backward() reads this one stored number instead.`),
      el('p', { class: 'small' },
        `${top} reaches it by `, el('strong', { 'data-testid': 'step-paths' }, exact(s.paths)), s.paths === 1 ? ' path' : ' paths',
        ` (summed in the gradient above); multiplying along ${s.paths === 1 ? 'it' : 'each'} from scratch takes `,
        el('strong', { 'data-testid': 'step-path-mults' }, exact(s.pathMultiplications)), ' multiplications.'),
      s.edges.length === 0
        ? el('p', { class: 'small' }, 'A leaf: nothing below it. Its gradient is an answer.')
        : el('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'What this step sends down each edge' },
          el('table', { class: 'data num small', 'data-testid': 'step-edges' },
            el('thead', {}, el('tr', {}, ...['to', 'local derivative', 'sends g × local', 'its gradient so far'].map((h) => el('th', { scope: 'col' }, h)))),
            el('tbody', {}, ...s.edges.map((e, i) => el('tr', {},
              el('td', { 'data-testid': `edge-${i}-parent` }, e.parent.label),
              el('td', { 'data-testid': `edge-${i}-local` }, fmt(e.local)),
              el('td', { 'data-testid': `edge-${i}-contribution` }, fmt(e.contribution)),
              el('td', { 'data-testid': `edge-${i}-parent-gradient` }, fmt(e.parentGradient))))))),
    );
  }

  function renderCounters(): void {
    const last = g.steps[g.steps.length - 1] as BackwardStep;
    if (pass === 'tangent') {
      const done = sweeps.slice(0, step).reduce((t, x) => t + x.multiplications, 0);
      const all = sweeps.reduce((t, x) => t + x.multiplications, 0);
      counters.replaceChildren(
        el('h3', {}, 'Forward mode against reverse mode'),
        el('p', { class: 'small' }, `Every input's derivative of ${g.root.label}: forward mode needs one sweep per input, reverse mode (backward()) one sweep for them all.`),
        counterRow(`forward mode: sweeps ${step} of ${leaves.length}`, done, all, all, 'mults-tangent', 'ps'),
        counterRow('backward(): one sweep', last.multiplications, all, last.multiplications, 'mults-reverse', 'bwd'),
        el('p', { class: 'small' },
          el('span', { 'data-testid': 'sweeps-forward' }, exact(leaves.length)), leaves.length === 1 ? ' sweep' : ' sweeps', ' against ',
          el('span', { 'data-testid': 'sweeps-reverse' }, '1'), '. ',
          leaves.length === 1
            ? 'With one input, forward mode takes one sweep too: a tie.'
            : 'With one output and many inputs (a loss and its weights), reverse mode wins: that is why backprop runs backward.'),
        el('p', { class: 'fine' }, 'Forward mode wins the other way round: one input and many outputs take one forward sweep, but one backward sweep per output.'),
      );
      return;
    }
    const k = pass === 'backward' ? step : 0;
    const s = k === 0 ? undefined : (g.steps[k - 1] as BackwardStep);
    const bwd = s?.multiplications ?? 0;
    const ps = s?.pathSumMultiplications ?? 0;
    const leafSteps = g.steps.filter((x) => x.node.parents.length === 0);
    const leafPaths = leafSteps.reduce((t, x) => t + x.paths, 0);
    const leafMults = leafSteps.reduce((t, x) => t + x.pathMultiplications, 0);
    counters.replaceChildren(
      el('h3', {}, 'Multiplications for the same numbers'),
      el('p', { class: 'small' }, `The gradients complete so far and the shares they sent down their edges: what each method multiplies to get them.`),
      counterRow('backward(): one per edge', bwd, last.pathSumMultiplications, last.multiplications, 'mults-backward', 'bwd'),
      counterRow('path sum: along every path from the top', ps, last.pathSumMultiplications, last.pathSumMultiplications, 'mults-pathsum', 'ps'),
      k === 0
        ? el('p', { class: 'small' }, 'Step the backward pass to compare.')
        : el('p', { class: 'small' }, 'The path sum needs ', el('strong', { class: 'num', 'data-testid': 'mults-gap' }, exact(ps - bwd)), ' more so far',
          bwd > 0 ? ` (${fmt(ps / bwd, 3)}× as many)` : '', '.'),
      el('p', { class: 'fine' },
        `For the ${g.leaves} leaves' gradients alone (what training needs), the path sum multiplies along `,
        el('span', { 'data-testid': 'paths-total' }, exact(leafPaths)), ' paths: ',
        el('span', { class: 'num', 'data-testid': 'leaf-pathsum-mults' }, exact(leafMults)), ' multiplications, against backward()\'s ',
        exact(last.multiplications), which === 'toy' ? '. On this small network the saving is modest; the ladder makes it exponential.' : '.'),
    );
  }

  function counterRow(text: string, value: number, scale: number, total: number, testid: string, cls: string): HTMLElement {
    return el('div', { class: 'counter' },
      el('div', { class: 'counter-label' }, text, ': ',
        el('strong', { class: 'num', 'data-testid': testid }, exact(value)), ' of ',
        el('span', { class: 'num', 'data-testid': `${testid}-total` }, exact(total))),
      el('div', { class: `bar ${cls}`, role: 'presentation' }, el('div', { style: `width:${(100 * value) / Math.max(1, scale)}%` })));
  }

  function renderReuse(): void {
    reuse.hidden = pass === 'tangent';
    const done = pass === 'backward' ? g.steps.slice(0, step) : [];
    const rows = done.filter((s) => s.pathsBelow > 1);
    reuse.replaceChildren(
      el('h3', {}, 'Stored gradients, reused'),
      el('p', { class: 'small' },
        'Each node\'s gradient is computed once and read by every path below it. The path sum multiplies along the way from the top to the node again for each of those paths.'),
      rows.length === 0
        ? el('p', { class: 'small muted' }, pass === 'backward' ? 'None yet: step the backward pass.' : 'The backward pass reuses gradients; switch to it.')
        : el('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'Reused gradients' }, el('table', { class: 'data num small', 'data-testid': 'reuse-table' },
          el('thead', {}, el('tr', {}, ...['node', 'paths below', 'paths from the top', 'path-sum multiplications to reach it again'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, ...rows.map((s) => el('tr', { class: g.delta(s.node) === undefined ? '' : 'delta' },
            el('th', { scope: 'row' }, label(s.node)),
            el('td', { 'data-testid': `reuse-${g.name(s.node)}` }, exact(s.pathsBelow)),
            el('td', {}, exact(s.paths)),
            el('td', { 'data-testid': `resaved-${g.name(s.node)}` }, exact(s.pathsBelow * s.pathMultiplications))))))),
    );
  }

  // ---- the ladder's exact counts and plot ----
  let pending: number | undefined;
  let shownDepth = 0;
  /**
   * The path sum really runs: past depth 16 it takes a noticeable moment (a second or so at 20),
   * so there it runs after the page has painted, and only for the slider's last position.
   */
  function renderLadder(): void {
    if (which !== 'ladder') {
      ladderPanel.hidden = true;
      return;
    }
    ladderPanel.hidden = false;
    if (shownDepth === depth) return;
    window.clearTimeout(pending);
    const k = depth;
    const bwd = g.steps[g.steps.length - 1] as BackwardStep;
    const head = el('div', { class: 'ladder-head' },
      el('h3', {}, 'The ladder: where memoising wins exponentially'),
      el('p', { class: 'small' },
        'Each rung computes y′ = y·0.5 + y·0.5: two roads from y to y′, so k rungs give 2^k paths from the top down to x. ',
        'The path sum multiplies along every one of them; backward() multiplies once per edge, 4 per rung.'));
    const body = el('div', { class: 'ladder-out', 'data-testid': 'ladder-pending' }, el('p', { class: 'muted' }, `Summing 2^${k} paths…`));
    ladderPanel.replaceChildren(head, body, drawLadderPlot(MAX_DEPTH, k),
      el('p', { class: 'fine' }, 'Log scale. Orange: paths 2^k (solid) and the path sum\'s multiplications 2k·2^k (dashed); green: backward()\'s 4k. The dots mark depth k.'));
    const fill = (): void => {
      if (depth !== k) return;
      const ps = pathSumGradient(g.root, g.order[0] as Value, { maxPaths: 2 ** MAX_DEPTH });
      shownDepth = k;
      body.removeAttribute('data-testid');
      body.replaceChildren(
        el('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'The ladder\'s counts' }, el('table', { class: 'data num small' },
          el('thead', {}, el('tr', {}, ...['method', 'paths', 'multiplications', 'dy/dx'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {},
            el('tr', {}, el('th', { scope: 'row' }, 'path sum'),
              el('td', { 'data-testid': 'ladder-paths' }, exact(ps.paths)),
              el('td', { 'data-testid': 'ladder-pathsum-mults' }, exact(ps.multiplications)),
              el('td', { 'data-testid': 'ladder-pathsum-gradient' }, fmt(ps.gradient))),
            el('tr', {}, el('th', { scope: 'row' }, 'backward()'),
              el('td', {}, 'one pass'),
              el('td', { 'data-testid': 'ladder-backward-mults' }, exact(bwd.multiplications)),
              el('td', { 'data-testid': 'ladder-backward-gradient' }, fmt(bwd.gradient)))))),
        el('p', {}, `2^${k} = ${exact(ps.paths)} paths of ${2 * k} edges: `, el('strong', {}, `${exact(ps.multiplications)} multiplications`),
          ` against backward()'s 4·${k} = ${exact(bwd.multiplications)}, `,
          el('strong', { 'data-testid': 'ladder-ratio' }, `${exact(ps.multiplications / bwd.multiplications)} times as many`), ' for the same gradient.'));
    };
    if (k <= 16) fill();
    else pending = window.setTimeout(fill, 150);
  }

  render();
  sync();
  return () => {
    window.clearTimeout(pending);
    stopPlay();
    document.removeEventListener('keydown', onKey);
  };
}
