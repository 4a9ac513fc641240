import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, customOp } from '../../src/index.js';
import { arbitraryProgram, checkGrads, gradientProperty, realAwayFrom, smoothPoints } from '../../src/testing/index.js';

/** sin whose derivative is wrong (3× too large) only for x > 2. */
const wrongAbove2 = customOp({
  name: 'sin-wrong-above-2',
  forward: Math.sin,
  derivatives: (_o, x) => [x > 2 ? 3 * Math.cos(x) : Math.cos(x)],
  derivativeValues: (_o, x) => [x.data > 2 ? x.cos().mul(3) : x.cos()],
});
const interval = (min: number, max: number) => fc.double({ min, max, noNaN: true });

describe('gradientProperty()', () => {
  it('passes a correct function at every generated point', () => {
    fc.assert(gradientProperty((x, y) => x.mul(y).sin().add(x.exp()), [interval(-2, 2), interval(-2, 2)], { order: 2 }), { numRuns: 50 });
  });

  it('finds a derivative wrong only for x > 2 and shrinks the counterexample to just above 2', () => {
    const result = fc.check(gradientProperty((x) => wrongAbove2(x), [interval(0, 4)]), { seed: 1 });
    expect(result.failed).toBe(true);
    const [[x]] = result.counterexample as [[number]];
    expect(x).toBeGreaterThan(2);
    expect(x).toBeLessThan(2 + 1e-9);
    expect(String(result.errorInstance)).toContain('checkGrads: 4 of 4 checks failed');
  });

  it('takes one arbitrary of whole points as well as one per input', () => {
    const result = fc.check(gradientProperty((x) => wrongAbove2(x), fc.tuple(interval(0, 4))), { seed: 1 });
    expect(result.failed).toBe(true);
  });

  it("skips inconclusive points by default, and fails on them with inconclusive: 'fail'", () => {
    const onKink = fc.constant(0);
    // Every point is a kink: fast-check gives up after too many skips instead of passing vacuously.
    const skipped = fc.check(gradientProperty((x) => x.relu(), [onKink]), { numRuns: 5 });
    expect(skipped.failed).toBe(true);
    expect(skipped.numSkips).toBeGreaterThan(0);
    expect(String(skipped.errorInstance ?? '')).not.toContain('GradientCheckError');
    const failing = fc.check(gradientProperty((x) => x.relu(), [onKink], { inconclusive: 'fail' }), { numRuns: 5 });
    expect(failing.failed).toBe(true);
    expect(String(failing.errorInstance)).toContain('inconclusive: non-differentiable within eps of the point, in xs[0] = 0');
  });

  it('refuses a bad f, bad arbitraries and a bad inconclusive option', () => {
    expect(() => gradientProperty(3 as never, [interval(0, 1)])).toThrow('gradientProperty: f must be a function, got number 3');
    expect(() => gradientProperty((x) => x, [])).toThrow('gradientProperty: arbitraries must hold one arbitrary per input, got an empty array');
    expect(() => gradientProperty((x) => x, [3 as never])).toThrow('gradientProperty: arbitraries[0] must be a fast-check arbitrary, got number 3');
    expect(() => gradientProperty((x) => x, [interval(0, 1)], { inconclusive: 'maybe' as never })).toThrow(
      `gradientProperty: inconclusive must be 'skip' or 'fail', got string "maybe"`,
    );
  });
});

