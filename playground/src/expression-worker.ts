/**
 * The Expression view's work off the page's main thread: parse, evaluate, backward(), the
 * finite-difference checks and the graph's DOT text. A 1,000-term sum takes a few hundred ms of
 * that, which the page must not spend answering a keystroke.
 * Message in: { id, source, texts: [name, text][] }; message out: { id, summary } or { id, error }.
 */
import { analyzeExpression, summarize } from './expression-model.js';

interface Request {
  readonly id: number;
  readonly source: string;
  readonly texts: readonly (readonly [string, string])[];
}

self.addEventListener('message', (e: MessageEvent<Request>) => {
  const { id, source, texts } = e.data;
  try {
    self.postMessage({ id, summary: summarize(analyzeExpression(source, new Map(texts))) });
  } catch (err) {
    // analyzeExpression never throws for any text: this is a bug, which the page reports.
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
