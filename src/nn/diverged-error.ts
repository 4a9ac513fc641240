/** Training stopped because the loss or a parameter stopped being a finite number (`memograd train` exits 1 with its one-line message). */
export class DivergedError extends Error {
  /** Always `'DivergedError'`, so logs and `err.name` checks tell it from other errors (a plain subclass would say `'Error'`). */
  override readonly name = 'DivergedError';
}
