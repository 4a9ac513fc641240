/**
 * The size factor for the engine's scale tests (million-node chains and the like). `npm run mutation`
 * (vitest.stryker.config.ts) sets MEMOGRAD_MUTATION=1 and divides their sizes by 10: they
 * check that nothing recurses or visits a node twice, which no mutant changes, and at full size they
 * would be most of every mutant's run time. 100,000 nodes still exercise the walk's large-graph paths.
 */
export const SHRINK = process.env['MEMOGRAD_MUTATION'] === '1' ? 10 : 1;
