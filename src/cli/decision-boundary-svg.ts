import { argmax } from '../index.js';
import type { Dataset, MLP, Objective } from '../index.js';
import { PALETTE, escapeXml, finiteExtent, fmt, niceTicks, svgOpen, tickLabel } from './svg.js';

const WIDTH = 780;
const HEIGHT = 560;
// The plot area; the legend sits to its right.
const LEFT = 70;
const TOP = 50;
const PLOT_W = 500;
const PLOT_H = 440;
/** The cell sizes that tile the plot exactly (divisors of both 500 and 440), finest first. */
const CELL_SIZES = [2, 4, 5, 10, 20] as const;
/**
 * The most multiply-adds the regions may cost (cells × parameters): about 0.2 s. micrograd's demo
 * network (337 parameters) draws at the finest cells; a network of 600,600 (362,401 parameters),
 * which at 2-pixel cells took 30 s, draws at 20-pixel cells.
 */
export const BOUNDARY_BUDGET = 2e8;

/** The size in pixels of the square cells for a model of `parameters`: the finest within the budget. */
export function boundaryCell(parameters: number): number {
  for (const cell of CELL_SIZES) if ((PLOT_W / cell) * (PLOT_H / cell) * parameters <= BOUNDARY_BUDGET) return cell;
  return 20;
}

/**
 * The decision boundary as micrograd's demo draws it: the plane around the data, each small cell
 * coloured by the class the model predicts there, with the data points on top in their true
 * class's colour. Axes with ticks and labels, a title and a legend; equal scales on both axes.
 * A cell where the model's output is NaN is left white, and a point with a coordinate that is NaN
 * or infinite is left out, so every coordinate in the file is a finite number. `onRow`, if given,
 * is told after each row of cells how many of the rows are drawn (for a progress line).
 */
