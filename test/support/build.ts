/**
 * vitest global setup: builds the package (tsup.config.ts) once, before any test file runs, when
 * dist/ is missing or older than its sources. Test files that run dist/cli.js or dist/index.js
 * then share one build instead of racing to write it from parallel workers.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stale } from './stale.js';

export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  if (stale(root, join('dist', 'cli.js')) || stale(root, join('dist', 'index.js'))) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe', timeout: 120_000 });
  }
}
