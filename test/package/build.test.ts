/**
 * The built library (dist/, built by the global setup) as a consumer loads it: the ESM and
 * CommonJS builds side by side, the inspector form, and the messages that name classes (tsup's
 * keepNames is off, so no message may rely on a class's `name`).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/run-cli.js';

/** Runs an ES module script with Node in the repository, returning its stdout (and failing on stderr). */
function node(script: string): string {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

const esm = JSON.stringify(join(ROOT, 'dist', 'index.js'));
const cjs = JSON.stringify(join(ROOT, 'dist', 'index.cjs'));
const LOAD_BOTH = `
import { createRequire } from 'node:module';
const E = await import(${esm});
const C = createRequire(import.meta.url)(${cjs});
const message = (f) => { try { f(); return 'no error'; } catch (e) { return e.message; } };
`;

describe('the ESM and CommonJS builds loaded together', () => {
  it("Value.add of a Value from the other build names the other build, both ways", () => {
    const out = node(`${LOAD_BOTH}
console.log(message(() => new E.Value(1).add(new C.Value(2))));
console.log(message(() => new C.Value(1).mul(new E.Value(2))));`);
    expect(out).toBe(
      "Value.add: expected a Value or a number, got a Value from memograd's CommonJS build, which its ESM build cannot use: import and require load two copies whose Values do not mix; load memograd one way\n" +
        "Value.mul: expected a Value or a number, got a Value from memograd's ESM build, which its CommonJS build cannot use: import and require load two copies whose Values do not mix; load memograd one way\n",
    );
  });

  it('a Value of the same build is not called foreign where a number is expected; grad and sum name the other build too', () => {
    const out = node(`${LOAD_BOTH}
console.log(message(() => E.hessian((x) => x)(new E.Value(1))));
console.log(message(() => E.sum([1, new C.Value(2)])));
console.log(message(() => E.grad((x) => x)(new C.Value(2))));`);
    const [hessian, sum, grad] = out.trimEnd().split('\n');
    expect(hessian).toBe('hessian: xs[0] must be a number, got an object (Value) {data, grad, label, …}');
    expect(sum).toContain("sum: values[1] must be a Value or a number, got a Value from memograd's CommonJS build");
    expect(grad).toContain("grad: argument 0 must be a Value or a number, got a Value from memograd's CommonJS build");
  });
});

describe('the built library', () => {
  it("console.log of a Value prints the short form, in either build", () => {
    const out = node(`${LOAD_BOTH}
for (const M of [E, C]) { const x = new M.Value(2, 'x'); const y = x.mul(x); y.label = 'y'; y.backward(); console.log(y, x); }`);
    expect(out).toBe("Value(y=4, grad=1, op='*') Value(x=2, grad=4)\n".repeat(2));
  });

  it('messages that name a class say its name, not a bundler-made one (no keepNames)', () => {
    const out = node(`${LOAD_BOTH}
for (const M of [E, C]) {
  console.log(message(() => M.hessian((x) => x)(new M.Value(1))));
  console.log(message(() => M.sum([new M.MLP(1, [1])])));
  const opt = new M.AdamW([new M.Value(1)], { lr: () => -1 });
  console.log(message(() => opt.step()));
  console.log(message(() => new M.SGD([new M.Value(1)], { lr: () => NaN }).step()));
}`);
    const expected = [
      'hessian: xs[0] must be a number, got an object (Value) {data, grad, label, …}',
      'sum: values[0] must be a Value or a number, got an object (MLP) {nin, nouts, activation, …}',
      'AdamW.step: the learning rate at step 0 must be a finite number >= 0, got number -1',
      'SGD.step: the learning rate at step 0 must be a finite number >= 0, got number NaN',
    ];
    expect(out.trimEnd().split('\n')).toEqual([...expected, ...expected]);
  });
});

describe('memograd/svg in the built package', () => {
  it("draws a Value made by 'memograd' in either build: the subpath shares the core's one copy, not a second one", () => {
    const out = node(`${LOAD_BOTH}
import { createRequire as cr } from 'node:module';
const ES = await import(${JSON.stringify(join(ROOT, 'dist', 'svg.js'))});
const CS = cr(import.meta.url)(${JSON.stringify(join(ROOT, 'dist', 'svg.cjs'))});
const layout = { layout: (dot) => '<svg>' + dot.length + '</svg>' };
for (const [M, S] of [[E, ES], [C, CS]]) console.log(await S.renderSvg(new M.Value(2, 'x').tanh(), { graphviz: layout }));
console.log(message(() => C.toDot(new E.Value(1))));`);
    const [esm, cjs, mixed] = out.trimEnd().split('\n');
    expect(esm).toMatch(/^<svg>\d+<\/svg>$/);
    expect(cjs).toBe(esm);
    // The two builds are still two copies, and say so.
    expect(mixed).toMatch(/^toDot: expected a Value, got a Value from memograd's ESM build/);
  });
});

describe("the core's files in both builds", () => {
  it('never name @hpcc-js/wasm-graphviz: only memograd/svg (and the CLI) may, so any bundler builds a core-only app without it', () => {
    const dist = join(ROOT, 'dist');
    const core = readdirSync(dist).filter((f) => /^(index|chunk-[\w-]+)\.(js|cjs|d\.ts|d\.cts)$/.test(f) || /^to-dot-[\w-]+\.d\.c?ts$/.test(f));
    expect(core.filter((f) => f.startsWith('index.')).sort()).toEqual(['index.cjs', 'index.d.cts', 'index.d.ts', 'index.js']);
    expect(core.filter((f) => /wasm-graphviz/.test(readFileSync(join(dist, f), 'utf8')))).toEqual([]);
    expect(readFileSync(join(dist, 'svg.js'), 'utf8')).toContain("import('@hpcc-js/wasm-graphviz')".replace(/'/g, '"'));
  });
});

describe('memograd/testing as built (dist/testing.js, dist/testing.cjs)', () => {
  it('runs on the library build its user imports, ESM and CommonJS alike: one Value class, not a second copy', () => {
    // The package imports itself by name ('memograd'), which Node resolves through the exports map.
    const out = node(`
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const E = await import('memograd');
const ET = await import('memograd/testing');
const C = require('memograd');
const CT = require('memograd/testing');
for (const [M, T] of [[E, ET], [C, CT]]) {
  const w = new M.Value(2); // a Value of the user's import, mixed with the ones checkGrads makes
  console.log(T.checkGrads((x) => x.mul(w).sin(), [0.5], { order: 2 }).status);
}
console.log(ET.checkGrads === CT.checkGrads, E.Value === C.Value);`);
    expect(out).toBe('pass\npass\nfalse false\n');
  });

  it("memograd/testing's matcher object works from CommonJS, as jest's expect.extend calls it", () => {
    const out = node(`
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { gradientMatchers } = require('memograd/testing');
const r = gradientMatchers.toHaveCorrectGradients.call({}, (x) => x.mul(x.detach()), [2]);
console.log(r.pass, r.message().split('\\n')[1]);`);
    expect(out).toBe('false checkGrads: 4 of 4 checks failed at xs = [2]\n');
  });
});
