import { describeOperand } from '../engine/describe.js';
import { optionsObject } from '../engine/options-object.js';

/** What `toSvg` needs of a Graphviz: the `layout` method of `@hpcc-js/wasm-graphviz`'s `Graphviz`. */
export interface GraphvizLayout {
  /** Lays out `dot` with the given engine and returns the picture as SVG text. */
  layout(dot: string, format: 'svg', engine: 'dot'): string;
}

/** Options for `toSvg` (and `renderSvg`). */
export interface SvgOptions {
  /**
   * A loaded Graphviz to use instead of importing `@hpcc-js/wasm-graphviz` here, for instance
   * `await Graphviz.load()` in a bundle that imports it itself.
   */
  readonly graphviz?: GraphvizLayout;
}

const PACKAGE = '@hpcc-js/wasm-graphviz';

// One WebAssembly instance for the process, made on the first picture asked for.
let loading: Promise<GraphvizLayout> | undefined;

/**
 * Lays out a DOT graph with Graphviz's `dot` and returns the SVG. Graphviz is WebAssembly from
 * the optional package `@hpcc-js/wasm-graphviz` (its wasm is inside the package: no network, no
 * system Graphviz), imported on the first call only, so importing memograd never loads it.
 *
 * @example
 * const svg = await toSvg(toDot(y)); // '<?xml ...><svg ...'
 */
export async function toSvg(dot: string, options: SvgOptions = {}): Promise<string> {
  if (typeof dot !== 'string') throw new TypeError(`toSvg: dot must be a string, got ${describeOperand(dot)}`);
  optionsObject(`toSvg`, options);
  const given = options.graphviz;
  if (given !== undefined && (typeof given !== 'object' || given === null || typeof given.layout !== 'function')) {
    throw new TypeError(`toSvg: graphviz must have a layout method (a loaded Graphviz), got ${describeOperand(given)}`);
  }
  const graphviz = given ?? (await loadGraphviz());
  let svg: unknown;
  try {
    svg = graphviz.layout(dot, 'svg', 'dot');
  } catch (e) {
    throw new Error(`toSvg: Graphviz could not lay out the graph: ${oneLine(e instanceof Error ? e.message : String(e))}`, { cause: e });
  }
  if (typeof svg !== 'string') throw new TypeError(`toSvg: graphviz.layout returned ${describeOperand(svg)}, not an SVG string`);
  return svg;
}

function loadGraphviz(): Promise<GraphvizLayout> {
  loading ??= (async (): Promise<GraphvizLayout> => {
    let m: typeof import('@hpcc-js/wasm-graphviz');
    try {
      m = await import('@hpcc-js/wasm-graphviz');
    } catch (e) {
      throw new Error(
        `toSvg: cannot load the optional package ${PACKAGE}, which draws SVG (install it: npm install ${PACKAGE}; ` +
          `toDot needs no package): ${oneLine(e instanceof Error ? e.message : String(e))}`,
        { cause: e },
      );
    }
    return m.Graphviz.load();
  })().catch((e: unknown) => {
    loading = undefined; // a failed load is not kept: installing the package later in the same process then works
    throw e;
  });
  return loading;
}

/** Graphviz ends its messages with a newline and a module loader may add a require stack: one line for an error message. */
function oneLine(message: string): string {
  return message.trim().split(/\s*\n\s*/)[0] ?? '';
}
