import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TOY_EXAMPLE_PARAMS, Value, backwardSteps, buildToyNetwork, pathSumGradient, topologicalOrder } from '../../src/index.js';
import type { BackwardStep, ToyActivation, ToyNetwork, ToyParams } from '../../src/index.js';
import { mkdirSync } from 'node:fs';
import { DESKTOP, HAS_BROWSER, PHONE, SCREENSHOTS, screenshotPath, startPlayground } from './browser.js';
import type { Playground, PlaygroundPage } from './browser.js';

const twelve = (x: number): number => Number(x.toPrecision(12));

/** Each node of the toy network by its field name in ToyNetwork (yHat is a second name of a1_3). */
function fieldNames(net: ToyNetwork): Map<Value, string> {
  const m = new Map<Value, string>();
  for (const [k, v] of Object.entries(net)) if (v instanceof Value && k !== 'yHat') m.set(v, k);
  return m;
}

/** The library's account of the sweep the page should show. */
function expected(params: ToyParams, act: ToyActivation): { steps: BackwardStep[]; names: Map<Value, string>; order: Value[] } {
  const net = buildToyNetwork(params, act);
  return { steps: [...backwardSteps(net.E)], names: fieldNames(net), order: topologicalOrder(net.E) };
}

/** The data-testid suffix of the highlighted node. */
async function current(page: PlaygroundPage): Promise<string | null> {
  const nodes = page.page.locator('g.node.current');
  const n = await nodes.count();
  if (n === 0) return null;
  expect(n).toBe(1);
  return ((await nodes.getAttribute('data-testid')) ?? '').replace(/^node-/, '');
}

/** Checks the page at backward step k (k steps done) against the library's steps. */
async function expectBackwardStep(page: PlaygroundPage, k: number, steps: BackwardStep[], names: Map<Value, string>): Promise<void> {
  const t = await page.texts();
  expect(Number(t['step-index'])).toBe(k);
  expect(Number(t['step-total'])).toBe(steps.length);
  const done = steps.slice(0, k);
  const leafWork = (list: BackwardStep[]): number => list.reduce((s, x) => s + (x.node.parents.length === 0 ? x.pathMultiplications : 0), 0);
  expect(Number(t['mults-backward'])).toBe(k === 0 ? 0 : done[k - 1]?.multiplications);
  expect(Number(t['mults-backward-total'])).toBe(steps[steps.length - 1]?.multiplications);
  expect(Number(t['mults-pathsum'])).toBe(leafWork(done));
  expect(Number(t['mults-pathsum-total'])).toBe(leafWork(steps));
  // Reuse: each node done so far whose gradient went down more than one edge, with its count.
  const reused = done.filter((s) => s.edges.length > 1);
  for (const s of reused) expect(Number(t[`reuse-${names.get(s.node)}`]), `reuse of ${s.node.label}`).toBe(s.edges.length);
  expect(Object.keys(t).filter((id) => id.startsWith('reuse-')).sort()).toEqual(reused.map((s) => `reuse-${names.get(s.node)}`).sort());
  expect(Number(t['reads-total'])).toBe(done.reduce((sum, s) => sum + s.edges.length, 0));
  if (k === 0) {
    expect(await current(page)).toBeNull();
    return;
  }
  const s = steps[k - 1] as BackwardStep;
  expect(await current(page)).toBe(names.get(s.node));
  expect(Number(t['step-gradient'])).toBe(twelve(s.gradient));
  expect(Number(t['step-paths'])).toBe(s.paths);
  expect(Number(t['step-path-mults'])).toBe(s.pathMultiplications);
  s.edges.forEach((e, i) => {
    expect(t[`edge-${i}-parent`]).toBe(e.parent.label);
    expect(Number(t[`edge-${i}-local`])).toBe(twelve(e.local));
    expect(Number(t[`edge-${i}-contribution`])).toBe(twelve(e.contribution));
    expect(Number(t[`edge-${i}-parent-gradient`])).toBe(twelve(e.parentGradient));
  });
  expect(t[`edge-${s.edges.length}-parent`]).toBeUndefined();
}

