import { erf } from '../core/erf.js';
import { driver, type Chunk } from './generate.js';

// The functions of the rerolled mode's kernels (see rerolled.ts), all taking the same arguments.

/** Statements per generated function of the outer graph, as generate.ts's chunks. */
const CHUNK = 200;

/** A kernel of the rerolled mode: the tape's values and gradients, the instances' arrays, and what a pass keeps per sample. */
export type Kernel = (v: Float64Array, g: Float64Array, C: Float64Array, LP: Int32Array, POS: Int32Array, CF: Uint8Array, FIN: Uint8Array, loss: Float64Array, T: number, LK: Int32Array, X: Float64Array) => number;

/** The kernels' parameters, in order. */
export const KERNEL_PARAMS = 'v, g, C, LP, POS, CF, FIN, loss, T, LK, X';

/** One kernel function of the statements in `src`. */
export function makeKernel(src: string): Kernel {
  return (new Function('erf', `return function rerolledKernel(${KERNEL_PARAMS}) { 'use strict'; let t; ${src} };`) as (e: typeof erf) => Kernel)(erf);
}

/** The statements as one function (a driver over chunks of CHUNK statements, each small enough for V8 to optimise). */
export function straightKernel(statements: readonly string[]): Kernel {
  const chunks: Chunk[] = [];
  // Stryker disable next-line EqualityOperator: <= adds an empty chunk where the count is a multiple of CHUNK (0 included), a function that does nothing (the >= twin never ends, a timeout)
  for (let k = 0; k < statements.length; k += CHUNK) chunks.push(makeKernel(statements.slice(k, k + CHUNK).join('\n')) as Chunk);
  return driver(chunks) as Kernel;
}
