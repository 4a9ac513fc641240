/** What a strict Content-Security-Policy (no 'unsafe-eval') makes `new Function` throw. */
export function policyRefusal(): EvalError {
  return new EvalError('Refused to evaluate a string as JavaScript');
}

/**
 * Runs `body` with `globalThis.Function` replaced by one that throws `error` (a policy refusal, or
 * any other error a broken source would raise), and puts the real one back, whatever happens;
 * `body` may ask how many times it was called (a path that swallowed the error would try again).
 */
export function withFunctionThrowing<T>(error: Error, body: (calls: () => number) => T): T {
  const original = globalThis.Function;
  let calls = 0;
  globalThis.Function = function refusing(): never {
    calls += 1;
    throw error;
  } as unknown as FunctionConstructor;
  try {
    return body(() => calls);
  } finally {
    globalThis.Function = original;
  }
}
