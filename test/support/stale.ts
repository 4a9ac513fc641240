import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a build of the package reads, besides every file under src/ (the CLI bundles the library):
 * the tsup configuration, the TypeScript configuration tsup and esbuild read, and the package files
 * that fix the build scripts and the installed tool versions.
 */
export const BUILD_INPUTS: readonly string[] = ['tsup.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json'];

/** Whether `output` (relative to `root`) is missing or older than a file its build depends on. */
export function stale(root: string, output: string): boolean {
  const built = join(root, output);
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const src = join(root, 'src');
  const inputs = [
    ...(existsSync(src) ? readdirSync(src, { recursive: true, encoding: 'utf8' }).map((f) => join(src, f)) : []),
    ...BUILD_INPUTS.map((f) => join(root, f)).filter((f) => existsSync(f)),
  ];
  return inputs.some((f) => {
    const s = statSync(f);
    return s.isFile() && s.mtimeMs > builtAt;
  });
}
