import { LatestWorker } from './latest-worker.js';
import type { GraphPlan } from './expression-model.js';

/**
 * The one Graphviz worker: layouts run there, never on the page's thread; a newer layout ends one
 * still running (see LatestWorker).
 */
let layouts: LatestWorker<{ lr: string; tb: string; width: number }, { svg: string; width: number }> | null = null;

/** Ends a layout still running: its drawing is no longer wanted. */
export function cancelDrawing(): void {
  layouts?.cancel();
}

/** A picture is never shrunk below this fraction of its natural size: it scrolls instead. */
const MIN_SCALE = 0.8;

/** A drawn graph, its node count, and a one-line status. */
export interface DrawnGraph {
  readonly svg: SVGSVGElement;
  readonly nodes: number;
  readonly message: string;
}

/**
 * A graph plan (from the expression worker) as an SVG element, laid out by the library's toSvg in
 * the Graphviz worker (WebAssembly, about 1 MB, loaded on the first drawing only). Left to right
 * when that fits `width` (CSS pixels), else top to bottom if that is narrower; never shrunk below
 * MIN_SCALE of its natural size (the box around it scrolls). Rejects with Superseded when a newer
 * drawing replaces this one.
 */
export async function drawExpressionGraph(plan: GraphPlan & { dot: NonNullable<GraphPlan['dot']> }, width: number): Promise<DrawnGraph> {
  layouts ??= new LatestWorker(() => new Worker(new URL('./graphviz-worker.ts', import.meta.url), { type: 'module' }));
  const best = await layouts.run({ lr: plan.dot.lr, tb: plan.dot.tb, width });
  const doc = new DOMParser().parseFromString(best.svg, 'image/svg+xml');
  const root = doc.documentElement;
  if (!(root instanceof SVGSVGElement)) throw new Error('Graphviz returned no SVG');
  const svg = document.importNode(root, true);
  const natural = Number.isFinite(best.width) ? best.width : width;
  const shown = Math.max(MIN_SCALE * natural, Math.min(width, natural));
  const { nodes } = plan;
  svg.removeAttribute('height');
  svg.setAttribute('width', String(Math.round(shown)));
  svg.setAttribute('class', 'expr-svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `The graph of the expression: ${nodes} Values`);
  return { svg, nodes, message: `${nodes} Value${nodes === 1 ? '' : 's'}, laid out by Graphviz's dot.` };
}
