/**
 * Runs each timed workload in a fresh Node process. V8 shares optimised code, type feedback and
 * heap sizing between everything in a process, so a version timed after or beside others runs code
 * specialised for them and collects their garbage (compile()'s interpreter loop ran the micrograd
 * demo 2.4 times slower once another graph had been interpreted; adnn's step took three times as
 * long with a full GC before each sample). A fresh process per version makes each figure independent
 * of the order, and of the checks that ran before.
 */
import { spawnSync } from 'node:child_process';

/** The flag that makes build/bench.js time one workload and print its result as JSON. */
export const TIME_FLAG = '--time';

/** The workload this process was started to time, if it was started as a child. */
export function childWorkload(argv: readonly string[]): string | undefined {
  const i = argv.indexOf(TIME_FLAG);
  return i === -1 ? undefined : argv[i + 1];
}

/** Prints a child's result as the last line of its stdout, for the parent to read. */
export function sendResult(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * Times `workload` in a child process running this same script with the same Node flags (so
 * --expose-gc carries over) and returns what it sent. Its progress lines go to stderr, straight to
 * the terminal.
 */
export function runIsolated(workload: string): unknown {
  const script = process.argv[1];
  if (script === undefined) throw new Error('bench: cannot find its own script to re-run');
  const r = spawnSync(process.execPath, [...process.execArgv, script, TIME_FLAG, workload], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  if (r.error !== undefined) throw r.error;
  if (r.status !== 0) throw new Error(`bench: timing '${workload}' exited with ${r.status ?? r.signal}`);
  const last = r.stdout.trimEnd().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as unknown;
  } catch {
    throw new Error(`bench: timing '${workload}' sent no result (its last line: ${JSON.stringify(last.slice(0, 200))})`);
  }
}
