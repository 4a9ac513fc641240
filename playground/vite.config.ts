import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

/**
 * The playground's build: a static site in playground/dist with relative asset URLs (base './'),
 * so it works from any static server, any sub-path, or offline.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    // The Graphviz wasm is inlined in its module (~1 MB); it loads lazily, only in views that draw.
    chunkSizeWarningLimit: 2000,
  },
});
