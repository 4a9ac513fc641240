import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MLP } from '../../src/index.js';
import { MAX_PARAMETERS, MAX_PARAMETER_POINTS, networkSizeProblem, parameterCount } from '../../src/cli/network-size.js';

describe('network size', () => {
  it('parameterCount() is the number of parameters the MLP has', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 }), (nin, nouts) => {
        expect(parameterCount(nin, nouts)).toBe(new MLP(nin, nouts).parameters().length);
      }),
      { numRuns: 50 },
    );
    expect(parameterCount(2, [16, 16, 1])).toBe(337);
  });

  it('networkSizeProblem() names the count and the limit for too many parameters', () => {
    expect([MAX_PARAMETERS, MAX_PARAMETER_POINTS]).toEqual([1_000_000, 2_000_000]);
    expect(networkSizeProblem('--layers 10000,10000', parameterCount(2, [10000, 10000, 1]), 2)).toBe(
      '--layers 10000,10000 makes a network of 100,050,001 parameters; the limit is 1,000,000',
    );
  });

  it('networkSizeProblem() names the count and the limit for a step too large, and accepts one at the limit', () => {
    expect(networkSizeProblem('--layers 300,300', 91_501, 100)).toBe(
      'a step on 100 points with 91,501 parameters (--layers 300,300) would differentiate 9,150,100 parameter-points, ' +
        'about 4.6 GB of memory; the limit is 2,000,000: use a smaller --batch-size, fewer --samples or smaller --layers',
    );
    expect(networkSizeProblem('x', 20_000, 100)).toBeUndefined();
    expect(networkSizeProblem('x', 20_000, 101)).toMatch(/^a step on 101 points/);
    expect(networkSizeProblem('x', MAX_PARAMETERS, 2)).toBeUndefined();
    expect(networkSizeProblem('x', 337, 1_000_000)).toMatch(/about 169 GB of memory/);
  });
});
