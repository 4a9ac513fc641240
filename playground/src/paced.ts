/**
 * Runs a list of small steps one per frame, each in a task of its own after the frame has been
 * drawn, so that no step's work and no layout of what it added join into one long task. Starting
 * a new list drops the rest of the old one.
 *
 * @example
 * const pace = new Paced();
 * pace.start([() => addRows(0, 10), () => addRows(10, 20)], () => console.log('all shown'));
 */
export class Paced {
  private generation = 0;
  private frame: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Runs `steps` in order, one per frame, then `done`; the first step runs at once. */
  start(steps: readonly (() => void)[], done: () => void): void {
    this.stop();
    const mine = this.generation;
    let i = 0;
    const next = (): void => {
      if (mine !== this.generation) return;
      if (i >= steps.length) {
        done();
        return;
      }
      (steps[i++] as () => void)();
      // After the next frame (so that this step's layout is its own), in a new task.
      this.frame = requestAnimationFrame(() => {
        this.timer = setTimeout(next, 0);
      });
    };
    next();
  }

  /** Drops the steps not yet run. */
  stop(): void {
    this.generation++;
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
  }
}
