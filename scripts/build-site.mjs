#!/usr/bin/env node
// The one static site (`npm run build:site`, into build/site/): the playground at the root, the
// guides (docs/*.md, with README.md as the overview) rendered to pages under guide/, and the TypeDoc
// reference under api/. Every page carries the same site bar (Playground · Guides · API) and every
// URL is relative and names its file (never a bare folder), so the site works from any sub-path of
// any static server and offline (file://; the playground itself needs a server: browsers do not run
// module scripts from file://). The site is built in a temporary folder beside the target and
// renamed into place, so a failed build leaves the previous site as it was.
//
// Markdown is rendered by markdown-it, which TypeDoc already depends on (resolved through TypeDoc,
// so no new dependency); raw HTML in the guides is shown as text, never passed through.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** The repository's web address (from package.json), where links to files outside docs/ go. */
export const REPOSITORY = String(PACKAGE.repository.url).replace(/^git\+/, '').replace(/\.git$/, '');
const IMAGE = /\.(svg|png|jpe?g|gif|webp)$/i;
/** README's images are absolute (jsDelivr) so that they show on npm's page; the site uses its own copies. */
const CDN_DOCS = /^https:\/\/cdn\.jsdelivr\.net\/npm\/memograd@[^/]+\/docs\/([^/?#]+)$/;

/** The site's sections, each with the path of its first page from the site's root. */
const SECTIONS = [
  ['playground', 'Playground', 'index.html'],
  ['guide', 'Guides', 'guide/index.html'],
  ['api', 'API', 'api/index.html'],
];

/**
 * The site bar every page starts with: the three sections, linked relative to the page (`root` is
 * the way from the page to the site's root: '' at the root, '../' one folder down), the current
 * section marked.
 * @param {string} root
 * @param {'playground' | 'guide' | 'api'} current
 * @returns {string}
 */
export function siteNav(root, current) {
  const links = SECTIONS.map(([id, label, path]) =>
    `<a href="${root}${path}"${id === current ? ' aria-current="true"' : ''}>${label}</a>`).join('');
  return `<nav class="mg-site" aria-label="Site"><span class="mg-brand">memograd</span>${links}</nav>`;
}

/**
 * A heading's anchor as GitHub makes it (so that links written for GitHub work here): lower case,
 * punctuation dropped except '-' and '_', each space a '-'.
 * @param {string} text
 * @returns {string}
 */
export function slug(text) {
  return text.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

let markdownIt;
function markdown() {
  if (markdownIt === undefined) {
    const fromTypedoc = createRequire(fileURLToPath(import.meta.resolve('typedoc')));
    const MarkdownIt = fromTypedoc('markdown-it');
    markdownIt = new MarkdownIt({ html: false, linkify: false, typographer: false });
  }
  return markdownIt;
}

/**
 * One guide's source and where it goes: `source` is its path in the repository ('docs/x.md' or
 * 'README.md'), `page` its file name under guide/.
 * @typedef {{ source: string, page: string, title: string }} Guide
 */

/**
 * The guides in the order docs/README.md lists them: the index (docs/README.md, as index.html),
 * the overview (README.md, as readme.html), then each guide it links, then any it does not.
 * @param {string} [root] the repository's folder
 * @returns {Guide[]}
 */
export function listGuides(root = ROOT) {
  const docs = join(root, 'docs');
  const index = readFileSync(join(docs, 'README.md'), 'utf8');
  const names = readdirSync(docs).filter((f) => f.endsWith('.md') && f !== 'README.md');
  const linked = [...index.matchAll(/\]\(([\w-]+)\.md\)/g)].map((m) => `${m[1]}.md`).filter((f) => names.includes(f));
  const order = [...new Set([...linked, ...names.sort()])];
  const titleOf = (file) => /^# (.+)$/m.exec(readFileSync(join(root, file), 'utf8'))?.[1]?.replace(/`/g, '') ?? file;
  return [
    { source: 'docs/README.md', page: 'index.html', title: 'All guides' },
    { source: 'README.md', page: 'readme.html', title: 'Overview (README)' },
    ...order.map((f) => ({ source: `docs/${f}`, page: f.replace(/\.md$/, '.html'), title: titleOf(`docs/${f}`) })),
  ];
}

/**
 * Where a link or image of a guide points on the site: another guide's page (with its anchor), an
 * image copied beside the guides, or, for a file of the repository outside the guides, its page on
 * GitHub. A relative link to a file that does not exist is an error, not a broken link.
 * @param {string} url the link as written
 * @param {string} from the guide's path in the repository ('docs/x.md' or 'README.md')
 * @param {Guide[]} guides
 * @param {string} [root] the repository's folder
 * @returns {string}
 */
export function siteUrl(url, from, guides, root = ROOT) {
  const cdn = CDN_DOCS.exec(url);
  if (cdn !== null && IMAGE.test(cdn[1]) && existsSync(join(root, 'docs', cdn[1]))) return cdn[1];
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#') || url.startsWith('//')) return url;
  const hash = url.indexOf('#');
  const path = decodeURI(hash < 0 ? url : url.slice(0, hash));
  const fragment = hash < 0 ? '' : url.slice(hash);
  const target = posix.normalize(posix.join(posix.dirname(from), path)).replace(/\/$/, '');
  if (target.startsWith('..') || !existsSync(join(root, target))) {
    throw new Error(`build-site: ${from} links to ${url}, which is not a file of the repository (${target})`);
  }
  const guide = guides.find((g) => g.source === target);
  if (guide !== undefined) return guide.page + fragment;
  if (posix.dirname(target) === 'docs' && IMAGE.test(target)) return posix.basename(target);
  const kind = statSync(join(root, target)).isDirectory() ? 'tree' : 'blob';
  return `${REPOSITORY}/${kind}/main/${target.split('/').map(encodeURIComponent).join('/')}${fragment}`;
}

/**
 * One guide as the inside of its page's `<main>`: headings with GitHub's anchors, links rewritten
 * by siteUrl, tables and code blocks in boxes that scroll sideways (reachable by keyboard).
 * @param {string} text the Markdown
 * @param {string} from the guide's path in the repository
 * @param {Guide[]} guides
 * @param {string} [root] the repository's folder
 * @returns {string}
 */
export function renderGuide(text, from, guides, root = ROOT) {
  const md = markdown();
  const tokens = md.parse(text, {});
  const seen = new Map();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'heading_open') {
      const inline = tokens[i + 1];
      const words = (inline?.children ?? []).filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('');
      const base = slug(words);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      t.attrSet('id', n === 0 ? base : `${base}-${n}`);
    }
    for (const c of t.children ?? []) {
      if (c.type === 'link_open') c.attrSet('href', siteUrl(c.attrGet('href') ?? '', from, guides, root));
      if (c.type === 'image') c.attrSet('src', siteUrl(c.attrGet('src') ?? '', from, guides, root));
    }
  }
  return md.renderer.render(tokens, md.options, {})
    .replace(/<pre>/g, '<pre tabindex="0">')
    .replace(/<table>/g, '<div class="mg-scroll" tabindex="0"><table>')
    .replace(/<\/table>/g, '</table></div>');
}

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A guide's whole page: the site bar, the list of guides, the guide, and a link to its source.
 * @param {Guide} guide
 * @param {Guide[]} guides
 * @param {string} body the rendered guide
 * @returns {string}
 */
