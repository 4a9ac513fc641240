import { describe, expect, it } from 'vitest';
import { Value, logSumExp } from '../../../src/index.js';
import { tableRows } from '../../support/kinks-table.js';

// The kinks table of docs/semantics.md, row by row, against the engine: each row has a probe here
// (inputs, and the value and derivatives IEEE arithmetic and the row's rule give), a row without a
// probe or a probe without a row fails, and the numbers the row writes must be the probe's.

/** f at fresh leaves for `xs`: [value, d/dx0, d/dx1, ...] after backward(). */
function probe(f: (...v: Value[]) => Value, ...xs: number[]): number[] {
  const leaves = xs.map((x) => new Value(x));
  const out = f(...leaves);
  out.backward();
  return [out.data, ...leaves.map((l) => l.grad)];
}

interface Row {
  /** Each case: what the engine gives, and what it must be. */
  readonly cases: readonly [number[], number[]][];
  /** Whether the row writes its numbers literally (checked against the cases), or in words. */
  readonly literal?: boolean;
  /** The value is in words ('x'), the derivatives in numbers. */
  readonly valueInWords?: boolean;
  /** Agreement to within a unit in the last place (Number.EPSILON relative) rather than exactly. */
  readonly ulp?: boolean;
}

const ROWS: Record<string, Row> = {
  '`relu` | x = 0': { cases: [[probe((x) => x.relu(), 0), [0, 0]]] },
  '`relu` | x = NaN': { cases: [[probe((x) => x.relu(), NaN), [NaN, 0]]] },
  '`abs` | x = 0': { cases: [[probe((x) => x.abs(), 0), [0, 0]]] },
  '`max`, `min` | a tie, x = y': { cases: [[probe((x, y) => x.max(y), 2, 2), [2, 0.5, 0.5]], [probe((x, y) => x.min(y), 2, 2), [2, 0.5, 0.5]]], valueInWords: true },
  '`sqrt` | x = 0': { cases: [[probe((x) => x.sqrt(), 0), [0, Infinity]], [probe((x) => x.sqrt(), -0), [-0, -Infinity]]] },
  '`sqrt` | x < 0': { cases: [[probe((x) => x.sqrt(), -4), [NaN, NaN]]] },
  '`log` | x = ±0': { cases: [[probe((x) => x.log(), 0), [-Infinity, Infinity]], [probe((x) => x.log(), -0), [-Infinity, -Infinity]]] },
  '`log` | x < 0': { cases: [[probe((x) => x.log(), -2), [NaN, -0.5]]], literal: false },
  '`log1p` | x = -1': { cases: [[probe((x) => x.log1p(), -1), [-Infinity, Infinity]]] },
  '`atanh` | x = ±1': { cases: [[probe((x) => x.atanh(), 1), [Infinity, Infinity]], [probe((x) => x.atanh(), -1), [-Infinity, Infinity]]] },
  '`atanh` | \\|x\\| > 1': { cases: [[probe((x) => x.atanh(), 2), [NaN, -1 / 3]], [probe((x) => x.atanh(), -2), [NaN, -1 / 3]]], literal: false },
  '`pow(c)` | x < 0, c not an integer': { cases: [[probe((x) => x.pow(0.5), -2), [NaN, NaN]]] },
  '`pow(c)` | c = 0, any x (also 0)': { cases: [[probe((x) => x.pow(0), 0), [1, 0]], [probe((x) => x.pow(0), -3), [1, 0]], [probe((x) => x.pow(0), NaN), [1, 0]]] },
  '`pow(c)` | x = 0, 0 < c < 1 (e.g. c = 0.5)': { cases: [[probe((x) => x.pow(0.5), 0), [0, Infinity]]] },
  '`pow(b)`, b a Value | x = 0, b ≥ 0': {
    cases: [[probe((x, b) => x.pow(b), 0, 2), [0, 0, 0]], [probe((x, b) => x.pow(b), 0, 0), [1, 0, 0]], [probe((x, b) => x.pow(b), 0, 0.5), [0, Infinity, 0]]],
    literal: false,
  },
  '`pow(b)`, b a Value | x < 0': { cases: [[probe((x, b) => x.pow(b), -2, 2), [4, -4, NaN]], [probe((x, b) => x.pow(b), -2, 0.5), [NaN, NaN, NaN]]], literal: false },
  '`div` | x / ±0, x ≠ 0': {
    cases: [
      [probe((x, y) => x.div(y), 1, 0), [Infinity, Infinity, -Infinity]],
      [probe((x, y) => x.div(y), 1, -0), [-Infinity, -Infinity, -Infinity]],
      [probe((x, y) => x.div(y), -1, 0), [-Infinity, Infinity, Infinity]],
    ],
  },
  '`div` | 0 / 0': { cases: [[probe((x, y) => x.div(y), 0, 0), [NaN, Infinity, NaN]], [probe((x, y) => x.div(y), 0, -0), [NaN, -Infinity, NaN]]] },
  '`exp` | x > ln(Number.MAX_VALUE) ≈ 709.7827': { cases: [[probe((x) => x.exp(), 709.8), [Infinity, Infinity]], [probe((x) => x.exp(), 709.78), [Math.exp(709.78), Math.exp(709.78)]]], literal: false },
  '`tanh` | \\|x\\| large': { cases: [[probe((x) => x.tanh(), 30), [1, 0]], [probe((x) => x.tanh(), -30), [-1, 0]]] },
  '`sigmoid` | \\|x\\| large': { cases: [[probe((x) => x.sigmoid(), 40), [1, 0]], [probe((x) => x.sigmoid(), -800), [0, 0]]] },
  '`softplus` | x = 1000 / x = -1000': { cases: [[probe((x) => x.softplus(), 1000), [1000, 1]], [probe((x) => x.softplus(), -1000), [0, 0]]] },
  '`logSigmoid` | x = -1000': { cases: [[probe((x) => x.logSigmoid(), -1000), [-1000, 1]]] },
  '`logSumExp` | [1000, 1000]': { cases: [[probe((x, y) => logSumExp([x, y]), 1000, 1000), [1000 + Math.LN2, 0.5, 0.5]]], literal: false },
  '`hypot` | a = b = 0': { cases: [[probe((x, y) => x.hypot(y), 0, 0), [0, NaN, NaN]], [probe((x) => x.hypot(0), 0), [0, NaN]]] },
  // x.stopGradient()·u: the node gets u, x gets nothing (+0), u gets x.
  '`stopGradient` | a gradient g = ±Infinity or NaN arrives': {
    cases: [Infinity, -Infinity, NaN].map((u) => [probe((x, v) => x.stopGradient().mul(v), 2, u), [2 * u, 0, 2]]),
    literal: false,
  },
  '`log1p`, `expm1` | x = 1e-10': {
    cases: [[probe((x) => x.log1p(), 1e-10), [9.9999999995e-11, 1 / (1 + 1e-10)]], [probe((x) => x.expm1(), 1e-10), [1.00000000005e-10, Math.exp(1e-10)]]],
    literal: false,
    ulp: true,
  },
};

