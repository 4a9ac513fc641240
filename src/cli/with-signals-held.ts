/** The signals that end a command-line run by default, and which must not cut a file write short. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

let holding = false;

function onSignal(signal: NodeJS.Signals): void {
  release();
  // Now that the write has finished, end the process as the signal would have, with its exit status.
  process.kill(process.pid, signal);
}

function release(): void {
  if (!holding) return;
  holding = false;
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

/**
 * Runs `write` (a synchronous file write) with SIGINT, SIGTERM and SIGHUP held off, so that Ctrl-C
 * cannot kill the process halfway and leave a temporary file behind. A signal that arrives meanwhile
 * is acted on at the next turn of the event loop: the process then ends by that signal, with the
 * write finished (the new file complete, or the old one untouched and the temporary file removed).
 * A JavaScript listener runs only from the event loop, so holding is all a listener can do here.
 */
export function withSignalsHeld<T>(write: () => T): T {
  if (!holding) {
    holding = true;
    for (const s of SIGNALS) process.on(s, onSignal);
    // Released after the event loop has polled for signals once more, so that a signal that came
    // during the write is handled rather than lost: the first immediate may run before that poll
    // (when the write ran inside a poll callback, as an ES module's top level does), the second not.
    setImmediate(() => setImmediate(release));
  }
  return write();
}
