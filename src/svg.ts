/**
 * `memograd/svg`: SVG pictures of graphs, drawn by Graphviz from the optional package
 * `@hpcc-js/wasm-graphviz`. A subpath of its own so that the core (`memograd`) never names that
 * package: a bundler resolves it only for an app that imports this subpath.
 *
 * @example
 * import { Value } from 'memograd';
 * import { renderSvg } from 'memograd/svg';
 * const y = new Value(0.5, 'x').tanh();
 * y.backward();
 * const svg = await renderSvg(y);
 *
 * @module memograd/svg
 */
export { toSvg } from './pictures/to-svg.js';
export type { SvgOptions, GraphvizLayout } from './pictures/to-svg.js';
export { renderSvg } from './pictures/render-svg.js';
