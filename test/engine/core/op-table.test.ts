import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Value, compile, gradients, jvp, localGradients, topologicalOrder, type CompileMode } from '../../../src/index.js';
import { OPS, OP_BY_CODE, OP_LIST, FROZEN, type OpDef } from '../../../src/engine/core/ops.js';
import { OP_DETAILS, type OpDetails } from '../../../src/engine/core/op-details.js';
import { ZERO_SKIPS } from '../../../src/engine/core/value.js';
import { OP_SOURCES } from '../../../src/engine/compile/op-sources.js';
import { COMPILABLE_OPS, SMOOTH_OPS } from '../../../src/testing/programs.js';
import { EXPRESSION_FUNCTIONS } from '../../../src/expression/expression-functions.js';
import { tableRows } from '../../support/kinks-table.js';
import { ROOT } from '../../support/run-cli.js';

// The op table (src/engine/core/ops.ts) against every place that keeps its own copy of an op for speed:
// the Value methods' forward values, backward()'s local derivatives (localA / localB), the compiled
// interpreter's switches and the code generated from the table's source forms; and against the
// lists and docs that must name every op.

const EDGES = [0, -0, 1, -1, 2, -2, 0.5, -0.75, 3.5, 5e-324, 1e300, -1e300, NaN, Infinity, -Infinity];
const MODES: readonly CompileMode[] = ['generated', 'interpreted'];

const call = (a: Value, name: string, ...args: (Value | number)[]): Value =>
  ((a as unknown as Record<string, (...xs: (Value | number)[]) => Value>)[name] as (...xs: (Value | number)[]) => Value).call(a, ...args);

/** Object.is on every entry, with the case named in the failure. */
function expectSame(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((x, i) => {
    if (!Object.is(x, expected[i])) throw new Error(`${what}[${i}]: got ${x}, the table gives ${expected[i]}`);
  });
}

/** The cases of an op: [a, b, b folded in as a constant?] over every pair of edge values. */
function cases(def: OpDef): [number, number, boolean][] {
  if (def.arity === 1) return EDGES.map((a) => [a, 0, false]);
  const out: [number, number, boolean][] = [];
  for (const a of EDGES) for (const b of EDGES) out.push([a, b, false], [a, b, true]);
  return out;
}

describe('the op table', () => {
  it('every op has its own codes, below FROZEN, and OP_BY_CODE finds it by each', () => {
    const codes = OP_LIST.flatMap(([, def]) => (def.constantCode === null ? [def.code] : [def.code, def.constantCode]));
    expect(new Set(codes).size).toBe(codes.length);
    for (const [name, def] of OP_LIST) {
      expect(def.code, name).toBeLessThan(FROZEN);
      expect(OP_BY_CODE[def.code]).toBe(def);
      if (def.constantCode !== null) expect(OP_BY_CODE[def.constantCode]).toBe(def);
      expect(def.constantCode === null || def.arity === 2, `${name}: a folded constant is a second operand`).toBe(true);
      expect(OP_DETAILS[name].slopeB === null, `${name}: slopeB exactly for binary ops`).toBe(def.arity === 1);
      expect(def.slopeBValue === null, `${name}: slopeBValue exactly for binary ops`).toBe(def.arity === 1);
      expect(OP_SOURCES[name].slopeB === null, `${name}: its source's slopeB exactly for binary ops`).toBe(def.arity === 1);
    }
  });

  it('ZERO_SKIPS holds each op\'s zeroSkip under both its codes (3 for an op with no edge), and nothing else', () => {
    const kinds = { never: 0, constant: 1, values: 2 } as const;
    const expected = new Uint8Array(256);
    for (const [, def] of OP_LIST) {
      const kind = def.noEdge === true ? 3 : kinds[def.zeroSkip];
      expected[def.code] = kind;
      if (def.constantCode !== null) expected[def.constantCode] = kind;
    }
    expect(OP_LIST.filter(([, def]) => def.noEdge === true).map(([name]) => name)).toEqual(['stopGradient']);
    expect([...ZERO_SKIPS]).toEqual([...expected]);
  });

  for (const [name, def] of OP_LIST) {
    const { forward, slopeA, slopeB } = OP_DETAILS[name] as OpDetails;
    it(`${name}: the method's value, op code and name, and localGradients() are the table's forward and slopes at every edge value`, () => {
      for (const [a, b, folded] of cases(def)) {
        const x = new Value(a);
        const y = new Value(b);
        const n = def.arity === 1 ? call(x, name) : call(x, name, folded ? b : y);
        const what = `${name}(${a}${def.arity === 2 ? `, ${folded ? 'constant ' : ''}${b}` : ''})`;
        const out = forward(a, b);
        expectSame([n.data], [out], `${what} value`);
        expect(n._code, what).toBe(folded ? def.constantCode : def.code);
        expect(n.op, what).toBe(def.symbol);
        const slopes = def.arity === 2 && !folded ? [slopeA(a, b, out), (slopeB as NonNullable<OpDetails['slopeB']>)(a, b, out)] : [slopeA(a, b, out)];
        expectSame(localGradients(n), slopes, `${what} local derivatives`);
      }
    });

    it(`${name}: gradients() (the table's Value slopes) and compile() in both modes (its interpreter switches, the code generated from its source forms) give the table's slopes`, () => {
      for (const [a, b, folded] of cases(def)) {
        const what = `${name}(${a}${def.arity === 2 ? `, ${folded ? 'constant ' : ''}${b}` : ''})`;
        const out = forward(a, b);
        // A sum from +0, as every sweep sums: -0 becomes +0.
        const slopes = (def.arity === 2 && !folded ? [slopeA(a, b, out), (slopeB as NonNullable<OpDetails['slopeB']>)(a, b, out)] : [slopeA(a, b, out)]).map((s) => 0 + s);
        const build = (): [Value, Value[]] => {
          const x = new Value(a);
          const y = new Value(b);
          const leaves = def.arity === 2 && !folded ? [x, y] : [x];
          return [def.arity === 1 ? call(x, name) : call(x, name, folded ? b : y), leaves];
        };
        const [n, leaves] = build();
        expectSame(gradients(n, leaves).map((g) => g.data), slopes, `${what} gradients()`);
        // Forward mode, one tangent per operand: the number path (the tape) and the composable one (Values).
        const f = (...xs: Value[]) => (def.arity === 1 ? call(xs[0] as Value, name) : call(xs[0] as Value, name, folded ? b : (xs[1] as Value)));
        const points = leaves.map((l) => l.data);
        leaves.forEach((_, j) => {
          const e = points.map((_, k) => (k === j ? 1 : 0));
          const raw = slopes[j] as number;
          const tangent = jvp(f, points, e)[1] as number;
          const composed = (jvp(f, points.map((p) => new Value(p)), e)[1] as Value).data;
          expectSame([tangent + 0, composed + 0], [raw, raw], `${what} jvp along operand ${j}`);
        });
        for (const mode of MODES) {
          const [m, ls] = build();
          const step = compile(m, { mode });
          expectSame([step.run()], [out], `${what} compile ${mode} value`);
          expectSame(ls.map((l) => l.grad), slopes, `${what} compile ${mode} gradients`);
        }
      }
    });
  }

  it('SMOOTH_OPS and COMPILABLE_OPS between them use every op of the table (a new op belongs in one of them)', () => {
    const seen = new Set<string>();
    for (const f of [...SMOOTH_OPS, ...COMPILABLE_OPS]) {
      for (const n of topologicalOrder(f(new Value(0.3), new Value(-0.7)))) if (n.parents.length > 0) seen.add(n.op);
    }
    const missing = OP_LIST.filter(([, def]) => !seen.has(def.symbol)).map(([name]) => name);
    expect(missing).toEqual([]);
  });
});

