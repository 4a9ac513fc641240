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
      if (Array.isArray(x)) return `an array of length ${x.length}`;
      const name = (Object.getPrototypeOf(x) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
      const keys = Object.keys(x);
      const preview = keys.length === 0 ? '' : ` {${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', …' : ''}}`;
      return typeof name === 'string' && name !== 'Object' ? `an object (${name})${preview}` : `an object${preview}`;
    }
  }
}
