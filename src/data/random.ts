import { checkEntries } from '../engine/core/array-entries.js';
import { describeOperand } from '../engine/core/describe.js';

/**
 * A seeded pseudo-random generator: mulberry32 (Tommy Ettinger, 2017), a 32-bit state advanced by
 * a Weyl step and scrambled by two multiply-xorshift rounds. It is small, fast, well known and the
 * same on every JavaScript engine, so a seed fixes a model's initial weights and a dataset
 * everywhere; it is for reproducible experiments, not for cryptography.
 *
 * @example
 * const rng = new Random(42);
 * rng.uniform(-1, 1); // the same number on every run and every machine
 */
export class Random {
  /** @internal The 32-bit state. */
  declare _state: number;

  /** A generator started from `seed`, an integer in [0, 2^32). */
  constructor(seed: number) {
    this._state = checkSeed('new Random', seed) | 0;
  }

  /** The next 32-bit output, an integer in [0, 2^32). */
  nextUint32(): number {
    this._state = (this._state + 0x6d2b79f5) | 0;
    let z = this._state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }

  /** A uniform number in [0, 1), a multiple of 2^-32. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform number in [lo, hi). */
  uniform(lo: number, hi: number): number {
    checkFinite('uniform', 'lo', lo);
    checkFinite('uniform', 'hi', hi);
    if (!(lo <= hi)) throw new RangeError(`Random.uniform: needs lo <= hi, got lo = ${lo}, hi = ${hi}`);
    return lo + (hi - lo) * this.next();
  }

  /** A normal number with the given mean and standard deviation (Box-Muller, two draws per call). */
  normal(mean = 0, std = 1): number {
    checkFinite('normal', 'mean', mean);
    checkFinite('normal', 'std', std);
    if (std < 0) throw new RangeError(`Random.normal: std must be >= 0, got ${std}`);
    // 1 - u is in (0, 1], so the log is finite.
    const r = Math.sqrt(-2 * Math.log(1 - this.next()));
    return mean + std * r * Math.cos(2 * Math.PI * this.next());
  }

  /** A uniform integer in [0, n), for n an integer in [1, 2^32]. */
  int(n: number): number {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 4294967296) {
      throw new RangeError(`Random.int: n must be an integer in [1, 4294967296], got ${describeOperand(n)}`);
    }
    return Math.floor(this.next() * n);
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    if (!Array.isArray(items)) throw new TypeError(`Random.shuffle: expected an array, got ${describeOperand(items)}`);
    // A hole would come out as an undefined entry, somewhere else.
    checkEntries('Random.shuffle', 'items', items, 'an entry', () => true);
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  }
}

function checkFinite(method: string, name: string, x: unknown): void {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new RangeError(`Random.${method}: ${name} must be a finite number, got ${describeOperand(x)}`);
  }
}

/** @internal Checks a seed, an integer in [0, 2^32), naming the caller. */
export function checkSeed(caller: string, seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`${caller}: seed must be an integer in [0, 4294967295], got ${describeOperand(seed)}`);
  }
  return seed;
}
