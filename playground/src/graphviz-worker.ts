/**
 * Lays out DOT text with the library's toSvg (Graphviz, WebAssembly) off the page's main thread:
 * a layout of a few hundred edges can take seconds, and the page must keep answering meanwhile.
 * Left to right when that fits `width` (CSS pixels), else top to bottom if that is narrower, so
 * that the page parses one picture only.
 * Message in: { id, lr, tb, width }; message out: { id, svg, width } (the picture's width in CSS
 * pixels) or { id, error }.
 */
import { toSvg } from '../../src/svg.js';

interface Request {
  readonly id: number;
  readonly lr: string;
  readonly tb: string;
  readonly width: number;
}

/** Graphviz sizes pictures in points, 3/4 of a CSS pixel. */
const PX_PER_PT = 4 / 3;

/** The width Graphviz gave the picture, in CSS pixels (Infinity when it cannot be read). */
function widthOf(svg: string): number {
  const pt = /<svg[^>]*?\swidth="([\d.]+)pt"/.exec(svg)?.[1];
  return pt === undefined ? Infinity : Number(pt) * PX_PER_PT;
}

async function layout({ lr, tb, width }: Request): Promise<{ svg: string; width: number }> {
  let best = { svg: await toSvg(lr), width: 0 };
  best.width = widthOf(best.svg);
  if (best.width > width) {
    const down = await toSvg(tb);
    const w = widthOf(down);
    if (w < best.width) best = { svg: down, width: w };
  }
  return best;
}

self.addEventListener('message', (e: MessageEvent<Request>) => {
  const { id } = e.data;
  layout(e.data).then(
    ({ svg, width }) => self.postMessage({ id, svg, width }),
    (err: unknown) => self.postMessage({ id, error: err instanceof Error ? err.message : String(err) }),
  );
});
