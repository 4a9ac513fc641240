/**
 * Every example under examples/ as a user meets it: the repository packed once with `npm pack`,
 * each example copied to a temporary folder outside the repository, the tarball installed there,
 * `npm run example` run, and, for a browser example, its page opened in Chromium.
 *
 * The examples' contract (what each examples/<name>/ folder holds):
 * - README.md: what it shows and how to run it;
 * - package.json: `"private": true`, a dependency on memograd, and a script `example` that runs or
 *   builds it and exits non-zero on a wrong result;
 * - for a browser example, `"memogradExample": { "browser": "<page>" }`: the page (relative to the
 *   folder, after `npm run example`) that writes its result into `<output id="result">` with
 *   `data-status="pass"` or `"fail"`; the folder holding the page is served over HTTP;
 * - optionally `"memogradExample": { "npmInstallArgs": [...] }`: extra arguments for the install
 *   (`--omit=optional` to prove the example needs no optional package).
 *
 * Dependencies other than memograd that the repository has (vite, typescript, vitest, ...) are
 * linked from its node_modules instead of installed, which keeps the run fast and nearly offline;
 * the install itself prefers npm's cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Server } from 'node:http';
import { chromium as playwright } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { ROOT } from '../support/run-cli.js';
import { CHROMIUM, HAS_BROWSER } from '../playground/browser.js';
import { serveStatic } from '../../playground/serve.mjs';

const EXAMPLES = join(ROOT, 'examples');
const PACKED = join(ROOT, 'build', 'examples');

interface ExampleManifest {
  private?: unknown;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  memogradExample?: { browser?: string; npmInstallArgs?: string[] };
}

const names = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const manifest = (name: string): ExampleManifest => JSON.parse(readFileSync(join(EXAMPLES, name, 'package.json'), 'utf8')) as ExampleManifest;

describe('the examples folder', () => {
  it('holds examples, each with a README.md and a private package.json that depends on memograd and has an example script', () => {
    expect(names.length).toBeGreaterThanOrEqual(2);
    for (const name of names) {
      expect(existsSync(join(EXAMPLES, name, 'README.md')), `${name}/README.md`).toBe(true);
      const m = manifest(name);
      expect(m.private, `${name}: private`).toBe(true);
      expect({ ...m.dependencies, ...m.devDependencies }['memograd'], `${name}: memograd dependency`).toBeDefined();
      expect(m.scripts?.['example'], `${name}: scripts.example`).toEqual(expect.any(String));
    }
  });
});

describe('every example, installed from the packed tarball', () => {
  let tarball = '';
  let browser: Browser | undefined;
  const folders: string[] = [];

  beforeAll(async () => {
    // dist/ is fresh (the global setup builds it), so pack without prepack's second build.
    rmSync(PACKED, { recursive: true, force: true });
    mkdirSync(PACKED, { recursive: true });
    const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', PACKED], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    tarball = join(PACKED, (JSON.parse(out) as [{ filename: string }])[0].filename);
    if (HAS_BROWSER) {
      browser = await playwright.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'], timeout: 60_000 });
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    for (const f of folders) rmSync(f, { recursive: true, force: true });
  });

  it.each(names)('%s: npm run example succeeds, and its page (if any) computes the right result in Chromium', async (name) => {
    const dir = mkdtempSync(join(tmpdir(), `memograd-example-${name}-`));
    folders.push(dir);
    cpSync(join(EXAMPLES, name), dir, { recursive: true, filter: (src) => !/[\\/](node_modules|dist)$/.test(src) });
    const m = manifest(name);
    const options = m.memogradExample ?? {};

    // Link what the repository already has; install memograd from the tarball (and whatever else).
    const linked: string[] = [];
    for (const field of ['dependencies', 'devDependencies'] as const) {
      for (const dep of Object.keys(m[field] ?? {})) {
        if (dep === 'memograd' || !existsSync(join(ROOT, 'node_modules', dep, 'package.json'))) continue;
        delete m[field]?.[dep];
        linked.push(dep);
      }
    }
    writeFileSync(join(dir, 'package.json'), JSON.stringify(m, null, 2));
    const install = spawnSync(
      'npm',
      ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...(options.npmInstallArgs ?? [])],
      { cwd: dir, encoding: 'utf8', timeout: 180_000 },
    );
    expect(install.status, `npm install in ${name}: ${install.stderr}`).toBe(0);
    for (const dep of linked) link(dir, dep);
    if (options.npmInstallArgs?.includes('--omit=optional')) {
      expect(existsSync(join(dir, 'node_modules', '@hpcc-js', 'wasm-graphviz')), `${name}: the optional package was left out`).toBe(false);
    }

    const run = spawnSync('npm', ['run', 'example', '--silent'], { cwd: dir, encoding: 'utf8', timeout: 180_000 });
    expect(run.status, `npm run example in ${name}:\n${run.stdout}\n${run.stderr}`).toBe(0);

    if (options.browser !== undefined && browser !== undefined) {
      const page = join(dir, options.browser);
      expect(existsSync(page), `${name}: ${options.browser} after npm run example`).toBe(true);
      const result = await openPage(browser, dirname(page), basename(page));
      expect(result.errors, `${name}: page errors`).toEqual([]);
      expect(result, `${name}: ${result.text}`).toMatchObject({ status: 'pass' });
    }
  }, 300_000);
});

/** Links node_modules/<dep> to the repository's copy, with its commands in node_modules/.bin. */
function link(dir: string, dep: string): void {
  const from = join(ROOT, 'node_modules', dep);
  const to = join(dir, 'node_modules', dep);
  mkdirSync(dirname(to), { recursive: true });
  if (!existsSync(to)) symlinkSync(from, to, 'dir');
  const { bin } = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const bins = typeof bin === 'string' ? { [basename(dep)]: bin } : (bin ?? {});
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  for (const [command, path] of Object.entries(bins)) {
    const target = join(dir, 'node_modules', '.bin', command);
    if (!existsSync(target)) symlinkSync(join(from, path), target);
  }
}

/** Serves `root` over HTTP, opens `file` in a fresh context, and reads `#result` once it has a data-status. */
async function openPage(browser: Browser, root: string, file: string): Promise<{ status: string | null; text: string; errors: string[] }> {
  const { server, url } = await serveStatic(root, 0, '/');
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (msg) => {
      // A failed load is reported with its URL below; the console's copy of it has none.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(`console.error: ${msg.text()}`);
    });
    // Any 4xx or 5xx but the favicon a browser asks for unprompted.
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    page.on('requestfailed', (r) => errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    await page.goto(url + file);
    const result = page.locator('#result[data-status]');
    await result.waitFor({ state: 'attached', timeout: 60_000 }).catch(() => {});
    return { status: await page.locator('#result').getAttribute('data-status'), text: (await page.locator('#result').textContent()) ?? '', errors };
  } finally {
    await context.close();
    await closeServer(server);
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.closeAllConnections();
    server.close(() => ok());
  });
}
