import { describe, expect, it } from 'vitest';
import { toyWalkthrough, toyDeltaRule, TOY_EXAMPLE_PARAMS, TOY_ACTIVATIONS } from '../../src/index.js';
import type { ToyActivation, ToyParams, ToyWalkthroughOptions } from '../../src/index.js';
import { centralDifference, close } from '../support/finite-difference.js';

const WEIGHTS = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'] as const;
// The report prints 12 decimals: a printed number is within 5e-13 of the value.
const PRINTED = 5e-13 + 1e-15;

const text = toyWalkthrough();
const lines = text.split('\n');

/** The lines of the section headed `== f = <activation>: ...`, up to the next section. */
function section(activation: ToyActivation | 'path', source: readonly string[] = lines): string[] {
  const heading = activation === 'path' ? '== The path sum' : `== f = ${activation}:`;
  const start = source.findIndex((l) => l.startsWith(heading));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = source.findIndex((l, i) => i > start && l.startsWith('=='));
  return source.slice(start, end === -1 ? undefined : end);
}

/** The cells of the row whose first cell is `first`, split on runs of spaces. */
function row(block: readonly string[], first: string): string[] {
  const found = block.filter((l) => l.trim().split(/\s+/)[0] === first);
  expect(found, `one row starting with ${first}`).toHaveLength(1);
  return (found[0] as string).trim().split(/\s+/);
}

const numberAt = (cells: readonly string[], i: number): number => {
  const x = Number(cells[i]);
  expect(Number.isNaN(x), `cell ${i} of ${cells.join(' ')}`).toBe(false);
  return x;
};

