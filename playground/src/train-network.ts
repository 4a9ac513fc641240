/**
 * The Train view's network diagram, as TensorFlow Playground draws it: a column per layer (the two
 * inputs, each hidden layer, the outputs), each neuron a small heat map of its output over the
 * plotted plane, the connections coloured by their weight's sign and thickened by its size. A
 * neuron or connection under the pointer, or a neuron with keyboard focus, shows its weights as
 * text. Buttons + and − add and remove hidden layers and neurons.
 */
import type { MLP } from '../../src/index.js';
import { button, el, svgEl } from './ui.js';
import type { Extent } from './train-plot.js';

/** Cells of each heat map along a side (drawn scaled up, smoothed). */
const CELLS = 16;
/** Connections drawn at most; a bigger network's are left out (its neurons still show their weights). */
export const MAX_CONNECTIONS = 1200;
const POSITIVE: readonly [number, number, number] = [31, 95, 191];
const NEGATIVE: readonly [number, number, number] = [217, 72, 15];

/** What the diagram's buttons ask for. */
export interface NetworkActions {
  /** Add (+1) or remove (-1) a hidden layer. */
  readonly layers: (delta: 1 | -1) => void;
  /** Add (+1) or remove (-1) a neuron of hidden layer `layer` (from 0). */
  readonly neurons: (layer: number, delta: 1 | -1) => void;
}

/** Bounds of the + and − buttons. */
export interface NetworkBounds {
  readonly maxLayers: number;
  readonly maxNeurons: number;
}

interface NeuronView {
  readonly column: number;
  readonly index: number;
  readonly box: HTMLButtonElement;
  readonly canvas: HTMLCanvasElement;
}

/**
 * Every neuron's output at a grid of CELLS × CELLS points of the plane, per layer: [layer][neuron]
 * holds CELLS² values, row by row from the top. Layer 0 is the inputs (x and y themselves).
 */
export function neuronOutputs(model: MLP, e: Extent, cells = CELLS): Float64Array[][] {
  const layers = model.layers.map((layer) => layer.neurons.map((n) => ({ w: n.w.map((v) => v.data), b: n.b.data })));
  const act = model.activation;
  const inputs = [new Float64Array(cells * cells), new Float64Array(cells * cells)];
  const out: Float64Array[][] = [inputs];
  for (const layer of layers) out.push(layer.map(() => new Float64Array(cells * cells)));
  let input: number[] = [];
  for (let j = 0; j < cells; j++) {
    const y = e.y1 - ((j + 0.5) / cells) * (e.y1 - e.y0);
    for (let i = 0; i < cells; i++) {
      const x = e.x0 + ((i + 0.5) / cells) * (e.x1 - e.x0);
      const at = j * cells + i;
      (inputs[0] as Float64Array)[at] = x;
      (inputs[1] as Float64Array)[at] = y;
      input = [x, y];
      for (let l = 0; l < layers.length; l++) {
        const neurons = layers[l] as { w: number[]; b: number }[];
        const last = l === layers.length - 1;
        const next: number[] = [];
        for (let k = 0; k < neurons.length; k++) {
          const { w, b } = neurons[k] as { w: number[]; b: number };
          let z = b;
          for (let q = 0; q < w.length; q++) z += (w[q] as number) * (input[q] as number);
          if (!last) z = act === 'relu' ? (z > 0 || z !== z ? z : 0) : act === 'tanh' ? Math.tanh(z) : 1 / (1 + Math.exp(-z));
          next.push(z);
          ((out[l + 1] as Float64Array[])[k] as Float64Array)[at] = z;
        }
        input = next;
      }
    }
  }
  return out;
}

/** The diagram: build() when the network's shape changes, update() to redraw its heat maps and weights. */
export class NetworkDiagram {
  /** The diagram's element, with its buttons and the weights line. */
  readonly root: HTMLElement;
  private readonly columnsBox: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly details: HTMLElement;
  private readonly layerCount: HTMLElement;
  private readonly addLayer: HTMLButtonElement;
  private readonly removeLayer: HTMLButtonElement;
  private readonly note: HTMLElement;
  private neurons: NeuronView[] = [];
  private lines: { from: [number, number]; to: [number, number]; line: SVGLineElement; hit: SVGLineElement; drawn: string }[] = [];
  // Off screen the heat maps are not redrawn (a redraw runs the network over every map's grid); they are when they come into view.
  private visible = true;
  private stale = false;
  private extent: Extent | null = null;
  private readonly observer: IntersectionObserver | null;
  private shape = '';
  private linesPlaced = false;
  private model: MLP | null = null;
  // What the weights line is about: a neuron [column, index] or a connection; null: nothing.
  private shown: { kind: 'neuron'; at: [number, number] } | { kind: 'edge'; from: [number, number]; to: [number, number] } | null = null;

