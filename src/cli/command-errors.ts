/** Bad input (the command line, a file read): reported on one line, with exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
}

/** An output (a picture, a saved model) that could not be made or written: one line, exit code 1. */
export class OutputError extends Error {
  override name = 'OutputError';
}

/**
 * How every subcommand ends on an expected failure: one line `memograd <command>: <message>` on
 * stderr and the exit code for its kind. Anything else is a bug and is thrown on, to the top level.
 */
export function reportCommandError(command: string, e: unknown, stderr: { write(s: string): unknown }): number {
  if (!(e instanceof InputError) && !(e instanceof OutputError)) throw e;
  stderr.write(`memograd ${command}: ${e.message}\n`);
  return e instanceof InputError ? 2 : 1;
}
