/**
 * The ladder's counts against its depth on a log axis: the paths from the top to x (2^k), the
 * path sum's multiplications along them (2k·2^k), and backward()'s (4k), with depth k marked.
 */
import { svgEl } from './ui.js';

export function drawLadderPlot(maxDepth: number, depth: number): SVGSVGElement {
  const W = 420;
  const H = 230;
  const L = 52;
  const R = 12;
  const T = 12;
  const B = 34;
  const top = Math.ceil(Math.log10(2 * maxDepth * 2 ** maxDepth));
  const x = (k: number): number => L + ((k - 1) / (maxDepth - 1)) * (W - L - R);
  const y = (v: number): number => T + (1 - Math.log10(v) / top) * (H - T - B);
  const svg = svgEl('svg', {
    viewBox: `0 0 ${W} ${H}`, class: 'graph ladder-plot', role: 'img',
    'aria-label': `Log-scale plot against depth k from 1 to ${maxDepth}: paths 2^k and the path sum's multiplications grow exponentially, backward()'s 4k in a straight line; depth ${depth} is marked`,
  });
  for (let e = 0; e <= top; e++) {
    svg.append(
      svgEl('line', { x1: L, x2: W - R, y1: y(10 ** e), y2: y(10 ** e), class: 'gridline' }),
      svgEl('text', { x: L - 6, y: y(10 ** e) + 4, 'text-anchor': 'end', class: 'tick' }, e === 0 ? '1' : `10${superscript(e)}`));
  }
  for (let k = 1; k <= maxDepth; k += k < 5 ? 1 : 5) {
    svg.append(svgEl('text', { x: x(k), y: H - B + 16, 'text-anchor': 'middle', class: 'tick' }, String(k)));
  }
  svg.append(svgEl('text', { x: (L + W - R) / 2, y: H - 4, 'text-anchor': 'middle', class: 'tick' }, 'depth k (rungs)'));
  const series = (f: (k: number) => number, cls: string): SVGPathElement => {
    let d = '';
    for (let k = 1; k <= maxDepth; k++) d += `${k === 1 ? 'M' : 'L'}${x(k).toFixed(1)},${y(f(k)).toFixed(1)}`;
    return svgEl('path', { d, class: `series ${cls}` });
  };
  svg.append(
    svgEl('line', { x1: x(depth), x2: x(depth), y1: T, y2: H - B, class: 'marker-line' }),
    series((k) => 2 * k * 2 ** k, 'pathsum-mults'),
    series((k) => 2 ** k, 'paths'),
    series((k) => 4 * k, 'backward-mults'),
    svgEl('circle', { cx: x(depth), cy: y(2 ** depth), r: 4, class: 'dot paths' }),
    svgEl('circle', { cx: x(depth), cy: y(4 * depth), r: 4, class: 'dot backward-mults' }),
  );
  return svg;
}

const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const superscript = (n: number): string => [...String(n)].map((c) => SUP[Number(c)]).join('');
