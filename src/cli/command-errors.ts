/** Bad input (the command line, a file read): reported on one line, with exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
}

/**
 * A bad command line for a subcommand (an unknown option, a missing or bad value, a stray
 * argument): one line, then the line of `usageHint`, with exit code 2.
 */
export class CommandLineError extends InputError {
  override name = 'CommandLineError';
}

/** An output (a picture, a saved model) that could not be made or written: one line, exit code 1. */
export class OutputError extends Error {
  override name = 'OutputError';
}

/** The line after a usage error, pointing at the help: of `command`'s options, or of memograd's commands. */
export function usageHint(command?: string): string {
  return command === undefined ? "run 'memograd --help' for the commands" : `run 'memograd ${command} --help' for the options`;
}

/**
 * How every subcommand ends on an expected failure: one line `memograd <command>: <message>` on
 * stderr (and, for a bad command line, the pointer to its help) and the exit code for its kind.
 * Anything else is a bug and is thrown on, to the top level.
 */
export function reportCommandError(command: string, e: unknown, stderr: { write(s: string): unknown }): number {
  if (!(e instanceof InputError) && !(e instanceof OutputError)) throw e;
  stderr.write(`memograd ${command}: ${e.message}\n${e instanceof CommandLineError ? `${usageHint(command)}\n` : ''}`);
  return e instanceof InputError ? 2 : 1;
}
