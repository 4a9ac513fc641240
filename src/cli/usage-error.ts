/** A bad command line: reported with the command's usage and exit code 2, never with a stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
