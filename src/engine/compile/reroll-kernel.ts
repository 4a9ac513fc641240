import { erf } from '../core/erf.js';

// The rerolled mode's kernel functions (see rerolled.ts), all taking the same arguments.

/** A kernel of the rerolled mode: the tape's values and gradients, the instances' arrays, and what a pass keeps per sample. */
export type Kernel = (v: Float64Array, g: Float64Array, C: Float64Array, LP: Int32Array, POS: Int32Array, CF: Uint8Array, FIN: Uint8Array, loss: Float64Array, T: number, LK: Int32Array, X: Float64Array) => number;

/** The kernels' parameters, in order. */
export const KERNEL_PARAMS = 'v, g, C, LP, POS, CF, FIN, loss, T, LK, X';

/** One kernel function of the statements in `src`. */
export function makeKernel(src: string): Kernel {
  return (new Function('erf', `return function rerolledKernel(${KERNEL_PARAMS}) { 'use strict'; let t; ${src} };`) as (e: typeof erf) => Kernel)(erf);
}
