/**
 * Step through backward: the heart of the page. The toy network's graph, one node per step,
 * forward then backward. On the way back each node's gradient is complete when its turn comes,
 * is computed once, and is reused by every edge below it (memoised: dynamic programming), while
 * the path sum would multiply along every path from E anew. Every number comes from the
 * library's backwardSteps() and pathSumGradient().
 */
import { TOY_ACTIVATIONS, TOY_EXAMPLE_PARAMS, backwardSteps, buildToyNetwork, pathSumGradient, topologicalOrder, Value } from '../../../src/index.js';
import type { BackwardStep, ToyActivation, ToyNetwork } from '../../../src/index.js';
import { button, el, fmt, numParam, selectField, svgEl, uid } from '../ui.js';
import { DELTA_OF, PARAM_NAMES, nodeFields, readToyState, toyParams } from '../toy-state.js';
import type { NodeField, ToyState } from '../toy-state.js';

type Pass = 'forward' | 'backward';
const SPEEDS = ['0.5', '1', '2', '4', '8'] as const;
const MAX_DEPTH = 20;

/** Where each node of the toy graph sits: column (left to right, inputs to E) and row. */
const LAYOUT: Record<NodeField, readonly [number, number]> = {
  w1: [0, 0], x1: [0, 1.1], w3: [0, 2.2], x2: [0, 3.3], w2: [0, 4.4], w4: [0, 5.5],
  x1w1: [1, 0.5], x2w3: [1, 1.9], x1w2: [1, 3.3], x2w4: [1, 4.7],
  z1_2: [2, 1.2], z2_2: [2, 4.0],
  w5: [3, 0], a1_2: [3, 1.2], a2_2: [3, 4.0], w6: [3, 5.3],
  a1w5: [4, 0.6], a2w6: [4, 4.6],
  z1_3: [5, 2.6],
  y: [6, 1.2], a1_3: [6, 2.6],
  error: [7, 1.9], squaredError: [8, 1.9], E: [9, 1.9],
};
const COL = 120;
const ROW = 66;
const BOX_W = 106;
const BOX_H = 50;
const PAD = 30;

/** The ladder y(k+1) = y(k)*0.5 + y(k)*0.5 of depth k, as the walkthrough builds it. */
function ladder(depth: number): { x: Value; top: Value } {
  const x = new Value(1, 'x');
  let y = x;
  for (let i = 0; i < depth; i++) y = y.mul(0.5).add(y.mul(0.5));
  return { x, top: y };
}

