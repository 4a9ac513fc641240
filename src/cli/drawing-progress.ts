import { StatusLine, type ProgressSink } from './status-line.js';

/** How long a drawing runs in silence before its progress is shown, in milliseconds. */
export const DRAWING_QUIET_MS = 1000;

/**
 * The progress of a picture that may take a while to draw (the decision boundary of a large
 * network): nothing for the first second, so a quick drawing prints nothing; after that, on a
 * terminal a percentage redrawn in place, elsewhere a plain line at each quarter; with `quiet`, nothing.
 */
export class DrawingProgress {
  private readonly started: number;
  private readonly line: StatusLine;
  private shown = false;
  private quarter = 0;

  constructor(
    sink: ProgressSink,
    private readonly what: string,
    private readonly quiet: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
    this.line = new StatusLine(sink);
  }

  /** Reports that `done` of `total` parts (rows of cells) are drawn. */
  update(done: number, total: number): void {
    if (this.quiet || done >= total) return;
    // The clock is read only until the first line: after that every quarter is worth a line.
    if (!this.shown && this.now() - this.started < DRAWING_QUIET_MS) return;
    const percent = Math.floor((done / total) * 100);
    const text = `drawing ${this.what}: ${percent}% (${done} of ${total} rows)`;
    if (this.line.redraws) {
      this.line.redraw(text);
    } else {
      const quarter = Math.floor((done / total) * 4);
      if (this.shown && quarter === this.quarter) return;
      this.quarter = quarter;
      this.line.print(text);
    }
    this.shown = true;
  }

  /** Clears the redrawn line (on a terminal), so the summary that follows starts clean. */
  finish(): void {
    this.line.end(false);
  }
}
