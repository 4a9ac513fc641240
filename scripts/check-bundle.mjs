#!/usr/bin/env node
// The bundle budget (issue 9): memograd must tree-shake. Bundles three small programs against the
// built library (dist/index.js, as a consumer's bundler would see the package), for the browser,
// minified, and reads esbuild's metafile:
//   value-grad   imports only Value and grad: at most 40 KB, and no trace of Graphviz;
//   library      imports everything, Graphviz left external: the size of the whole library itself;
//   graphviz     calls toSvg: the only one of the three that may hold Graphviz.
// Prints the sizes; exits 1 past the budget. Run after `npm run build`.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  graphviz: `import { Value, toSvg } from 'memograd';
toSvg(new Value(1).tanh()).then((svg) => console.log(svg.length));`,
};

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
        // 'memograd' is this package's build, as `npm install memograd` would give it.
        alias: { memograd: library },
        // The whole library's own size: Graphviz, a separate optional package, stays an import.
        external: name === 'library' ? ['@hpcc-js/wasm-graphviz'] : [],
        // Graphviz is resolved from this repository's node_modules (an optional dependency).
        nodePaths: [join(root, 'node_modules')],
        // One file: toSvg's dynamic import of Graphviz is inlined where it is live. (With splitting,
        // esbuild would emit the Graphviz chunk for any program that reaches the file holding the
        // import(), live or not, though a program that never calls toSvg never loads it.)
        outfile: join(dir, 'out', `${name}.js`),
      });
      const text = r.outputFiles.map((f) => f.text).join('\n');
      const bytes = r.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0);
      const inputs = bundled(r.metafile);
      // graphviz: Graphviz's code is in the bundle; mentioned: the word is anywhere in it (toSvg's messages, the import).
      results[name] = { bytes, graphviz: inputs.some((f) => /graphviz/i.test(f)), mentioned: /graphviz/i.test(text), inputs };
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
  if (results.library.graphviz) bad.push('the whole library holds Graphviz\'s code though it is left external');
  if (!results.graphviz.graphviz) bad.push('the toSvg program does not hold Graphviz: the check cannot see it any more');
  return bad;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await measure();
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(11)} ${kb(r.bytes).padStart(9)}  ${r.graphviz ? 'with Graphviz' : r.mentioned ? 'Graphviz left external' : 'no trace of Graphviz'}`);
  }
  const bad = failures(results);
  for (const line of bad) console.error(`check:bundle: ${line}`);
  process.exitCode = bad.length === 0 ? 0 : 1;
}