export function mount(root: HTMLElement, params: URLSearchParams, setParams: (p: URLSearchParams) => void): () => void {
  const toy: ToyState = readToyState(params);
  let net!: ToyNetwork;
  let names!: Map<unknown, NodeField>;
  let order!: Value[];
  let steps!: BackwardStep[];
  let pass: Pass = params.get('pass') === 'forward' ? 'forward' : 'backward';
  let step = 0;
  let depth = Math.min(MAX_DEPTH, Math.max(1, Math.round(numParam(params, 'depth', 4))));
  let timer: number | undefined;
  let speed = '2';

  function build(): void {
    net = buildToyNetwork(toyParams(toy), toy.activation);
    names = nodeFields(net);
    order = topologicalOrder(net.E);
    steps = [...backwardSteps(net.E)];
  }
  build();
  step = Math.min(order.length, Math.max(0, Math.round(numParam(params, 'step', 0))));

  const label = (v: Value): string => {
    const f = names.get(v) as NodeField;
    const delta = DELTA_OF[f];
    return delta === undefined ? v.label : `${v.label} (${delta})`;
  };

  // ---- controls ----
  const forwardButton = button('Forward pass', () => setPass('forward'), { 'data-testid': 'pass-forward' });
  const backwardButton = button('Backward pass', () => setPass('backward'), { 'data-testid': 'pass-backward' });
  const prev = button('◀ Back', () => go(step - 1), { 'data-testid': 'prev', 'aria-keyshortcuts': 'ArrowLeft' });
  const next = button('Next ▶', () => go(step + 1), { 'data-testid': 'next', 'aria-keyshortcuts': 'ArrowRight', class: 'primary' });
  const play = button('▶ Play', () => (timer === undefined ? startPlay() : stopPlay()), { 'data-testid': 'play' });
  const reset = button('Start', () => go(0), { 'data-testid': 'reset', 'aria-keyshortcuts': 'Home' });
  const end = button('End', () => go(order.length), { 'data-testid': 'end', 'aria-keyshortcuts': 'End' });
  const scrubId = uid('step');
  const scrub = el('input', { id: scrubId, type: 'range', min: 0, max: order.length, step: 1, value: step, 'data-testid': 'step-slider' });
  scrub.addEventListener('input', () => go(scrub.valueAsNumber));
  const speedField = selectField('steps/s', SPEEDS, speed, (v) => {
    speed = v;
    if (timer !== undefined) {
      stopPlay();
      startPlay();
    }
  }, 'speed');
  const actField = selectField('f', TOY_ACTIVATIONS, toy.activation, (v) => {
    toy.activation = v as ToyActivation;
    build();
    render();
    sync();
  }, 'activation');

  const status = el('p', { class: 'status', 'aria-live': 'polite' });
  const graph = el('div', { class: 'panel scroll graph-panel' });
  const detail = el('div', { class: 'panel detail' });
  const counters = el('div', { class: 'panel counters' });
  const reuse = el('div', { class: 'panel' });
  const ladderPanel = el('div', { class: 'panel ladder' });

  root.append(
    el('h2', {}, 'Step through backward'),
    el('p', { class: 'lead' },
      'The forward pass computes each node\'s value from its inputs, left to right. The backward pass then walks back from E, ',
      'one node per step. When a node\'s turn comes, every node that uses it has already sent it its share, so its gradient ',
      'dE/d(node) is complete. It is written down once (memoised) and then reused: multiplied by each local derivative and ',
      'sent to the node\'s inputs, one multiplication per edge. Nothing is ever recomputed. That is dynamic programming; ',
      'the path sum below shows what it saves.'),
    el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Stepping' },
      el('div', { class: 'group', role: 'group', 'aria-label': 'Pass' }, forwardButton, backwardButton),
      el('div', { class: 'group' }, reset, prev, next, end, play),
      el('div', { class: 'group scrub' }, el('label', { for: scrubId }, 'step'), scrub),
      el('div', { class: 'group' }, speedField, actField)),
    status,
    graph,
    el('div', { class: 'steps-layout' }, detail, el('div', { class: 'side' }, counters, reuse)),
    ladderPanel,
  );

  function setPass(p: Pass): void {
    stopPlay();
    pass = p;
    step = 0;
    render();
    sync();
  }
  function go(k: number): void {
    const clamped = Math.min(order.length, Math.max(0, k));
    if (clamped === step) return;
    step = clamped;
    render();
    sync();
  }
  function startPlay(): void {
    if (step >= order.length) step = 0;
    play.textContent = '⏸ Pause';
    play.setAttribute('aria-pressed', 'true');
    timer = window.setInterval(() => {
      if (step >= order.length) {
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
    if (e.key === 'ArrowRight') go(step + 1);
    else if (e.key === 'ArrowLeft') go(step - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(order.length);
    else return;
    e.preventDefault();
  }
  document.addEventListener('keydown', onKey);

  // ---- rendering ----
  function render(): void {
    const n = order.length;
    forwardButton.setAttribute('aria-pressed', String(pass === 'forward'));
    backwardButton.setAttribute('aria-pressed', String(pass === 'backward'));
    prev.disabled = step === 0;
    next.disabled = step === n;
    scrub.value = String(step);
    scrub.max = String(n);
    status.replaceChildren(
      el('strong', {}, pass === 'forward' ? 'Forward pass' : 'Backward pass'), ', step ',
      el('span', { class: 'num', 'data-testid': 'step-index' }, String(step)), ' of ',
      el('span', { class: 'num', 'data-testid': 'step-total' }, String(n)),
      el('span', { class: 'muted' }, ' · ← → step, Home/End jump'),
    );
    const current = step === 0 ? undefined : pass === 'forward' ? order[step - 1] : steps[step - 1]?.node;
    graph.replaceChildren(drawGraph(current));
    // On a narrow screen the graph scrolls sideways: keep the node being computed in view. After
    // the next layout, not now: reading scrollWidth here would force a layout of a half-built page.
    if (current !== undefined && window.innerWidth < 1100) {
      const [c] = LAYOUT[names.get(current) as NodeField];
      requestAnimationFrame(() => {
        if (graph.scrollWidth <= graph.clientWidth) return;
        graph.scrollLeft = ((PAD + c * COL + BOX_W / 2) / (9 * COL + BOX_W + 2 * PAD)) * graph.scrollWidth - graph.clientWidth / 2;
      });
    }
    renderDetail(current);
    renderCounters();
    renderReuse();
  }

  /** The gradient each node holds after `k` backward steps, and whether it is complete. */
  function gradientsAfter(k: number): Map<Value, { g: number; done: boolean }> {
    const m = new Map<Value, { g: number; done: boolean }>();
    for (let i = 0; i < k; i++) {
      const s = steps[i] as BackwardStep;
      m.set(s.node, { g: s.gradient, done: true });
      for (const e of s.edges) m.set(e.parent, { g: e.parentGradient, done: false });
    }
    return m;
  }

  function drawGraph(current: Value | undefined): SVGSVGElement {
    const W = 9 * COL + BOX_W + 2 * PAD;
    const H = 5.5 * ROW + BOX_H + 2 * PAD + 14;
    const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, class: 'graph steps-graph', role: 'img', 'aria-label': 'The toy network\'s computation graph, inputs left, E right' });
    const at = (v: Value): [number, number] => {
      const [c, r] = LAYOUT[names.get(v) as NodeField];
      return [PAD + c * COL + BOX_W / 2, PAD + 14 + r * ROW + BOX_H / 2];
    };
    const computed = new Set(pass === 'forward' ? order.slice(0, step) : order);
    const grads = pass === 'backward' ? gradientsAfter(step) : new Map<Value, { g: number; done: boolean }>();
    const reads = readsAfter(step);
    const edges = svgEl('g');
    const nodes = svgEl('g');
    svg.append(edges, nodes);
    for (const v of order) {
      const [cx, cy] = at(v);
      for (const p of v.parents) {
        const [px, py] = at(p);
        const x0 = px + BOX_W / 2;
        const x1 = cx - BOX_W / 2;
        const mid = (x0 + x1) / 2;
        const active = v === current;
        edges.append(svgEl('path', { d: `M${x0},${py} C${mid},${py} ${mid},${cy} ${x1 - 4},${cy}`, class: active ? 'edge active' : 'edge' }));
      }
    }
    for (const v of order) {
      const f = names.get(v) as NodeField;
      const [cx, cy] = at(v);
      const g = grads.get(v);
      const kind = v.parents.length === 0 ? (f.startsWith('w') ? 'weight' : 'leaf') : DELTA_OF[f] !== undefined ? 'z' : 'inner';
      const classes = ['node', kind];
      if (v === current) classes.push('current');
      if (g?.done === true && v !== current) classes.push('done');
      if (pass === 'backward' && g?.done !== true) classes.push('pending');
      const group = svgEl('g', { class: classes.join(' '), 'data-testid': `node-${f}` },
        svgEl('rect', { x: cx - BOX_W / 2, y: cy - BOX_H / 2, width: BOX_W, height: BOX_H, rx: 7 }),
        svgEl('text', { x: cx, y: cy - 9, 'text-anchor': 'middle', class: 'name' }, DELTA_OF[f] === undefined ? v.label : `${v.label} ${DELTA_OF[f]}`),
        svgEl('text', { x: cx, y: cy + 5, 'text-anchor': 'middle' }, computed.has(v) ? `= ${fmt(v.data, 4)}` : '= ?'));
      if (pass === 'backward') {
        group.append(svgEl('text', { x: cx, y: cy + 19, 'text-anchor': 'middle', class: 'grad' }, g === undefined ? 'g: –' : `g ${g.done ? '=' : '≈'} ${fmt(g.g, 4)}`));
      }
      const r = reads.get(v);
      if (r !== undefined && r > 0) {
        group.append(
          svgEl('rect', { x: cx + BOX_W / 2 - 34, y: cy - BOX_H / 2 - 11, width: 40, height: 16, rx: 8, class: 'badge' }),
          svgEl('text', { x: cx + BOX_W / 2 - 14, y: cy - BOX_H / 2 + 1, 'text-anchor': 'middle', class: 'badge-text' }, `×${r}`));
      }
      nodes.append(group);
    }
    return svg;
  }

  /** How often each node's memoised gradient has been read by an edge after `k` backward steps. */
  function readsAfter(k: number): Map<Value, number> {
    const m = new Map<Value, number>();
    if (pass !== 'backward') return m;
    for (let i = 0; i < k; i++) {
      const s = steps[i] as BackwardStep;
      if (s.edges.length > 0) m.set(s.node, s.edges.length);
    }
    return m;
  }

  function renderDetail(current: Value | undefined): void {
    if (current === undefined) {
      detail.replaceChildren(
        el('h3', {}, 'Ready'),
        el('p', { 'data-testid': 'step-node' }, '–'),
        el('p', {}, pass === 'forward'
          ? 'Press Next (or →): each step computes one node\'s value from its inputs.'
          : 'Press Next (or →): the first step starts at E, whose gradient dE/dE is 1.'),
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
    const s = steps[step - 1] as BackwardStep;
    const delta = DELTA_OF[names.get(s.node) as NodeField];
    detail.replaceChildren(
      el('h3', {}, 'This step'),
      el('p', { class: 'big' }, 'dE/d', el('span', { 'data-testid': 'step-node' }, label(s.node)), ' = ',
        el('span', { class: 'num', 'data-testid': 'step-gradient' }, fmt(s.gradient))),
      el('p', { class: 'small' },
        s.index === 0 ? 'E itself: dE/dE = 1.' : 'Complete: every node that uses it has already sent its share.',
        delta === undefined ? '' : ` This is the post's ${delta}.`,
        ' E reaches it by ', el('strong', { 'data-testid': 'step-paths' }, String(s.paths)), s.paths === 1 ? ' path' : ' paths',
        '; the path sum would multiply along each from scratch: ',
        el('strong', { 'data-testid': 'step-path-mults' }, String(s.pathMultiplications)), ' multiplications for this one number.'),
      s.edges.length === 0
        ? el('p', { class: 'small' }, 'A leaf: nothing below it. Its gradient is an answer.')
        : el('div', { class: 'scroll' }, el('table', { class: 'data num small', 'data-testid': 'step-edges' },
          el('thead', {}, el('tr', {}, ...['to', 'local derivative', 'sends g × local', 'its gradient so far'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, ...s.edges.map((e, i) => el('tr', {},
            el('td', { 'data-testid': `edge-${i}-parent` }, e.parent.label),
            el('td', { 'data-testid': `edge-${i}-local` }, fmt(e.local)),
            el('td', { 'data-testid': `edge-${i}-contribution` }, fmt(e.contribution)),
            el('td', { 'data-testid': `edge-${i}-parent-gradient` }, fmt(e.parentGradient))))))),
      ...(s.edges.length > 1 ? [el('p', { class: 'small reuse-note' }, `The memoised gradient is reused ×${s.edges.length}, once per edge, never recomputed.`)] : []),
    );
  }

  function renderCounters(): void {
    const last = steps[steps.length - 1] as BackwardStep;
    const k = pass === 'backward' ? step : 0;
    const done = steps.slice(0, k);
    const leafMults = (list: readonly BackwardStep[]): number => list.reduce((t, s) => t + (s.node.parents.length === 0 ? s.pathMultiplications : 0), 0);
    const leafPaths = steps.reduce((t, s) => t + (s.node.parents.length === 0 ? s.paths : 0), 0);
    const bwd = k === 0 ? 0 : (steps[k - 1] as BackwardStep).multiplications;
    const ps = leafMults(done);
    const totalPs = leafMults(steps);
    counters.replaceChildren(
      el('h3', {}, 'Multiplications so far'),
      counterRow('backward(): one per edge', bwd, last.multiplications, 'mults-backward', 'bwd'),
      counterRow('path sum: one per edge of every path', ps, totalPs, 'mults-pathsum', 'ps'),
      el('p', { class: 'small muted' },
        `The path sum finds each input's gradient by multiplying along every path from E to it: `,
        el('span', { 'data-testid': 'paths-total' }, String(leafPaths)),
        ' paths to the 9 leaves. Its counter grows as backward() reaches each leaf. On this small network the saving is modest; the ladder below makes it exponential.'),
    );
  }

  function counterRow(text: string, value: number, total: number, testid: string, cls: string): HTMLElement {
    const max = Math.max(1, total);
    return el('div', { class: 'counter' },
      el('div', { class: 'counter-label' }, text, ': ',
        el('strong', { class: 'num', 'data-testid': testid }, String(value)), ' of ',
        el('span', { class: 'num', 'data-testid': `${testid}-total` }, String(total))),
      el('div', { class: `bar ${cls}`, role: 'presentation' }, el('div', { style: `width:${(100 * value) / max}%` })));
  }

  function renderReuse(): void {
    const reads = readsAfter(step);
    const rows = [...reads].filter(([, r]) => r > 1);
    const total = [...reads.values()].reduce((a, b) => a + b, 0);
    reuse.replaceChildren(
      el('h3', {}, 'Memoised gradients, reused'),
      el('p', { class: 'small' }, 'Each gradient is computed once; every edge below the node reads that stored number. Reads so far: ',
        el('strong', { 'data-testid': 'reads-total' }, String(total)), '.'),
      rows.length === 0
        ? el('p', { class: 'small muted' }, pass === 'backward' ? 'None yet: step the backward pass.' : 'The backward pass reuses gradients; switch to it.')
        : el('ul', { class: 'reuse-list' }, ...rows.map(([v, r]) => el('li', {},
          el('span', {}, label(v)), ' reused ×', el('strong', { 'data-testid': `reuse-${names.get(v) as string}` }, String(r))))),
    );
  }

  // ---- the ladder ----
  const depthId = uid('depth');
  const depthInput = el('input', { id: depthId, type: 'range', min: 1, max: MAX_DEPTH, step: 1, value: depth, 'data-testid': 'ladder-depth' });
  const ladderOut = el('div');
  let pending: number | undefined;
  depthInput.addEventListener('input', () => {
    depth = depthInput.valueAsNumber;
    sync();
    showLadder();
  });
  /**
   * The path sum really runs: past depth 16 it takes a noticeable moment (a second or so at 20),
   * so there it runs after the page has painted, and only for the slider's last position.
   */
  function showLadder(): void {
    window.clearTimeout(pending);
    if (depth <= 16) {
      renderLadder();
      return;
    }
    (ladderPanel.querySelector('[data-testid="ladder-depth-value"]') as HTMLElement).textContent = `${depth} (summing 2^${depth} paths…)`;
    pending = window.setTimeout(renderLadder, 150);
  }
  ladderPanel.append(
    el('h3', {}, 'The ladder: where memoising wins exponentially'),
    el('p', { class: 'small' },
      'Each rung computes y′ = y·0.5 + y·0.5: two roads from y to y′. With k rungs there are 2^k roads from the top down to x. ',
      'The path sum multiplies along every one of them; backward() multiplies once per edge, 4 per rung.'),
    el('div', { class: 'field' }, el('label', { for: depthId }, 'depth k'), el('span', { class: 'num', 'data-testid': 'ladder-depth-value' }), depthInput),
    ladderOut,
  );
  function renderLadder(): void {
    const { x, top } = ladder(depth);
    const all = [...backwardSteps(top)];
    const bwd = all[all.length - 1] as BackwardStep;
    const ps = pathSumGradient(top, x, { maxPaths: 2 ** MAX_DEPTH });
    (ladderPanel.querySelector('[data-testid="ladder-depth-value"]') as HTMLElement).textContent = String(depth);
    ladderOut.replaceChildren(
      drawLadder(Math.min(depth, 8), depth),
      el('div', { class: 'scroll' }, el('table', { class: 'data num small' },
        el('thead', {}, el('tr', {}, ...['', 'paths', 'multiplications', 'gradient'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {},
          el('tr', {}, el('th', { scope: 'row' }, 'path sum'),
            el('td', { 'data-testid': 'ladder-paths' }, String(ps.paths)),
            el('td', { 'data-testid': 'ladder-pathsum-mults' }, String(ps.multiplications)),
            el('td', { 'data-testid': 'ladder-pathsum-gradient' }, fmt(ps.gradient))),
          el('tr', {}, el('th', { scope: 'row' }, 'backward()'),
            el('td', {}, '–'),
            el('td', { 'data-testid': 'ladder-backward-mults' }, String(bwd.multiplications)),
            el('td', { 'data-testid': 'ladder-backward-gradient' }, fmt(bwd.gradient)))))),
      el('p', { class: 'small' }, `2^${depth} = ${2 ** depth} paths against 4·${depth} = ${4 * depth} multiplications: `,
        el('strong', {}, `${fmt(ps.multiplications / bwd.multiplications, 3)}× the work`), ' for the same gradient.'),
    );
  }

  render();
  showLadder();
  return () => {
    window.clearTimeout(pending);
    stopPlay();
    document.removeEventListener('keydown', onKey);
  };
}

/** k rungs drawn left to right, each pair of levels joined by two roads (the two products y·0.5). */
function drawLadder(shown: number, depth: number): SVGSVGElement {
  const gap = 64;
  const W = 40 + shown * gap + (shown < depth ? 50 : 0);
  const svg = svgEl('svg', { viewBox: `0 0 ${W} 80`, class: 'graph ladder-graph', role: 'img', 'aria-label': `A ladder of ${depth} rungs` });
  for (let i = 0; i < shown; i++) {
    const x0 = 20 + i * gap;
    const x1 = x0 + gap;
    svg.append(
      svgEl('path', { d: `M${x0},40 Q${(x0 + x1) / 2},8 ${x1},40`, class: 'edge' }),
      svgEl('path', { d: `M${x0},40 Q${(x0 + x1) / 2},72 ${x1},40`, class: 'edge' }));
  }
  for (let i = 0; i <= shown; i++) {
    svg.append(svgEl('circle', { cx: 20 + i * gap, cy: 40, r: 9, class: 'ladder-node' }),
      svgEl('text', { x: 20 + i * gap, y: 44, 'text-anchor': 'middle' }, i === 0 ? 'x' : String(i)));
  }
  if (shown < depth) svg.append(svgEl('text', { x: 30 + shown * gap, y: 44 }, `… ${depth}`));
  return svg;
}
