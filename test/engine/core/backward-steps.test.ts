import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  TOY_ACTIVATIONS, TOY_EXAMPLE_PARAMS, Value, backwardSteps, buildToyNetwork, localGradients, pathSumGradient,
  toyDeltaRule, topologicalOrder,
} from '../../../src/index.js';
import type { BackwardStep } from '../../../src/index.js';
import { ALL_OPS, programArbitrary, runProgram } from '../../../src/testing/programs.js';
import { real, smoothParams } from '../../support/arbitraries.js';
import { BAD_OPERANDS } from '../../support/bad-operands.js';

/** A random program over every op (kinks and signed zeros included) on three fresh inputs. */
const graph = fc.tuple(programArbitrary(ALL_OPS, 14), fc.array(real(-2, 2), { minLength: 3, maxLength: 3 }));
const build = (steps: Parameters<typeof runProgram>[1], xs: number[]): { root: Value; inputs: Value[] } => {
  const inputs = xs.map((x, i) => new Value(x, `x${i}`));
  return { root: runProgram(ALL_OPS, steps, inputs), inputs };
};

/** The ladder y(k+1) = y(k)*0.5 + y(k)*0.5 of the walkthrough: 2^k paths from top to bottom. */
function ladder(depth: number): { x: Value; top: Value } {
  const x = new Value(1, 'x');
  let y = x;
  for (let i = 0; i < depth; i++) y = y.mul(0.5).add(y.mul(0.5));
  return { x, top: y };
}

/**
 * Every path from `from` downwards, each as its list of nodes, by plain recursion over the parent
 * edges (a parent used twice is two edges): the brute-force oracle of the path counts.
 */
function pathsFrom(from: Value, stopAtLeaves = true): Value[][] {
  const out: Value[][] = [];
  const walk = (path: Value[]): void => {
    const n = path[path.length - 1] as Value;
    if (!stopAtLeaves || n.parents.length === 0) out.push(path);
    for (const p of n.parents) walk([...path, p]);
  };
  walk([from]);
  return out;
}