describe('the docs against the op table', () => {
  const page = readFileSync(join(ROOT, 'docs', 'semantics.md'), 'utf8');

  it('docs/semantics.md lists every op of the table among "Ops, each returning a new Value"', () => {
    const start = page.indexOf('- Ops, each returning a new Value:');
    const bullet = page.slice(start, page.indexOf('\n- ', start + 1));
    const missing = Object.keys(OPS).filter((name) => !bullet.includes(`\`${name}\``) && !bullet.includes(`\`${name}()\``));
    expect(start).toBeGreaterThan(-1);
    expect(missing).toEqual([]);
  });

  it('README.md\'s "Values and ops" lists every op of the table', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('- **Values and ops**:');
    const words = new Set(readme.slice(start, readme.indexOf('\n- ', start + 1)).split(/[\s`,;]+/));
    expect(start).toBeGreaterThan(-1);
    expect(Object.keys(OPS).filter((name) => !words.has(name))).toEqual([]);
  });

  it('docs/pictures.md\'s expression grammar names every function of EXPRESSION_FUNCTIONS', () => {
    const pictures = readFileSync(join(ROOT, 'docs', 'pictures.md'), 'utf8');
    const start = pictures.indexOf('and calls of the engine\'s functions:');
    const words = new Set(pictures.slice(start, pictures.indexOf('(`EXPRESSION_FUNCTIONS`)', start)).split(/[\s`,;()]+/));
    expect(start).toBeGreaterThan(-1);
    expect(Object.keys(EXPRESSION_FUNCTIONS).filter((name) => !words.has(name))).toEqual([]);
  });

  it('the kinks table has exactly the rows the table\'s ops name in their kinks, for the ops of the table', () => {
    const named = new Set(OP_LIST.flatMap(([name]) => OP_DETAILS[name].kinks));
    const rowsOfTableOps = [...tableRows().keys()].filter((key) => {
      const cell = key.slice(0, key.indexOf(' | '));
      return [...cell.matchAll(/`(\w+)/g)].some((m) => Object.hasOwn(OPS, m[1] as string));
    });
    expect([...named].sort()).toEqual(rowsOfTableOps.sort());
    // And each op that a row names lists that row.
    for (const key of rowsOfTableOps) {
      const cell = key.slice(0, key.indexOf(' | '));
      for (const m of cell.matchAll(/`(\w+)/g)) {
        const details = (OP_DETAILS as Record<string, OpDetails>)[m[1] as string];
        if (details !== undefined) expect(details.kinks, `${m[1]} should list the row ${key}`).toContain(key);
      }
    }
  });
});
