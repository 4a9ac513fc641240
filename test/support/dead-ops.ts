/**
 * Program ops for the tests of backward()'s skipping: every op, then ops that make gradients
 * exactly 0 (relu off, a max's loser, × 0), so that whole subtrees go dead.
 */
import { ALL_OPS, type Op } from '../../src/testing/programs.js';

export const DEAD_OPS: readonly Op[] = [
  ...ALL_OPS,
  (r) => r.relu(),
  (r) => r.neg().relu(),
  (r, s) => r.mul(s).relu(),
  (r, s) => r.sub(s).relu().add(s),
  (r, s) => r.max(s).mul(0),
  (r, s) => r.mul(s).mul(0).add(r),
];
