import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TOY_ACTIVATIONS, TOY_EXAMPLE_PARAMS, buildToyNetwork, toyDeltaRule } from '../../src/index.js';
import type { ToyActivation, ToyParams } from '../../src/index.js';
import { mkdirSync } from 'node:fs';
import { DESKTOP, HAS_BROWSER, PHONE, SCREENSHOTS, screenshotPath, startPlayground } from './browser.js';
import type { Playground, PlaygroundPage } from './browser.js';

const WEIGHTS = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'] as const;
/** What the page shows: 12 significant digits. */
const twelve = (x: number): number => Number(x.toPrecision(12));

const PARAMS: ToyParams = { x1: -0.7, x2: 1.3, y: 0.25, w1: 0.45, w2: -1.1, w3: 0.8, w4: 0.3, w5: -0.6, w6: 1.4 };
const hashOf = (p: ToyParams, act: ToyActivation): string =>
  `#network?act=${act}&` + Object.entries(p).map(([k, v]) => `${k}=${v}`).join('&');

/** Checks every gradient and delta on the page against the library's, for `params` and `act`. */
async function expectLibraryNumbers(page: PlaygroundPage, params: ToyParams, act: ToyActivation): Promise<void> {
  const net = buildToyNetwork(params, act);
  net.E.backward();
  const rule = toyDeltaRule(params, act);
  const t = await page.texts();
  const num = (id: string): number => {
    expect(t[id], id).toMatch(/^-?\d/);
    return Number(t[id]);
  };
  for (const w of WEIGHTS) {
    expect(num(`grad-backward-${w}`), `backward ${w}`).toBe(twelve(net[w].grad));
    expect(num(`grad-rule-${w}`), `rule ${w}`).toBe(twelve(rule.gradients[w]));
    // Finite differences are an independent check with their own error, about 1e-10 here.
    expect(Math.abs(num(`grad-fd-${w}`) - net[w].grad)).toBeLessThan(1e-8);
    expect(Math.abs(num(`diff-fd-${w}`))).toBeLessThan(1e-8);
  }
  expect(num('delta-backward-delta1_3')).toBe(twelve(net.z1_3.grad));
  expect(num('delta-backward-delta1_2')).toBe(twelve(net.z1_2.grad));
  expect(num('delta-backward-delta2_2')).toBe(twelve(net.z2_2.grad));
  expect(num('delta-rule-delta1_3')).toBe(twelve(rule.deltas.delta1_3));
  expect(num('delta-rule-delta1_2')).toBe(twelve(rule.deltas.delta1_2));
  expect(num('delta-rule-delta2_2')).toBe(twelve(rule.deltas.delta2_2));
  expect(num('value-z1_2')).toBe(twelve(net.z1_2.data));
  expect(num('value-a2_2')).toBe(twelve(net.a2_2.data));
  expect(num('value-a1_3')).toBe(twelve(net.a1_3.data));
  expect(num('value-E')).toBe(twelve(net.E.data));
}

