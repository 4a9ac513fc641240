import { BUILD, VALUE_BRAND } from './value-brand.js';

/**
 * A short, safe description of a bad argument for an error message: its type and, where
 * short, its value (`string "abc"`, `bigint 3n`, `an object`).
 *
 * @example
 * describeOperand('abc') // 'string "abc"'
 */
export function describeOperand(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  switch (typeof x) {
    case 'string':
      return `string ${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x)}`;
    case 'bigint':
      return `bigint ${x}n`;
    case 'boolean':
    case 'number':
      return `${typeof x} ${String(x)}`;
    case 'symbol':
      return `symbol ${x.description ?? ''}`;
    case 'function':
      return 'a function';
    default: {
      const o = x as object;
      if (Array.isArray(o)) return `an array of length ${o.length}`;
      const other = otherBuild(o);
      if (other !== undefined) return other;
      // A Value's own class name may be minified or renamed by a bundler (esbuild's `class _Value`): the brand is not.
      const name = VALUE_BRAND in o ? 'Value' : (Object.getPrototypeOf(o) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
      // A Value's public fields are accessors on its class (see Value.data, Value.grad), not own keys.
      const keys = VALUE_BRAND in o ? VALUE_FIELDS : Object.keys(o);
      const preview = keys.length === 0 ? '' : ` {${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', …' : ''}}`;
      return typeof name === 'string' && name !== 'Object' ? `an object (${name})${preview}` : `an object${preview}`;
    }
  }
}

const VALUE_FIELDS: readonly string[] = [
  'data',
  'grad',
  'label',
  // Stryker disable next-line StringLiteral: a preview shows three names; the fourth only makes it end in '…'
  'op',
];

const FORMATS: Readonly<Record<string, string>> = { esm: 'ESM', cjs: 'CommonJS', source: 'source' };

// A Value made by another copy of memograd fails every instanceof check here: say so, since
// "got an object (Value)" where a Value is expected is a puzzle (import and require of the
// package in one program load its ESM and CommonJS builds side by side).
function otherBuild(x: object): string | undefined {
  const brand = (x as { [VALUE_BRAND]?: unknown })[VALUE_BRAND];
  if (typeof brand !== 'object' || brand === null || brand === BUILD) return undefined;
  const theirs = FORMATS[(brand as { format?: unknown }).format as string];
  const ours = FORMATS[BUILD.format] as string;
  return theirs === undefined || theirs === ours
    ? `a Value from another copy of memograd (a second install?), which this copy cannot use: load memograd once`
    : `a Value from memograd's ${theirs} build, which its ${ours} build cannot use: import and require load two copies whose Values do not mix; load memograd one way`;
}
