/**
 * The network view: the post's Figure 2 with every number live. Inputs, target and weights are
 * editable; forward values sit on the nodes; the deltas and dE/dw1..dE/dw6 are computed three
 * independent ways (backward(), the post's delta rule, central finite differences) side by side.
 */
import { TOY_ACTIVATIONS, buildToyNetwork, toyDeltaRule } from '../../../src/index.js';
import type { ToyActivation, ToyNetwork } from '../../../src/index.js';
import { el, fmt, fmtDiff, numberField, selectField, svgEl, urlNotice } from '../ui.js';
import { UrlReader } from '../url-params.js';
import { PARAM_NAMES, WEIGHT_NAMES, readToyState, toyParams, writeToyState } from '../toy-state.js';
import type { ParamName, ToyState } from '../toy-state.js';

const RANGES: Record<ParamName, [number, number]> = {
  x1: [-2, 2], x2: [-2, 2], y: [-1, 1.5],
  w1: [-2, 2], w2: [-2, 2], w3: [-2, 2], w4: [-2, 2], w5: [-2, 2], w6: [-2, 2],
};

/** dE/dw by central differences of E, each E from a fresh network built by the library. */
export function finiteDifference(s: ToyState, w: (typeof WEIGHT_NAMES)[number]): number {
  const x = s.params[w];
  // h balances truncation (~h²) against rounding (~1e-16/h): ~1e-10 relative error at |w| ~ 1.
  const h = 1e-5 * Math.max(1, Math.abs(x));
  const at = (v: number): number => buildToyNetwork({ ...toyParams(s), [w]: v }, s.activation).E.data;
  return (at(x + h) - at(x - h)) / (2 * h);
}

