/** What a strict Content-Security-Policy (no 'unsafe-eval') makes `new Function` throw. */
export function policyRefusal(): EvalError {
  return new EvalError('Refused to evaluate a string as JavaScript');
}

/**
 * Runs `body` with `globalThis.Function` replaced by one that throws `error` (a policy refusal, or
 * any other error a broken source would raise), and puts the real one back, whatever happens.
 */
export function withFunctionThrowing<T>(error: Error, body: () => T): T {
  const original = globalThis.Function;
  globalThis.Function = function refusing(): never {
    throw error;
  } as unknown as FunctionConstructor;
  try {
    return body();
  } finally {
    globalThis.Function = original;
  }
}
