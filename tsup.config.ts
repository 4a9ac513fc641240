import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: ESM + CommonJS + types, no Node imports.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    // Keep the @internal fields (_a, _b, _code, _i) out of the published types.
    dts: { compilerOptions: { stripInternal: true } },
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    // Keep class names (esbuild would emit `class _Value`): error messages name them.
    keepNames: true,
    // The optional SVG renderer stays a separate package, imported at run time only by toSvg.
    external: ['@hpcc-js/wasm-graphviz'],
  },
  {
    // The command-line program (package bin); Node only.
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
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
