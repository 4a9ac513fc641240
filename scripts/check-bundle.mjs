#!/usr/bin/env node
// The bundle budget (issue 9): memograd must tree-shake. Bundles three small programs against the
// built package (resolved through its package.json exports, as a consumer's bundler would see it),
// for the browser, minified, and reads esbuild's metafile:
//   value-grad   imports only Value and grad: at most 40 KB, no trace of Graphviz, and none of the
//                op table's details (src/engine/core/op-details.ts: numeric slopes, kinks, parser
//                names), which only tests, the docs' checks, the parser and nn read;
//   library      imports everything from the core ('memograd'): the size of the whole library, and
//                Graphviz not even resolved (issue 18: a bundler that cannot find the optional
//                package must still build a core-only app);
//   graphviz     calls toSvg from 'memograd/svg': the only one of the three that may hold Graphviz.
// Prints the sizes; exits 1 past the budget. Run after `npm run build`.
import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const library = join(root, 'dist', 'index.js');
export const BUDGET_BYTES = 40 * 1024;

const PROGRAMS = {
  'value-grad': `import { Value, grad } from 'memograd';
const x = new Value(2, 'x');
console.log(grad((v) => v.mul(v).add(x))(3).data);`,
  library: `import * as memograd from 'memograd';
console.log(Object.keys(memograd).length, memograd);`,
  graphviz: `import { Value } from 'memograd';
import { renderSvg } from 'memograd/svg';
renderSvg(new Value(1).tanh()).then((svg) => console.log(svg.length));`,
};

/**
 * A text only op-details.ts holds (a row of its kinks, as docs/semantics.md's kinks table has it):
 * its presence in a bundle means the op table's details came with it.
 */
const DETAILS_MARKER = '| a tie, x = y';

/** Every file esbuild read for a bundle, used or not: the core must not reach Graphviz at all. */
const parsed = (metafile) => Object.keys(metafile.inputs);

/**
 * The files that put bytes into the bundle. (The metafile's top-level `inputs` lists every file
 * esbuild parsed, Graphviz included wherever the library's import() of it is reachable, even if
 * tree-shaking then drops it; each output's `inputs` counts what is really there.)
 */
function bundled(metafile) {
  return Object.values(metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([f]) => f));
}

/** Bundles each program; returns { name: { bytes, graphviz, inputs } }. */
export async function measure() {
  if (!existsSync(library)) throw new Error(`${library} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'memograd-bundle-'));
  try {
    // 'memograd' is this package, as `npm install memograd` would give it: its exports map decides
    // which files 'memograd' and 'memograd/svg' are.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'memograd'), 'dir');
    const results = {};
    for (const [name, source] of Object.entries(PROGRAMS)) {
      const entry = join(dir, `${name}.js`);
      writeFileSync(entry, source);
      const r = await build({
        entryPoints: [entry],
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        write: false,
        metafile: true,
        logLevel: 'silent',
        // Graphviz is resolved from this repository's node_modules (an optional dependency), as
        // the symlink's real path leads there.
        // One file: toSvg's dynamic import of Graphviz is inlined where it is live. (With splitting,
        // esbuild would emit the Graphviz chunk for any program that reaches the file holding the
        // import(), live or not, though a program that never calls toSvg never loads it.)
        outfile: join(dir, 'out', `${name}.js`),
      });
      const text = r.outputFiles.map((f) => f.text).join('\n');
      const bytes = r.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0);
      const inputs = bundled(r.metafile);
      // graphviz: Graphviz's code is in the bundle; mentioned: the word is anywhere in it (toSvg's
      // messages, the import); reached: esbuild read a Graphviz file at all.
      results[name] = {
        bytes,
        graphviz: inputs.some((f) => /graphviz/i.test(f)),
        mentioned: /graphviz/i.test(text),
        reached: parsed(r.metafile).some((f) => /graphviz/i.test(f)),
        details: text.includes(DETAILS_MARKER),
        inputs,
      };
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The budget's failures, as lines (empty when within budget). */
export function failures(results) {
  const bad = [];
  const vg = results['value-grad'];
  if (vg.bytes > BUDGET_BYTES) bad.push(`Value + grad is ${kb(vg.bytes)}, over the budget of ${kb(BUDGET_BYTES)}`);
  if (vg.graphviz || vg.mentioned) bad.push('Value + grad holds a trace of Graphviz (or toSvg): tree-shaking is broken');
  if (vg.details) bad.push("Value + grad holds the op table's details (op-details.ts), which backward() and grad() never read");
  if (!results.library.details) bad.push("the whole library does not hold the op table's details' marker: the check cannot see them any more");
  if (results.library.reached || results.library.mentioned) {
    bad.push("the core ('memograd') reaches Graphviz: a bundler without the optional package cannot build a core-only app");
  }
  if (!results.graphviz.graphviz) bad.push('the toSvg program does not hold Graphviz: the check cannot see it any more');
  return bad;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await measure();
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(11)} ${kb(r.bytes).padStart(9)}  ${r.graphviz ? 'with Graphviz' : r.mentioned || r.reached ? 'Graphviz mentioned' : 'no trace of Graphviz'}`);
  }
  const bad = failures(results);
  for (const line of bad) console.error(`check:bundle: ${line}`);
  process.exitCode = bad.length === 0 ? 0 : 1;
}
