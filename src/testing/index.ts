/**
 * memograd/testing: checks of a function's derivatives for users' test suites. `checkGrads`
 * compares forward and reverse mode with finite differences up to third order and tells a kink
 * from a bug; `gradientProperty` runs it at points fast-check draws and shrinks a failure;
 * `arbitraryProgram` draws random Value programs. Needs fast-check (an optional peer dependency)
 * for the property and the arbitraries.
 *
 * @module
 */
export { checkGrads } from './check-grads.js';
export type { CheckGradsOptions, CheckedFunction, CheckStatus, GradientCheck, GradientMode, GradientReport } from './check-grads.js';
export { GradientCheckError } from './gradient-check-error.js';
export { formatReport } from './format-report.js';
export { gradientProperty, realAwayFrom, smoothPoints } from './gradient-property.js';
export type { AwayFromOptions, GradientPropertyOptions, PointArbitraries } from './gradient-property.js';
export { arbitraryProgram, SMOOTH_OPS, COMPILABLE_OPS, ALL_OPS } from './programs.js';
export type { Op, Program, ProgramOps, ProgramOptions, Step } from './programs.js';
export { gradientMatchers } from './matchers.js';
export type { MatcherContext, MatcherResult } from './matchers.js';
