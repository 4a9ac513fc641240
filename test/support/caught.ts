/** The error `fn` throws (or undefined if it returns), for tests that look at the error's fields. */
export function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}