export function mount(root: HTMLElement, params: URLSearchParams, setParams: (p: URLSearchParams) => void): () => void {
  const url = new UrlReader(params);
  const state = readToyState(url);

  const figure = el('div', { class: 'panel scroll', tabindex: 0, role: 'region', 'aria-label': 'The network, Figure 2 of the post' });
  const forwardTable = el('tbody');
  const deltaTable = el('tbody');
  const gradTable = el('tbody');
  const agreement = el('span', { 'data-testid': 'fd-agreement' });

  const controls = el('div', { class: 'panel' },
    el('h3', {}, 'Inputs, target, weights'),
    selectField('f', TOY_ACTIVATIONS, state.activation, (v) => {
      state.activation = v as ToyActivation;
      changed();
    }, 'activation'),
    ...PARAM_NAMES.map((n) => {
      const [min, max] = RANGES[n];
      return numberField({
        label: n, value: state.params[n], min, max, step: 0.01, testid: `input-${n}`,
        onChange: (x) => {
          state.params[n] = x;
          changed();
        },
      }).root;
    }),
    el('p', { class: 'small muted' }, 'Type any value in a box; the sliders cover the usual range.'),
  );

  root.append(
    el('h2', {}, 'The network'),
    urlNotice(url.problems),
    el('p', { class: 'lead' },
      el('strong', {}, 'Each weight\'s gradient is its layer\'s δ times one input: backward() computes each δ once and reuses it for two weights and for the layer below. '),
      'Change any number and check it three ways.'),
    el('p', { class: 'fine' },
      'The 2-2-1 network of the post (its Figure 2), with E = (y − ŷ)²/2. The forward values, the deltas ',
      'and the gradients are recomputed at once, by backward(), by the post\'s delta rule, and by finite differences.'),
    el('div', { class: 'layout' },
      controls,
      el('div', {}, figure)),
    el('div', { class: 'panel', style: 'margin-top:1rem' },
      el('h3', {}, 'dE/dw: three independent ways'),
      el('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'dE/dw three ways (scrolls sideways)' },
        el('table', { class: 'data num', 'data-testid': 'gradient-table' },
          el('thead', {}, el('tr', {}, ...['weight', 'backward()', 'delta rule', 'finite differences', 'backward − rule', 'backward − FD', 'note'].map((h) => el('th', { scope: 'col' }, h)))),
          gradTable)),
      el('p', { class: 'small muted' },
        'The delta rule is the post\'s hand derivation in plain numbers; finite differences use (E(w+h) − E(w−h)) / 2h, h = 1e-5·max(1, |w|). ',
        'Differences of 1e-16 are rounding. ', agreement)),
    el('div', {},
        el('div', { class: 'layout2' },
          el('div', { class: 'panel', style: 'margin-top:1rem' },
            el('h3', {}, 'Forward values'),
            el('table', { class: 'data num' }, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'node'), el('th', { scope: 'col' }, 'value'))), forwardTable)),
          el('div', { class: 'panel', style: 'margin-top:1rem' },
            el('h3', {}, 'Deltas δ = dE/dz, memoised and reused'),
            el('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'Deltas (scrolls sideways)' },
              el('table', { class: 'data num' },
                el('thead', {}, el('tr', {}, ...['delta', 'backward()', 'delta rule', 'difference'].map((h) => el('th', { scope: 'col' }, h)))),
                deltaTable)),
            el('p', { class: 'small muted' },
              'δ1(3) = (ŷ − y) f\'(z1(3)); δ1(2) = δ1(3) w5 f\'(z1(2)); δ2(2) = δ1(3) w6 f\'(z2(2)). ',
              'Each δ is computed once and used for two weights and the layer below.'))),
    ),
  );

  function render(): void {
    const net = buildToyNetwork(toyParams(state), state.activation);
    net.E.backward();
    const rule = toyDeltaRule(toyParams(state), state.activation);
    figure.replaceChildren(drawNetwork(net, state));
    forwardTable.replaceChildren(
      ...([
        ['z1(2)', 'z1_2', net.z1_2.data], ['a1(2)', 'a1_2', net.a1_2.data],
        ['z2(2)', 'z2_2', net.z2_2.data], ['a2(2)', 'a2_2', net.a2_2.data],
        ['z1(3)', 'z1_3', net.z1_3.data], ['ŷ = a1(3)', 'a1_3', net.a1_3.data], ['E', 'E', net.E.data],
      ] as const).map(([name, id, v]) => el('tr', {}, el('th', { scope: 'row' }, name), el('td', { 'data-testid': `value-${id}` }, fmt(v)))),
    );
    deltaTable.replaceChildren(
      ...([
        ['δ1(3)', 'delta1_3', net.z1_3.grad, rule.deltas.delta1_3],
        ['δ1(2)', 'delta1_2', net.z1_2.grad, rule.deltas.delta1_2],
        ['δ2(2)', 'delta2_2', net.z2_2.grad, rule.deltas.delta2_2],
      ] as const).map(([name, id, engine, hand]) => el('tr', {},
        el('th', { scope: 'row' }, name),
        el('td', { 'data-testid': `delta-backward-${id}` }, fmt(engine)),
        el('td', { 'data-testid': `delta-rule-${id}` }, fmt(hand)),
        el('td', { 'data-testid': `delta-diff-${id}` }, fmtDiff(engine - hand)))),
    );
    let worst = 0;
    let kinks = 0;
    gradTable.replaceChildren(
      ...WEIGHT_NAMES.map((w) => {
        const engine = net[w].grad;
        const hand = rule.gradients[w];
        const fd = finiteDifference(state, w);
        const kink = kinkBetween(state, w);
        if (kink === undefined) worst = Math.max(worst, Math.abs(engine - fd) / Math.max(Math.abs(engine), Math.abs(fd), 1e-300));
        else kinks++;
        return el('tr', { class: kink === undefined ? '' : 'kink' },
          el('th', { scope: 'row' }, `dE/d${w}`),
          el('td', { 'data-testid': `grad-backward-${w}` }, fmt(engine)),
          el('td', { 'data-testid': `grad-rule-${w}` }, fmt(hand)),
          el('td', { 'data-testid': `grad-fd-${w}` }, fmt(fd)),
          el('td', { 'data-testid': `diff-rule-${w}` }, fmtDiff(engine - hand)),
          el('td', { 'data-testid': `diff-fd-${w}` }, fmtDiff(engine - fd)),
          el('td', { 'data-testid': `note-${w}`, class: 'note' }, kink === undefined ? '' : `kink: relu at ${kink} = 0 lies within w ± h`));
      }),
    );
    // The agreement quoted is the one measured here, worst row first (rows across a kink aside).
    const digits = worst === 0 ? 16 : Math.max(0, Math.min(16, Math.floor(-Math.log10(worst))));
    agreement.textContent = `Here finite differences agree with backward() to ${digits} significant digits or more` +
      (kinks === 0 ? '.' : `, except the ${kinks === 1 ? 'row' : `${kinks} rows`} across a kink, where a difference quotient straddles the corner and backward() takes relu's one-sided slope.`);
  }

  function changed(): void {
    render();
    setParams(writeToyState(new URLSearchParams(), state));
  }

  render();
  // A link with values that could not be used is rewritten without them (the notice says which).
  if (url.problems.length > 0) setParams(writeToyState(new URLSearchParams(), state));
  return () => {};
}

/**
 * The relu node whose input crosses 0 between w − h and w + h (a kink inside the finite difference's
 * step), as its name, or undefined when there is none (or the activation is smooth).
 */
