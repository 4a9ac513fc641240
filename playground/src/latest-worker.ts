/** Thrown (as a rejection) for a request that a newer one replaced before it was answered. */
export class Superseded extends Error {}

/**
 * A Web Worker that answers one request at a time, the latest: a new request while one is running
 * ends that worker (a long computation cannot be interrupted otherwise) and starts a fresh one, so
 * that stale work never delays the current answer. Messages carry an `id`; an answer is
 * `{ id, error }` (rejected) or any other `{ id, ... }` (resolved).
 *
 * @example
 * const layouts = new LatestWorker<{ dot: string }, { svg: string }>(() => new Worker(new URL('./w.ts', import.meta.url), { type: 'module' }));
 * const { svg } = await layouts.run({ dot });
 */
export class LatestWorker<Req extends object, Res extends object> {
  private worker: Worker | null = null;
  private busy: ((e: Error) => void) | null = null;
  private nextId = 0;

  /** `spawn` creates the worker (Vite bundles the `new Worker(new URL(...))` written there). */
  constructor(private readonly spawn: () => Worker) {}

  /** Ends the running request, if any (its promise rejects with Superseded). */
  cancel(): void {
    if (this.busy === null) return;
    this.worker?.terminate();
    this.worker = null;
    this.busy(new Superseded('replaced by a newer request'));
    this.busy = null;
  }

  /** Sends `request`, ending a running one (whose promise rejects with Superseded). */
  run(request: Req): Promise<Res> {
    this.cancel();
    this.worker ??= this.spawn();
    const w = this.worker;
    const id = ++this.nextId;
    return new Promise<Res>((resolve, reject) => {
      this.busy = reject;
      const done = (e: MessageEvent<{ id: number; error?: string }>): void => {
        if (e.data.id !== id) return;
        w.removeEventListener('message', done);
        w.removeEventListener('error', failed);
        this.busy = null;
        if (e.data.error !== undefined) reject(new Error(e.data.error));
        else resolve(e.data as unknown as Res);
      };
      // A worker that cannot load or throws outside a request: reported, and replaced next time.
      const failed = (e: ErrorEvent): void => {
        w.removeEventListener('message', done);
        w.removeEventListener('error', failed);
        this.busy = null;
        if (this.worker === w) this.worker = null;
        w.terminate();
        reject(new Error(e.message || 'the worker failed'));
      };
      w.addEventListener('message', done);
      w.addEventListener('error', failed);
      w.postMessage({ ...request, id });
    });
  }
}
