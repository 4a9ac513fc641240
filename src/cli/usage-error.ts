/** A bad command line: reported with the command's usage and exit code 2, never with a stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Bad input other than the command line (an unreadable or invalid --load file): exit code 2, one line. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