  constructor(private readonly actions: NetworkActions, private readonly bounds: NetworkBounds) {
    this.layerCount = el('output', { class: 'num', 'data-testid': 'train-layer-count' });
    this.removeLayer = button('−', () => this.actions.layers(-1), { class: 'train-pm', 'aria-label': 'Remove the last hidden layer', 'data-testid': 'train-layers-remove' });
    this.addLayer = button('+', () => this.actions.layers(1), { class: 'train-pm', 'aria-label': 'Add a hidden layer', 'data-testid': 'train-layers-add' });
    this.columnsBox = el('div', { class: 'train-net-columns' });
    this.svg = svgEl('svg', { class: 'train-net-lines', 'aria-hidden': 'true' });
    this.details = el('p', { class: 'train-weights num', 'data-testid': 'train-weights', 'aria-live': 'polite' }, 'Point at a neuron or a connection, or focus a neuron (Tab), to read its weights.');
    this.note = el('p', { class: 'muted small', 'data-testid': 'train-net-note' });
    this.root = el('div', { class: 'train-network', 'data-testid': 'train-network' },
      el('div', { class: 'train-net-head' }, el('span', {}, 'hidden layers'), this.removeLayer, this.layerCount, this.addLayer),
      el('div', { class: 'train-net-body' }, this.svg, this.columnsBox),
      this.details,
      this.note,
    );
    this.root.addEventListener('mouseleave', () => this.show(null));
    this.observer = typeof IntersectionObserver === 'undefined' ? null : new IntersectionObserver((entries) => {
      this.visible = entries.some((e) => e.isIntersecting);
      if (this.visible && this.stale && this.extent !== null) this.update(this.extent);
    });
    this.observer?.observe(this.root);
  }

  /** Stops watching whether the diagram is on screen (when the view unmounts). */
  dispose(): void {
    this.observer?.disconnect();
  }

