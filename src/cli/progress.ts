/** Where progress goes: a terminal gets a redrawn bar; anything else, a plain line now and then. */
export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * A training progress display, hand-written (one line, no dependency): on a terminal a bar
 * redrawn in place with the step, the loss and the accuracy; elsewhere (a pipe, a CI log) a plain
 * line about every tenth of the run; with `quiet`, nothing.
 */
export class Progress {
  private readonly every: number;
  private drawn = false;

  constructor(
    private readonly sink: ProgressSink,
    private readonly steps: number,
    private readonly quiet: boolean,
  ) {
    this.every = Math.max(1, Math.ceil(steps / 10));
  }

  /** Reports that `done` steps of `steps` are finished, with the last step's loss and accuracy. */
  update(done: number, loss: number, accuracy: number): void {
    if (this.quiet) return;
    const width = String(this.steps).length;
    const numbers = `step ${String(done).padStart(width)}/${this.steps}  loss ${loss.toFixed(6)}  accuracy ${(accuracy * 100).toFixed(1)}%`;
    if (this.sink.isTTY === true) {
      const cells = 24;
      const full = Math.round((done / this.steps) * cells);
      this.sink.write(`\r\x1b[2K  [${'#'.repeat(full)}${'.'.repeat(cells - full)}] ${numbers}`);
      this.drawn = true;
    } else if (done === 1 || done % this.every === 0 || done === this.steps) {
      this.sink.write(`  ${numbers}\n`);
    }
  }

  /** Ends the bar's line (on a terminal). */
  finish(): void {
    if (this.drawn) this.sink.write('\n');
    this.drawn = false;
  }
}