/** How a number may be written in a cell: Infinity's sign is often in words (±, "the sign of"). */
function spellings(x: number): string[] {
  if (Number.isNaN(x)) return ['NaN'];
  if (x === Infinity || x === -Infinity) return ['Infinity'];
  return [String(Math.abs(x))];
}

describe('the kinks table of docs/semantics.md', () => {
  it('every row of the table has a probe here, and every probe a row', () => {
    expect([...tableRows().keys()].sort()).toEqual(Object.keys(ROWS).sort());
  });

  it.each(Object.entries(ROWS))('%s: the engine gives what the row says', (key, row) => {
    const cells = tableRows().get(key);
    expect(cells, key).toBeDefined();
    const [valueCell, derivativeCell] = cells as [string, string];
    for (const [got, want] of row.cases) {
      expect(got.length).toBe(want.length);
      got.forEach((g, i) => {
        const w = want[i] as number;
        const same = row.ulp === true ? Math.abs(g - w) <= Number.EPSILON * Math.abs(w) : Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w));
        expect(same, `${key}: ${got} vs ${want}`).toBe(true);
      });
      if (row.literal === false) continue;
      const [value, ...derivatives] = want;
      if (row.valueInWords !== true) expect(spellings(value as number).some((s) => valueCell.includes(s)), `${key}: value ${value} in '${valueCell}'`).toBe(true);
      for (const d of derivatives) expect(spellings(d).some((s) => derivativeCell.includes(s)), `${key}: derivative ${d} in '${derivativeCell}'`).toBe(true);
    }
  });
});