export function kinkBetween(s: ToyState, w: (typeof WEIGHT_NAMES)[number]): string | undefined {
  if (s.activation !== 'relu') return undefined;
  const x = s.params[w];
  const h = 1e-5 * Math.max(1, Math.abs(x));
  const lo = buildToyNetwork({ ...toyParams(s), [w]: x - h }, s.activation);
  const hi = buildToyNetwork({ ...toyParams(s), [w]: x + h }, s.activation);
  for (const [z, name] of [['z1_2', 'z1(2)'], ['z2_2', 'z2(2)'], ['z1_3', 'z1(3)']] as const) {
    if ((lo[z].data > 0) !== (hi[z].data > 0)) return name;
  }
  return undefined;
}

/** Figure 2, hand laid out: inputs left, two hidden units, the output, then E against the target. */
function drawNetwork(net: ToyNetwork, s: ToyState): SVGSVGElement {
  const W = 760;
  const H = 320;
  const pos = {
    x1: [50, 80], x2: [50, 240], h1: [370, 80], h2: [370, 240], o: [595, 160],
  } as const;
  const f = s.activation === 'sigmoid' ? 'σ' : s.activation;
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, class: 'graph figure', role: 'img', 'aria-label': 'The 2-2-1 network with its forward values and weight gradients' });
  const edge = (from: readonly [number, number], to: readonly [number, number], w: (typeof WEIGHT_NAMES)[number], t: number, dy: number): void => {
    const [x0, y0] = from;
    const [x1, y1] = to;
    const start = x0 === pos.x1[0] ? x0 + 40 : x0 + 64;
    svg.append(svgEl('line', { x1: start, y1: y0, x2: x1 - 64, y2: y1, class: 'edge' }));
    const lx = start + (x1 - 64 - start) * t;
    const ly = y0 + (y1 - y0) * t + dy;
    svg.append(svgEl('text', { x: lx, y: ly, 'text-anchor': 'middle', class: 'wlabel' },
      svgEl('tspan', { class: 'name' }, `${w} = ${fmt(net[w].data, 4)}`),
      svgEl('tspan', { x: lx, dy: 13, class: 'grad' }, `dE/d${w} = ${fmt(net[w].grad, 4)}`)));
  };
  edge(pos.x1, pos.h1, 'w1', 0.5, -22);
  edge(pos.x1, pos.h2, 'w2', 0.22, 4);
  edge(pos.x2, pos.h1, 'w3', 0.22, -8);
  edge(pos.x2, pos.h2, 'w4', 0.5, 14);
  edge(pos.h1, pos.o, 'w5', 0.5, -12);
  edge(pos.h2, pos.o, 'w6', 0.5, 8);
  const node = (at: readonly [number, number], lines: string[], cls: string, w = 88): void => {
    const [x, y] = at;
    const h = 16 * lines.length + 10;
    const g = svgEl('g', { class: `node ${cls}` }, svgEl('rect', { x: x - w / 2, y: y - h / 2, width: w, height: h, rx: 8 }));
    lines.forEach((t, i) => g.append(svgEl('text', { x, y: y - h / 2 + 19 + 16 * i, 'text-anchor': 'middle', class: i === 0 ? 'name' : '' }, t)));
    svg.append(g);
  };
  node(pos.x1, ['x1', fmt(net.x1.data, 4)], 'leaf', 80);
  node(pos.x2, ['x2', fmt(net.x2.data, 4)], 'leaf', 80);
  node(pos.h1, [`z1(2) = ${fmt(net.z1_2.data, 4)}`, `a1(2) = ${fmt(net.a1_2.data, 4)}`, `δ1(2) = ${fmt(net.z1_2.grad, 3)}`], 'z', 128);
  node(pos.h2, [`z2(2) = ${fmt(net.z2_2.data, 4)}`, `a2(2) = ${fmt(net.a2_2.data, 4)}`, `δ2(2) = ${fmt(net.z2_2.grad, 3)}`], 'z', 128);
  node(pos.o, [`z1(3) = ${fmt(net.z1_3.data, 4)}`, `ŷ = ${fmt(net.a1_3.data, 4)}`, `δ1(3) = ${fmt(net.z1_3.grad, 3)}`], 'z', 128);
  svg.append(svgEl('line', { x1: 659, y1: 160, x2: 680, y2: 160, class: 'edge' }));
  node([718, 160], ['E', fmt(net.E.data, 4), `y = ${fmt(net.y.data, 4)}`], 'leaf', 74);
  svg.append(svgEl('text', { x: 370, y: 20, 'text-anchor': 'middle', class: 'muted' }, `hidden layer, f = ${f}`));
  svg.append(svgEl('text', { x: 595, y: 105, 'text-anchor': 'middle', class: 'muted' }, `output, f = ${f}`));
  return svg;
}