describe('toyWalkthrough(): content', () => {
  it.each(TOY_ACTIVATIONS)('toyWalkthrough() prints the forward values of the delta rule for %s', (activation) => {
    const block = section(activation);
    const { forward } = toyDeltaRule(TOY_EXAMPLE_PARAMS, activation);
    const expected: [string, number][] = [
      ['z1(2)', forward.z1_2], ['z2(2)', forward.z2_2], ['a1(2)', forward.a1_2], ['a2(2)', forward.a2_2],
      ['z1(3)', forward.z1_3], ['a1(3)', forward.a1_3], ['E', forward.E],
    ];
    for (const [name, value] of expected) {
      const cells = row(block, name);
      expect(Math.abs(numberAt(cells, 1) - value)).toBeLessThanOrEqual(PRINTED);
      expect(Math.abs(numberAt(cells, 2) - value)).toBeLessThanOrEqual(PRINTED);
    }
  });

  it.each(TOY_ACTIVATIONS)('toyWalkthrough() prints the three deltas for %s, by backward() and by the delta rule', (activation) => {
    const block = section(activation);
    const { deltas } = toyDeltaRule(TOY_EXAMPLE_PARAMS, activation);
    const expected: [string, string, number][] = [
      ['delta1(3)', 'dE/dz1(3)', deltas.delta1_3],
      ['delta1(2)', 'dE/dz1(2)', deltas.delta1_2],
      ['delta2(2)', 'dE/dz2(2)', deltas.delta2_2],
    ];
    for (const [name, meaning, value] of expected) {
      const cells = row(block, name);
      expect(cells[1]).toBe(meaning);
      expect(Math.abs(numberAt(cells, 2) - value)).toBeLessThanOrEqual(PRINTED);
      expect(Math.abs(numberAt(cells, 3) - value)).toBeLessThanOrEqual(PRINTED);
    }
  });

  it.each(TOY_ACTIVATIONS)(
    'toyWalkthrough() prints dE/dw1..dE/dw6 for %s by backward(), the delta rule and finite differences, with their differences',
    (activation) => {
      const block = section(activation);
      const { gradients } = toyDeltaRule(TOY_EXAMPLE_PARAMS, activation);
      const point = WEIGHTS.map((w) => TOY_EXAMPLE_PARAMS[w]);
      const loss = (ws: number[]) =>
        toyDeltaRule({ ...TOY_EXAMPLE_PARAMS, ...Object.fromEntries(WEIGHTS.map((w, i) => [w, ws[i]])) }, activation).forward.E;
      let maxNumeric = 0;
      WEIGHTS.forEach((w, i) => {
        const cells = row(block, `dE/d${w}`);
        expect(cells).toHaveLength(6);
        const [engine, hand, numeric, ruleGap, numericGap] = [1, 2, 3, 4, 5].map((c) => numberAt(cells, c)) as [
          number, number, number, number, number,
        ];
        expect(Math.abs(engine - gradients[w])).toBeLessThanOrEqual(PRINTED);
        expect(Math.abs(hand - gradients[w])).toBeLessThanOrEqual(PRINTED);
        // The printed finite difference is an estimate of the same gradient, independently recomputed here.
        expect(close(numeric, centralDifference(loss, point, i), 1e-9, PRINTED)).toBe(true);
        expect(close(numeric, gradients[w], 1e-6, 1e-8)).toBe(true);
        expect(ruleGap).toBeLessThan(1e-15);
        expect(Math.abs(numericGap - Math.abs(engine - numeric))).toBeLessThan(2e-12);
        maxNumeric = Math.max(maxNumeric, numericGap);
      });
      const summary = block.find((l) => l.includes('max |backward() - delta rule| = '));
      expect(summary).toBeDefined();
      const summaryPattern = /delta rule\| = (\S+), max \|backward\(\) - finite difference\| = (\S+)$/;
      const [, ruleMax, numericMax] = summaryPattern.exec(summary as string) ?? [];
      expect(Number(ruleMax)).toBeLessThan(1e-15);
      expect(Number(numericMax)).toBeCloseTo(maxNumeric, 15);
    },
  );

  it('toyWalkthrough() states both typos of the post and their corrections', () => {
    expect(text).toContain('z1(3) = a1(2)*w5 + a1(2)*w6');
    expect(text).toContain('z1(3) = a1(2)*w5 + a2(2)*w6');
    expect(text).toContain('The second term is a2(2)*w6');
    expect(text).toContain('dz1(3)/da1(3)');
    expect(text).toContain('The middle factor is dz1(3)/da1(2)');
  });

  it('toyWalkthrough() states its example parameters', () => {
    expect(text).toContain('x1 = 0.35, x2 = 0.9, y = 0.5');
    expect(text).toContain('w1 = 0.1, w2 = 0.8, w3 = 0.4, w4 = 0.6, w5 = 0.3, w6 = 0.9');
    expect(TOY_EXAMPLE_PARAMS).toEqual({ x1: 0.35, x2: 0.9, y: 0.5, w1: 0.1, w2: 0.8, w3: 0.4, w4: 0.6, w5: 0.3, w6: 0.9 });
  });

  it('toyWalkthrough() compares path sums on the toy network with backward(), counting paths by hand', () => {
    const block = section('path');
    // Each path's product is formed from scratch, one multiplication per edge of the path.
    // dE/dw1: E -> (y-a1(3))^2 -> y-a1(3) -> a1(3) -> z1(3) -> a1(2)*w5 -> a1(2) -> z1(2) -> x1*w1 -> w1,
    // 9 edges; x1 is reached by two such paths (through x1*w1 and x1*w2), 18 multiplications.
    const expected: Record<string, [number, number]> = {
      'dE/dx1': [2, 18], 'dE/dx2': [2, 18], 'dE/dy': [1, 3],
      'dE/dw1': [1, 9], 'dE/dw2': [1, 9], 'dE/dw3': [1, 9], 'dE/dw4': [1, 9], 'dE/dw5': [1, 6], 'dE/dw6': [1, 6],
    };
    const { gradients } = toyDeltaRule(TOY_EXAMPLE_PARAMS, 'sigmoid');
    for (const [name, [paths, multiplications]] of Object.entries(expected)) {
      const cells = row(block, name);
      expect(numberAt(cells, 4)).toBe(paths);
      expect(numberAt(cells, 5)).toBe(multiplications);
      expect(Math.abs(numberAt(cells, 1) - numberAt(cells, 2))).toBeLessThanOrEqual(2 * PRINTED);
      const w = name.slice(4);
      if (w in gradients) expect(Math.abs(numberAt(cells, 1) - gradients[w as keyof typeof gradients])).toBeLessThanOrEqual(PRINTED);
    }
    // 12 products, 3 sums of two, 3 activations, y - a1(3), the square and the halving: 25 edges.
    // 2 + 2 + 1 + 6 × 1 paths; 18 + 18 + 3 + 4 × 9 + 2 × 6 multiplications.
    expect(block).toContain('  path sums for all 9 leaves: 11 paths, 87 multiplications;');
    expect(block).toContain('  one backward() for all of them: 25 edges, so 25 multiplications.');
  });

  it('toyWalkthrough() shows the ladder paths doubling per rung while backward() grows by four edges', () => {
    const block = section('path');
    for (const k of [5, 10, 15, 20]) {
      // 2^k paths, each of 2k edges (per rung: the sum to one of its two products, then to the rung
      // below), each costing one multiplication per edge; backward(): 4 edges per rung.
      const cells = row(block, String(k));
      expect(cells).toEqual(['' + k, '1.000000000000', '1.000000000000', String(2 ** k), String(2 * k * 2 ** k), String(4 * k)]);
    }
    expect(block).toContain(
      '  The path sum follows 2^k paths of 2k edges each: 2k * 2^k multiplications; backward() 4k, once per edge.',
    );
    expect(block).toContain("product from scratch, 1 * d1 * ... * dL, so a path of L edges costs L multiplications.");
  });
});