describe.skipIf(!HAS_BROWSER)('the network view', () => {
  let site: Playground;
  beforeAll(async () => {
    site = await startPlayground();
  });
  afterAll(async () => {
    await site?.close();
  });

  test('a shared #network URL shows the library\'s gradients and deltas for each activation', async () => {
    for (const act of TOY_ACTIVATIONS) {
      const page = await site.open(hashOf(PARAMS, act));
      expect(await page.page.getByTestId('activation').inputValue()).toBe(act);
      expect(await page.page.getByTestId('input-w6').inputValue()).toBe('1.4');
      await expectLibraryNumbers(page, PARAMS, act);
      expect(page.errors).toEqual([]);
      await page.close();
    }
  });

  test('#network with no parameters shows the post\'s example values with sigmoid', async () => {
    const page = await site.open('#network');
    await expectLibraryNumbers(page, TOY_EXAMPLE_PARAMS, 'sigmoid');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('editing a weight and the activation recomputes every number and writes them into the URL, which reloads to the same state', async () => {
    const page = await site.open('#network');
    await page.page.getByTestId('input-w5').fill('-1.25');
    await page.page.getByTestId('activation').selectOption('tanh');
    const changed = { ...TOY_EXAMPLE_PARAMS, w5: -1.25 };
    await expectLibraryNumbers(page, changed, 'tanh');
    const hash = await page.page.evaluate('location.hash') as string;
    expect(hash).toMatch(/^#network\?/);
    const params = new URLSearchParams(hash.slice('#network?'.length));
    expect(params.get('w5')).toBe('-1.25');
    expect(params.get('act')).toBe('tanh');
    const again = await site.open(hash);
    await expectLibraryNumbers(again, changed, 'tanh');
    expect([...page.errors, ...again.errors]).toEqual([]);
    await page.close();
    await again.close();
  });

  test('a slider moves its number box and the gradients with it', async () => {
    const page = await site.open('#network');
    const slider = page.page.getByTestId('input-x1-slider');
    await slider.focus();
    await slider.press('ArrowRight'); // one step of 0.01: 0.35 -> 0.36
    expect(await page.page.getByTestId('input-x1').inputValue()).toBe('0.36');
    await expectLibraryNumbers(page, { ...TOY_EXAMPLE_PARAMS, x1: 0.36 }, 'sigmoid');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('a value that is not a number is marked invalid and leaves the numbers as they were', async () => {
    const page = await site.open('#network');
    await page.page.getByTestId('input-w2').fill('');
    expect(await page.page.getByTestId('input-w2').getAttribute('aria-invalid')).toBe('true');
    await expectLibraryNumbers(page, TOY_EXAMPLE_PARAMS, 'sigmoid');
    expect(page.errors).toEqual([]);
    await page.close();
  });
  test('the network view fits a phone\'s width (wide parts scroll inside their panels); screenshots at desktop and phone widths', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const page = await site.open('#network?act=tanh', viewport);
      expect(await page.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
      await page.page.screenshot({ path: screenshotPath(`network-${size}`), fullPage: true });
      expect(page.errors).toEqual([]);
      await page.close();
    }
  });

  test('at a relu kink (#network?act=relu&w1=0&w3=0) the rows whose difference quotient straddles it are flagged, and the caption quotes the agreement measured on the others', async () => {
    const params = { ...TOY_EXAMPLE_PARAMS, w1: 0, w3: 0 };
    const net = buildToyNetwork(params, 'relu');
    net.E.backward();
    expect(net.z1_2.data).toBe(0);
    const page = await site.open('#network?act=relu&w1=0&w3=0');
    const t = await page.texts();
    for (const w of WEIGHTS) {
      const flagged = w === 'w1' || w === 'w3';
      expect(t[`note-${w}`], w).toBe(flagged ? 'kink: relu at z1(2) = 0 lies within w ± h' : '');
      expect(Number(t[`grad-backward-${w}`])).toBe(twelve(net[w].grad));
    }
    // The flagged rows really differ (by about 1e-2): the note is not decoration.
    expect(Math.abs(Number(t['diff-fd-w1']))).toBeGreaterThan(1e-3);
    // The digits quoted are those of the worst unflagged row, central differences with h = 1e-5·max(1, |w|) redone here.
    const digits = Number(/agree with backward\(\) to (\d+) significant digits/.exec(t['fd-agreement'] ?? '')?.[1]);
    const worst = Math.max(...(['w2', 'w4', 'w5', 'w6'] as const).map((w) => {
      const h = 1e-5 * Math.max(1, Math.abs(params[w]));
      const at = (v: number): number => buildToyNetwork({ ...params, [w]: v }, 'relu').E.data;
      const fd = (at(params[w] + h) - at(params[w] - h)) / (2 * h);
      const b = net[w].grad;
      return b === 0 && fd === 0 ? 0 : Math.abs(b - fd) / Math.max(Math.abs(b), Math.abs(fd));
    }));
    expect(digits).toBe(Math.floor(-Math.log10(worst)));
    expect(digits).toBeGreaterThanOrEqual(8);
    expect(t['fd-agreement']).toMatch(/except the 2 rows across a kink/);
    // Smooth: no note, no exception in the caption.
    const smooth = await site.open('#network?act=tanh');
    expect((await smooth.texts())['fd-agreement']).toMatch(/significant digits or more\.$/);
    expect(page.errors.concat(smooth.errors)).toEqual([]);
    await page.close();
    await smooth.close();
  });

  test('at 1280x800 no table is clipped, every scroll box is reachable by keyboard and labelled, and the first sentence states the argument', async () => {
    const page = await site.open('#network', { width: 1280, height: 800 });
    const boxes = page.page.locator('#view .scroll');
    const n = await boxes.count();
    expect(n).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < n; i++) {
      const box = boxes.nth(i);
      expect(await box.getAttribute('tabindex')).toBe('0');
      expect(await box.getAttribute('role')).toBe('region');
      expect(await box.getAttribute('aria-label')).toBeTruthy();
      if ((await box.locator('table').count()) > 0) {
        expect(await box.evaluate((e) => e.scrollWidth - e.clientWidth), `scroll box ${i}`).toBeLessThanOrEqual(0);
      }
    }
    expect(await page.page.locator('p.lead').textContent()).toMatch(/^Each weight's gradient is its layer's δ times one input: backward\(\) computes each δ once and reuses it/);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
