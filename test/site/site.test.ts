/**
 * The one static site (scripts/build-site.mjs), built once into build/test-site/ and served under a
 * sub-path: Chromium crawls every internal link and resource (href and src) from the root, fetching
 * and parsing each page (fast: no page is rendered), then opens and runs a page of each kind to check
 * the links their scripts add (TypeDoc's navigation) and their errors. Any 404, failed request, page
 * error, link that leaves the sub-path or names a bare folder, or anchor its page lacks fails the test.
 * Then the guides opened from file:// (offline, no server), and axe on a guide page, an API page and
 * the playground with the site bar, at 1280x800 and 390x844.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Server } from 'node:http';
import { chromium as playwright } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { buildSite } from '../../scripts/build-site.mjs';
import { serveStatic } from '../../playground/serve.mjs';
import { CHROMIUM, HAS_BROWSER } from '../playground/browser.js';

const OUT = fileURLToPath(new URL('../../build/test-site', import.meta.url));
const PREFIX = '/memograd/docs/site/';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DESKTOP = { width: 1280, height: 800 };
const VIEWPORTS = [DESKTOP, { width: 390, height: 844 }];

/** Every href and src of the page, resolved, with the element's tag (run in the page). */
const LINKS = `(() => [...document.querySelectorAll('[href], [src]')].map((e) => {
  const raw = e.getAttribute('href') ?? e.getAttribute('src') ?? '';
  return { tag: e.tagName.toLowerCase(), raw, url: new URL(raw, document.baseURI).href };
}))()`;

/** Every id and anchor name of the page (run in the page). */
const IDS = `(() => [...document.querySelectorAll('[id], a[name]')].map((e) => e.id || e.getAttribute('name')))()`;

/**
 * The crawl, run in the browser from the site's root: fetches every page reachable from `start`
 * (following only links inside `prefix` that end in '/' or '.html'), parses each with DOMParser,
 * and returns each page's status, ids and links, and each other file's status (and an SVG's text,
 * for its anchors). Eight requests at a time.
 */
const CRAWL = `async ([start, prefix]) => {
  const pages = {};
  const files = {};
  const queue = [start];
  const seen = new Set(queue);
  const isPage = (u) => u.pathname.endsWith('/') || u.pathname.endsWith('.html');
  async function visit(url) {
    const r = await fetch(url);
    const text = await r.text();
    const doc = new DOMParser().parseFromString(text, 'text/html');
    const ids = [...doc.querySelectorAll('[id], a[name]')].map((e) => e.id || e.getAttribute('name'));
    const links = [...doc.querySelectorAll('[href], [src]')].map((e) => {
      const raw = e.getAttribute('href') ?? e.getAttribute('src') ?? '';
      return { tag: e.tagName.toLowerCase(), raw, url: new URL(raw, url).href };
    });
    pages[url] = { status: r.status, ids, links };
    for (const { url: target } of links) {
      const u = new URL(target);
      if (u.origin !== location.origin || !u.pathname.startsWith(prefix)) continue;
      const file = u.origin + u.pathname;
      if (seen.has(file)) continue;
      seen.add(file);
      if (isPage(u)) queue.push(file);
      else files[file] = null;
    }
  }
  let busy = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (;;) {
      const next = queue.shift();
      if (next === undefined) {
        if (busy === 0) return;
        await new Promise((ok) => setTimeout(ok, 10));
        continue;
      }
      busy++;
      try { await visit(next); } catch (e) { pages[next] = { status: 0, ids: [], links: [], error: String(e) }; } finally { busy--; }
    }
  }));
  await Promise.all(Object.keys(files).map(async (file) => {
    const r = await fetch(file);
    files[file] = { status: r.status, text: file.endsWith('.svg') ? await r.text() : '' };
  }));
  return { pages, files };
}`;

/** Pages also opened and run (the crawl reads them as text): each kind of page once, TypeDoc's at each depth. */
const RUN = ['', 'index.html', 'guide/index.html', 'guide/readme.html', 'api/index.html', 'api/hierarchy.html',
  'api/modules/memograd.html', 'api/classes/memograd.Value.html', 'api/functions/memograd.grad.html'];

interface Crawl {
  pages: Map<string, Set<string>>;
  resources: number;
  anchors: number;
  external: number;
  problems: string[];
  ms: number;
}

