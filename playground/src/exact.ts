// One formatter for the page: Number#toLocaleString builds a new one on every call (about 1-2 ms
// each in Chromium), and the step view formats about a hundred counts per step.
const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Thousands separators, so that 1,048,576 reads at a glance and is never rounded. */
export const exact = (n: number): string => WHOLE.format(n);
