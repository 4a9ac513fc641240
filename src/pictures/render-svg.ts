import type { Value } from '../engine/core/value.js';
import { toDot, type DotOptions } from './to-dot.js';
import { toSvg, type SvgOptions } from './to-svg.js';
import { optionsObject } from '../engine/core/options-object.js';

/**
 * The picture of the graph below `root` as SVG: `toSvg(toDot(root, options), options)`.
 *
 * @example
 * y.backward();
 * const svg = await renderSvg(y, { precision: 3 });
 */
export async function renderSvg(root: Value, options: DotOptions & SvgOptions = {}): Promise<string> {
  optionsObject('renderSvg', options);
  const dot = toDot(root, options);
  return options.graphviz === undefined ? toSvg(dot) : toSvg(dot, { graphviz: options.graphviz });
}
