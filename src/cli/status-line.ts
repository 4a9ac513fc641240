/** Where progress goes: a terminal gets a line redrawn in place; anything else, plain lines. */
export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * The one line a progress display owns on a sink: on a terminal it is redrawn in place (and at
 * the end kept or cleared); elsewhere (a pipe, a CI log) each report is a line of its own.
 */
export class StatusLine {
  private drawn = false;

  constructor(private readonly sink: ProgressSink) {}

  /** Whether the sink is a terminal, where the line is redrawn rather than printed again. */
  get redraws(): boolean {
    return this.sink.isTTY === true;
  }

  /** Replaces the line (on a terminal). */
  redraw(text: string): void {
    this.sink.write(`\r\x1b[2K  ${text}`);
    this.drawn = true;
  }

  /** Prints a line of its own (off a terminal). */
  print(text: string): void {
    this.sink.write(`  ${text}\n`);
  }

  /** Ends a redrawn line: `keep` leaves it on screen and moves to the next, otherwise it is cleared. */
  end(keep: boolean): void {
    if (this.drawn) this.sink.write(keep ? '\n' : '\r\x1b[2K');
    this.drawn = false;
  }
}
