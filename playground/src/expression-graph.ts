import { toDot, topologicalOrder } from '../../src/index.js';
import { toSvg } from '../../src/svg.js';
import type { DotDirection, Value } from '../../src/index.js';

/** The largest graph the view lays out: beyond it Graphviz takes seconds and the picture is unreadable. */
export const MAX_DRAWN_NODES = 400;
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
  const nodes = topologicalOrder(output).length;
  if (nodes > MAX_DRAWN_NODES) {
    return { svg: null, nodes, message: `The graph has ${nodes} Values; only graphs of up to ${MAX_DRAWN_NODES} are drawn here.` };
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
  const text = await toSvg(toDot(output, { precision: 4, direction }));
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
