/** The most parameters `memograd train` builds a network with. */
export const MAX_PARAMETERS = 1_000_000;

/**
 * The most parameters × points a training step may take. A step builds a graph of about two Values
 * per weight per point of the batch: 250 to 300 bytes of heap per parameter-point with what
 * backward() keeps, and about 500 of process memory (measured: 2.5 GB for 5,000,000). 2,000,000 is
 * about 1 GB, inside Node's default heap limit on any 64-bit machine.
 */
export const MAX_PARAMETER_POINTS = 2_000_000;

/** The parameters of an MLP with `nin` inputs and layers of `nouts` neurons: (inputs + 1) × neurons per layer. */
export function parameterCount(nin: number, nouts: readonly number[]): number {
  let count = 0;
  let fanIn = nin;
  for (const n of nouts) {
    count += (fanIn + 1) * n;
    fanIn = n;
  }
  return count;
}

/**
 * Why a network of `parameters` trained on batches of `batch` points is too large for one step
 * (a sentence that names the limit and the count), or undefined if it is not. `what` names the
 * network's origin in the message (`--layers 10000,10000`, `--load model.json`).
 */
export function networkSizeProblem(what: string, parameters: number, batch: number): string | undefined {
  if (parameters > MAX_PARAMETERS) {
    return `${what} makes a network of ${thousands(parameters)} parameters; the limit is ${thousands(MAX_PARAMETERS)}`;
  }
  if (parameters * batch > MAX_PARAMETER_POINTS) {
    return (
      `a step on ${thousands(batch)} points with ${thousands(parameters)} parameters (${what}) would differentiate ` +
      `${thousands(parameters * batch)} parameter-points, about ${gigabytes(parameters * batch)} of memory; the limit is ` +
      `${thousands(MAX_PARAMETER_POINTS)}: use a smaller --batch-size, fewer --samples or smaller --layers`
    );
  }
  return undefined;
}

function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

function gigabytes(parameterPoints: number): string {
  const gb = (parameterPoints * 500) / 1e9;
  return `${gb >= 10 ? Math.round(gb) : gb.toFixed(1)} GB`;
}
