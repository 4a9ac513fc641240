import { describeOperand } from '../engine/core/describe.js';
import { optionsObject } from '../engine/core/options-object.js';

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
      throw loadFailure(e);
    }
    return m.Graphviz.load();
  })().catch((e: unknown) => {
    loading = undefined; // a failed load is not kept: installing the package later in the same process then works
    throw e;
  });
  return loading;
}

/**
 * @internal Why `import('@hpcc-js/wasm-graphviz')` failed, as the one-line error toSvg throws: the
 * package is not installed (Node's MODULE_NOT_FOUND codes), a browser without a bundler has no
 * import map entry for the bare name (each engine words that its own way), the import map's URL
 * did not load, or something else.
 */
export function loadFailure(e: unknown): Error {
  const message = oneLine(e instanceof Error ? e.message : String(e));
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  const cannot = `toSvg: cannot load the optional package ${PACKAGE}, which draws SVG`;
  let why: string;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    why = `${cannot} (install it: npm install ${PACKAGE}; toDot needs no package)`;
  } else if (UNMAPPED.test(message)) {
    why =
      `toSvg: this page cannot resolve the bare name ${PACKAGE} (the optional package that draws SVG): without a bundler, ` +
      `map it in the page's import map, e.g. "${PACKAGE}": "./node_modules/${PACKAGE}/dist/index.js" (see memograd's docs/pictures.md)`;
  } else if (FETCH_FAILED.test(message)) {
    why = `${cannot}: the URL the page's import map gives it did not load (is the package installed there and served?)`;
  } else {
    why = `${cannot} (is it installed? npm install ${PACKAGE}; without a bundler, a page also needs an import map entry for it)`;
  }
  return new Error(`${why}: ${message}`, { cause: e });
}

// A bare specifier with no import map entry: Chromium ("Failed to resolve module specifier"),
// Firefox ("was a bare specifier, but was not remapped"), WebKit ("does not resolve to a valid URL").
const UNMAPPED = /failed to resolve module specifier|bare specifier|does not resolve to a valid URL/i;
// The mapped URL did not load: Chromium, Firefox ("error loading dynamically imported module"), WebKit.
const FETCH_FAILED = /failed to fetch dynamically imported module|error loading dynamically imported module|importing a module script failed/i;

/** Graphviz ends its messages with a newline and a module loader may add a require stack: one line for an error message. */
function oneLine(message: string): string {
  return message.trim().split(/\s*\n\s*/)[0] ?? '';
}