export function guidePage(guide, guides, body) {
  const list = guides.map((g) =>
    `<li><a href="${g.page}"${g === guide ? ' aria-current="page"' : ''}>${escapeHtml(g.title)}</a></li>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(guide.title)} · memograd</title>
<link rel="stylesheet" href="../site.css">
</head>
<body class="mg-doc">
${siteNav('../', 'guide')}
<div class="mg-page">
<nav class="mg-guides" aria-label="Guides"><ul>${list}</ul></nav>
<main>
${body}
</main>
</div>
<footer class="mg-footer">This page is <a href="${REPOSITORY}/blob/main/${guide.source}">${guide.source}</a> of the memograd repository, rendered.</footer>
</body>
</html>
`;
}

const CSS = `/* The site bar on every page, and the guides' pages. */
.mg-site {
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.2rem 0.6rem; padding: 0.35rem 1rem;
  background: #1d2330; color: #fff; font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif;
}
.mg-site .mg-brand { font-weight: 600; margin-right: 0.6rem; }
nav.mg-site a { color: #fff; text-decoration: none; padding: 0.1rem 0.55rem; border-radius: 4px; }
nav.mg-site a:hover { text-decoration: underline; }
nav.mg-site a[aria-current] { background: #3d4a66; }
nav.mg-site a:focus-visible { outline: 2px solid #fff; outline-offset: 1px; }
body.mg-doc {
  margin: 0; color: #1d2330; background: #fbfbfd;
  font: 16px/1.6 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
}
.mg-doc .mg-page { display: grid; grid-template-columns: 15rem minmax(0, 1fr); gap: 2rem; max-width: 72rem; margin: 0 auto; padding: 1rem; }
.mg-doc .mg-guides ul { list-style: none; margin: 0; padding: 0; font-size: 0.92rem; position: sticky; top: 0.5rem; }
.mg-doc .mg-guides li { margin: 0.15rem 0; }
.mg-doc .mg-guides a[aria-current] { font-weight: 600; color: #1d2330; }
.mg-doc main { min-width: 0; max-width: 50rem; }
.mg-doc a { color: #1a56b0; }
.mg-doc h1 { font-size: 1.8rem; line-height: 1.25; margin: 0.3rem 0 1rem; }
.mg-doc h2 { font-size: 1.35rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid #d9dde6; padding-bottom: 0.2rem; }
.mg-doc h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
.mg-doc img { max-width: 100%; height: auto; }
.mg-doc code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace; font-size: 0.88em; background: #eef0f5; padding: 0.05rem 0.25rem; border-radius: 3px; }
.mg-doc pre { background: #f0f2f7; border: 1px solid #d9dde6; border-radius: 6px; padding: 0.7rem 0.9rem; overflow-x: auto; line-height: 1.45; }
.mg-doc pre code { background: none; padding: 0; font-size: 0.85rem; }
.mg-doc .mg-scroll { overflow-x: auto; margin: 1rem 0; }
.mg-doc table { border-collapse: collapse; font-size: 0.92rem; }
.mg-doc th, .mg-doc td { border: 1px solid #d9dde6; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
.mg-doc th { background: #eef0f5; }
.mg-doc blockquote { margin: 1rem 0; padding: 0 1rem; border-left: 4px solid #d9dde6; color: #4a5468; }
.mg-doc :focus-visible { outline: 2px solid #1f5fbf; outline-offset: 2px; }
.mg-doc .mg-footer { max-width: 72rem; margin: 2rem auto 0; padding: 1rem; border-top: 1px solid #d9dde6; font-size: 0.9rem; color: #4a5468; }
@media (max-width: 800px) {
  .mg-doc .mg-page { grid-template-columns: minmax(0, 1fr); gap: 0.5rem; }
  /* On a phone the guide comes first; the list of the others follows it. */
  .mg-doc .mg-guides { order: 2; border-top: 1px solid #d9dde6; padding-top: 1rem; }
  .mg-doc .mg-guides ul { position: static; display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; }
}
`;

/** Puts `insert` once before the first `marker` of `html`; an HTML file without it is an error. */
function insertBefore(html, marker, insert, file) {
  const at = html.indexOf(marker);
  if (at < 0) throw new Error(`build-site: ${file} has no ${marker}; the site bar cannot be added`);
  return html.slice(0, at) + insert + html.slice(at);
}

/**
 * Gives each heading that skips levels (TypeDoc puts an h4 "Example" right under the page's h1) the
 * level it has in the outline, as aria-level, keeping its look: a heading is one below the nearest
 * earlier heading of a smaller number.
 * @param {string} html
 * @returns {string}
 */
export function mendHeadingLevels(html) {
  const open = []; // [written level, outline level] of the headings the next one may sit under
  return html.replace(/<h([1-6])(?=[\s>])/g, (tag, digit) => {
    const written = Number(digit);
    while (open.length > 0 && (open.at(-1)?.[0] ?? 0) >= written) open.pop();
    const level = Math.min(written, (open.at(-1)?.[1] ?? 0) + 1);
    open.push([written, level]);
    return level === written ? tag : `${tag} aria-level="${level}"`;
  });
}

/**
 * One TypeDoc page made to pass axe: the content is the page's main landmark and the side menu a
 * navigation one (TypeDoc marks neither), the permalink icons leave the accordions' summaries (a
 * link inside a summary is a control inside a control), and skipped heading levels are mended.
 * @param {string} html
 * @param {string} file for the error message
 * @returns {string}
 */
export function mendApiPage(html, file) {
  let out = html.replace('<div class="col-content">', '<div class="col-content" role="main">');
  if (out === html) throw new Error(`build-site: ${file} has no col-content; TypeDoc's layout changed`);
  out = out.replace('<div class="page-menu">', '<div class="page-menu" role="navigation" aria-label="Settings and contents of this page">');
  out = out.replace(/<summary\b[^>]*>[\s\S]*?<\/summary>/g, (summary) =>
    summary.replace(/<a [^>]*class="tsd-anchor-icon"[^>]*>[\s\S]*?<\/a>/g, ''));
  return mendHeadingLevels(out);
}

/**
 * TypeDoc's navigation tree (assets/navigation.js: deflated JSON) with each branch's own page moved
 * from the branch's summary to its first entry, so that no summary holds a link.
 * @param {string} script
 * @returns {string}
 */
export function mendNavigation(script) {
  const m = /^window\.navigationData = "([A-Za-z0-9+/=]+)"\s*$/.exec(script);
  if (m === null || m[1] === undefined) throw new Error('build-site: TypeDoc\'s navigation.js is not the data it used to be');
  const move = (node) => {
    if (node.children === undefined) return node;
    const children = node.children.map(move);
    if (node.path === undefined) return { ...node, children };
    const { path, kind, icon, class: cls, ...rest } = node;
    const own = { text: node.text, path, ...(kind === undefined ? {} : { kind }), ...(icon === undefined ? {} : { icon }), ...(cls === undefined ? {} : { class: cls }) };
    return { ...rest, children: [own, ...children] };
  };
  const tree = JSON.parse(inflateSync(Buffer.from(m[1], 'base64')).toString('utf8')).map(move);
  return `window.navigationData = "${deflateSync(Buffer.from(JSON.stringify(tree))).toString('base64')}"`;
}

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).map((f) => join(dir, f));
}

