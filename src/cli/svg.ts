/**
 * Small helpers for the hand-written SVG pictures: number formatting that is the same on every
 * run (so the files are deterministic), XML escaping, and axis ticks at round numbers.
 */

/**
 * A coordinate with at most two decimals, without trailing zeros (and never "-0"). Throws a
 * RangeError for NaN or an infinity: a picture never gets a coordinate it cannot draw, and a
 * drawing bug that would make one fails loudly instead.
 */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`fmt: a coordinate must be a finite number, got ${x}`);
  const s = (Math.round(x * 100) / 100).toString();
  return s === '-0' ? '0' : s;
}

/**
 * The smallest and largest finite numbers among `values`, or undefined if there are none. A loop,
 * not `Math.min(...values)`, which overflows the stack past about 100,000 values.
 */
export function finiteExtent(values: Iterable<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Escapes text for an SVG text node or attribute. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * About `count` ticks at multiples of 1, 2 or 5 × 10^k covering [lo, hi] (inside it); none for a
 * range that is not finite. The ticks are counted, not stepped to, so a range that ends near the
 * largest double (where hi + a little is Infinity) still ends.
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (!(hi > lo)) return [lo];
  const raw = hi / count - lo / count; // not (hi - lo) / count, which can overflow
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  const last = Math.floor(hi / step + 1e-9);
  for (let k = Math.ceil(lo / step - 1e-9); k <= last; k++) ticks.push(roundTo(k * step, step));
  return ticks;
}

/** The most ticks `logTicks` gives: a loss that spans 300 decades gets 9 labels, not 300. */
export const MAX_LOG_TICKS = 9;

/**
 * Ticks for a log axis over [lo, hi] (both finite and > 0): 1, 2 and 5 times the powers of ten if
 * that makes at most `MAX_LOG_TICKS`, else the powers of ten, else every n-th power of ten (n = 1,
 * 2 or 5 times a power of ten: 10^0, 10^50, 10^100, ...), so never more than `MAX_LOG_TICKS`.
 */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0 && hi >= lo && Number.isFinite(hi))) return [];
  const inside = (t: number) => t >= lo * (1 - 1e-12) && t <= hi * (1 + 1e-12);
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  if (last - first <= MAX_LOG_TICKS) {
    const ticks: number[] = [];
    for (let e = first; e <= last; e++) for (const m of [1, 2, 5]) ticks.push(Number(`${m}e${e}`));
    const all = ticks.filter(inside);
    if (all.length <= MAX_LOG_TICKS) return all;
  }
  const exponents = last - first + 1;
  let stride = 1;
  for (let k = 0; exponents / stride > MAX_LOG_TICKS; k++) stride = [1, 2, 5][k % 3]! * 10 ** Math.floor(k / 3 + 1e-9);
  const ticks: number[] = [];
  for (let e = Math.ceil(first / stride) * stride; e <= last; e += stride) {
    const t = Number(`1e${e}`);
    if (inside(t)) ticks.push(t);
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
