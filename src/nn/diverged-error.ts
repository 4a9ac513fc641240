/** Training stopped because the loss or a parameter stopped being a finite number (`memograd train` exits 1 with its one-line message). */
export class DivergedError extends Error {
  override readonly name = 'DivergedError';
}
