import { StatusLine, type ProgressSink } from './status-line.js';

/**
 * A training progress display, hand-written (one line, no dependency): on a terminal a bar
 * redrawn in place with the step, the loss and the accuracy; elsewhere (a pipe, a CI log) a plain
 * line about every tenth of the run; with `quiet`, nothing.
 */
export class Progress {
  private readonly every: number;
  private readonly line: StatusLine;

  constructor(
    sink: ProgressSink,
    private readonly steps: number,
    private readonly quiet: boolean,
  ) {
    this.every = Math.max(1, Math.ceil(steps / 10));
    this.line = new StatusLine(sink);
  }

  /** Reports that `done` steps of `steps` are finished, with the last step's loss and accuracy. */
  update(done: number, loss: number, accuracy: number): void {
    if (this.quiet) return;
    const width = String(this.steps).length;
    const numbers = `step ${String(done).padStart(width)}/${this.steps}  loss ${loss.toFixed(6)}  accuracy ${(accuracy * 100).toFixed(1)}%`;
    if (this.line.redraws) {
      const cells = 24;
      const full = Math.round((done / this.steps) * cells);
      this.line.redraw(`[${'#'.repeat(full)}${'.'.repeat(cells - full)}] ${numbers}`);
    } else if (done === 1 || done % this.every === 0 || done === this.steps) {
      this.line.print(numbers);
    }
  }

  /** Ends the bar's line (on a terminal). */
  finish(): void {
    this.line.end(true);
  }
}
