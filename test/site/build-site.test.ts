/**
 * The site's guide pages without a browser: GitHub's heading anchors, where each kind of link goes,
 * raw HTML shown as text, and every link between the guides landing on a page and an anchor that
 * the rendered target has. (test/site/site.test.ts crawls the built site in Chromium.)
 */
import { describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';
import { REPOSITORY, buildSite, listGuides, mendApiPage, mendHeadingLevels, mendNavigation, renderGuide, siteNav, siteUrl, slug } from '../../scripts/build-site.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const guides = listGuides();

describe('slug', () => {
  test.each([
    ['How many inputs (MAX_INPUTS)', 'how-many-inputs-max_inputs'],
    ['The expression parser (src/expression/)', 'the-expression-parser-srcexpression'],
    ['How backward() works', 'how-backward-works'],
    ["The seed's Figure 2", 'the-seeds-figure-2'],
    ['Kinks and domain edges', 'kinks-and-domain-edges'],
    ['  Dash - and  two spaces ', 'dash---and--two-spaces'],
  ])('%j gives GitHub anchor %j', (text, anchor) => {
    expect(slug(text)).toBe(anchor);
  });
});

describe('listGuides', () => {
  test('lists the index, README and every docs/*.md once, in docs/README.md order', () => {
    const pages = guides.map((g) => g.page);
    expect(pages.slice(0, 4)).toEqual(['index.html', 'readme.html', 'semantics.html', 'higher-derivatives.html']);
    expect(new Set(pages).size).toBe(pages.length);
    expect(pages).toContain('playground.html');
    expect(guides.find((g) => g.page === 'forward-mode.html')?.title).toBe('Forward mode, vjp and Jacobians');
  });
});

describe('siteUrl', () => {
  test('a guide linked by file (with its anchor) goes to its page', () => {
    expect(siteUrl('semantics.md#kinks-and-domain-edges', 'docs/README.md', guides)).toBe('semantics.html#kinks-and-domain-edges');
    expect(siteUrl('docs/testing.md', 'README.md', guides)).toBe('testing.html');
    expect(siteUrl('../README.md', 'docs/README.md', guides)).toBe('readme.html');
    expect(siteUrl('docs/README.md', 'README.md', guides)).toBe('index.html');
  });

  test('images of docs/ are the copies beside the pages, README\'s CDN ones included', () => {
    expect(siteUrl('playground.png', 'docs/playground.md', guides)).toBe('playground.png');
    expect(siteUrl('https://cdn.jsdelivr.net/npm/memograd@0.1.0/docs/figure-2.svg', 'README.md', guides)).toBe('figure-2.svg');
  });

  test('a file outside the guides goes to the repository, a folder as a tree', () => {
    expect(siteUrl('../src/index.ts', 'docs/semantics.md', guides)).toBe(`${REPOSITORY}/blob/main/src/index.ts`);
    expect(siteUrl('examples/', 'README.md', guides)).toBe(`${REPOSITORY}/tree/main/examples`);
    expect(REPOSITORY).toBe('https://github.com/memograd/memograd');
  });

  test('absolute links and same-page anchors stay as written', () => {
    expect(siteUrl('https://fast-check.dev', 'docs/testing.md', guides)).toBe('https://fast-check.dev');
    expect(siteUrl('#the-prng', 'docs/training.md', guides)).toBe('#the-prng');
  });

  test('a relative link to a file that does not exist is an error naming the guide and the link', () => {
    expect(() => siteUrl('nowhere.md#x', 'docs/semantics.md', guides)).toThrow(/docs\/semantics\.md links to nowhere\.md#x/);
    expect(() => siteUrl('../../etc/passwd', 'docs/semantics.md', guides)).toThrow(/not a file of the repository/);
  });
});

describe('renderGuide', () => {
  test('headings get GitHub anchors, a repeated one numbered', () => {
    const html = renderGuide('# Title\n\n## Notes\n\ntext\n\n## Notes\n\n### `grad(f)` in use\n', 'docs/x.md', guides);
    expect(html).toContain('<h1 id="title">');
    expect(html).toContain('<h2 id="notes">');
    expect(html).toContain('<h2 id="notes-1">');
    expect(html).toContain('<h3 id="gradf-in-use">');
  });

  test('raw HTML is shown as text, tables and code scroll in boxes reachable by keyboard', () => {
    const html = renderGuide('<script>alert(1)</script>\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n```ts\nx < y\n```\n', 'docs/x.md', guides);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<div class="mg-scroll" tabindex="0"><table>');
    expect(html).toContain('<pre tabindex="0"><code class="language-ts">x &lt; y');
  });

  test('every link between the guides lands on a rendered page and an anchor it has', () => {
    const rendered = new Map(guides.map((g) => [g.page, renderGuide(readFileSync(join(ROOT, g.source), 'utf8'), g.source, guides)]));
    const ids = (html: string) => new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    let checked = 0;
    for (const [page, html] of rendered) {
      for (const [, href] of html.matchAll(/ (?:href|src)="([^"]*)"/g)) {
        if (href === undefined || /^[a-z]+:/.test(href)) continue;
        const [file = '', anchor] = href.split('#');
        const target = file === '' ? page : file;
        if (/\.(svg|png)$/.test(target)) continue;
        expect(rendered.has(target), `${page} links to ${href}`).toBe(true);
        if (anchor !== undefined) expect(ids(rendered.get(target) ?? '').has(anchor), `${page} links to ${href}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('siteNav', () => {
  test('links the three sections by file, relative to the page, the current one marked', () => {
    const nav = siteNav('../../', 'api');
    expect(nav).toContain('href="../../index.html">Playground');
    expect(nav).toContain('href="../../guide/index.html">Guides');
    expect(nav).toContain('href="../../api/index.html" aria-current="true">API');
    expect(nav.match(/aria-current/g)).toHaveLength(1);
  });
});

describe('mendHeadingLevels', () => {
  test('a heading that skips levels gets its outline level as aria-level; siblings and deeper ones follow', () => {
    expect(mendHeadingLevels('<h1>A</h1><h4 class="x">B</h4><h4>C</h4><h2>D</h2><h3>E</h3><h4>F</h4><h3>G</h3><h6>H</h6><header>'))
      .toBe('<h1>A</h1><h4 aria-level="2" class="x">B</h4><h4 aria-level="2">C</h4><h2>D</h2><h3>E</h3><h4>F</h4><h3>G</h3><h6 aria-level="4">H</h6><header>');
  });

  test('headings in order are left as they are', () => {
    const html = '<h1>A</h1><h2>B</h2><h3>C</h3><h2>D</h2>';
    expect(mendHeadingLevels(html)).toBe(html);
  });
});

describe('mendApiPage', () => {
  const page = '<body><div class="col-content"><h1>T</h1><details><summary class="s"><h2 id="m">Methods<a href="#m" aria-label="Permalink" class="tsd-anchor-icon"><svg></svg></a></h2></summary>'
    + '<h3 id="x">x<a href="#x" aria-label="Permalink" class="tsd-anchor-icon"><svg></svg></a></h3></details></div><div class="page-menu"></div></body>';

  test('marks the main and navigation landmarks and takes the permalinks out of summaries only', () => {
    const out = mendApiPage(page, 'p.html');
    expect(out).toContain('<div class="col-content" role="main">');
    expect(out).toContain('<div class="page-menu" role="navigation" aria-label="Settings and contents of this page">');
    expect(out).toContain('<summary class="s"><h2 id="m">Methods</h2></summary>');
    expect(out).toContain('<h3 id="x">x<a href="#x" aria-label="Permalink" class="tsd-anchor-icon">');
  });

  test('a page without TypeDoc\'s layout is an error naming it', () => {
    expect(() => mendApiPage('<body></body>', 'api/odd.html')).toThrow(/api\/odd\.html has no col-content/);
  });
});

describe('mendNavigation', () => {
  const pack = (tree: unknown) => `window.navigationData = "${deflateSync(Buffer.from(JSON.stringify(tree))).toString('base64')}"`;
  const unpack = (script: string) => JSON.parse(inflateSync(Buffer.from(/"([^"]+)"/.exec(script)?.[1] ?? '', 'base64')).toString('utf8')) as unknown;

  test('a branch\'s own page becomes its first entry; leaves and pathless branches stay', () => {
    const tree = [
      { text: 'memograd', path: 'modules/memograd.html', kind: 2, children: [{ text: 'Value', path: 'classes/memograd.Value.html', kind: 128 }] },
      { text: 'Group', children: [{ text: 'leaf', path: 'l.html' }] },
      { text: 'alone', path: 'a.html', kind: 64 },
    ];
    expect(unpack(mendNavigation(pack(tree)))).toEqual([
      { text: 'memograd', children: [{ text: 'memograd', path: 'modules/memograd.html', kind: 2 }, { text: 'Value', path: 'classes/memograd.Value.html', kind: 128 }] },
      { text: 'Group', children: [{ text: 'leaf', path: 'l.html' }] },
      { text: 'alone', path: 'a.html', kind: 64 },
    ]);
  });

  test('a script that is not TypeDoc\'s navigation data is an error', () => {
    expect(() => mendNavigation('window.other = 1')).toThrow(/navigation\.js/);
  });
});

describe('buildSite', () => {
  test('a failed build leaves the previous site as it was and no half-built folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memograd-site-'));
    try {
      const out = join(dir, 'site');
      mkdirSync(out);
      writeFileSync(join(out, 'index.html'), 'the previous site');
      // The real playground, and a guide with a dead link: the playground is built into the new
      // site's folder before the guides stop the build.
      const repo = join(dir, 'repo');
      mkdirSync(join(repo, 'docs'), { recursive: true });
      symlinkSync(join(ROOT, 'playground'), join(repo, 'playground'));
      writeFileSync(join(repo, 'README.md'), '# memograd\n\n[guides](docs/README.md)\n');
      writeFileSync(join(repo, 'docs', 'README.md'), '# Guides\n\n[A](a.md)\n');
      writeFileSync(join(repo, 'docs', 'a.md'), '# A\n\n[gone](gone.md)\n');
      await expect(buildSite({ out, root: repo })).rejects.toThrow(/docs\/a\.md links to gone\.md/);
      expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('the previous site');
      expect(readdirSync(dir).sort()).toEqual(['repo', 'site']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(existsSync(dir)).toBe(false);
  });
});
