import { svgEl } from './ui.js';
import { argmax, classCount } from './train-engine.js';
import type { TrainEngine, TrainRecord } from './train-engine.js';

/** The region of the plane the plot shows. */
export interface Extent {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** Class colours: points (strong) and regions (pale), blue, orange and green. */
const STRONG: readonly (readonly [number, number, number])[] = [[31, 95, 191], [217, 72, 15], [43, 138, 62]];
const PALE: readonly (readonly [number, number, number])[] = [[196, 214, 242], [250, 207, 186], [196, 230, 203]];
/** Cells of the decision-boundary grid along the longer side: drawn scaled up, smoothed. */
const GRID = 72;
/** Points drawn on the curves at most: longer histories are sampled evenly. */
const CURVE_POINTS = 400;

/** The points' bounding box, padded, with equal scales on both axes (shapes stay true). */
export function plotExtent(X: readonly (readonly number[])[]): Extent {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const p of X) {
    const x = p[0] as number;
    const y = p[1] as number;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  if (!(x0 <= x1)) return { x0: -1.5, x1: 1.5, y0: -1.5, y1: 1.5 };
  const pad = 0.15 * Math.max(x1 - x0, y1 - y0, 0.5);
  x0 -= pad;
  x1 += pad;
  y0 -= pad;
  y1 += pad;
  // No wider than 4:3 either way, so that a phone shows it whole.
  const w = x1 - x0;
  const h = y1 - y0;
  if (w > (4 / 3) * h) {
    const grow = (w * 0.75 - h) / 2;
    y0 -= grow;
    y1 += grow;
  } else if (h > (4 / 3) * w) {
    const grow = (h * 0.75 - w) / 2;
    x0 -= grow;
    x1 += grow;
  }
  return { x0, x1, y0, y1 };
}

const offscreen = typeof document === 'undefined' ? null : document.createElement('canvas');

/** Draws the model's decision regions (a grid of its predictions, at the current weights) and the points. */
export function drawBoundary(canvas: HTMLCanvasElement, engine: TrainEngine, e: Extent): void {
  const aspect = (e.x1 - e.x0) / (e.y1 - e.y0);
  const ratio = `${aspect.toFixed(4)}`;
  if (canvas.style.aspectRatio !== ratio) canvas.style.aspectRatio = ratio;
  const dpr = window.devicePixelRatio || 1;
  const cssWidth = canvas.clientWidth || 360;
  const width = Math.max(1, Math.round(cssWidth * dpr));
  const height = Math.max(1, Math.round((cssWidth / aspect) * dpr));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const ctx = canvas.getContext('2d');
  if (ctx === null || offscreen === null) return;

  const gw = aspect >= 1 ? GRID : Math.max(8, Math.round(GRID * aspect));
  const gh = aspect >= 1 ? Math.max(8, Math.round(GRID / aspect)) : GRID;
  if (offscreen.width !== gw || offscreen.height !== gh) {
    offscreen.width = gw;
    offscreen.height = gh;
  }
  const octx = offscreen.getContext('2d');
  if (octx === null) return;
  const image = octx.createImageData(gw, gh);
  const predict = engine.predictor();
  const k = classCount(engine.settings.dataset);
  const out = new Float64Array(k === 2 ? 1 : 3);
  const px = image.data;
  for (let j = 0; j < gh; j++) {
    const y = e.y1 - ((j + 0.5) / gh) * (e.y1 - e.y0);
    for (let i = 0; i < gw; i++) {
      const x = e.x0 + ((i + 0.5) / gw) * (e.x1 - e.x0);
      predict(x, y, out);
      let c: number;
      let strength: number;
      if (k === 2) {
        const s = out[0] as number;
        c = s > 0 ? 1 : 0;
        strength = Number.isFinite(s) ? Math.min(1, Math.abs(s)) : 0;
      } else {
        c = argmax(out);
        strength = c < 0 ? 0 : confidence(out, c);
      }
      const at = 4 * (j * gw + i);
      const pale = PALE[Math.max(0, c)] as readonly [number, number, number];
      // From white (undecided, near the boundary) to the class's pale colour (a clear margin).
      const t = c < 0 ? 0 : 0.35 + 0.65 * strength;
      px[at] = Math.round(255 + (pale[0] - 255) * t);
      px[at + 1] = Math.round(255 + (pale[1] - 255) * t);
      px[at + 2] = Math.round(255 + (pale[2] - 255) * t);
      px[at + 3] = 255;
    }
  }
  octx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(offscreen, 0, 0, width, height);

  // The axes through the origin, faintly.
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.12)';
  ctx.lineWidth = dpr;
  const sx = (x: number): number => ((x - e.x0) / (e.x1 - e.x0)) * width;
  const sy = (y: number): number => ((e.y1 - y) / (e.y1 - e.y0)) * height;
  ctx.beginPath();
  ctx.moveTo(sx(0), 0);
  ctx.lineTo(sx(0), height);
  ctx.moveTo(0, sy(0));
  ctx.lineTo(width, sy(0));
  ctx.stroke();

