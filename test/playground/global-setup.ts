/**
 * vitest global setup for the browser tests: finds Chromium, and builds the playground once
 * (vite build into playground/dist) when a browser is there and the build is missing or older
 * than its sources. Without Chromium the browser tests skip, except under CI, where that fails.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { ENABLE_BROWSER_TESTS, findChromium } from './chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium binary for the browser tests, or '' to skip them. */
    chromium: string;
    /** Why the playground did not build ('' when it did): the browser tests fail with it, the others run. */
    playgroundBuildError: string;
  }
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const INPUTS = ['src', 'playground/src', 'playground/index.html', 'playground/vite.config.ts', 'package-lock.json'];

export default async function setup(project: TestProject): Promise<void> {
  const chromium = findChromium();
  if (chromium === '' && process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false') {
    throw new Error(`The browser tests need Chromium, and under CI a missing browser is a failure: ${ENABLE_BROWSER_TESTS}.`);
  }
  let buildError = '';
  if (chromium !== '' && stale()) {
    const { build } = await import('vite');
    try {
      await build({ configFile: join(ROOT, 'playground', 'vite.config.ts'), logLevel: 'silent' });
    } catch (e) {
      buildError = e instanceof Error ? e.message : String(e);
    }
  }
  project.provide('chromium', chromium);
  project.provide('playgroundBuildError', buildError);
}

function stale(): boolean {
  const built = join(ROOT, 'playground', 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return INPUTS.some((input) => newer(join(ROOT, input), builtAt));
}

function newer(path: string, than: number): boolean {
  if (!existsSync(path)) return false;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs > than;
  return readdirSync(path, { recursive: true, encoding: 'utf8' }).some((f) => {
    const t = statSync(join(path, f));
    return t.isFile() && t.mtimeMs > than;
  });
}
