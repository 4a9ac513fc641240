import { toDot, toSvg, topologicalOrder } from '../../src/index.js';
import type { Value } from '../../src/index.js';

/** The largest graph the view lays out: beyond it Graphviz takes seconds and the picture is unreadable. */
export const MAX_DRAWN_NODES = 400;

/** A drawn graph (or null when it is too large), its node count, and a one-line status. */
export interface DrawnGraph {
  readonly svg: SVGSVGElement | null;
  readonly nodes: number;
  readonly message: string;
}

/**
 * The graph below `output` as an SVG element: the library's toDot, laid out by toSvg, whose
 * Graphviz (WebAssembly, about 1 MB) is a dynamic import made on the first drawing only.
 */
export async function drawExpressionGraph(output: Value): Promise<DrawnGraph> {
  const nodes = topologicalOrder(output).length;
  if (nodes > MAX_DRAWN_NODES) {
    return { svg: null, nodes, message: `The graph has ${nodes} Values; only graphs of up to ${MAX_DRAWN_NODES} are drawn here.` };
  }
  const text = await toSvg(toDot(output, { precision: 4 }));
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (!(svg instanceof SVGSVGElement)) throw new Error('Graphviz returned no SVG');
  // Graphviz sizes the picture in points: keep that as the largest size, and let it shrink to fit.
  const width = svg.getAttribute('width');
  svg.removeAttribute('height');
  if (width !== null) svg.style.maxWidth = width;
  svg.setAttribute('width', '100%');
  svg.setAttribute('class', 'expr-svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `The graph of the expression: ${nodes} Values`);
  return { svg: document.importNode(svg, true), nodes, message: `${nodes} Value${nodes === 1 ? '' : 's'}, laid out by Graphviz's dot.` };
}
