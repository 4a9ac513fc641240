import type { FitRecord } from '../index.js';
import { PALETTE, escapeXml, finiteExtent, fmt, logTicks, niceTicks, svgOpen, tickLabel } from './svg.js';

const WIDTH = 760;
const HEIGHT = 610;
const LEFT = 80;
const PLOT_W = 560;
const PANEL_H = 200;
const LOSS_TOP = 70;
const ACC_TOP = 350;
const LOSS_COLOUR = (PALETTE[0] as (typeof PALETTE)[number]).strong;
const ACCURACY_COLOUR = (PALETTE[1] as (typeof PALETTE)[number]).strong;

/**
 * Loss and accuracy against the step, in two panels sharing the step axis: the loss above (on a log
 * scale when it spans more than a factor of 10), the accuracy in percent below. Each panel has its
 * axes, ticks, grid, axis titles and a legend above it; a dot marks the final evaluation on all
 * the data.
 */
export function trainingCurvesSvg(history: readonly FitRecord[], title: string, lossName: string): string {
  const steps = Math.max(1, finiteExtent(history.map((r) => r.step))?.[1] ?? 0);
  const px = (s: number) => LEFT + (s / steps) * PLOT_W;
  const out = svgOpen(WIDTH, HEIGHT, title);

  // NaN and infinite losses are left out of the scale and the curve.
  const [lo, hi] = finiteExtent(history.map((r) => r.loss)) ?? [0, 0];
  const log = lo > 0 && hi / lo > 10;
  let ly: (v: number) => number;
  let lossTicks: number[];
  if (log) {
    const [a, b] = [Math.log10(lo), Math.log10(hi)];
    const pad = (b - a) * 0.05;
    ly = (v) => LOSS_TOP + PANEL_H - ((Math.log10(v) - (a - pad)) / (b - a + 2 * pad)) * PANEL_H;
    // The padded ends can pass the doubles' range (a loss of 1e-300 pads to 1e-330, which is 0).
    lossTicks = logTicks(Math.max(Math.pow(10, a - pad), Number.MIN_VALUE), Math.min(Math.pow(10, b + pad), Number.MAX_VALUE));
  } else {
    const top = hi > 0 ? Math.min(hi * 1.05, Number.MAX_VALUE) : 1;
    ly = (v) => LOSS_TOP + PANEL_H - (v / top) * PANEL_H;
    lossTicks = niceTicks(0, top, 5);
  }
  out.push(...panel(LOSS_TOP, lossTicks, ly, steps, px, log ? 'loss (log scale)' : 'loss'));
  out.push(...curve(history, (r) => r.loss, px, ly, LOSS_COLOUR));
  out.push(...legendBox(LOSS_TOP, LOSS_COLOUR, `training loss (${lossName})`));

  const accLo = Math.min(50, Math.floor((finiteExtent(history.map((r) => r.accuracy))?.[0] ?? 1) * 10) * 10);
  const ay = (v: number) => ACC_TOP + PANEL_H - ((v * 100 - accLo) / (102 - accLo)) * PANEL_H;
  out.push(...panel(ACC_TOP, niceTicks(accLo, 100, 5), (t) => ay(t / 100), steps, px, 'accuracy (%)'));
  out.push(...curve(history, (r) => r.accuracy, px, ay, ACCURACY_COLOUR));
  out.push(...legendBox(ACC_TOP, ACCURACY_COLOUR, 'training accuracy'));

  out.push(`<text x="${LEFT + PLOT_W / 2}" y="${ACC_TOP + PANEL_H + 42}" text-anchor="middle" font-size="14" fill="#222">step (the number of updates so far)</text>`);
  out.push('</svg>', '');
  return out.join('\n');
}