  const { X, y } = engine.data;
  // The data set's own training points come first; those after them were added by hand (ringed in black).
  const base = engine.trainCount;
  const r = Math.max(2.5, Math.min(5, cssWidth / 90)) * dpr;
  // The held-out points: rings in their class's colour, white inside, so that they read apart from the filled training points.
  for (let i = 0; i < engine.test.X.length; i++) {
    const p = engine.test.X[i] as number[];
    const label = engine.test.y[i] as number;
    const col = (STRONG[k === 2 ? (label > 0 ? 1 : 0) : label] ?? STRONG[0]) as readonly number[];
    ctx.beginPath();
    ctx.arc(sx(p[0] as number), sy(p[1] as number), r * 0.95, 0, 2 * Math.PI);
    ctx.fillStyle = '#fff';
    ctx.fill();
    ctx.lineWidth = 2.2 * dpr;
    ctx.strokeStyle = `rgb(${col.join(',')})`;
    ctx.stroke();
  }
  for (let i = 0; i < X.length; i++) {
    const p = X[i] as number[];
    const label = y[i] as number;
    const c = k === 2 ? (label > 0 ? 1 : 0) : label;
    const col = (STRONG[c] ?? STRONG[0]) as readonly number[];
    ctx.beginPath();
    ctx.arc(sx(p[0] as number), sy(p[1] as number), i >= base ? r * 1.25 : r, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${col.join(",")})`;
    ctx.fill();
    ctx.lineWidth = (i >= base ? 2 : 1) * dpr;
    ctx.strokeStyle = i >= base ? '#111' : '#fff';
    ctx.stroke();
  }
}

/** softmax(out)[c]: how sure the model is of the class it picks. */
function confidence(out: Float64Array, c: number): number {
  let max = -Infinity;
  for (const v of out) max = Math.max(max, v);
  let sum = 0;
  for (const v of out) sum += Math.exp(v - max);
  const p = Math.exp((out[c] as number) - max) / sum;
  // 1/3 is a toss-up between three classes: rescale to 0..1.
  return Number.isFinite(p) ? Math.max(0, (p - 1 / 3) * 1.5) : 0;
}

/**
 * Draws the loss and accuracy curves as two small SVG charts: the training records (one per step)
 * as a line, the test set's (one per drawing) dashed.
 */
export function drawCurves(box: HTMLElement, history: readonly TrainRecord[], test: readonly TrainRecord[] = []): void {
  const steps = Math.max(1, history[history.length - 1]?.step ?? 0, test[test.length - 1]?.step ?? 0);
  const picked = pickOnLogScale(history, steps);
  const pickedTest = pickOnLogScale(test, steps);
  let maxLoss = 0;
  for (const r of history) if (Number.isFinite(r.loss)) maxLoss = Math.max(maxLoss, r.loss);
  for (const r of test) if (Number.isFinite(r.loss)) maxLoss = Math.max(maxLoss, r.loss);
  if (maxLoss === 0) maxLoss = 1;
  const any = history.length > 0 || test.length > 0;
  box.replaceChildren(
    chart('loss', picked, pickedTest, (r) => r.loss / maxLoss, `${fmt(maxLoss)}`, '0', steps, any, 'train-curve-loss'),
    chart('accuracy', picked, pickedTest, (r) => r.accuracy, '100%', '0%', steps, any, 'train-curve-accuracy'),
  );
}

/** The step axis is logarithmic (the learning happens early): at most CURVE_POINTS records, the last of each slot on that scale. */
function pickOnLogScale(records: readonly TrainRecord[], steps: number): TrainRecord[] {
  const picked: TrainRecord[] = [];
  const span = Math.log(Math.max(2, steps));
  let slot = -1;
  for (const r of records) {
    const s = Math.floor((Math.log(Math.max(1, r.step)) / span) * CURVE_POINTS);
    if (s === slot) picked[picked.length - 1] = r;
    else picked.push(r);
    slot = s;
  }
  return picked;
}

function chart(
  title: string,
  records: readonly TrainRecord[],
  test: readonly TrainRecord[],
  y: (r: TrainRecord) => number,
  top: string,
  bottom: string,
  steps: number,
  any: boolean,
  testid: string,
): SVGSVGElement {
  const W = 320;
  const H = 110;
  const L = 40;
  const R = 8;
  const T = 16;
  const B = 18;
  const line = (rs: readonly TrainRecord[]): string => {
    const pts: string[] = [];
    for (const r of rs) {
      const v = y(r);
      if (!Number.isFinite(v)) continue;
      const px = L + (Math.log(r.step) / Math.log(Math.max(2, steps))) * (W - L - R);
      const py = T + (1 - Math.min(1, Math.max(0, v))) * (H - T - B);
      pts.push(`${px.toFixed(1)},${py.toFixed(1)}`);
    }
    return pts.join(' ');
  };
  const ticks: SVGElement[] = [];
  for (let t = 10; t < steps; t *= 10) {
    const x = L + (Math.log(t) / Math.log(Math.max(2, steps))) * (W - L - R);
    ticks.push(svgEl('line', { x1: x, x2: x, y1: T, y2: H - B, class: 'train-chart-tick' }));
    // A tick's number too near the right end would run into "step n" there.
    if (x < W - R - 62) ticks.push(svgEl('text', { x, y: H - 4, 'text-anchor': 'middle' }, String(t)));
  }
  return svgEl('svg', { viewBox: `0 0 ${W} ${H}`, class: 'train-chart', role: 'img', 'aria-label': `${title} by step, training (line) and test (dashed), step axis logarithmic`, 'data-testid': testid },
    svgEl('text', { x: L, y: 11, class: 'train-chart-title' }, title),
    svgEl('text', { x: W - R, y: 11, 'text-anchor': 'end' }, test.length > 0 ? 'training — test - -' : 'training'),
    svgEl('rect', { x: L, y: T, width: W - L - R, height: H - T - B, class: 'train-chart-frame' }),
    svgEl('text', { x: L - 4, y: T + 4, 'text-anchor': 'end' }, top),
    svgEl('text', { x: L - 4, y: H - B, 'text-anchor': 'end' }, bottom),
    svgEl('text', { x: W - R, y: H - 4, 'text-anchor': 'end' }, `step ${any ? steps : 0}`),
    svgEl('text', { x: L, y: H - 4 }, any ? '1' : ''),
    ...ticks,
    svgEl('polyline', { points: line(records), class: 'train-chart-line', 'data-testid': `${testid}-train` }),
    svgEl('polyline', { points: line(test), class: 'train-chart-line train-chart-test', 'data-testid': `${testid}-test` }),
  );
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(3)));
}