describe.skipIf(!HAS_BROWSER)('the static site', () => {
  let server: Server;
  let root: string;
  let browser: Browser;
  let built: Awaited<ReturnType<typeof buildSite>>;
  let crawl: Crawl;

  beforeAll(async () => {
    const t0 = performance.now();
    built = await buildSite({ out: OUT });
    console.log(`site: built in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(built.pages)} pages, ${JSON.stringify(built.ms)} ms`);
    ({ server, url: root } = await serveStatic(OUT, 0, PREFIX));
    browser = await playwright.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'], timeout: 60_000 });
  }, 600_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    if (server !== undefined) {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    }
  });

  /** Opens `url` in a fresh page that records page errors, console errors and failed or 4xx/5xx requests. */
  async function open(url: string, viewport = DESKTOP): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
    });
    page.on('requestfailed', (r) => errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    await page.goto(url, { waitUntil: 'load' });
    // TypeDoc's pages draw their navigation from a script (a second set of links): wait for it.
    if ((await page.locator('#tsd-nav-container').count()) > 0) {
      await page.locator('#tsd-nav-container a').first().waitFor({ state: 'attached', timeout: 30_000 });
    }
    return { page, errors };
  }

  async function crawlSite(run: readonly string[] = RUN): Promise<Crawl> {
    const t0 = performance.now();
    const problems: string[] = [];
    const { page: home } = await open(root);
    const found = (await home.evaluate(`(${CRAWL})(${JSON.stringify([root, PREFIX])})`)) as {
      pages: Record<string, { status: number; ids: string[]; links: { tag: string; raw: string; url: string }[]; error?: string }>;
      files: Record<string, { status: number; text: string }>;
    };
    await home.close();
    console.log(`site: the crawl proper (fetch and parse every page) took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const pages = new Map(Object.entries(found.pages).map(([url, p]) => [url, new Set(p.ids)]));
    const linksOf = new Map(Object.entries(found.pages).map(([url, p]) => [url, p.links]));
    for (const [url, p] of Object.entries(found.pages)) {
      if (p.status !== 200) problems.push(`${url}: HTTP ${p.status}${p.error === undefined ? '' : ` (${p.error})`}`);
    }
    for (const [url, f] of Object.entries(found.files)) if (f.status !== 200) problems.push(`${url}: HTTP ${f.status}`);
    // The pages opened and run: their errors, and the links their scripts add, checked like the others.
    for (const path of run) {
      const { page, errors } = await open(root + path);
      problems.push(...errors.map((e) => `${root + path}: ${e}`));
      const links = (await page.evaluate(LINKS)) as { tag: string; raw: string; url: string }[];
      // Scripts add ids too (TypeDoc's icons.js puts its sprite in the page, and its links point into it).
      const ids = pages.get(root + path);
      for (const id of (await page.evaluate(IDS)) as string[]) ids?.add(id);
      const known = new Set((linksOf.get(root + path) ?? []).map((l) => l.url));
      linksOf.set(`${root + path} (run)`, links.filter((l) => !known.has(l.url)));
      await page.close();
    }
    let anchors = 0;
    let external = 0;
    for (const [from, links] of linksOf) {
      for (const { tag, raw, url } of links) {
        const u = new URL(url);
        if (u.protocol === 'data:' || u.protocol === 'mailto:') continue;
        if (u.origin !== new URL(root).origin) {
          external++;
          continue;
        }
        if (!u.pathname.startsWith(PREFIX)) {
          problems.push(`${from}: <${tag}> ${raw} leaves the site's sub-path (${u.pathname})`);
          continue;
        }
        if (raw !== '' && !raw.startsWith('#') && u.pathname.endsWith('/')) problems.push(`${from}: <${tag}> ${raw} names a folder, which file:// does not open`);
        const file = u.origin + u.pathname;
        const target = pages.get(file);
        const other = found.files[file];
        if (target === undefined && other === undefined) {
          const r = await fetch(file); // a link only a script adds
          if (r.status !== 200) problems.push(`${from}: <${tag}> ${raw} is HTTP ${r.status}`);
          continue;
        }
        if (u.hash.length <= 1) continue;
        const id = decodeURIComponent(u.hash.slice(1));
        anchors++;
        if (target?.has(id) || other?.text.includes(`id="${id}"`)) continue;
        // The playground's anchors are its views (#network, #steps?step=3): each must mount its view.
        if ((file === root || file === `${root}index.html`) && /^[a-z]+(\?|$)/.test(id) && (await mountsView(file, id))) continue;
        problems.push(`${from}: <${tag}> ${raw}: ${file} has no element with id ${JSON.stringify(id)}`);
      }
    }
    return { pages, resources: Object.keys(found.files).length, anchors, external, problems: [...new Set(problems)], ms: Math.round(performance.now() - t0) };
  }

  const mounted = new Map<string, boolean>();
  async function mountsView(file: string, hash: string): Promise<boolean> {
    const known = mounted.get(hash);
    if (known !== undefined) return known;
    mounted.set(hash, await tryView(file, hash));
    return mounted.get(hash) === true;
  }

  async function tryView(file: string, hash: string): Promise<boolean> {
    const name = /^[a-z]+/.exec(hash)?.[0] ?? '';
    const { page } = await open(`${file}#${hash}`);
    try {
      await page.locator(`#view[data-view="${name}"]`).waitFor({ state: 'attached', timeout: 20_000 });
      return true;
    } catch {
      return false;
    } finally {
      await page.close();
    }
  }

  test('every internal link and resource of the site resolves, every anchor exists', async () => {
    crawl = await crawlSite();
    const total = built.pages.playground + built.pages.guide + built.pages.api;
    console.log(`site: crawled ${crawl.pages.size} pages, ${crawl.resources} other files, ${crawl.anchors} anchors `
      + `(${crawl.external} external links not followed) in ${(crawl.ms / 1000).toFixed(1)} s`);
    expect(crawl.problems).toEqual([]);
    // The crawl reached every page the build wrote (the root is both '/' and '/index.html').
    const visited = new Set([...crawl.pages.keys()].map((u) => u.replace(/\/$/, '/index.html')));
    expect(visited.size).toBe(total);
    for (const path of ['index.html', 'guide/index.html', 'guide/readme.html', 'guide/semantics.html', 'api/index.html', 'api/classes/memograd.Value.html']) {
      expect(visited.has(root + path), path).toBe(true);
    }
  }, 900_000);

  test('the crawl reports a missing page, a missing file, a missing anchor and a link out of the sub-path', async () => {
    const file = join(OUT, 'guide', 'testing.html');
    const html = readFileSync(file, 'utf8');
    const broken = '<a href="no-such-page.html">a</a><a href="semantics.html#no-such-anchor">b</a>'
      + '<a href="../../../outside.html">c</a><img src="no-such-picture.png" alt="d"><a href="../guide/">e</a>';
    writeFileSync(file, html.replace('</main>', `${broken}</main>`));
    try {
      const { problems } = await crawlSite([]);
      const from = `${root}guide/testing.html`;
      expect(problems).toEqual(expect.arrayContaining([
        `${root}guide/no-such-page.html: HTTP 404`,
        `${root}guide/no-such-picture.png: HTTP 404`,
        `${from}: <a> semantics.html#no-such-anchor: ${root}guide/semantics.html has no element with id "no-such-anchor"`,
        `${from}: <a> ../../../outside.html leaves the site's sub-path (/memograd/outside.html)`,
        `${from}: <a> ../guide/ names a folder, which file:// does not open`,
      ]));
      expect(problems).toHaveLength(5);
    } finally {
      writeFileSync(file, html);
    }
  });

  test('every page carries the site bar, its three links resolving to the three sections', async () => {
    for (const path of ['index.html', 'guide/forward-mode.html', 'api/classes/memograd.Value.html', 'api/functions/memograd.grad.html']) {
      const { page, errors } = await open(root + path);
      const nav = page.getByRole('navigation', { name: 'Site' });
      const hrefs = await nav.locator('a').evaluateAll((as) => as.map((a) => [a.textContent, (a as unknown as { href: string }).href]));
      expect(hrefs, path).toEqual([['Playground', `${root}index.html`], ['Guides', `${root}guide/index.html`], ['API', `${root}api/index.html`]]);
      expect(errors, path).toEqual([]);
      await page.close();
    }
  });

  test('the guides work offline: opened from file://, their links and images are files that exist', async () => {
    const guide = join(OUT, 'guide');
    for (const name of ['index.html', 'readme.html', 'playground.html', 'seed-network.html']) {
      const { page, errors } = await open(pathToFileURL(join(guide, name)).href);
      const links = (await page.evaluate(LINKS)) as { raw: string; url: string }[];
      for (const { raw, url } of links) {
        if (!url.startsWith('file:')) continue;
        const path = fileURLToPath(url.replace(/#.*$/, ''));
        expect(existsSync(path) && statSync(path).isFile(), `${name}: ${raw}`).toBe(true);
      }
      expect(await page.locator('img').evaluateAll((imgs) => imgs.every((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0)), name).toBe(true);
      expect(errors, name).toEqual([]);
      // The site bar leads to the API reference, which opens from file:// too.
      if (name === 'index.html') {
        await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'API' }).click();
        await page.waitForURL(/\/api\/index\.html$/);
        expect(await page.title()).toMatch(/memograd/);
      }
      await page.close();
    }
  });

  for (const viewport of VIEWPORTS) {
    for (const path of ['guide/semantics.html', 'api/classes/memograd.Value.html', 'index.html#steps']) {
      test(`${path} has zero axe violations at ${viewport.width}x${viewport.height}`, async () => {
        const { page, errors } = await open(root + path, viewport);
        await page.waitForTimeout(500);
        await page.addScriptTag({ content: AXE });
        const violations = (await page.evaluate(
          "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`))",
        )) as string[];
        expect(violations, path).toEqual([]);
        expect(errors, path).toEqual([]);
        await page.close();
      });
    }
  }
});
