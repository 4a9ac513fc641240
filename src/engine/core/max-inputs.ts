/**
 * The most inputs `jvp`, `vjp`, `jacobian`, `grad`, `valueAndGrad`, `hessian`, `hvp` and
 * `gradcheck` take: 32,768 (2^15). Each calls `f(...xs)`, one argument per input, and JavaScript
 * engines cap the arguments a call puts on the stack (V8, at Node's default stack size, at about
 * 123,000 for all the calls in progress together; JavaScriptCore at 65,536 for one call). A call
 * with this many leaves room for the caller's own spread into `grad(f)(...xs)` or
 * `jacobian(f)(...xs)` and for one more nested level (a `jvp` over `grad`), the same in every
 * engine; beyond it they refuse with a RangeError that names the limit, before calling `f`. For
 * more inputs, build the graph from leaves of your own and call `gradients()` or `backward()`,
 * which take any number.
 *
 * @example
 * jvp((...xs) => sum(xs), new Array(MAX_INPUTS).fill(1), new Array(MAX_INPUTS).fill(1)); // [32768, 32768]
 */
export const MAX_INPUTS = 32_768;

/** @internal Throws the RangeError that names MAX_INPUTS when f would be called with more than that many arguments. */
export function checkInputCount(caller: string, n: number): void {
  if (n > MAX_INPUTS) {
    throw new RangeError(
      `${caller}: ${n} inputs are more than MAX_INPUTS = ${MAX_INPUTS}: f(...xs) takes one argument per input, and JavaScript engines cap the arguments on the stack; for more, build the graph from your own leaves and call gradients() or backward()`,
    );
  }
}
