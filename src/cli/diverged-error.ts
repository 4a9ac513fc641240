/** Training stopped because the loss or a parameter stopped being a finite number: exit code 1, one line. */
export class DivergedError extends Error {
  override readonly name = 'DivergedError';
}
