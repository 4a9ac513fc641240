#!/usr/bin/env node
// Regenerates docs/playground.png, the picture README.md and docs/playground.md show: builds the
// playground (vite), serves it on 127.0.0.1, opens the step view at step 9 of the backward pass
// (1280x800, as the browser tests' desktop) in Chromium through playwright-core, and writes the
// screenshot atomically (a temporary file, checked to be a PNG, then renamed). Chromium is
// $MEMOGRAD_CHROMIUM, else `command -v chromium`.
//   node scripts/playground-screenshot.mjs [out.png]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(root, 'docs', 'playground.png');
/** The state shown: a1(2)*w5's complete gradient sent down its two edges, the path counts on every node. */
const HASH = '#steps?step=9';
const VIEWPORT = { width: 1280, height: 800 };

function chromium() {
  const given = process.env.MEMOGRAD_CHROMIUM;
  if (given) {
    if (!existsSync(given)) throw new Error(`MEMOGRAD_CHROMIUM=${given}: no such file`);
    return given;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('playground-screenshot: no Chromium (apt-get install chromium, or set MEMOGRAD_CHROMIUM)');
  }
}

const executablePath = chromium();
const { build } = await import('vite');
await build({ configFile: join(root, 'playground', 'vite.config.ts'), logLevel: 'warn' });
const { serveStatic } = await import('../playground/serve.mjs');
const { chromium: playwright } = await import('playwright-core');
const { server, url } = await serveStatic(join(root, 'playground', 'dist'), 0, '/');
const browser = await playwright.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
const tmp = `${out}.tmp-${process.pid}.png`;
try {
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url + HASH);
  await page.locator('#view[data-view="steps"]').waitFor({ state: 'attached', timeout: 60_000 });
  await page.waitForTimeout(300); // fonts and the first frame
  if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join('; ')}`);
  await page.screenshot({ path: tmp });
  const png = readFileSync(tmp);
  if (png.length < 10_000 || png.readUInt32BE(0) !== 0x89504e47 || png.readUInt32BE(16) !== VIEWPORT.width || png.readUInt32BE(20) !== VIEWPORT.height) {
    throw new Error(`the screenshot ${tmp} is not a ${VIEWPORT.width}x${VIEWPORT.height} PNG`);
  }
  renameSync(tmp, out);
  console.log(`wrote ${out} (${png.length} bytes): ${HASH} at ${VIEWPORT.width}x${VIEWPORT.height}`);
} finally {
  rmSync(tmp, { force: true });
  await browser.close();
  server.close();
}