/**
 * Builds the site into `out` (replacing what is there only once the whole site is built) and
 * returns its page count and how long each part took.
 * @param {{ out?: string, root?: string }} [options]
 * @returns {Promise<{ out: string, pages: { playground: number, guide: number, api: number }, ms: { playground: number, guide: number, api: number } }>}
 */
export async function buildSite({ out = join(ROOT, 'build', 'site'), root = ROOT } = {}) {
  const target = resolve(out);
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  const ms = { playground: 0, guide: 0, api: 0 };
  const timed = async (part, f) => {
    const t0 = performance.now();
    await f();
    ms[part] = Math.round(performance.now() - t0);
  };
  try {
    await timed('playground', async () => {
      const { build } = await import('vite');
      await build({ configFile: join(root, 'playground', 'vite.config.ts'), logLevel: 'warn', build: { outDir: tmp, emptyOutDir: true } });
      const file = join(tmp, 'index.html');
      let html = readFileSync(file, 'utf8');
      html = insertBefore(html, '</head>', '<link rel="stylesheet" href="site.css">\n', file);
      html = insertBefore(html, '<header', `${siteNav('', 'playground')}\n`, file);
      writeFileSync(file, html);
    });
    writeFileSync(join(tmp, 'site.css'), CSS);
    await timed('guide', () => {
      const guides = listGuides(root);
      const dir = join(tmp, 'guide');
      mkdirSync(dir);
      for (const g of guides) {
        const body = renderGuide(readFileSync(join(root, g.source), 'utf8'), g.source, guides, root);
        writeFileSync(join(dir, g.page), guidePage(g, guides, body));
      }
      for (const f of readdirSync(join(root, 'docs')).filter((f) => IMAGE.test(f))) cpSync(join(root, 'docs', f), join(dir, f));
    });
    await timed('api', () => {
      const typedoc = join(dirname(fileURLToPath(import.meta.resolve('typedoc/package.json'))), 'bin', 'typedoc');
      const api = join(tmp, 'api');
      try {
        // typedoc.json's options (warnings are errors), only the output folder changed.
        execFileSync(process.execPath, [typedoc, '--out', api], { cwd: root, stdio: 'pipe', encoding: 'utf8' });
      } catch (e) {
        throw new Error(`build-site: TypeDoc failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
      }
      for (const file of htmlFiles(api)) {
        let html = readFileSync(file, 'utf8');
        const base = /<html[^>]* data-base="([^"]*)"/.exec(html)?.[1];
        if (base === undefined) throw new Error(`build-site: ${file} has no data-base; cannot link it to the site`);
        const up = `${base === './' ? '' : base}../`;
        // The icon too: without one the browser asks the server's root for /favicon.ico, outside a sub-path.
        html = insertBefore(html, '</head>', `<link rel="icon" href="data:,"/><link rel="stylesheet" href="${up}site.css"/>`, file);
        html = insertBefore(html, '<header class="tsd-page-toolbar">', siteNav(up, 'api'), file);
        writeFileSync(file, mendApiPage(html, file));
      }
      const navigation = join(api, 'assets', 'navigation.js');
      writeFileSync(navigation, mendNavigation(readFileSync(navigation, 'utf8')));
    });
    const pages = {
      playground: htmlFiles(tmp).filter((f) => !f.startsWith(join(tmp, 'api')) && !f.startsWith(join(tmp, 'guide'))).length,
      guide: htmlFiles(join(tmp, 'guide')).length,
      api: htmlFiles(join(tmp, 'api')).length,
    };
    rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
    return { out: target, pages, ms };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

// `node scripts/build-site.mjs [folder]` (npm run build:site): builds into build/site/ or the folder given.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  try {
    const { out, pages, ms } = await buildSite(process.argv[2] === undefined ? {} : { out: process.argv[2] });
    const total = pages.playground + pages.guide + pages.api;
    console.log(`site: ${total} pages in ${out} (playground ${pages.playground}, guides ${pages.guide}, API ${pages.api}); `
      + `built in ${((performance.now() - t0) / 1000).toFixed(1)} s (playground ${ms.playground} ms, API ${ms.api} ms, guides ${ms.guide} ms)`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
