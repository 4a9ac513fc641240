import { describe, expect, it } from 'vitest';
import { Value } from '../../src/index.js';
import { gradientMatchers } from '../../src/testing/index.js';
// Registers toHaveCorrectGradients with vitest's expect, as a user's `import 'memograd/testing/vitest'` does.
import '../../src/testing/vitest.js';

describe('expect(f).toHaveCorrectGradients(xs, options)', () => {
  it('passes a correct function, to the order asked for', () => {
    expect((x: Value, y: Value) => x.mul(y).tanh()).toHaveCorrectGradients([0.3, -1.2], { order: 2 });
  });

  it('fails a wrong derivative with the report in its message', () => {
    const wrong = (x: Value) => x.mul(x.detach());
    expect(() => expect(wrong).toHaveCorrectGradients([1.5])).toThrow(/expected f to have correct gradients\ncheckGrads: 4 of 4 checks failed at xs = \[1\.5\]\n {2}FAIL/);
  });

  it('.not passes a wrong derivative and fails a correct one, showing the report', () => {
    expect((x: Value) => x.mul(x.detach())).not.toHaveCorrectGradients([1.5]);
    expect(() => expect((x: Value) => x.sin()).not.toHaveCorrectGradients([1])).toThrow(
      /expected some derivative of f to disagree with finite differences\ncheckGrads: all 4 checks passed at xs = \[1\]/,
    );
  });

  it('an inconclusive point (a kink) does not fail', () => {
    expect((x: Value) => x.relu()).toHaveCorrectGradients([0]);
  });

  it('a bad argument is an error, not a failed assertion: bad xs throw as checkGrads throws', () => {
    expect(() => expect((x: Value) => x).toHaveCorrectGradients([NaN])).toThrow('checkGrads: xs[0] must be finite, got NaN');
    expect(() => expect(3).toHaveCorrectGradients([1])).toThrow('toHaveCorrectGradients: expected a function of Values, got number');
  });

  it('the matcher object works as jest would call it (a plain function of the received value)', () => {
    const r = gradientMatchers.toHaveCorrectGradients.call({ isNot: false }, (x: Value) => x.mul(x.detach()), [2]);
    expect(r.pass).toBe(false);
    expect(r.message()).toContain('checkGrads: 4 of 4 checks failed at xs = [2]');
    expect(gradientMatchers.toHaveCorrectGradients.call(undefined, (x: Value) => x.exp(), [2]).pass).toBe(true);
  });
});
