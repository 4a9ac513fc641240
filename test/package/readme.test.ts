/**
 * What the package's README (and the guides in docs/) show: the pictures by URLs that resolve on
 * the registry's page, and TypeScript examples that type-check against the library.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../support/run-cli.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const CDN = /https:\/\/cdn\.jsdelivr\.net\/npm\/memograd@([^/\s)"']+)\/([^\s)"'#?]+)/g;

/** The files `npm pack` would put in the tarball (without running prepack's build). */
function packedFiles(): Set<string> {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  const [pack] = JSON.parse(out) as [{ files: { path: string }[] }];
  return new Set(pack.files.map((f) => f.path));
}

/** Every image the README shows: markdown images and HTML img tags. */
function images(markdown: string): string[] {
  return [...markdown.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)/g), ...markdown.matchAll(/<img\b[^>]*\bsrc=["']([^"']+)["']/gi)].map((m) => m[1] as string);
}

/**
 * Every link target of a markdown page: markdown links and images (inline, `[text](target)`, and
 * reference definitions, `[ref]: target`), and HTML href and src attributes. Code spans and fenced
 * blocks are left out: a `[i](x)` there is code, not a link.
 */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  return [
    ...prose.matchAll(/\]\(\s*<?([^)\s>]+)/g),
    ...prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm),
    ...prose.matchAll(/<(?:a|img)\b[^>]*\b(?:href|src)=["']([^"']+)["']/gi),
  ].map((m) => m[1] as string);
}

/** A link that points into the package itself: no scheme (http:, mailto:), not protocol-relative, not only an anchor. */
const isRelative = (target: string): boolean => !/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(target);

describe('the links of the markdown files in the packed tarball', () => {
  it('every relative link in a packed .md file resolves to a file in the tarball (the installed README and guides have no dead links)', () => {
    const files = packedFiles();
    const pages = [...files].filter((f) => f.endsWith('.md'));
    expect(pages).toContain('README.md');
    const dead: string[] = [];
    let checked = 0;
    for (const page of pages) {
      for (const target of linkTargets(readFileSync(join(ROOT, page), 'utf8')).filter(isRelative)) {
        const path = posix.normalize(posix.join(posix.dirname(page), decodeURIComponent(target.replace(/[#?].*$/, ''))));
        checked += 1;
        if (!files.has(path)) dead.push(`${page}: ${target}`);
      }
    }
    expect(dead).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it('linkTargets finds inline, reference and HTML links and skips code', () => {
    const md = '[a](docs/a.md#x) ![b](b.png) `[c](c.md)`\n[ref]: ./d.md\n<a href="e.md">e</a>\n```\n[f](f.md)\n```\n';
    expect(linkTargets(md)).toEqual(['docs/a.md#x', 'b.png', './d.md', 'e.md']);
    expect(['https://x.org/a.md', 'mailto:a@b', '#top', '//cdn/x', 'docs/a.md'].filter(isRelative)).toEqual(['docs/a.md']);
  });
});

describe("README.md's pictures on the registry's page", () => {
  it("every picture is a jsDelivr URL of this version's tarball (a relative path does not resolve on npm)", () => {
    const shown = images(readme);
    expect(shown.length).toBeGreaterThan(0);
    for (const src of shown) expect(src, src).toMatch(/^https:\/\/cdn\.jsdelivr\.net\/npm\/memograd@/);
  });

  it("every jsDelivr URL names package.json's version and a file that npm pack ships", () => {
    const urls = [...readme.matchAll(CDN)];
    expect(urls.length).toBeGreaterThan(0);
    const files = packedFiles();
    for (const [url, v, path] of urls) {
      expect(v, url).toBe(version);
      expect(files.has(path as string), `${url}: ${path} is not in the tarball`).toBe(true);
    }
  });
});

/** The ```ts blocks of the README and the guides, with where each starts. */
function tsBlocks(): { where: string; code: string }[] {
  const docs = join(ROOT, 'docs');
  const pages = [join(ROOT, 'README.md'), ...readdirSync(docs).filter((f) => f.endsWith('.md')).map((f) => join(docs, f))];
  return pages.flatMap((page) => {
    const text = readFileSync(page, 'utf8');
    return [...text.matchAll(/^```(?:ts|typescript)[ \t]*\n([\s\S]*?)^```/gm)].map((m) => ({
      where: `${relative(ROOT, page)}:${text.slice(0, m.index).split('\n').length}`,
      code: m[1] as string,
    }));
  });
}

describe('the TypeScript examples in README.md and docs/*.md', () => {
  it("every ```ts block type-checks under the strict tsconfig (noUncheckedIndexedAccess), importing 'memograd' from src/index.ts", () => {
    const blocks = tsBlocks();
    expect(blocks.length).toBeGreaterThan(0);
    // Under build/, not the system's temp folder: the examples import fast-check and vitest too
    // (docs/testing.md), which resolve from the repository's node_modules.
    mkdirSync(join(ROOT, 'build'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, 'build', 'memograd-examples-'));
    try {
      // One module per block, so that blocks do not see each other's names.
      const files = blocks.map((b, i) => {
        const file = join(dir, `block-${i}.ts`);
        writeFileSync(file, `${b.code}\nexport {};\n`);
        return file;
      });
      const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (f) => ts.sys.readFile(f));
      const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
      const program = ts.createProgram(files, {
        ...options,
        // Examples show values without using them; unused names are not type errors.
        noUnusedLocals: false,
        noUnusedParameters: false,
        baseUrl: ROOT,
        paths: { memograd: ['src/index.ts'], 'memograd/svg': ['src/svg.ts'], 'memograd/testing': ['src/testing/index.ts'], 'memograd/testing/vitest': ['src/testing/vitest.ts'] },
        typeRoots: [join(ROOT, 'node_modules', '@types')],
        noEmit: true,
      });
      const failures = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file !== undefined && files.includes(d.file.fileName))
        .map((d) => {
          const i = files.indexOf((d.file as ts.SourceFile).fileName);
          const { line } = (d.file as ts.SourceFile).getLineAndCharacterOfPosition(d.start ?? 0);
          const [page, start] = (blocks[i] as { where: string }).where.split(':');
          return `${page}:${Number(start) + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]}`;
        });
      expect(failures).toEqual([]);
      // The library's own files are checked by npm run typecheck; here only the examples must be clean.
      expect(options.strict && options.noUncheckedIndexedAccess).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