describe('toyWalkthrough(): layout', () => {
  it('toyWalkthrough() aligns every table: header, rule and rows have the rule\'s width and column edges', () => {
    const rules = lines.map((l, i) => [l, i] as const).filter(([l]) => /^ {2}-+( {2}-+)+$/.test(l));
    // Three per activation, two for the path sums, two for forward mode.
    expect(rules.length).toBe(3 * 3 + 2 + 2);
    for (const [rule, i] of rules) {
      const header = lines[i - 1] as string;
      expect(header.length).toBeLessThanOrEqual(rule.length);
      const body: string[] = [];
      for (let j = i + 1; j < lines.length && (lines[j] as string).length === rule.length; j++) body.push(lines[j] as string);
      expect(body.length).toBeGreaterThanOrEqual(3);
      // Every right-aligned column of numbers ends where its dashes end.
      const ends = [...rule.matchAll(/-+/g)].map((m) => (m.index ?? 0) + m[0].length);
      for (const line of body) for (const end of ends.slice(1)) expect(line[end - 1]).toMatch(/\S/);
    }
  });

  it('toyWalkthrough() is plain text: no tabs, no terminal escapes, no line over 110 columns, no trailing spaces', () => {
    expect(text).not.toMatch(/\t|\x1b/);
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(110);
      expect(line).toBe(line.trimEnd());
    }
  });

  it('toyWalkthrough() returns the same text on every call', () => {
    expect(toyWalkthrough()).toBe(text);
  });
});

describe('toyWalkthrough(): options', () => {
  it('toyWalkthrough() uses the given params', () => {
    const params: ToyParams = { x1: 1, x2: 2, y: 0.5, w1: 0.5, w2: -1, w3: 0.25, w4: 0.25, w5: 2, w6: 3 };
    const custom = toyWalkthrough({ params, ladderDepths: [] });
    expect(custom).toContain('x1 = 1, x2 = 2, y = 0.5');
    const reluRows = section('relu', custom.split('\n'));
    // The worked relu example of the delta-rule tests: dE/dw3 = 6, dE/dw4 = 0 (dead unit).
    expect(row(reluRows, 'dE/dw3').slice(1, 3)).toEqual(['6.000000000000', '6.000000000000']);
    expect(row(reluRows, 'dE/dw4').slice(1, 3)).toEqual(['0.000000000000', '0.000000000000']);
  });

  it('toyWalkthrough() path-sums the requested ladder depths only', () => {
    const block = toyWalkthrough({ ladderDepths: [0, 3] }).split('\n');
    const ladderRows = block.slice(block.findIndex((l) => l.startsWith('Ladder:')) + 3).filter((l) => /^ +\d+ /.test(l));
    expect(ladderRows.map((l) => l.trim().split(/\s+/)[3])).toEqual(['1', '8']);
  });

  it.each([[[21]], [[-1]], [[2.5]], [['3']], [[NaN]]])('toyWalkthrough() rejects ladderDepths %j with a RangeError', (depths) => {
    expect(() => toyWalkthrough({ ladderDepths: depths as number[] })).toThrow(RangeError);
    expect(() => toyWalkthrough({ ladderDepths: depths as number[] })).toThrow(
      /^toyWalkthrough: ladderDepths\[0\] must be an integer in \[0, 20\]/,
    );
  });

  it('toyWalkthrough() rejects bad options and params with errors naming itself', () => {
    expect(() => toyWalkthrough({ ladderDepths: 5 } as unknown as ToyWalkthroughOptions)).toThrow(TypeError);
    expect(() => toyWalkthrough(null as unknown as ToyWalkthroughOptions)).toThrow(/^toyWalkthrough: options must be an object/);
    expect(() => toyWalkthrough({ params: { ...TOY_EXAMPLE_PARAMS, w5: NaN } })).toThrow(RangeError);
    expect(() => toyWalkthrough({ params: { ...TOY_EXAMPLE_PARAMS, w5: NaN } })).toThrow(
      'toyWalkthrough: params.w5 must be finite, got NaN',
    );
  });
});

