/** Attributes of the hand-written SVG pictures whose values are numbers (one, or a list). */
const NUMERIC = new Set(['x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'width', 'height', 'points', 'viewBox', 'transform', 'font-size', 'stroke-width', 'fill-opacity']);

/**
 * Every attribute of `svg` that holds something other than finite numbers where numbers belong
 * (`cx="NaN"`, `points="1,Infinity"`, `width=""`), as `name="value"`; empty when all are finite.
 * Any attribute at all that mentions NaN or Infinity is reported too.
 */
export function nonFiniteAttributes(svg: string): string[] {
  const bad: string[] = [];
  for (const [whole, name, value] of svg.matchAll(/\s([\w:-]+)="([^"]*)"/g) as IterableIterator<[string, string, string]>) {
    if (/NaN|Infinity/.test(value)) {
      bad.push(whole.trim());
      continue;
    }
    if (!NUMERIC.has(name)) continue;
    // A transform is rotate(a x y): its numbers are what is inside the parentheses.
    const text = name === 'transform' ? value.replace(/^rotate\((.*)\)$/, '$1') : value;
    const tokens = text.split(/[\s,]+/).filter((t) => t !== '');
    if (tokens.length === 0 || tokens.some((t) => !/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t) || !Number.isFinite(Number(t)))) bad.push(whole.trim());
  }
  return bad;
}
