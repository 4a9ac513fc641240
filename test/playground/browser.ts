/**
 * The browser tests' harness: serves the built playground (playground/dist, built once by
 * global-setup.ts) on 127.0.0.1 under a sub-path, drives Debian's Chromium through playwright-core,
 * and records every page error, console error and failed request of each page it opens.
 *
 * @example
 * const site = await startPlayground();
 * const page = await site.open('#network?act=tanh');
 * await page.text('grad-backward-w1');
 * expect(page.errors).toEqual([]);
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { inject } from 'vitest';
import { chromium as playwright } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { serveStatic } from '../../playground/serve.mjs';

const DIST = fileURLToPath(new URL('../../playground/dist', import.meta.url));

/** The Chromium binary, or '' when the browser tests skip (see global-setup.ts). */
export const CHROMIUM: string = inject('chromium');
/** Whether the browser tests run: use as `describe.skipIf(!HAS_BROWSER)`. */
export const HAS_BROWSER: boolean = CHROMIUM !== '';

/** Screen sizes for `open`. */
export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** One open page with what went wrong on it so far. */
export interface PlaygroundPage {
  readonly page: Page;
  /** Page errors (uncaught exceptions), console errors and failed requests, in order. */
  readonly errors: string[];
  /** The text of the element with `data-testid` = `testid` (waits for it to exist). */
  text(testid: string): Promise<string>;
  /** That text as a number (throws if it is not one). */
  num(testid: string): Promise<number>;
  /** Every element's text by its data-testid (the first of each), read in one round trip. */
  texts(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** The served site and one Chromium. */
export interface Playground {
  /** The site's URL, ending in '/'. */
  readonly url: string;
  readonly browser: Browser;
  /** Opens `hash` (such as '#steps?step=3') and waits until its view is mounted. */
  open(hash: string, viewport?: { width: number; height: number }): Promise<PlaygroundPage>;
  close(): Promise<void>;
}

/** Serves the site and launches Chromium; call `close()` in afterAll. */
export async function startPlayground(): Promise<Playground> {
  if (!HAS_BROWSER) throw new Error('startPlayground: no Chromium (guard the suite with describe.skipIf(!HAS_BROWSER))');
  const buildError = inject('playgroundBuildError');
  if (buildError !== '') throw new Error(`the playground did not build: ${buildError}`);
  const { server, url } = await serveStatic(DIST, 0, '/memograd/playground/');
  let browser: Browser;
  try {
    browser = await playwright.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
      timeout: 60_000,
    });
  } catch (e) {
    await closeServer(server);
    throw e;
  }
  const contexts = new Set<BrowserContext>();
  return {
    url,
    browser,
    async open(hash, viewport = DESKTOP) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      contexts.add(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
      });
      page.on('requestfailed', (r) => errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
      await page.goto(url + hash);
      const name = /^#?([a-z]*)/.exec(hash)?.[1] || 'network';
      await page.locator(`#view[data-view="${name}"]`).waitFor({ state: 'attached', timeout: 30_000 });
      return {
        page,
        errors,
        text: async (testid) => (await page.getByTestId(testid).first().textContent({ timeout: 10_000 })) ?? '',
        async num(testid) {
          const t = ((await page.getByTestId(testid).first().textContent({ timeout: 10_000 })) ?? '').trim();
          const x = Number(t);
          if (t === '' || Number.isNaN(x) && t !== 'NaN') throw new Error(`data-testid=${testid}: '${t}' is not a number`);
          return x;
        },
        async texts() {
          // A string, not a function: this file is type-checked without the DOM's types.
          return (await page.evaluate(`(() => {
            const out = {};
            for (const e of document.querySelectorAll('[data-testid]')) {
              const id = e.getAttribute('data-testid');
              if (!(id in out)) out[id] = e.textContent;
            }
            return out;
          })()`)) as Record<string, string>;
        },
        async close() {
          contexts.delete(context);
          await context.close();
        },
      };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await closeServer(server);
    },
  };
}

/** Where screenshots go when a test takes them (docs/ keeps the one the README shows). */
export const SCREENSHOTS = fileURLToPath(new URL('../../build/screenshots', import.meta.url));
export const DOCS = fileURLToPath(new URL('../../docs', import.meta.url));
export const screenshotPath = (name: string): string => join(SCREENSHOTS, `${name}.png`);

function closeServer(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.closeAllConnections();
    server.close(() => ok());
  });
}
