import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HAS_BROWSER, startPlayground } from './browser.js';
import type { Playground } from './browser.js';

describe.skipIf(!HAS_BROWSER)('the playground shell', () => {
  let site: Playground;
  beforeAll(async () => {
    site = await startPlayground();
  });
  afterAll(async () => {
    await site?.close();
  });

  test('an unknown or empty hash shows the network view, its tab marked current', async () => {
    const p = await site.open('');
    expect(await p.page.locator('[aria-current="page"]').getAttribute('data-testid')).toBe('tab-network');
    expect(p.errors).toEqual([]);
    await p.close();
  });

  test('each tab mounts its view from a hash, with no page or console error', async () => {
    for (const name of ['network', 'steps', 'expression', 'train']) {
      const p = await site.open(`#${name}`);
      expect(await p.page.locator('#view').getAttribute('data-view')).toBe(name);
      expect(await p.page.locator('[aria-current="page"]').getAttribute('data-testid')).toBe(`tab-${name}`);
      expect(p.errors).toEqual([]);
      await p.close();
    }
  });
});
