// One formatter for the page, made on first use (making one takes a few ms, which the network
// view, the first screen, need not spend): Number#toLocaleString builds a new one on every call
// (about 1-2 ms each in Chromium), and the step view formats about a hundred counts per step.
let whole: Intl.NumberFormat | undefined;

/** Thousands separators, so that 1,048,576 reads at a glance and is never rounded. */
export const exact = (n: number): string => (whole ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })).format(n);