export function decisionBoundarySvg(
  model: MLP,
  data: Dataset,
  objective: Objective,
  title: string,
  onRow?: (done: number, total: number) => void,
): string {
  const predict = model.predictor();
  // The drawing's cost is bounded by the network's size: a larger network gets coarser cells.
  const CELL = boundaryCell(model.parameters().length);
  // The class index predicted at x, or -1 (a cell left white) where the output is NaN.
  const classOf =
    objective === 'hinge'
      ? (x: number[]) => {
          const score = predict(x)[0] as number;
          return Number.isNaN(score) ? -1 : score > 0 ? 1 : 0;
        }
      : (x: number[]) => argmax(predict(x));
  const classes = objective === 'hinge' ? ['-1', '+1'] : Array.from({ length: model.nouts[model.nouts.length - 1] as number }, (_, k) => String(k));
  const colourOf = (label: number) => (objective === 'hinge' ? (label > 0 ? 1 : 0) : label);
  // A point with a NaN or infinite coordinate cannot be placed: it is left out.
  const points = data.X.map((p, i) => ({ x: p[0] as number, y: p[1] as number, label: data.y[i] as number })).filter(
    (p) => Number.isFinite(p.x) && Number.isFinite(p.y),
  );

  // Data bounds plus a margin, widened on one axis so that both axes have the same scale.
  const [xlo, xhi] = finiteExtent(points.map((p) => p.x)) ?? [0, 0];
  const [ylo, yhi] = finiteExtent(points.map((p) => p.y)) ?? [0, 0];
  let [x0, x1] = [xlo - 0.5, xhi + 0.5];
  let [y0, y1] = [ylo - 0.5, yhi + 0.5];
  if (!Number.isFinite(x1 - x0) || !Number.isFinite(y1 - y0)) {
    throw new RangeError('decisionBoundarySvg: the points span more than a double can hold');
  }
  const scale = Math.min(PLOT_W / (x1 - x0), PLOT_H / (y1 - y0));
  const padX = (PLOT_W / scale - (x1 - x0)) / 2;
  const padY = (PLOT_H / scale - (y1 - y0)) / 2;
  [x0, x1, y0, y1] = [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
  const px = (x: number) => LEFT + (x - x0) * scale;
  const py = (y: number) => TOP + PLOT_H - (y - y0) * scale;

  const out = svgOpen(WIDTH, HEIGHT, title);
  // Regions: each row of cells as runs of one predicted class.
  out.push('<g shape-rendering="crispEdges">');
  const rows = PLOT_H / CELL;
  for (let row = 0; row < rows; row++) {
    const y = y1 - ((row + 0.5) * CELL) / scale;
    let start = 0;
    let current = -1;
    const cols = PLOT_W / CELL;
    for (let col = 0; col <= cols; col++) {
      const k = col < cols ? classOf([x0 + ((col + 0.5) * CELL) / scale, y]) : -2;
      if (k !== current) {
        if (current >= 0) {
          out.push(rect(LEFT + start * CELL, TOP + row * CELL, (col - start) * CELL, CELL, paletteOf(current).pale));
        }
        current = k;
        start = col;
      }
    }
    onRow?.(row + 1, rows);
  }
  out.push('</g>');
  out.push(...axes(x0, x1, y0, y1, px, py));
  // Points, in their true class's colour.
  out.push('<g stroke="#1a1a1a" stroke-width="0.8">');
  for (const p of points) {
    out.push(`<circle cx="${fmt(px(p.x))}" cy="${fmt(py(p.y))}" r="4.5" fill="${paletteOf(colourOf(p.label)).strong}"/>`);
  }
  out.push('</g>');
  out.push(...legend(classes));
  out.push('</svg>', '');
  return out.join('\n');
}

function paletteOf(k: number) {
  return PALETTE[k % PALETTE.length] as (typeof PALETTE)[number];
}

function rect(x: number, y: number, w: number, h: number, fill: string): string {
  return `<rect x="${fmt(x)}" y="${fmt(y)}" width="${fmt(w)}" height="${fmt(h)}" fill="${fill}"/>`;
}

function axes(x0: number, x1: number, y0: number, y1: number, px: (x: number) => number, py: (y: number) => number): string[] {
  const out = [`<rect x="${LEFT}" y="${TOP}" width="${PLOT_W}" height="${PLOT_H}" fill="none" stroke="#333" stroke-width="1"/>`];
  out.push('<g font-size="12" fill="#333">');
  for (const t of niceTicks(x0, x1, 6)) {
    const x = fmt(px(t));
    out.push(`<line x1="${x}" y1="${TOP + PLOT_H}" x2="${x}" y2="${TOP + PLOT_H + 5}" stroke="#333"/>`);
    out.push(`<text x="${x}" y="${TOP + PLOT_H + 19}" text-anchor="middle">${tickLabel(t)}</text>`);
  }
  for (const t of niceTicks(y0, y1, 6)) {
    const y = fmt(py(t));
    out.push(`<line x1="${LEFT - 5}" y1="${y}" x2="${LEFT}" y2="${y}" stroke="#333"/>`);
    out.push(`<text x="${LEFT - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${tickLabel(t)}</text>`);
  }
  out.push('</g>');
  out.push(`<text x="${LEFT + PLOT_W / 2}" y="${TOP + PLOT_H + 40}" text-anchor="middle" font-size="14" fill="#222">x[0] (first coordinate)</text>`);
  const cy = TOP + PLOT_H / 2;
  out.push(`<text x="22" y="${cy}" text-anchor="middle" font-size="14" fill="#222" transform="rotate(-90 22 ${cy})">x[1] (second coordinate)</text>`);
  return out;
}

function legend(classes: readonly string[]): string[] {
  const x = LEFT + PLOT_W + 24;
  let y = TOP + 10;
  const out = ['<g font-size="13" fill="#222">', `<text x="${x}" y="${y}" font-weight="bold">Legend</text>`];
  y += 24;
  classes.forEach((name, k) => {
    const { strong, pale } = paletteOf(k);
    out.push(`<circle cx="${x + 9}" cy="${y - 4}" r="5" fill="${strong}" stroke="#1a1a1a" stroke-width="0.8"/>`);
    out.push(`<text x="${x + 24}" y="${y}">point of class ${escapeXml(name)}</text>`);
    y += 22;
    out.push(`<rect x="${x}" y="${y - 13}" width="18" height="16" fill="${pale}" stroke="#999" stroke-width="0.5"/>`);
    out.push(`<text x="${x + 24}" y="${y}">predicted ${escapeXml(name)}</text>`);
    y += 30;
  });
  out.push('</g>');
  return out;
}
