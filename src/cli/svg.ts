/**
 * Small helpers for the hand-written SVG pictures: number formatting that is the same on every
 * run (so the files are deterministic), XML escaping, and axis ticks at round numbers.
 */

/** A coordinate with at most two decimals, without trailing zeros (and never "-0"). */
export function fmt(x: number): string {
  const s = (Math.round(x * 100) / 100).toString();
  return s === '-0' ? '0' : s;
}

/** Escapes text for an SVG text node or attribute. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** About `count` ticks at multiples of 1, 2 or 5 × 10^k covering [lo, hi] (inside it). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) ticks.push(roundTo(t, step));
  return ticks;
}

/** Ticks for a log axis over [lo, hi] (both > 0): the powers of ten, and 2 and 5 times them when few. */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  const decades = Math.log10(hi) - Math.log10(lo);
  const mantissas = decades < 3 ? [1, 2, 5] : [1];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of mantissas) {
      const t = Number(`${m}e${e}`);
      if (t >= lo * (1 - 1e-12) && t <= hi * (1 + 1e-12)) ticks.push(t);
    }
  }
  return ticks;
}

/** A tick's label: as few digits as tell the ticks apart. */
export function tickLabel(t: number): string {
  if (t === 0) return '0';
  const a = Math.abs(t);
  if (a >= 1e5 || a < 1e-3) return t.toExponential().replace('e+', 'e');
  return String(Number(t.toPrecision(6)));
}

function roundTo(t: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(t.toFixed(Math.min(20, digits)));
}

/** The class colours: a strong one for points and lines, a pale one for regions (colour-blind friendly pairs). */
export const PALETTE: readonly { readonly strong: string; readonly pale: string }[] = [
  { strong: '#1f5fa8', pale: '#c6daf0' },
  { strong: '#d9661f', pale: '#f9dcc4' },
  { strong: '#2e8b57', pale: '#cde8d6' },
  { strong: '#7b4fbf', pale: '#e1d6f3' },
  { strong: '#b8860b', pale: '#f2e5bf' },
];

/** The SVG document's opening tag, white background and title. */
export function svgOpen(width: number, height: number, title: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${fmt(width / 2)}" y="28" text-anchor="middle" font-size="17" font-weight="bold" fill="#222">${escapeXml(title)}</text>`,
  ];
}
