/**
 * The one reader of URL parameters for every view: a key given twice uses its first value (and says
 * so), a number is a plain decimal (`0x10`, `1_000` and `Infinity` are not), and every value that
 * cannot be used is named in one line on the page; the view then writes its URL without it.
 */

/** A plain decimal number: digits, an optional point and exponent; no hex, no separators. */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** `text` read as a finite decimal number, or undefined. */
export function decimal(text: string): number | undefined {
  const t = text.trim();
  if (t.length > 64 || !DECIMAL.test(t)) return undefined;
  const x = Number(t);
  return Number.isFinite(x) ? x : undefined;
}

/** A short quote of a value from the URL for a message. */
const quote = (v: string): string => `'${v.length > 30 ? `${v.slice(0, 30)}…` : v}'`;

/** Reads a view's URL parameters, collecting what could not be used. */
export class UrlReader {
  /** One line per value that could not be used (or a key given twice). */
  readonly problems: string[] = [];
  private readonly first = new Map<string, string>();

  constructor(params: URLSearchParams) {
    const repeated = new Set<string>();
    for (const [k, v] of params) {
      if (!this.first.has(k)) this.first.set(k, v);
      else if (!repeated.has(k)) {
        repeated.add(k);
        this.problems.push(`${k} is given more than once: the first, ${quote(this.first.get(k) as string)}, is used`);
      }
    }
  }

  /** The first value of `name`, or null. */
  get(name: string): string | null {
    return this.first.get(name) ?? null;
  }

  /** Every key with its first value, in URL order. */
  entries(): [string, string][] {
    return [...this.first];
  }

  /** A number in [min, max] (a whole one if `integer`); missing gives `fallback` silently, unusable with a note. */
  number(name: string, fallback: number, o: { min?: number; max?: number; integer?: boolean } = {}): number {
    const raw = this.get(name);
    if (raw === null) return fallback;
    const x = decimal(raw);
    const min = o.min ?? -Infinity;
    const max = o.max ?? Infinity;
    if (x === undefined) this.problems.push(`${name} ${quote(raw)} is not a number: ${fallback} is used`);
    else if (o.integer === true && !Number.isInteger(x)) this.problems.push(`${name} ${quote(raw)} is not a whole number: ${fallback} is used`);
    else if (x < min || x > max) this.problems.push(`${name} ${quote(raw)} is outside ${min} to ${max}: ${fallback} is used`);
    else return x;
    return fallback;
  }

  /** One of `choices`; missing gives `fallback` silently, anything else with a note. */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const raw = this.get(name);
    if (raw === null) return fallback;
    if ((choices as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} ${quote(raw)} is not one of ${choices.join(', ')}: ${fallback} is used`);
    return fallback;
  }
}