describe('backwardSteps()', () => {
  it('backwardSteps(x*x + x) visits the sum, the product, then x with gradient 2x + 1', () => {
    const x = new Value(3, 'x');
    const product = x.mul(x);
    const y = product.add(x);
    const steps = [...backwardSteps(y)];
    expect(steps.map((s) => s.node)).toEqual([y, product, x]);
    expect(steps.map((s) => s.gradient)).toEqual([1, 1, 7]);
    expect(steps[0]?.edges.map((e) => [e.parent, e.local, e.contribution, e.parentGradient])).toEqual([
      [product, 1, 1, 1],
      [x, 1, 1, 1],
    ]);
    // x*x has two edges to x: 3 each, on top of the 1 from the sum.
    expect(steps[1]?.edges.map((e) => [e.parent, e.local, e.contribution, e.parentGradient])).toEqual([
      [x, 3, 3, 4],
      [x, 3, 3, 7],
    ]);
    expect(steps[2]?.edges).toEqual([]);
    expect(steps.map((s) => s.paths)).toEqual([1, 1, 3]);
    expect(steps.map((s) => s.pathMultiplications)).toEqual([0, 1, 5]);
    expect(steps.map((s) => s.multiplications)).toEqual([2, 4, 4]);
    expect(steps.map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it('backwardSteps() gives every node the gradient backward() leaves on it, bit for bit, on random graphs', () => {
    fc.assert(
      fc.property(graph, ([program, xs]) => {
        const { root } = build(program, xs);
        const steps = [...backwardSteps(root)];
        root.backward();
        for (const s of steps) {
          // backward() adds a leaf's gradient onto its grad (here 0), and stores an inner node's.
          const expected = s.node.parents.length === 0 ? 0 + s.gradient : s.gradient;
          expect(Object.is(s.node.grad, expected), `${s.node.op || s.node.label}: ${s.node.grad} vs ${expected}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('backwardSteps() visits topologicalOrder() in reverse, one node per step, with the node\'s parents and local derivatives', () => {
    fc.assert(
      fc.property(graph, ([program, xs]) => {
        const { root } = build(program, xs);
        const steps = [...backwardSteps(root)];
        expect(steps.map((s) => s.node)).toEqual(topologicalOrder(root).reverse());
        let multiplications = 0;
        steps.forEach((s, i) => {
          expect(s.index).toBe(i);
          expect(s.edges.map((e) => e.parent)).toEqual(s.node.parents);
          expect(s.edges.map((e) => e.local)).toEqual(localGradients(s.node));
          // gradient × local on every edge but stopGradient's, which carries nothing: +0 (not gradient × 0).
          for (const e of s.edges) expect(Object.is(e.contribution, s.node.op === 'stopGradient' ? 0 : s.gradient * e.local)).toBe(true);
          multiplications += s.edges.length;
          expect(s.multiplications).toBe(multiplications);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('backwardSteps() leaves every grad untouched, even between steps', () => {
    fc.assert(
      fc.property(graph, ([program, xs]) => {
        const { root } = build(program, xs);
        const nodes = topologicalOrder(root);
        for (const n of nodes) n.grad = 0.25;
        for (const s of backwardSteps(root)) expect(s.node.grad).toBe(0.25);
        expect(nodes.every((n) => n.grad === 0.25)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('backwardSteps() counts each leaf\'s paths and path-sum multiplications as pathSumGradient() does', () => {
    fc.assert(
      fc.property(graph, ([program, xs]) => {
        const { root } = build(program, xs);
        for (const s of backwardSteps(root)) {
          if (s.node.parents.length > 0) continue;
          const by = pathSumGradient(root, s.node);
          expect([s.paths, s.pathMultiplications]).toEqual([by.paths, by.multiplications]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('backwardSteps() of the ladder of depth k takes 4k multiplications where the path sum takes 2k * 2^k over 2^k paths', () => {
    for (const k of [1, 2, 5, 12]) {
      const { x, top } = ladder(k);
      const steps = [...backwardSteps(top)];
      const last = steps[steps.length - 1] as BackwardStep;
      expect(last.node).toBe(x);
      expect(last.multiplications).toBe(4 * k);
      expect(last.paths).toBe(2 ** k);
      expect(last.pathMultiplications).toBe(2 * k * 2 ** k);
      expect(last.gradient).toBe(1); // (0.5 + 0.5)^k, exact in binary
    }
  });

  it('backwardSteps() on the toy network gives each z the post\'s delta, and continues after backward() runs between steps', () => {
    fc.assert(
      fc.property(smoothParams, fc.constantFrom(...TOY_ACTIVATIONS), (params, activation) => {
        const net = buildToyNetwork(params, activation);
        const rule = toyDeltaRule(params, activation);
        const seen = new Map<Value, number>();
        for (const s of backwardSteps(net.E)) {
          seen.set(s.node, s.gradient);
          net.E.backward(); // another walk mid-sweep must not disturb this one
        }
        const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * (1 + Math.abs(b));
        expect(close(seen.get(net.z1_3) as number, rule.deltas.delta1_3)).toBe(true);
        expect(close(seen.get(net.z1_2) as number, rule.deltas.delta1_2)).toBe(true);
        expect(close(seen.get(net.z2_2) as number, rule.deltas.delta2_2)).toBe(true);
        for (const w of ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'] as const) {
          expect(close(seen.get(net[w]) as number, rule.gradients[w])).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('backwardSteps() of the example toy network takes 24 steps and 25 multiplications, one per edge', () => {
    const net = buildToyNetwork(TOY_EXAMPLE_PARAMS, 'sigmoid');
    const steps = [...backwardSteps(net.E)];
    expect(steps.length).toBe(24);
    // 6 products x 2 edges, 3 sums x 2, 2 hidden f's, y - a1(3) x 2, then f, ^2 and x0.5 with one each.
    expect(steps[steps.length - 1]?.multiplications).toBe(6 * 2 + 3 * 2 + 2 + 2 + 3);
    expect(steps[0]?.node).toBe(net.E);
  });

  it('backwardSteps() counts each node\'s paths to the leaves as enumerating them one by one does, on random graphs', () => {
    fc.assert(
      fc.property(graph, ([program, xs]) => {
        const { root } = build(program, xs);
        for (const s of backwardSteps(root)) expect(s.pathsBelow).toBe(pathsFrom(s.node).length);
      }),
      { numRuns: 200 },
    );
  });

  it('backwardSteps()\' pathSumMultiplications is, at every step, the total length of the paths from the root through every edge sent so far, by enumeration', () => {
    fc.assert(
      fc.property(graph, ([program, xs]) => {
        const { root } = build(program, xs);
        // Every path from the root to any node (prefixes included), grouped by the node it ends on.
        const ending = new Map<Value, Value[][]>();
        for (const path of pathsFrom(root, false)) {
          const end = path[path.length - 1] as Value;
          ending.set(end, [...(ending.get(end) ?? []), path]);
        }
        let expected = 0;
        for (const s of backwardSteps(root)) {
          // A share sent down one edge of the node: each path to the node, one edge longer.
          for (const path of ending.get(s.node) ?? []) expected += s.edges.length * path.length;
          expect(s.pathSumMultiplications).toBe(expected);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('backwardSteps()\' path-sum count is never below backward()\'s and its lead never shrinks, at every step of random graphs, the toy network and ladders', () => {
    const check = (root: Value): void => {
      let gap = 0;
      for (const s of backwardSteps(root)) {
        expect(s.pathSumMultiplications).toBeGreaterThanOrEqual(s.multiplications);
        const next = s.pathSumMultiplications - s.multiplications;
        expect(next).toBeGreaterThanOrEqual(gap);
        // Past the root, a node that sends anything is reached by a path of one edge at least: the lead grows.
        if (s.index > 0 && s.edges.length > 0) expect(next).toBeGreaterThan(gap);
        gap = next;
      }
    };
    fc.assert(fc.property(graph, ([program, xs]) => check(build(program, xs).root)), { numRuns: 200 });
    fc.assert(
      fc.property(smoothParams, fc.constantFrom(...TOY_ACTIVATIONS), (params, activation) => check(buildToyNetwork(params, activation).E)),
      { numRuns: 60 },
    );
    for (let k = 1; k <= 20; k++) check(ladder(k).top);
  });

  it('backwardSteps() of the example toy network: the post\'s deltas carry 10 and 4 paths each, and the path sum needs 165 multiplications for backward()\'s 25 (to every node), 87 to the leaves alone', () => {
    const net = buildToyNetwork(TOY_EXAMPLE_PARAMS, 'sigmoid');
    const steps = [...backwardSteps(net.E)];
    const of = (v: Value): BackwardStep => steps.find((s) => s.node === v) as BackwardStep;
    expect([net.z1_3, net.z1_2, net.z2_2, net.E, net.w1, net.x1].map((v) => of(v).pathsBelow)).toEqual([10, 4, 4, 11, 1, 1]);
    expect([net.z1_3, net.z1_2, net.z2_2, net.E].map((v) => of(v).paths)).toEqual([1, 1, 1, 1]);
    const last = steps[steps.length - 1] as BackwardStep;
    expect(last.multiplications).toBe(25);
    // By hand: the lengths of the paths from E to each of the 23 other nodes, added up (x1 and x2 have two each).
    expect(last.pathSumMultiplications).toBe(165);
    expect(steps.filter((s) => s.node.parents.length === 0).reduce((t, s) => t + s.pathMultiplications, 0)).toBe(87);
  });

  it('backwardSteps() of the ladder of depth k: x is below 2^k paths from the top, each rung\'s node below 2^(rungs under it)', () => {
    for (const k of [1, 3, 8]) {
      const { x, top } = ladder(k);
      const steps = [...backwardSteps(top)];
      expect(steps[0]?.pathsBelow).toBe(2 ** k);
      expect(steps.find((s) => s.node === x)?.pathsBelow).toBe(1);
      expect(steps.find((s) => s.node === x)?.paths).toBe(2 ** k);
    }
  });

  it('backwardSteps() of a non-Value throws a TypeError naming it, at the call', () => {
    for (const [bad, shows] of BAD_OPERANDS) {
      expect(() => backwardSteps(bad as Value)).toThrow(TypeError);
      expect(() => backwardSteps(bad as Value)).toThrow(shows);
      expect(() => backwardSteps(bad as Value)).toThrow(/^backwardSteps: root must be a Value/);
    }
  });
});
