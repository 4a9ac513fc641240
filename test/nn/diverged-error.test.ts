import { describe, expect, it } from 'vitest';
import { DivergedError } from '../../src/index.js';

describe('DivergedError', () => {
  it("new DivergedError(message) is an Error named 'DivergedError' that keeps its message", () => {
    const e = new DivergedError('training diverged at step 3 (loss NaN)');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DivergedError');
    expect(e.message).toBe('training diverged at step 3 (loss NaN)');
    expect(String(e)).toBe('DivergedError: training diverged at step 3 (loss NaN)');
  });
});
