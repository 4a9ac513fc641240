/**
 * axe-core on every view at desktop (1280x800) and phone (390x844) sizes: zero violations. axe is
 * the axe-core dev dependency (or $MEMOGRAD_AXE, a path to another axe.min.js).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { HAS_BROWSER, startPlayground } from './browser.js';
import type { Playground } from './browser.js';

function findAxe(): string {
  const env = process.env['MEMOGRAD_AXE'];
  if (env !== undefined && env !== '') {
    if (!existsSync(env)) throw new Error(`a11y.test.ts: MEMOGRAD_AXE names ${env}, which does not exist`);
    return env;
  }
  return createRequire(import.meta.url).resolve('axe-core/axe.min.js');
}
const AXE = findAxe();

const VIEWS = [
  '#network', '#network?act=relu&w1=0&w3=0', '#network?x1=0x10', '#steps?step=6', '#steps?graph=ladder&depth=4&step=3',
  '#steps?pass=tangent&step=2', '#expression', '#expression?f=x/y&x=1&y=1e-7', '#train', '#train?dataset=spiral&play=1',
  '#train?ratio=70&l2=0.001&batch=10&layers=4,3',
];

describe.skipIf(!HAS_BROWSER)('accessibility (axe-core)', () => {
  let site: Playground;
  beforeAll(async () => {
    site = await startPlayground();
  });
  afterAll(async () => {
    await site?.close();
  });

  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    for (const hash of VIEWS) {
      test(`${hash} has zero axe violations at ${viewport.width}x${viewport.height}`, async () => {
        const axe = readFileSync(AXE, 'utf8');
        const page = await site.open(hash, viewport);
        await page.page.waitForTimeout(500);
        // The expression view answers from a worker: check the page with its answer in.
        if (hash.startsWith('#expression')) await page.page.locator('.expr-view[data-state="done"]').waitFor({ state: 'attached', timeout: 30_000 });
        await page.page.addScriptTag({ content: axe });
        const violations = (await page.page.evaluate(
          "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`))",
        )) as string[];
        expect(violations, hash).toEqual([]);
        expect(page.errors, hash).toEqual([]);
        await page.close();
      });
    }
  }
});