describe('toyWalkthrough(): forward mode against backward()', () => {
  const start = lines.findIndex((l) => l.startsWith('== Forward mode against backward()'));
  const block = lines.slice(start);

  it('toyWalkthrough() has a forward-mode section after the path sums', () => {
    expect(start).toBeGreaterThan(lines.findIndex((l) => l.startsWith('== The path sum')));
  });

  it('toyWalkthrough() prints dE/dw1..dE/dw6 by forward mode, equal to the delta rule, with each sweep\'s multiplications counted by hand', () => {
    const { gradients } = toyDeltaRule(TOY_EXAMPLE_PARAMS, 'sigmoid');
    // A sweep for w1..w4 multiplies along the 9 edges from the weight up to E (its product, the sum,
    // the activation, the product with w5 or w6, the sum, the activation, y - ŷ, the square, the
    // halving); for w5 and w6, the last 6. Edges no tangent reaches (x1, x2, y, other weights) are skipped.
    const counts: Record<string, number> = { w1: 9, w2: 9, w3: 9, w4: 9, w5: 6, w6: 6 };
    for (const w of WEIGHTS) {
      const cells = row(block, `dE/d${w}`);
      expect(cells).toHaveLength(5);
      expect(Math.abs(numberAt(cells, 1) - gradients[w])).toBeLessThanOrEqual(PRINTED);
      expect(Math.abs(numberAt(cells, 2) - gradients[w])).toBeLessThanOrEqual(PRINTED);
      expect(numberAt(cells, 3)).toBeLessThan(1e-15);
      expect(numberAt(cells, 4)).toBe(counts[w]);
    }
    expect(block).toContain('  forward mode: 6 sweeps, 48 multiplications;');
    expect(block).toContain('  backward(): 1 sweep, 25 multiplications (one per edge).');
    expect(block).toContain('  edge would make 25 per sweep, 150 in all.');
  });

  it('toyWalkthrough() shows forward mode winning for one input and seven outputs, with the counts by hand', () => {
    // d/dx1 of every quantity, checked against finite differences of the delta rule's forward pass.
    const quantities = [
      ['dz1(2)/dx1', 'z1_2'], ['dz2(2)/dx1', 'z2_2'], ['da1(2)/dx1', 'a1_2'], ['da2(2)/dx1', 'a2_2'],
      ['dz1(3)/dx1', 'z1_3'], ['da1(3)/dx1', 'a1_3'], ['dE/dx1', 'E'],
    ] as const;
    for (const [name, field] of quantities) {
      const cells = row(block, name);
      const at = (x1: number) => toyDeltaRule({ ...TOY_EXAMPLE_PARAMS, x1 }, 'sigmoid').forward[field];
      const numeric = centralDifference(([x1]) => at(x1 as number), [TOY_EXAMPLE_PARAMS.x1], 0);
      expect(close(numberAt(cells, 1), numeric, 1e-6, 1e-9)).toBe(true);
      expect(Math.abs(numberAt(cells, 1) - numberAt(cells, 2))).toBeLessThanOrEqual(2 * PRINTED);
    }
    // Forward from x1: x1*w1, x1*w2, the two sums, the two activations, a1(2)*w5, a2(2)*w6, both
    // edges into z1(3), a1(3), y - ŷ, the square, the halving: 14. Reverse: each quantity's whole
    // past, 6 + 6 + 7 + 7 + 20 + 21 + 25 = 92 edges.
    expect(block).toContain('  forward mode: 1 sweep, 14 multiplications;');
    expect(block).toContain('  reverse mode: 7 sweeps, 92 multiplications.');
  });
});
