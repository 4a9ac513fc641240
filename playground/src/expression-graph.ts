import { toDot, topologicalOrder } from '../../src/index.js';
import type { DotDirection, Value } from '../../src/index.js';

/** The largest graph the view lays out: beyond it Graphviz takes seconds and the picture is unreadable. */
export const MAX_DRAWN_NODES = 400;
/** Nor more edges than this: a node used a hundred times (x*x*...*x) makes dot's layout crawl. */
export const MAX_DRAWN_EDGES = 300;

/**
 * The one Graphviz worker: layouts run there, never on the page's thread. A new request while one
 * is running ends that worker (a layout cannot be interrupted otherwise) and starts a fresh one,
 * so that a stale layout never delays the current one.
 */
let worker: Worker | null = null;
let busy: { id: number; reject: (e: Error) => void } | null = null;
let nextId = 0;

/** Thrown (as a rejection) for a layout that a newer one replaced. */
export class StaleLayout extends Error {}

function layoutInWorker(dot: string): Promise<string> {
  if (busy !== null) {
    worker?.terminate();
    worker = null;
    busy.reject(new StaleLayout('replaced by a newer layout'));
    busy = null;
  }
  worker ??= new Worker(new URL('./graphviz-worker.ts', import.meta.url), { type: 'module' });
  const w = worker;
  const id = ++nextId;
  return new Promise<string>((resolve, reject) => {
    busy = { id, reject };
    const done = (e: MessageEvent<{ id: number; svg?: string; error?: string }>): void => {
      if (e.data.id !== id) return;
      w.removeEventListener('message', done);
      busy = null;
      if (e.data.svg !== undefined) resolve(e.data.svg);
      else reject(new Error(e.data.error ?? 'Graphviz failed'));
    };
    w.addEventListener('message', done);
    w.postMessage({ id, dot });
  });
}
/** A picture is never shrunk below this fraction of its natural size: it scrolls instead. */
const MIN_SCALE = 0.8;
/** Graphviz sizes pictures in points, 3/4 of a CSS pixel. */
const PX_PER_PT = 4 / 3;

/** A drawn graph (or null when it is too large), its node count, and a one-line status. */
export interface DrawnGraph {
  readonly svg: SVGSVGElement | null;
  readonly nodes: number;
  readonly message: string;
}

/**
 * The graph below `output` as an SVG element: the library's toDot, laid out by toSvg, whose
 * Graphviz (WebAssembly, about 1 MB) is a dynamic import made on the first drawing only. Left to
 * right when that fits `width` (CSS pixels), else top to bottom if that is narrower; never shrunk
 * below MIN_SCALE of its natural size (the box around it scrolls).
 */
export async function drawExpressionGraph(output: Value, width: number): Promise<DrawnGraph> {
  const order = topologicalOrder(output);
  const nodes = order.length;
  if (nodes > MAX_DRAWN_NODES) {
    return { svg: null, nodes, message: `The graph has ${nodes} Values; only graphs of up to ${MAX_DRAWN_NODES} are drawn here.` };
  }
  const edges = order.reduce((t, v) => t + v.parents.length, 0);
  if (edges > MAX_DRAWN_EDGES) {
    return { svg: null, nodes, message: `The graph has ${edges} edges; only graphs of up to ${MAX_DRAWN_EDGES} edges are drawn here (Graphviz would take minutes).` };
  }
  let best = await layout(output, 'LR');
  if (best.width > width) {
    const tb = await layout(output, 'TB');
    if (tb.width < best.width) best = tb;
  }
  const svg = best.svg;
  const shown = Math.max(MIN_SCALE * best.width, Math.min(width, best.width));
  svg.removeAttribute('height');
  svg.setAttribute('width', String(Math.round(shown)));
  svg.setAttribute('class', 'expr-svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `The graph of the expression: ${nodes} Values`);
  return { svg, nodes, message: `${nodes} Value${nodes === 1 ? '' : 's'}, laid out by Graphviz's dot.` };
}

async function layout(output: Value, direction: DotDirection): Promise<{ svg: SVGSVGElement; width: number }> {
  const text = await layoutInWorker(toDot(output, { precision: 4, direction }));
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (!(root instanceof SVGSVGElement)) throw new Error('Graphviz returned no SVG');
  const svg = document.importNode(root, true);
  const pt = Number.parseFloat(svg.getAttribute('width') ?? '');
  return { svg, width: Number.isFinite(pt) ? pt * PX_PER_PT : width0(svg) };
}

function width0(svg: SVGSVGElement): number {
  const vb = svg.viewBox.baseVal;
  return vb === null || vb.width === 0 ? 600 : vb.width * PX_PER_PT;
}
