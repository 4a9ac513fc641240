// Which build this module is part of. tsup defines __MEMOGRAD_FORMAT__ per output ('esm', 'cjs');
// run from source (tests), it is undefined.
declare const __MEMOGRAD_FORMAT__: string | undefined;

/**
 * @internal Marks a Value across builds: `instanceof` fails for a Value from memograd's other build
 * (ESM vs CommonJS) or a second install, but a registered symbol is the same in every copy.
 */
export const VALUE_BRAND: unique symbol = /* @__PURE__ */ Symbol.for('memograd.Value');

/** @internal Node's key for a custom inspector, reached without importing node:util. */
export const INSPECT: unique symbol = /* @__PURE__ */ Symbol.for('nodejs.util.inspect.custom');

/** @internal This copy of the library: a Value's brand holds it, so error messages can tell copies apart. */
export const BUILD: { readonly format: string } = {
  format: typeof __MEMOGRAD_FORMAT__ === 'string' ? __MEMOGRAD_FORMAT__ : 'source',
};
