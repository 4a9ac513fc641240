/** Runs the built command-line program (dist/cli.js, built by the global setup) as a child process. */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

/** A line of a Node stack trace, as an uncaught exception would print. */
export const STACK_LINE = /^\s+at /m;

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `memograd ...args`, run by `cli` (default the built one) in `cwd` (default the repository). */
export function runCli(args: readonly string[], options: { cwd?: string; cli?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [options.cli ?? CLI, ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
