/**
 * docs/testing.md, run: every ```ts block is written to a module under build/ and imported (with
 * 'memograd' and 'memograd/testing' resolved to src/ by vitest.config.ts), and each
 * `console.log(...); // => text` line must print exactly that text, in order.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { ROOT } from '../support/run-cli.js';

const PAGE = join(ROOT, 'docs', 'testing.md');
const text = readFileSync(PAGE, 'utf8');
const blocks = [...text.matchAll(/^```ts[ \t]*\n([\s\S]*?)^```/gm)].map((m) => ({
  line: text.slice(0, m.index).split('\n').length,
  code: m[1] as string,
}));
const dir = join(ROOT, 'build', `docs-testing-${process.pid}`);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('docs/testing.md', () => {
  it('has the examples the page promises (at least six blocks)', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
  });

  it.each(blocks.map((b) => [b.line, b.code] as const))('the block at line %i runs and prints what its comments say', async (line, code) => {
    const expected = [...code.matchAll(/console\.log\(.*\);\s*\/\/ => (.*)$/gm)].map((m) => m[1] as string);
    expect(expected.length, 'a block without a printed check would prove only that it runs').toBeGreaterThan(0);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `block-${line}.ts`);
    writeFileSync(file, `${code}\nexport {};\n`);
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
    });
    try {
      await import(pathToFileURL(file).href);
    } finally {
      spy.mockRestore();
    }
    expect(printed).toEqual(expected);
  }, 60_000);
});