function panel(top: number, ticks: readonly number[], y: (v: number) => number, steps: number, px: (s: number) => number, yTitle: string): string[] {
  const out = [`<g font-size="12" fill="#333">`];
  for (const t of ticks) {
    const ty = fmt(y(t));
    out.push(`<line x1="${LEFT}" y1="${ty}" x2="${LEFT + PLOT_W}" y2="${ty}" stroke="#e3e3e3"/>`);
    out.push(`<line x1="${LEFT - 5}" y1="${ty}" x2="${LEFT}" y2="${ty}" stroke="#333"/>`);
    out.push(`<text x="${LEFT - 8}" y="${ty}" text-anchor="end" dominant-baseline="middle">${tickLabel(t)}</text>`);
  }
  // Steps are whole numbers: a run of one step gets ticks 0 and 1, not 0.2, 0.4, ...
  for (const t of niceTicks(0, steps, 8).filter((t) => Number.isInteger(t))) {
    const tx = fmt(px(t));
    out.push(`<line x1="${tx}" y1="${top}" x2="${tx}" y2="${top + PANEL_H}" stroke="#f0f0f0"/>`);
    out.push(`<line x1="${tx}" y1="${top + PANEL_H}" x2="${tx}" y2="${top + PANEL_H + 5}" stroke="#333"/>`);
    out.push(`<text x="${tx}" y="${top + PANEL_H + 19}" text-anchor="middle">${tickLabel(t)}</text>`);
  }
  out.push('</g>');
  out.push(`<rect x="${LEFT}" y="${top}" width="${PLOT_W}" height="${PANEL_H}" fill="none" stroke="#333"/>`);
  const cy = top + PANEL_H / 2;
  out.push(`<text x="24" y="${cy}" text-anchor="middle" font-size="14" fill="#222" transform="rotate(-90 24 ${cy})">${escapeXml(yTitle)}</text>`);
  return out;
}

function curve(history: readonly FitRecord[], value: (r: FitRecord) => number, px: (s: number) => number, y: (v: number) => number, colour: string): string[] {
  const points = thin(history.filter((r) => Number.isFinite(value(r))), value, px).map((r) => `${fmt(px(r.step))},${fmt(y(value(r)))}`);
  const last = history[history.length - 1];
  const out = points.length === 0 ? [] : [`<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="2" stroke-linejoin="round"/>`];
  if (last !== undefined && Number.isFinite(value(last))) {
    out.push(`<circle cx="${fmt(px(last.step))}" cy="${fmt(y(value(last)))}" r="4" fill="${colour}" stroke="#1a1a1a" stroke-width="0.8"/>`);
  }
  return out;
}

/**
 * A panel's legend, in one line above it, outside the plot: inside, it would hide the curve where
 * it runs (an accuracy near 100% runs along the top, a poor one along the bottom).
 */
function legendBox(top: number, colour: string, name: string): string[] {
  const y = top - 10;
  const dot = LEFT + PLOT_W - 205;
  return [
    `<g font-size="12" fill="#222">`,
    `<line x1="${LEFT}" y1="${y - 4}" x2="${LEFT + 24}" y2="${y - 4}" stroke="${colour}" stroke-width="2"/>`,
    `<text x="${LEFT + 32}" y="${y}">${escapeXml(name)}</text>`,
    `<circle cx="${dot}" cy="${y - 4}" r="4" fill="${colour}" stroke="#1a1a1a" stroke-width="0.8"/>`,
    `<text x="${dot + 10}" y="${y}">final model, on all the data</text>`,
    '</g>',
  ];
}

/** Past this many points a curve keeps, in each pixel column, only its lowest and highest point. */
export const MAX_CURVE_POINTS = 4 * PLOT_W;

/**
 * The records to draw: all of them, or for a long run (up to 10^7 steps) the first, the last, and
 * the lowest and the highest in each pixel column, in step order: the same picture in a small file.
 */
function thin(records: readonly FitRecord[], value: (r: FitRecord) => number, px: (s: number) => number): readonly FitRecord[] {
  if (records.length <= MAX_CURVE_POINTS) return records;
  const kept: FitRecord[] = [];
  let column = NaN;
  let low: FitRecord | undefined;
  let high: FitRecord | undefined;
  const flush = () => {
    if (low === undefined || high === undefined) return;
    if (low === high) kept.push(low);
    else kept.push(...(low.step < high.step ? [low, high] : [high, low]));
  };
  for (const r of records) {
    const c = Math.round(px(r.step));
    if (c !== column) {
      flush();
      column = c;
      low = high = r;
    } else {
      if (value(r) < value(low as FitRecord)) low = r;
      if (value(r) > value(high as FitRecord)) high = r;
    }
  }
  flush();
  // The curve still starts at the first step and ends at the last.
  const [first, final] = [records[0] as FitRecord, records[records.length - 1] as FitRecord];
  if (kept[0] !== first) kept.unshift(first);
  if (kept[kept.length - 1] !== final) kept.push(final);
  return kept;
}