const hashStep = async (page: PlaygroundPage): Promise<URLSearchParams> =>
  new URLSearchParams(((await page.page.evaluate('location.hash')) as string).replace(/^#steps\?/, ''));

describe.skipIf(!HAS_BROWSER)('the step-through view', () => {
  let site: Playground;
  beforeAll(async () => {
    site = await startPlayground();
  });
  afterAll(async () => {
    await site?.close();
  });

  test('stepping the backward pass with the arrow keys shows, at every step, the node, gradient, edges, reuse counts and counters of backwardSteps()', async () => {
    const { steps, names } = expected(TOY_EXAMPLE_PARAMS, 'sigmoid');
    const page = await site.open('#steps');
    await expectBackwardStep(page, 0, steps, names);
    for (let k = 1; k <= steps.length; k++) {
      await page.page.keyboard.press('ArrowRight');
      await expectBackwardStep(page, k, steps, names);
    }
    expect((await hashStep(page)).get('step')).toBe(String(steps.length));
    await page.page.keyboard.press('ArrowRight'); // past the end: stays
    await expectBackwardStep(page, steps.length, steps, names);
    await page.page.getByTestId('prev').click();
    await expectBackwardStep(page, steps.length - 1, steps, names);
    await page.page.keyboard.press('Home');
    await expectBackwardStep(page, 0, steps, names);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('a shared #steps URL with relu, other weights and a step index opens at exactly that step', async () => {
    const params = { ...TOY_EXAMPLE_PARAMS, w1: -0.5, w6: -1.2 };
    const { steps, names } = expected(params, 'relu');
    for (const k of [1, 9, 17]) {
      const page = await site.open(`#steps?act=relu&w1=-0.5&w6=-1.2&step=${k}`);
      await expectBackwardStep(page, k, steps, names);
      await page.page.getByTestId('next').click();
      await expectBackwardStep(page, k + 1, steps, names);
      const p = await hashStep(page);
      expect([p.get('step'), p.get('act'), p.get('w1'), p.get('w6'), p.get('pass')]).toEqual([String(k + 1), 'relu', '-0.5', '-1.2', 'backward']);
      expect(page.errors).toEqual([]);
      await page.close();
    }
  });

  test('the forward pass computes one node per step in topological order', async () => {
    const { order, names } = expected(TOY_EXAMPLE_PARAMS, 'tanh');
    const page = await site.open('#steps?pass=forward&act=tanh&step=12');
    for (const k of [12, 13]) {
      const node = order[k - 1] as Value;
      expect(await current(page)).toBe(names.get(node));
      expect(await page.num('step-value')).toBe(twelve(node.data));
      await page.page.keyboard.press('ArrowRight');
    }
    expect((await hashStep(page)).get('pass')).toBe('forward');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('autoplay steps on by itself and pauses', async () => {
    const page = await site.open('#steps?step=0');
    await page.page.getByTestId('speed').selectOption('8');
    await page.page.getByTestId('play').click();
    await page.page.waitForFunction('Number(document.querySelector(\'[data-testid="step-index"]\').textContent) >= 3', undefined, { timeout: 10_000 });
    await page.page.getByTestId('play').click();
    const paused = await page.num('step-index');
    await page.page.waitForTimeout(600);
    expect(await page.num('step-index')).toBe(paused);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('the ladder of depth k shows pathSumGradient\'s 2^k paths against backward()\'s 4k multiplications', async () => {
    const page = await site.open('#steps?depth=10');
    for (const depth of [10, 11, 1]) {
      const x = new Value(1, 'x');
      let y = x;
      for (let i = 0; i < depth; i++) y = y.mul(0.5).add(y.mul(0.5));
      const ps = pathSumGradient(y, x);
      const bwd = [...backwardSteps(y)].at(-1) as BackwardStep;
      const t = await page.texts();
      expect(Number(t['ladder-paths'])).toBe(2 ** depth);
      expect(Number(t['ladder-paths'])).toBe(ps.paths);
      expect(Number(t['ladder-pathsum-mults'])).toBe(ps.multiplications);
      expect(Number(t['ladder-backward-mults'])).toBe(4 * depth);
      expect(Number(t['ladder-backward-mults'])).toBe(bwd.multiplications);
      expect(Number(t['ladder-backward-gradient'])).toBe(bwd.gradient);
      expect(Number(t['ladder-pathsum-gradient'])).toBe(twelve(ps.gradient));
      const slider = page.page.getByTestId('ladder-depth');
      if (depth === 10) {
        await slider.focus();
        await slider.press('ArrowRight');
      } else if (depth === 11) await slider.fill('1');
    }
    expect((await hashStep(page)).get('depth')).toBe('1');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('a deep ladder (#steps?depth=17) shows the graph first and the path sum\'s 2^17 paths once they are summed', async () => {
    const page = await site.open('#steps?depth=17&step=3');
    expect(await page.num('step-index')).toBe(3);
    await page.page.waitForFunction('document.querySelector(\'[data-testid="ladder-paths"]\')?.textContent === "131072"', undefined, { timeout: 30_000 });
    const t = await page.texts();
    expect(Number(t['ladder-backward-mults'])).toBe(4 * 17);
    expect(Number(t['ladder-pathsum-mults'])).toBe(2 * 17 * 2 ** 17);
    expect(t['ladder-depth-value']).toBe('17');
    expect(page.errors).toEqual([]);
    await page.close();
  });
  test('the steps view fits a phone\'s width (wide parts scroll inside their panels); screenshots at desktop and phone widths', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const page = await site.open('#steps?step=9&depth=6', viewport);
      expect(await page.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
      await page.page.screenshot({ path: screenshotPath(`steps-${size}`), fullPage: true });
      expect(page.errors).toEqual([]);
      await page.close();
    }
  });
});
