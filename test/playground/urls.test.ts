import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HAS_BROWSER, startPlayground } from './browser.js';
import type { Playground, PlaygroundPage } from './browser.js';

const hash = async (page: PlaygroundPage): Promise<string> => decodeURIComponent((await page.page.evaluate('location.hash')) as string);

describe.skipIf(!HAS_BROWSER)('one URL reader for every view', () => {
  let site: Playground;
  beforeAll(async () => {
    site = await startPlayground();
  });
  afterAll(async () => {
    await site?.close();
  });

  test('0x10 is not a number in any view: it is named on the page, the default used, and the link rewritten without it', async () => {
    const network = await site.open('#network?x1=0x10');
    expect(await network.text('url-notice')).toBe("From the link: x1 '0x10' is not a number: 0.35 is used. The link now leaves it out.");
    expect(await network.page.getByTestId('input-x1').inputValue()).toBe('0.35');
    expect(await hash(network)).not.toContain('0x10');

    const steps = await site.open('#steps?step=0x10&depth=1e999&graph=tree');
    expect(await steps.text('url-notice')).toBe(
      "From the link: graph 'tree' is not one of toy, ladder: toy is used; depth '1e999' is not a number: 4 is used; step '0x10' is not a number: 0 is used. The link now leaves them out.");
    expect(await steps.num('step-index')).toBe(0);
    expect(await hash(steps)).not.toMatch(/0x10|1e999|tree/);

    const expression = await site.open('#expression?f=x*y&x=0x10&y=2');
    expect(await expression.text('var-msg-x')).toMatch(/'0x10' is not a decimal number/);
    expect(await hash(expression)).not.toContain('0x10');
    expect(await hash(expression)).toContain('y=2');

    const train = await site.open('#train?seed=0x10');
    expect(await train.text('train-msg-seed')).toBe("seed: '0x10' is not a number");
    expect(await hash(train)).not.toContain('0x10');
    for (const p of [network, steps, expression, train]) {
      expect(p.errors).toEqual([]);
      await p.close();
    }
  });

  test('a key given twice uses its first value in every view, and the page says so', async () => {
    const network = await site.open('#network?x1=0.5&x1=0.7');
    expect(await network.page.getByTestId('input-x1').inputValue()).toBe('0.5');
    expect(await network.text('url-notice')).toMatch(/^From the link: x1 is given more than once: the first, '0.5', is used/);
    const steps = await site.open('#steps?act=tanh&act=relu');
    expect(await steps.page.getByTestId('activation').inputValue()).toBe('tanh');
    expect(await steps.text('url-notice')).toMatch(/act is given more than once: the first, 'tanh', is used/);
    const expression = await site.open('#expression?f=x*2&x=2&x=3');
    expect(await expression.page.getByTestId('var-x').inputValue()).toBe('2');
    expect(await expression.text('url-notice')).toMatch(/x is given more than once: the first, '2', is used/);
    const train = await site.open('#train?dataset=circles&dataset=spiral');
    expect(await train.page.getByTestId('train-dataset').inputValue()).toBe('circles');
    expect(await train.text('train-message')).toMatch(/dataset is given more than once: the first, 'circles', is used/);
    for (const p of [network, steps, expression, train]) {
      expect(p.errors).toEqual([]);
      await p.close();
    }
  });

  test('Train\'s message on added points says what happened: points past the 300 cap are left out, not unreadable', async () => {
    const points = Array.from({ length: 402 }, (_, i) => `${(i % 20) / 10},${Math.floor(i / 20) / 10},${i % 2}`);
    const train = await site.open(`#train?add=${points.join(';')};zz,1,0`);
    expect(await train.text('train-message')).toBe(
      'From the URL: 1 of the added points in the URL could not be read; 102 added points past the first 300 were left out; the defaults are used.');
    expect(await train.text('train-info')).toMatch(/^400 points \(300 added by hand\)/);
    expect(train.errors).toEqual([]);
    await train.close();
  });
});
