export { Value, zeroGrad, localGradients } from './value.js';
export { topologicalOrder } from './topo.js';
export type { GraphNode } from './topo.js';
export { gradcheck } from './gradcheck.js';
export type { GradcheckOptions, GradcheckEntry, GradcheckResult } from './gradcheck.js';
