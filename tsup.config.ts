import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

const BARRELS = ['index.js', 'svg.js'].map((f) => fileURLToPath(new URL(`./src/${f}`, import.meta.url)));

/**
 * The CLI imports the library through its barrels (`../index.js`, `../svg.js`); this keeps those
 * imports as they are, so dist/cli.js loads dist/index.js and dist/svg.js instead of carrying a
 * second copy of the library (whose classes would fail `instanceof` against the first).
 */
const libraryExternal: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'memograd-library-external',
  setup(build) {
    // src/index.ts and src/svg.ts only (src/cli/svg.ts is the CLI's own).
    build.onResolve({ filter: /^\.\.?\/(index|svg)\.js$/ }, (args) => {
      const target = resolve(args.resolveDir, args.path);
      return BARRELS.includes(target)
        ? { path: `./${basename(target)}`, external: true }
        : undefined;
    });
  },
};

export default defineConfig([
  {
    // The library: ESM + CommonJS + types, no Node imports. Its subpaths share one copy of the
    // core through chunks (splitting in both formats), so a Value from 'memograd' is the Value
    // that 'memograd/svg' draws.
    entry: { index: 'src/index.ts', svg: 'src/svg.ts' },
    format: ['esm', 'cjs'],
    splitting: true,
    // Keep the @internal fields (_a, _b, _code, _i) out of the published types.
    dts: { compilerOptions: { stripInternal: true } },
    // What ships for debugging: source maps that embed the TypeScript (sourcesContent), not src/
    // beside them. The maps alone give debuggers and stack traces the original code, line for line;
    // src/ as well would ship every source twice (287 KB more) and invite deep imports of files
    // that are not the package's interface.
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    // No keepNames: its top-level __name(...) calls are side effects that stop bundlers from
    // dropping unused exports (a Value-only program pulled in Graphviz). Messages that name a
    // class must not read `constructor.name` (see describeOperand and Optimizer).
    keepNames: false,
    // Which build a Value came from, for the mixed-build error (src/engine/core/value-brand.ts).
    esbuildOptions(options, context) {
      options.define = { ...options.define, __MEMOGRAD_FORMAT__: JSON.stringify(context.format) };
    },
    // The optional SVG renderer stays a separate package, imported at run time only by toSvg.
    external: ['@hpcc-js/wasm-graphviz'],
  },
  {
    // memograd/testing and memograd/testing/vitest: ESM + CommonJS + types. They import the library
    // by the package's own name ('memograd', kept external: Node resolves a package's import of
    // itself through its exports map, and so do bundlers), so that they run on the build their
    // user imported (dist/index.js or dist/index.cjs, with its types): one copy of Value, one
    // instanceof, in the JavaScript and in the declarations alike. (The CLI's plugin above rewrites
    // a relative import instead; that works for JavaScript but not for the declaration bundler,
    // which would inline a second declared class Value.) Pure helpers they share with the engine
    // (finite differences, describeOperand) are bundled in. fast-check and vitest are optional peer
    // dependencies, never bundled. memograd/testing/vitest takes memograd/testing's types by name
    // too, and carries its own copy of the matcher's code (no splitting), so that neither build
    // leaves shared chunks with hashed names behind in dist/, and it needs no fast-check.
    entry: { testing: 'src/testing/index.ts', 'testing-vitest': 'src/testing/vitest.ts' },
    format: ['esm', 'cjs'],
    splitting: false,
    dts: { compilerOptions: { stripInternal: true } },
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    keepNames: false,
    esbuildOptions(options, context) {
      options.define = { ...options.define, __MEMOGRAD_FORMAT__: JSON.stringify(context.format) };
    },
    external: ['memograd', 'memograd/testing', 'fast-check', 'vitest'],
  },
  {
    // The command-line program (package bin); Node only. It runs on the library build above.
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    define: { __MEMOGRAD_VERSION__: JSON.stringify(version) },
    esbuildPlugins: [libraryExternal],
    external: ['@hpcc-js/wasm-graphviz'],
  },
  {
    // Benchmarks: built beside, never published.
    entry: { bench: 'bench/main.ts' },
    outDir: 'build',
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    external: ['@hpcc-js/wasm-graphviz'],
  },
]);
