/** Whether `measured` rounds to `quoted` at the precision the quote is written with. */
export function roundsTo(measured: number, quoted: string): boolean;
/** Every figure with a unit in `text`, as [number as written, unit]; a range gives both ends. */
export function figures(text: string): [string, string][];
