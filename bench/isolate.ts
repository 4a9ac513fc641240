/**
 * Runs each timed workload in a fresh Node process. V8 shares optimised code and type feedback
 * between every use of a function in a process, so a workload timed after others runs code
 * specialised for them (compile()'s interpreter loop ran the micrograd demo at half speed after the
 * long chain had run through it). A fresh process per workload makes each figure independent of
 * the order and of the checks that ran before.
 */
import { spawnSync } from 'node:child_process';

/** What a timed workload sends back: its table rows, and numbers another workload's rows need. */
export interface WorkloadResult {
  readonly rows: string[][];
  readonly values: Readonly<Record<string, number>>;
}

/** The flag that makes build/bench.js time one workload and print its result as JSON. */
export const TIME_FLAG = '--time';

/** The workload this process was started to time, if it was started as a child. */
export function childWorkload(argv: readonly string[]): string | undefined {
  const i = argv.indexOf(TIME_FLAG);
  return i === -1 ? undefined : argv[i + 1];
}

/** Prints a child's result, the last line of its stdout, for the parent to read. */
export function sendResult(result: WorkloadResult): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * Times `workload` in a child process running this same script with the same Node flags (so
 * --expose-gc carries over). Its progress lines go to stderr, straight to the terminal; its result
 * comes back on stdout.
 */
export function runIsolated(workload: string): WorkloadResult {
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
  const result = JSON.parse(last) as Partial<WorkloadResult>;
  const { rows, values } = result;
  if (!Array.isArray(rows) || !rows.every((row) => Array.isArray(row) && row.every((c) => typeof c === 'string'))) {
    throw new Error(`bench: timing '${workload}' sent no table rows`);
  }
  if (typeof values !== 'object' || values === null) throw new Error(`bench: timing '${workload}' sent no values`);
  return { rows, values };
}
