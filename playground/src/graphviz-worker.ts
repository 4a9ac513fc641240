/**
 * Lays out DOT text with the library's toSvg (Graphviz, WebAssembly) off the page's main thread:
 * a layout of a few hundred edges can take seconds, and the page must keep answering meanwhile.
 * Message in: { id, dot }; message out: { id, svg } or { id, error }.
 */
import { toSvg } from '../../src/svg.js';

interface Request {
  readonly id: number;
  readonly dot: string;
}

self.addEventListener('message', (e: MessageEvent<Request>) => {
  const { id, dot } = e.data;
  toSvg(dot).then(
    (svg) => self.postMessage({ id, svg }),
    (err: unknown) => self.postMessage({ id, error: err instanceof Error ? err.message : String(err) }),
  );
});