  /** Lays out the diagram for `model` when its shape differs from the last one. */
  build(model: MLP): void {
    this.model = model;
    const sizes = [2, ...model.nouts];
    const shape = sizes.join(',');
    if (shape === this.shape) return;
    // A + or − that rebuilt the diagram keeps the keyboard focus (on its twin, or on the other of its pair).
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && this.root.contains(active) ? active.getAttribute('data-testid') : null;
    this.shape = shape;
    this.shown = null;
    const hidden = sizes.length - 2;
    this.layerCount.textContent = String(hidden);
    this.removeLayer.disabled = hidden === 0;
    this.addLayer.disabled = hidden >= this.bounds.maxLayers;
    const tallest = Math.max(...sizes);
    // Smaller heat maps for wide layers, so that a column of 64 stays on the screen.
    const side = Math.max(8, Math.min(30, Math.floor(600 / tallest) - 4));
    this.root.style.setProperty('--neuron', `${side}px`);
    this.neurons = [];
    this.columnsBox.replaceChildren(
      ...sizes.map((n, c) => {
        const kind = c === 0 ? 'input' : c === sizes.length - 1 ? 'output' : 'hidden';
        const head =
          kind === 'hidden'
            ? el('div', { class: 'train-net-colhead' },
              button('−', () => this.actions.neurons(c - 1, -1), {
                class: 'train-pm', 'aria-label': `Remove a neuron from hidden layer ${c}`, 'data-testid': `train-neurons-remove-${c}`, disabled: n <= 1,
              }),
              el('span', { class: 'num', 'data-testid': `train-neuron-count-${c}` }, String(n)),
              button('+', () => this.actions.neurons(c - 1, 1), {
                class: 'train-pm', 'aria-label': `Add a neuron to hidden layer ${c}`, 'data-testid': `train-neurons-add-${c}`, disabled: n >= this.bounds.maxNeurons,
              }))
            : el('div', { class: 'train-net-colhead muted small' }, kind === 'input' ? 'inputs' : n === 1 ? 'output' : 'outputs');
        const cells = Array.from({ length: n }, (_, k) => {
          const canvas = el('canvas', { width: CELLS, height: CELLS, 'aria-hidden': 'true' });
          const box = el('button', {
            type: 'button', class: `train-neuron train-neuron-${kind}`, 'data-testid': `train-neuron-${c}-${k}`,
            'aria-label': `${neuronName(c, k, sizes)}: show its weights`,
          }, canvas);
          const show = (): void => this.show({ kind: 'neuron', at: [c, k] });
          box.addEventListener('mouseenter', show);
          box.addEventListener('focus', show);
          box.addEventListener('click', show);
          this.neurons.push({ column: c, index: k, box, canvas });
          return box;
        });
        return el('div', { class: `train-net-col train-net-${kind}` }, head, el('div', { class: 'train-net-cells' }, ...cells));
      }),
    );
    let connections = 0;
    for (let c = 1; c < sizes.length; c++) connections += (sizes[c] as number) * (sizes[c - 1] as number);
    this.lines = [];
    this.svg.replaceChildren();
    if (connections <= MAX_CONNECTIONS) {
      for (let c = 1; c < sizes.length; c++) {
        for (let k = 0; k < (sizes[c] as number); k++) {
          for (let q = 0; q < (sizes[c - 1] as number); q++) {
            const line = svgEl('line', { class: 'train-net-line' });
            const hit = svgEl('line', { class: 'train-net-hit' });
            const from: [number, number] = [c - 1, q];
            const to: [number, number] = [c, k];
            hit.addEventListener('mouseenter', () => this.show({ kind: 'edge', from, to }));
            this.svg.append(line, hit);
            this.lines.push({ from, to, line, hit, drawn: '' });
          }
        }
      }
      this.note.textContent = `${connections} connections: blue for a positive weight, orange for a negative one, thicker for a larger one. Each heat map is its neuron's output over the plotted plane, scaled to its own largest value (blue positive, orange negative, white 0).`;
    } else {
      this.note.textContent = `${connections} connections, too many to draw: focus a neuron to read its weights. Each heat map is its neuron's output over the plotted plane, scaled to its own largest value (blue positive, orange negative, white 0).`;
    }
    this.linesPlaced = false;
    if (focused !== null) {
      const twin = focused.replace(/-(add|remove)(-|$)/, (_m, w: string, end: string) => `-${w === 'add' ? 'remove' : 'add'}${end}`);
      for (const id of [focused, twin]) {
        const e = this.root.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`);
        if (e !== null && !e.disabled) {
          e.focus();
          break;
        }
      }
    }
  }

  /** Redraws the heat maps over `extent` and the connections from the model's current weights. */
  update(extent: Extent): void {
    const model = this.model;
    this.extent = extent;
    if (model === null) return;
    this.stale = !this.visible;
    if (this.stale) return;
    if (!this.linesPlaced) this.placeLines();
    const outputs = neuronOutputs(model, extent);
    for (const n of this.neurons) {
      const values = (outputs[n.column] as Float64Array[])[n.index];
      if (values !== undefined) paint(n.canvas, values);
    }
    for (const edge of this.lines) {
      const w = weight(model, edge.from, edge.to);
      const width = (Number.isFinite(w) ? Math.min(5, 0.4 + 1.2 * Math.abs(w)) : 0.4).toFixed(1);
      const drawn = `${w >= 0 ? '+' : '-'}${width}`;
      // Only the connections whose look changed are touched: most stay the same between redraws.
      if (drawn === edge.drawn) continue;
      edge.drawn = drawn;
      edge.line.setAttribute('stroke', w >= 0 ? `rgb(${POSITIVE.join(',')})` : `rgb(${NEGATIVE.join(',')})`);
      edge.line.setAttribute('stroke-width', width);
    }
    this.show(this.shown);
  }

  /** Places the connections between the neurons' centres (after a layout or a resize). */
  placeLines(): void {
    const body = this.svg.parentElement;
    if (body === null || body.clientWidth === 0) return;
    const origin = body.getBoundingClientRect();
    this.svg.setAttribute('viewBox', `0 0 ${origin.width} ${origin.height}`);
    this.svg.setAttribute('width', String(origin.width));
    this.svg.setAttribute('height', String(origin.height));
    const centres = new Map<string, [number, number]>();
    for (const n of this.neurons) {
      const r = n.box.getBoundingClientRect();
      centres.set(`${n.column},${n.index}`, [r.left - origin.left + r.width / 2, r.top - origin.top + r.height / 2]);
    }
    for (const { from, to, line, hit } of this.lines) {
      const a = centres.get(from.join(','));
      const b = centres.get(to.join(','));
      if (a === undefined || b === undefined) continue;
      for (const l of [line, hit]) {
        l.setAttribute('x1', a[0].toFixed(1));
        l.setAttribute('y1', a[1].toFixed(1));
        l.setAttribute('x2', b[0].toFixed(1));
        l.setAttribute('y2', b[1].toFixed(1));
      }
    }
    this.linesPlaced = true;
  }

  /** Marks the connections for placing again at the next update (the layout changed). */
  relayout(): void {
    this.linesPlaced = false;
  }

  private show(what: NetworkDiagram['shown']): void {
    this.shown = what;
    const model = this.model;
    for (const { from, to, line } of this.lines) {
      const on = what !== null && (what.kind === 'edge' ? same(from, what.from) && same(to, what.to) : same(to, what.at) || same(from, what.at));
      line.classList.toggle('train-net-line-on', on);
    }
    if (model === null || what === null) return;
    const sizes = [2, ...model.nouts];
    let text: string;
    if (what.kind === 'edge') {
      text = `weight from ${neuronName(what.from[0], what.from[1], sizes)} to ${neuronName(what.to[0], what.to[1], sizes)}: ${fmtWeight(weight(model, what.from, what.to))}`;
    } else {
      const [c, k] = what.at;
      if (c === 0) text = `${neuronName(c, k, sizes)}: the point's ${k === 0 ? 'horizontal' : 'vertical'} coordinate, fed to every neuron of the next layer`;
      else {
        const neuron = model.layers[c - 1]?.neurons[k];
        if (neuron === undefined) return;
        const from = neuron.w.map((w, q) => `${c === 1 ? (q === 0 ? 'x' : 'y') : `h${c - 1}.${q + 1}`} ${fmtWeight(w.data)}`).join(', ');
        text = `${neuronName(c, k, sizes)}: bias ${fmtWeight(neuron.b.data)}; weights from ${from}`;
      }
    }
    if (this.details.textContent !== text) this.details.textContent = text;
  }
}

function same(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** A neuron's name (`sizes`: the neurons per column, inputs first): input x or y, hidden neuron h<layer>.<n> (from 1), or output. */
function neuronName(column: number, index: number, sizes: readonly number[]): string {
  if (column === 0) return `input ${index === 0 ? 'x' : 'y'}`;
  if (column === sizes.length - 1) return sizes[column] === 1 ? 'output' : `output ${index + 1}`;
  return `neuron h${column}.${index + 1}`;
}

/** The weight of the connection from neuron `from` to neuron `to` (columns counted from the inputs). */
function weight(model: MLP, from: readonly [number, number], to: readonly [number, number]): number {
  return model.layers[to[0] - 1]?.neurons[to[1]]?.w[from[1]]?.data ?? NaN;
}

function fmtWeight(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(4))) : String(x);
}

/** Paints a heat map: blue for positive values, orange for negative, white at 0, scaled to the largest |value|. */
function paint(canvas: HTMLCanvasElement, values: Float64Array): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  let max = 0;
  for (const v of values) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  const image = ctx.createImageData(CELLS, CELLS);
  const px = image.data;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const t = max > 0 && Number.isFinite(v) ? Math.min(1, Math.abs(v) / max) : 0;
    const col = v >= 0 ? POSITIVE : NEGATIVE;
    px[4 * i] = Math.round(255 + (col[0] - 255) * t * 0.85);
    px[4 * i + 1] = Math.round(255 + (col[1] - 255) * t * 0.85);
    px[4 * i + 2] = Math.round(255 + (col[2] - 255) * t * 0.85);
    px[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}
