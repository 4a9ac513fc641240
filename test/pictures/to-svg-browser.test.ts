/**
 * toSvg in a page without a bundler (issue 18, item 12): the built ESM files served as they are,
 * loaded through an import map, in Chromium. Without a Graphviz entry the message must name the
 * import map, not ask to install a package that is there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { chromium as playwright } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { ROOT } from '../support/run-cli.js';
import { CHROMIUM, HAS_BROWSER } from '../playground/browser.js';
import { serveStatic } from '../../playground/serve.mjs';

/** A page whose import map holds `imports`, that calls toSvg once and writes what it threw. */
const page = (imports: Record<string, string>): string => `<!doctype html>
<script type="importmap">${JSON.stringify({ imports })}</script>
<output id="result"></output>
<script type="module">
  import { toDot, Value } from 'memograd';
  import { toSvg } from 'memograd/svg';
  const out = document.querySelector('#result');
  try { out.textContent = (await toSvg(toDot(new Value(1)))).slice(0, 5); } catch (e) { out.textContent = e.message; }
  out.dataset.status = 'done';
</script>`;

describe.skipIf(!HAS_BROWSER)('toSvg in a browser page with an import map and no bundler', () => {
  let dir = '';
  let browser: Browser;
  let server: Server;
  let url = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'memograd-import-map-'));
    for (const f of readdirSync(join(ROOT, 'dist')).filter((f) => f.endsWith('.js') && f !== 'cli.js')) copyFileSync(join(ROOT, 'dist', f), join(dir, f));
    copyFileSync(join(ROOT, 'node_modules', '@hpcc-js', 'wasm-graphviz', 'dist', 'index.js'), join(dir, 'graphviz.js'));
    const core = { memograd: './index.js', 'memograd/svg': './svg.js' };
    writeFileSync(join(dir, 'unmapped.html'), page(core));
    writeFileSync(join(dir, 'wrong-url.html'), page({ ...core, '@hpcc-js/wasm-graphviz': './no-such-file.js' }));
    writeFileSync(join(dir, 'mapped.html'), page({ ...core, '@hpcc-js/wasm-graphviz': './graphviz.js' }));
    ({ server, url } = await serveStatic(dir, 0, '/'));
    browser = await playwright.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'], timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await new Promise<void>((ok) => (server ? (server.closeAllConnections(), server.close(() => ok())) : ok()));
    rmSync(dir, { recursive: true, force: true });
  });

  const result = async (file: string): Promise<string> => {
    const context = await browser.newContext();
    try {
      const p = await context.newPage();
      await p.goto(url + file);
      await p.locator('#result[data-status="done"]').waitFor({ state: 'attached', timeout: 60_000 });
      return (await p.locator('#result').textContent()) ?? '';
    } finally {
      await context.close();
    }
  };

  it("without an entry for @hpcc-js/wasm-graphviz, toSvg says to map it in the page's import map, not to install it", async () => {
    const message = await result('unmapped.html');
    expect(message).toMatch(/^toSvg: this page cannot resolve the bare name @hpcc-js\/wasm-graphviz \(the optional package that draws SVG\): without a bundler, map it in the page's import map/);
    expect(message).not.toMatch(/install it/);
  });

  it("with an entry whose URL does not load, toSvg says the import map's URL did not load", async () => {
    expect(await result('wrong-url.html')).toMatch(/^toSvg: cannot load the optional package @hpcc-js\/wasm-graphviz, which draws SVG: the URL the page's import map gives it did not load .*no-such-file\.js/);
  });

  it('with the entry, toSvg draws', async () => {
    expect(await result('mapped.html')).toBe('<?xml');
  });
}, 180_000);