describe('realAwayFrom()', () => {
  it('draws only from [min, max] at least margin from every excluded point, by construction', () => {
    const excluded = [-1, 0, 0.5];
    fc.assert(
      fc.property(realAwayFrom(excluded, { min: -2, max: 2, margin: 0.01 }), (x) => {
        expect(x).toBeGreaterThanOrEqual(-2);
        expect(x).toBeLessThanOrEqual(2);
        for (const k of excluded) expect(Math.abs(x - k)).toBeGreaterThanOrEqual(0.01);
      }),
    );
  });

  it('reaches every gap (the ends included)', () => {
    const seen = new Set<number>();
    fc.assert(
      fc.property(realAwayFrom([0], { min: -1, max: 1, margin: 0.1 }), (x) => {
        seen.add(Math.sign(x));
      }),
      { numRuns: 200 },
    );
    expect([...seen].sort()).toEqual([-1, 1]);
  });

  it('refuses an empty set and bad bounds', () => {
    expect(() => realAwayFrom([0], { min: -0.1, max: 0.1, margin: 0.5 })).toThrow('realAwayFrom: no point of [-0.1, 0.1] is 0.5 away from every excluded point');
    expect(() => realAwayFrom([0], { min: 1, max: -1 })).toThrow('realAwayFrom: needs min <= max and margin >= 0, got min = 1, max = -1, margin = 0.001');
    expect(() => realAwayFrom([NaN])).toThrow('realAwayFrom: excluded[0] must be a finite number, got number NaN');
  });

  it('keeps relu off its kink: checkGrads passes at every point drawn', () => {
    fc.assert(gradientProperty((x) => x.relu().mul(x.sin()), [realAwayFrom([0], { min: -3, max: 3 })], { order: 2, inconclusive: 'fail' }), { numRuns: 50 });
  });
});

describe('smoothPoints()', () => {
  it('draws points where max(x, y) is smooth (no ties within the margin), whatever the derivative says', () => {
    const f = (x: Value, y: Value) => x.max(y);
    fc.assert(
      fc.property(smoothPoints(f, [fc.constantFrom(-1, 0, 1), fc.constantFrom(-1, 0, 1, 0.5)]), (xs) => {
        expect(xs[0]).not.toBe(xs[1]);
        expect(checkGrads(f, xs).status).toBe('pass');
      }),
      { numRuns: 30 },
    );
  });

  it('keeps points where a derivative is wrong (it tests smoothness, not correctness)', () => {
    const result = fc.check(gradientProperty((x) => wrongAbove2(x), smoothPoints((x) => wrongAbove2(x), [interval(0, 4)])), { seed: 3 });
    expect(result.failed).toBe(true);
  });

  it('refuses a bad margin', () => {
    expect(() => smoothPoints((x) => x, [interval(0, 1)], { margin: 0 })).toThrow('smoothPoints: margin must be a finite number > 0, got number 0');
  });
});

describe('arbitraryProgram()', () => {
  it("checkGrads passes every random smooth program over every smooth op, to second order, in both modes", () => {
    fc.assert(
      fc.property(arbitraryProgram({ inputs: 2, maxLength: 8 }), fc.tuple(interval(-1.5, 1.5), interval(-1.5, 1.5)), (p, xs) => {
        expect(checkGrads(p.fn, xs, { order: 2 }).status).toBe('pass');
      }),
      { numRuns: 40 },
    );
  });

  it('programs with several outputs share nodes and pass too; a counterexample prints as code', () => {
    fc.assert(
      fc.property(arbitraryProgram({ inputs: 3, outputs: 2 }), (p) => {
        expect(p.inputs).toBe(3);
        const out = p.fn(new Value(0.1), new Value(0.2), new Value(0.3));
        expect(Array.isArray(out)).toBe(true);
        expect(checkGrads(p.fn, [0.1, -0.2, 0.3]).ok).toBe(true);
        expect(String(p)).toMatch(/^\(x0, x1, x2\) => \{\n[\s\S]*\n {2}return \[/);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses bad options', () => {
    expect(() => arbitraryProgram({ ops: 'none' as never })).toThrow("arbitraryProgram: ops must be 'smooth', 'compilable', 'all' or a non-empty array of functions, got none");
    expect(() => arbitraryProgram({ maxLength: 0 })).toThrow('arbitraryProgram: maxLength must be an integer >= 1, got 0');
  });
});
