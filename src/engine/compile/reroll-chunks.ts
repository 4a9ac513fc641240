import { reads, parts, stepSource, guardedSteps, type Template } from './reroll-emit.js';

// The stored kernels cut into functions of at most CHUNK template nodes: V8 takes time superlinear
// in a function's size to optimise it (seconds for one 643-node sample's backward) and never
// optimises one of more than 60 KB of bytecode. Values cross from one function to another through
// the sample's row of X, gradients through DS.

/** Template nodes per generated function. */
const CHUNK = 120;

/** The chunk functions' parameters (the loops take the kernels' parameters, see rerolled.ts, and DS). */
export const CHUNK_PARAMS = 'k, v, g, C, LP, POS, X, DS, FIN, adj';

/** The sources of the stored kernels: each loop calls its chunks, given to it as F[0], F[1], ... */
export interface ChunkedSources {
  readonly forwardChunks: readonly string[];
  readonly forwardLoop: string;
  readonly backwardChunks: readonly string[];
  readonly backwardLoop: string;
  /** Values kept per sample in X. */
  readonly width: number;
}

/**
 * The chunked stored kernels of a template; the forward chunks also store the values of the template
 * nodes in `store` at their tape positions (what readers read), as the fused and remat loops do.
 */
export function chunkedSources(tm: Template, store: ReadonlySet<number>): ChunkedSources {
  const { ins, guardTo, probes } = tm;
  const { n: N, refA, refB, column, leafSlots, columnCount: CC } = ins;
  const { P, leafCol, start, value } = parts(tm);
  let firstInner = 0;
  // Stryker disable next-line ConditionalExpression,UnaryOperator: as false (or at +1, which node 0's first operand never is: -1 for a leaf, -2 - q for a shared one) firstInner stays 0: where node 0 is inner that is right, and where it is a leaf no guardTo names it (guardTo holds inner nodes), so no exit is written and every sample is swept in full, the same numbers (the EqualityOperator twin loops on, a timeout)
  while (refA[firstInner] === -1) firstInner++;
  // Backward: the top chunk takes the nodes from the output down while each one's zero guard spans
  // everything below it (a dead hinge skips the whole sample); the rest is cut every CHUNK nodes.
  // Only an inner node above firstInner has that guard (a leaf has none, and firstInner's span is
  // one instruction, too short for one), so the top chunk holds inner nodes only.
  let low = P - 1;
  // Stryker disable next-line ConditionalExpression,ArithmeticOperator: as false, or reading guardTo[P] (undefined), the top chunk is the output alone: the nodes left out are stepped in the chunks below, under guardedSteps' guards where their spans fit, else in full, where a zero gradient adds 0 × finite slopes to +0, what the exit skips: the same numbers (the EqualityOperator twin loops on, a timeout)
  while (guardTo[low - 1] === firstInner) low--;
  const bwdChunkOf = new Int32Array(P);
  // Stryker disable next-line ArithmeticOperator: as P + 1, the top chunk's range runs two past the end, where cross[] is undefined (no declaration), fill() stops at the end and no leaf slot lies
  const bwdRanges: [number, number][] = [[P - 1, low]];
  for (let hi = low - 1; hi >= 0; hi -= CHUNK) bwdRanges.push([hi, Math.max(0, hi - CHUNK + 1)]);
  bwdRanges.forEach(([hi, lo], c) => bwdChunkOf.fill(c, lo, hi + 1));
  // A gradient with a contribution from another chunk lives in DS.
  const cross = new Uint8Array(P);
  // Stryker disable next-line EqualityOperator: at j = P, refA[P] and refB[P] are undefined, which r >= 0 refuses (the >= twin is killed by compile-rerolled.test.ts)
  for (let j = 0; j < P; j++) {
    for (const r of [refA[j] as number, refB[j] as number]) {
      // Stryker disable next-line ConditionalExpression: as false, a shared operand or none (r < 0) has bwdChunkOf[r] undefined, and cross[r] = 1 below 0 is a write a typed array ignores (the true twin, nothing cross, fails compile-rerolled.test.ts)
      if (r < 0) continue;
      if (bwdChunkOf[r] !== bwdChunkOf[j]) cross[r] = 1;
    }
  }
  const add = (r: number, c: string): string => (r >= 0 ? (cross[r] === 1 ? `DS[${r}] += ${c};` : `d${r} += ${c};`) : `g[${-2 - r}] += ${c};`);
  const bwdTexts = bwdRanges.map(([hi, lo], c) => {
    const body: string[] = [];
    // Every node but the output is an inner node or a private leaf, and has a gradient.
    // Stryker disable next-line EqualityOperator,ConditionalExpression,ArithmeticOperator: j < hi leaves out node hi, which is the output in the top chunk and cross in a lower one (its readers are above the chunk), so it has no declaration; j !== P - 1 as true, or as P + 1, declares d{P-1}, which nothing reads (the output's gradient is adj) (the twins j > hi, j === P - 1, cross[j] !== 0 and the conditions forced fail compile-rerolled.test.ts)
    for (let j = lo; j <= hi; j++) if (j !== P - 1 && cross[j] === 0) body.push(`let d${j} = 0;`);
    if (c === 0) {
      // Stryker disable next-line EqualityOperator,ConditionalExpression: at j = P, cross[P] is undefined; as true, the DS entries of nodes that are not cross are zeroed too, which nothing reads (the twins j >= P, cross[j] !== 1 and false fail compile-rerolled.test.ts)
      for (let j = 0; j < P; j++) if (cross[j] === 1) body.push(`DS[${j}] = 0;`);
      // Leaving the sample skips the later chunks, which write the private leaves' gradients: a
      // leaf read above the exit (max(h, leaf)) has its gradient so far written here. The span
      // below adds only 0 × a finite slope to it, as in the remat kernel's guard.
      const leavesAbove = new Map<number, string>();
      // Its nodes are all inner, and none is cross: a node of a later chunk reads only nodes below it.
      for (let j = P - 1; j >= lo; j--) {
        const grad = j === P - 1 ? 'adj' : `d${j}`;
        // Stryker disable next-line ConditionalExpression,StringLiteral: as false, or with the exit's text emptied, the top chunk never leaves a sample, which is then swept in full, adding 0 × finite slopes to +0 where the exit skipped (speed only); the leaf writes joined by '' are the same statements (the true and !== twins, an exit at an output with no span, fail reroll-chunks-mutants.test.ts)
        if (guardTo[j] === firstInner) body.push(`if (${grad} === 0 && fin) { ${[...leavesAbove.values()].join(' ')} return 1; }`);
        body.push(stepSource(tm, j, grad, add));
        for (const r of [refA[j] as number, refB[j] as number]) {
          // Stryker disable next-line ConditionalExpression: as false, a shared operand or none (r < 0) has leafCol[r] undefined, whose write g[LP[NaN]] = DS[r] sets g's property 'undefined', which nothing reads (the true twin, no leaf written, fails the zeroBelowALeaf tests of compile-rerolled.test.ts)
          if (r < 0) continue;
          // Stryker disable next-line ConditionalExpression: as true, an inner operand read above an exit is at or above it (the exit's span holds every inner node below it), so in this chunk and never cross: at the exit it writes its DS[r], never written so +0, to g[LP[kl - 1]], the last private leaf of sample k - 1, which still holds run()'s +0 and is written after, or to g's property 'undefined' (the false twin fails the zeroBelowALeaf tests of compile-rerolled.test.ts)
          if (leafCol[r] !== -1) leavesAbove.set(r, `g[LP[kl + ${leafCol[r]}]] = DS[${r}];`);
        }
      }
    } else {
      const before = (j: number): string => (cross[j] === 1 ? `const d${j} = DS[${j}];` : '');
      const step = (j: number): string => stepSource(tm, j, `d${j}`, add);
      // Stryker disable next-line ArrowFunction,ConditionalExpression,EqualityOperator: without guards here (undefined, false), or without those whose span ends at lo (to > lo), a chunk steps those spans in full, adding 0 × finite slopes to +0: speed only (the twin true, spans reaching into another chunk, fails compile-batch.test.ts; to < lo runs on, a timeout)
      body.push(guardedSteps(tm, hi, lo, step, (_j, to) => to >= lo, before));
    }
    leafSlots.forEach((j, s) => {
      if (j >= lo && j <= hi) body.push(`g[LP[kl + ${s}]] = ${cross[j] === 1 ? `DS[${j}]` : `d${j}`};`);
    });
    // Stryker disable next-line StringLiteral: the statements joined by '' are the same statements (each ends in ; or })
    return body.join('\n');
  });
  // Forward: chunks in template order; what another chunk or the backward reads is kept in X.
  const fwdTexts: string[] = [];
  const fwdChunkOf = new Int32Array(P);
  // Stryker disable next-line EqualityOperator: at lo = P (P a multiple of CHUNK) it adds an empty chunk, whose probe is 0 (the >= twin, no chunk, fails compile-rerolled.test.ts)
  for (let lo = 0, c = 0; lo < P; lo += CHUNK, c++) {
    const body: string[] = [];
    for (let j = lo; j < Math.min(P, lo + CHUNK); j++) {
      fwdChunkOf[j] = c;
      // Stryker disable next-line ConditionalExpression: as true, a node without a column declares a k{j} that nothing reads (its operand is a literal or a value) (the false twin fails compile-rerolled.test.ts)
      if ((column[j] as number) >= 0) body.push(`const k${j} = C[kc + ${column[j]}];`);
      body.push(`const x${j} = ${value(j)};`);
      // Stryker disable next-line ConditionalExpression,LogicalOperator: storing more nodes' values writes each at its own tape position with the value this pass gives it (a leaf's the value read into v): no number changes, only stores are added
      if (refA[j] !== -1 && store.has(j)) body.push(`v[POS[kp + ${j}]] = x${j};`);
    }
    // Stryker disable next-line StringLiteral: the statements joined by '' are the same statements (each ends in ;)
    fwdTexts.push(body.join('\n'));
  }
  const kept = new Set<number>([P - 1]);
  // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: keeping more values in X (a chunk's own too) only costs memory and stores: every value kept is stored by its own chunk before any reads it (with ||, reads() of a chunk's text, which counts its declarations, keeps every value of every chunk)
  fwdTexts.forEach((text, c) => reads(text, 'x').forEach((j) => fwdChunkOf[j] !== c && kept.add(j)));
  bwdTexts.forEach((text) => reads(text, 'x').forEach((j) => kept.add(j)));
  // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: the slots' order is X's layout only, a bijection either way
  const slots = [...kept].sort((x, y) => x - y);
  // Stryker disable next-line UnaryOperator: only kept values' slots are read (every load and the output's are of kept values)
  const slot = new Int32Array(P).fill(-1);
  slots.forEach((j, s) => (slot[j] = s));
  const S = slots.length;
  const row = `const row = k * ${S};`;
  const loads = (text: string, own: (j: number) => boolean): string => {
    const declarations = [
      ...reads(text, 'x').filter((j) => !own(j)).map((j) => `const x${j} = X[row + ${slot[j]}];`),
      ...reads(text, 'w').map((q) => `const w${q} = v[${q}];`),
    ];
    // Stryker disable next-line StringLiteral: each declaration ends with a semicolon, so the separator is layout only
    return declarations.join(' ');
  };
  const forwardChunks = fwdTexts.map((text, c) => {
    const own = (j: number): boolean => fwdChunkOf[j] === c;
    // Stryker disable next-line StringLiteral: each statement ends with a semicolon, so the separator is layout only (the emptied statement's twin was killed in the run of branch mut22d)
    const stores = slots.filter(own).map((j) => `X[row + ${slot[j]}] = x${j};`).join(' ');
    // Stryker disable next-line ArrayDeclaration: an empty probe returns undefined, so the chunks' sum is NaN and FIN 0: whole-sample skipping off, the same numbers, slower
    const probe = [...probes.filter(own).map((j) => `x${j} * 0`), '0'].join(' + ');
    return `${start} ${row} ${loads(text, own)} ${text} ${stores} return ${probe};`;
  });
  const backwardChunks = bwdTexts.map((text) => {
    // Stryker disable next-line StringLiteral: each declaration ends with a semicolon, so the separator is layout only (the emptied declaration's twin was killed in the run of branch mut22d)
    const columns = reads(text, 'k').map((j) => `const k${j} = C[kc + ${column[j]}];`).join(' ');
    // Stryker disable next-line ArrowFunction: a predicate answering undefined for false loads the same values
    return `${start} ${row} const fin = FIN[k] === 1; ${loads(text, () => false)} ${columns} ${text} return 0;`;
  });
  const calls = (count: number): string[] => Array.from({ length: count }, (_, c) => `F${c}(k, v, g, C, LP, POS, X, DS, FIN, adj)`);
  // Stryker disable next-line StringLiteral: each declaration ends with a semicolon, so the separator is layout only (the emptied declaration's twin was killed in the run of branch mut22d)
  const bind = (count: number): string => Array.from({ length: count }, (_, c) => `const F${c} = F[${c}];`).join(' ');
  // Stryker disable next-line ConditionalExpression,EqualityOperator: with no constant column every sample's CF flag is 1 (rerolled.ts), so the test added at CC = 0 is always true
  const cf = CC > 0 ? ' && CF[k] === 1' : '';
  const forwardLoop = `${bind(forwardChunks.length)} const adj = 0; let acc = 0;
    for (let k = 0; k < ${N}; k++) {
      const p = ${calls(forwardChunks.length).join(' + ')};
      FIN[k] = p === 0${cf} ? 1 : 0;
      const out = X[k * ${S} + ${slot[P - 1]}];
      acc = k === 0 ? out : acc + out;
    }
    return acc;`;
  const [first, ...rest] = calls(backwardChunks.length);
  const backwardLoop = `${bind(backwardChunks.length)} const adj = 0 + T;
    for (let k = ${N - 1}; k >= 0; k--) {
      if (${first} === 1) continue;
      ${rest.join(';\n')};
    }
    return 0;`;
  return { forwardChunks, forwardLoop, backwardChunks, backwardLoop, width: S };
}
