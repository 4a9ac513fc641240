import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TOY_EXAMPLE_PARAMS, Value, backwardSteps, buildToyNetwork, pathSumGradient, topologicalOrder } from '../../src/index.js';
import type { BackwardStep, ToyActivation, ToyNetwork, ToyParams } from '../../src/index.js';
import { mkdirSync } from 'node:fs';
import { DESKTOP, HAS_BROWSER, PHONE, SCREENSHOTS, screenshotPath, startPlayground } from './browser.js';
import type { Playground, PlaygroundPage } from './browser.js';
import { exact } from '../../playground/src/exact.js';

describe('exact (the step view\'s counts with thousands separators)', () => {
  test('exact writes what toLocaleString(\'en-US\', { maximumFractionDigits: 0 }) writes, from one shared formatter', () => {
    for (const n of [0, -0, 1, 9, 999, 1000, 1234.5, 1235.5, -1048576, 2 ** 20, 40 * 2 ** 20, 2 ** 53, 0.4, 0.5, 1e21]) {
      expect(exact(n), String(n)).toBe(n.toLocaleString('en-US', { maximumFractionDigits: 0 }));
    }
    expect(exact(1048576)).toBe('1,048,576');
  });
});

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

/** A count as the page prints it (thousands separators, an arrow before a badge's count) as a number. */
const int = (t: string | undefined): number => (t === undefined ? NaN : Number(t.replace(/[,↓↑]/g, '')));
/** A graph label's number: 3 significant digits. */
const three = (x: number): string => String(Number(x.toPrecision(3)));

/**
 * Checks the page at backward step k (k steps done) against the library's steps, with names as
 * the page's data-testids: counters, badges, states of the nodes, the edges' local derivatives.
 */
async function expectBackwardStep(page: PlaygroundPage, k: number, steps: BackwardStep[], names: Map<Value, string>): Promise<void> {
  const t = await page.texts();
  expect(Number(t['step-index'])).toBe(k);
  expect(Number(t['step-total'])).toBe(steps.length);
  const done = steps.slice(0, k);
  const last = steps[steps.length - 1] as BackwardStep;
  expect(int(t['mults-backward'])).toBe(k === 0 ? 0 : done[k - 1]?.multiplications);
  expect(int(t['mults-backward-total'])).toBe(last.multiplications);
  expect(int(t['mults-pathsum'])).toBe(k === 0 ? 0 : done[k - 1]?.pathSumMultiplications);
  expect(int(t['mults-pathsum-total'])).toBe(last.pathSumMultiplications);
  if (k > 0) expect(int(t['mults-gap'])).toBe(int(t['mults-pathsum']) - int(t['mults-backward']));
  // Every node: paths below it and paths from the top reaching it; its state; its edges' local derivatives.
  const partial = new Set(done.flatMap((s) => s.edges.map((e) => e.parent)));
  for (const s of steps) {
    const name = names.get(s.node) as string;
    expect(int(t[`below-${name}`]), `paths below ${name}`).toBe(s.pathsBelow);
    expect(int(t[`above-${name}`]), `paths to ${name}`).toBe(s.paths);
    expect(t[`state-${name}`], `state of ${name}`).toBe(done.includes(s) ? 'complete' : partial.has(s.node) ? 'partial' : '');
    s.edges.forEach((e, i) => expect(t[`local-${name}-${i}`]).toBe(`×${three(e.local)}`));
  }
  // Reuse: each node done so far with more than one path below it, with that count.
  const reused = done.filter((s) => s.pathsBelow > 1);
  for (const s of reused) {
    expect(int(t[`reuse-${names.get(s.node)}`]), `reuse of ${s.node.label}`).toBe(s.pathsBelow);
    expect(int(t[`resaved-${names.get(s.node)}`])).toBe(s.pathsBelow * s.pathMultiplications);
  }
  expect(Object.keys(t).filter((id) => id.startsWith('reuse-') && id !== 'reuse-table').sort()).toEqual(reused.map((s) => `reuse-${names.get(s.node)}`).sort());
  if (k === 0) {
    expect(await current(page)).toBeNull();
    return;
  }
  const s = steps[k - 1] as BackwardStep;
  expect(await current(page)).toBe(names.get(s.node));
  expect(Number(t['step-gradient'])).toBe(twelve(s.gradient));
  expect(int(t['step-paths'])).toBe(s.paths);
  expect(int(t['step-below'])).toBe(s.pathsBelow);
  expect(int(t['step-path-mults'])).toBe(s.pathMultiplications);
  s.edges.forEach((e, i) => {
    expect(t[`edge-${i}-parent`]).toBe(e.parent.label);
    expect(Number(t[`edge-${i}-local`])).toBe(twelve(e.local));
    expect(Number(t[`edge-${i}-contribution`])).toBe(twelve(e.contribution));
    expect(Number(t[`edge-${i}-parent-gradient`])).toBe(twelve(e.parentGradient));
  });
  expect(t[`edge-${s.edges.length}-parent`]).toBeUndefined();
}

/** The ladder as the page builds it, with the page's names of its nodes. */
function ladderExpected(depth: number): { steps: BackwardStep[]; names: Map<Value, string>; x: Value; top: Value } {
  const x = new Value(1, 'x');
  const names = new Map<Value, string>([[x, 'x']]);
  let y = x;
  for (let i = 1; i <= depth; i++) {
    const a = y.mul(0.5);
    const b = y.mul(0.5);
    a.label = `${i === 1 ? 'x' : `y${i - 1}`}·0.5`;
    b.label = a.label;
    y = a.add(b);
    y.label = `y${i}`;
    names.set(a, `m${i}a`).set(b, `m${i}b`).set(y, `y${i}`);
  }
  return { steps: [...backwardSteps(y)], names, x, top: y };
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

  test('the counters compare like with like at every step, for all three activations: the path sum is never below backward() and its lead never shrinks', async () => {
    for (const act of ['sigmoid', 'tanh', 'relu'] as const) {
      const { steps, names } = expected(TOY_EXAMPLE_PARAMS, act);
      const page = await site.open(`#steps?act=${act}`);
      let gap = 0;
      for (let k = 1; k <= steps.length; k++) {
        await page.page.keyboard.press('ArrowRight');
        const t = await page.texts();
        expect(Number(t['step-index'])).toBe(k);
        const bwd = int(t['mults-backward']);
        const ps = int(t['mults-pathsum']);
        expect(ps, `step ${k}`).toBeGreaterThanOrEqual(bwd);
        expect(ps - bwd, `step ${k}`).toBeGreaterThanOrEqual(gap);
        gap = ps - bwd;
        if (k === 9) await expectBackwardStep(page, k, steps, names);
      }
      // At the end: backward()'s 25 against the path sum's 165 (to every node; 87 to the leaves alone).
      expect(gap).toBe(165 - 25);
      expect(int(await page.text('leaf-pathsum-mults'))).toBe(87);
      expect(page.errors).toEqual([]);
      await page.close();
    }
  });

  test('the badges say in words what they count, and the post\'s δ1(3) carries 10 paths below it, more than any node under it', async () => {
    const { steps, names } = expected(TOY_EXAMPLE_PARAMS, 'sigmoid');
    const page = await site.open('#steps?step=6');
    expect(await page.page.locator('ul.legend').textContent()).toMatch(/paths below it: the path sum would recompute its gradient 4 times/);
    expect(await current(page)).toBe('z1_3');
    expect(int(await page.text('step-below'))).toBe(10);
    expect(await page.page.locator('.detail').textContent()).toMatch(/10 paths continue below it to the inputs: the path sum would recompute this gradient for each of them/);
    const z13 = steps.find((s) => names.get(s.node) === 'z1_3') as BackwardStep;
    for (const s of steps.slice(6)) expect(s.pathsBelow).toBeLessThan(z13.pathsBelow);
    // Its row in the reuse table is marked as a delta and holds the biggest re-multiplication count.
    const t = await page.texts();
    const resaved = Object.entries(t).filter(([id]) => id.startsWith('resaved-')).map(([id, v]) => [id, int(v)] as const);
    expect(resaved.length).toBe(5);
    expect(resaved.reduce((a, b) => (b[1] > a[1] ? b : a))).toEqual(['resaved-z1_3', z13.pathsBelow * z13.pathMultiplications]);
    expect(await page.page.locator('tr.delta').count()).toBe(1);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('the graph is readable: every edge has an arrowhead, edges into one node end apart, each shows its local derivative, a legend names the colours', async () => {
    const page = await site.open('#steps?step=3');
    const edges = page.page.locator('svg.steps-graph path.edge');
    expect(await edges.count()).toBe(25);
    for (const m of await edges.evaluateAll((ps) => ps.map((p) => p.getAttribute('marker-end')))) expect(m).toMatch(/^url\(#arrow/);
    // The ends of the paths into the six products (column 1) are 12 units apart, never on one point.
    const ends = (await edges.evaluateAll((ps) => ps.map((p) => p.getAttribute('d')))) as string[];
    const heads = ends.map((d) => /M([\d.]+),([\d.]+)/.exec(d)?.slice(1).join(','));
    expect(new Set(heads).size).toBe(25);
    expect(await page.page.locator('svg.steps-graph text.local').count()).toBe(25);
    expect(await page.page.locator('ul.legend li').count()).toBe(8);
    expect(await page.page.locator('svg.steps-graph text.state').allTextContents()).toContain('partial');
    expect(await page.page.locator('svg.steps-graph').textContent()).not.toContain('≈');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('each view\'s first sentence states the argument: the step view\'s says each gradient is computed once and reused for every path', async () => {
    const page = await site.open('#steps');
    const lead = (await page.page.locator('p.lead').first().textContent()) ?? '';
    expect(lead).toMatch(/^Backpropagation computes each node's gradient once, stores it, and reuses it for every path below it/);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('the ladder steps like the network: depth k has 3k+1 nodes, each with its counts, and the path sum\'s exact counts with thousands separators', async () => {
    for (const depth of [3, 11]) {
      const { steps, names, x, top } = ladderExpected(depth);
      const page = await site.open(`#steps?graph=ladder&depth=${depth}`);
      expect(await page.page.locator('svg.steps-graph g.node').count()).toBe(3 * depth + 1);
      for (const k of [0, 1, 2, 3 * depth + 1]) {
        if (k > 0) await page.page.keyboard.press(k === 3 * depth + 1 ? 'End' : 'ArrowRight');
        await expectBackwardStep(page, k, steps, names);
      }
      const ps = pathSumGradient(top, x);
      const t = await page.texts();
      expect(t['ladder-paths']).toBe((2 ** depth).toLocaleString('en-US'));
      expect(int(t['ladder-paths'])).toBe(ps.paths);
      expect(int(t['ladder-pathsum-mults'])).toBe(ps.multiplications);
      expect(int(t['ladder-backward-mults'])).toBe(4 * depth);
      expect(Number(t['ladder-backward-gradient'])).toBe(1);
      expect(Number(t['ladder-pathsum-gradient'])).toBe(twelve(ps.gradient));
      expect(t['ladder-ratio']).toBe(`${(2 ** (depth - 1)).toLocaleString('en-US')} times as many`);
      expect(await page.page.locator('svg.ladder-plot path.series').count()).toBe(3);
      expect(page.errors).toEqual([]);
      await page.close();
    }
  });

  test('the ladder\'s depth slider rebuilds the graph and the URL keeps it', async () => {
    const page = await site.open('#steps?graph=ladder&depth=10');
    const slider = page.page.getByTestId('ladder-depth');
    await slider.focus();
    await slider.press('ArrowRight');
    expect(await page.num('step-total')).toBe(34);
    await slider.fill('1');
    expect(await page.num('step-total')).toBe(4);
    const p = await hashStep(page);
    expect([p.get('graph'), p.get('depth')]).toEqual(['ladder', '1']);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('a deep ladder (#steps?graph=ladder&depth=20) shows the graph first and the path sum\'s 1,048,576 paths once they are summed', async () => {
    const page = await site.open('#steps?graph=ladder&depth=20&step=3');
    expect(await page.num('step-index')).toBe(3);
    expect(await page.num('step-total')).toBe(61);
    await page.page.waitForFunction('document.querySelector(\'[data-testid="ladder-paths"]\')?.textContent === "1,048,576"', undefined, { timeout: 60_000 });
    const t = await page.texts();
    expect(t['ladder-backward-mults']).toBe('80');
    expect(t['ladder-pathsum-mults']).toBe((2 * 20 * 2 ** 20).toLocaleString('en-US'));
    expect(t['ladder-pathsum-mults']).toBe('41,943,040');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('forward mode runs one sweep per input, each giving backward()\'s gradient for that input, and counts its multiplications against backward()\'s one sweep', async () => {
    const { steps, names, order } = expected(TOY_EXAMPLE_PARAMS, 'sigmoid');
    const leaves = order.filter((v) => v.parents.length === 0);
    const page = await site.open('#steps?pass=tangent');
    expect(await page.num('step-total')).toBe(9);
    let total = 0;
    for (let k = 1; k <= leaves.length; k++) {
      await page.page.keyboard.press('ArrowRight');
      const leaf = leaves[k - 1] as Value;
      // The oracle: the edges whose operand depends on the leaf, found by walking the graph from it.
      const depends = new Set<Value>([leaf]);
      let edges = 0;
      for (const v of order) {
        const n = v.parents.filter((p) => depends.has(p)).length;
        edges += n;
        if (n > 0) depends.add(v);
      }
      total += edges;
      const t = await page.texts();
      expect(t['step-node']).toBe(leaf.label);
      expect(await current(page)).toBe(names.get(leaf));
      const grad = (steps.find((s) => s.node === leaf) as BackwardStep).gradient;
      expect(Number(t['tangent-result'])).toBe(twelve(grad));
      expect(int(t['tangent-sweep-mults'])).toBe(edges);
      expect(int(t['mults-tangent'])).toBe(total);
      expect(int(t['mults-reverse'])).toBe(25);
    }
    expect(total).toBe(79); // quoted in docs/playground.md
    expect(await page.text('sweeps-forward')).toBe('9');
    expect((await hashStep(page)).get('pass')).toBe('tangent');
    // The ladder has one input: one sweep of 4k multiplications each way, a tie.
    const ladder = await site.open('#steps?graph=ladder&depth=6&pass=tangent&step=1');
    expect(await ladder.num('step-total')).toBe(1);
    expect(int(await ladder.text('mults-tangent'))).toBe(24);
    expect(int(await ladder.text('mults-reverse'))).toBe(24);
    expect(await ladder.page.locator('.counters').textContent()).toMatch(/With one input, forward mode takes one sweep too: a tie/);
    expect(page.errors.concat(ladder.errors)).toEqual([]);
    await page.close();
    await ladder.close();
  });

  test('keyboard focus stays on a button when Next is disabled at the end, and an arrow key pauses autoplay', async () => {
    const page = await site.open('#steps?step=22');
    await page.page.getByTestId('next').focus();
    await page.page.keyboard.press('Enter');
    await page.page.keyboard.press('Enter');
    expect(await page.num('step-index')).toBe(24);
    expect(await page.page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('prev');
    await page.page.keyboard.press('Home');
    await page.page.getByTestId('speed').selectOption('8');
    await page.page.getByTestId('play').click();
    await page.page.waitForFunction('Number(document.querySelector(\'[data-testid="step-index"]\').textContent) >= 2', undefined, { timeout: 10_000 });
    await page.page.keyboard.press('ArrowLeft');
    expect(await page.page.getByTestId('play').getAttribute('aria-pressed')).toBe('false');
    const paused = await page.num('step-index');
    await page.page.waitForTimeout(500);
    expect(await page.num('step-index')).toBe(paused);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('on a phone, this step\'s explanation and the Next button are on the first screen, and Next stays on screen while reading', async () => {
    const page = await site.open('#steps?step=6', PHONE);
    const box = async (testid: string): Promise<{ y: number; height: number }> => (await page.page.getByTestId(testid).boundingBox()) as { y: number; height: number };
    expect((await box('next')).y + (await box('next')).height).toBeLessThanOrEqual(PHONE.height);
    expect((await box('step-gradient')).y + (await box('step-gradient')).height).toBeLessThanOrEqual(PHONE.height);
    await page.page.getByTestId('step-edges').scrollIntoViewIfNeeded();
    const next = await box('next');
    expect(next.y).toBeGreaterThanOrEqual(0);
    expect(next.y + next.height).toBeLessThanOrEqual(PHONE.height);
    await page.page.getByTestId('next').click();
    expect(await page.num('step-index')).toBe(7);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('every node of the step graph lies inside the graph\'s visible box at 1280x800 and 390x844, in every pass and on the ladder', async () => {
    // Each node's box against the SVG element's box and against the part of its scrolling panel on screen.
    const outside = `(() => {
      const svg = document.querySelector('svg.steps-graph');
      const panel = svg.closest('.graph-panel');
      const s = svg.getBoundingClientRect();
      const p = panel.getBoundingClientRect();
      const left = Math.max(s.left, p.left + panel.clientLeft), right = Math.min(s.right, p.left + panel.clientLeft + panel.clientWidth);
      const top = Math.max(s.top, p.top + panel.clientTop), bottom = Math.min(s.bottom, p.top + panel.clientTop + panel.clientHeight);
      const out = [];
      for (const g of svg.querySelectorAll('g.node')) {
        const b = g.getBoundingClientRect();
        if (b.left < left - 0.5 || b.right > right + 0.5 || b.top < top - 0.5 || b.bottom > bottom + 0.5) {
          out.push(g.getAttribute('data-testid') + ' at ' + [b.left, b.right, b.top, b.bottom].map(Math.round) + ' outside ' + [left, right, top, bottom].map(Math.round));
        }
      }
      return { nodes: svg.querySelectorAll('g.node').length, out };
    })()`;
    for (const viewport of [{ width: 1280, height: 800 }, PHONE]) {
      for (const hash of ['#steps?step=9', '#steps?step=24', '#steps?pass=forward&step=3', '#steps?pass=tangent&step=2', '#steps?graph=ladder&depth=4&step=5']) {
        const page = await site.open(hash, viewport);
        await page.page.waitForTimeout(100); // the scroll that follows the current node runs after a frame
        const { nodes, out } = (await page.page.evaluate(outside)) as { nodes: number; out: string[] };
        expect(nodes, hash).toBeGreaterThan(12);
        expect(out, `${hash} at ${viewport.width}x${viewport.height}`).toEqual([]);
        expect(page.errors).toEqual([]);
        await page.close();
      }
    }
    // Full size: the graph scrolls sideways inside its panel, the node of this step kept in view.
    const page = await site.open('#steps?step=9', PHONE);
    await page.page.getByTestId('graph-zoom').click();
    expect(await page.page.getByTestId('graph-zoom').getAttribute('aria-pressed')).toBe('true');
    await page.page.waitForTimeout(100);
    const { nodes, out } = (await page.page.evaluate(outside)) as { nodes: number; out: string[] };
    expect(out.length).toBeGreaterThan(nodes / 2);
    expect(out.filter((o) => o.startsWith('node-a1w5 '))).toEqual([]);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('the steps view fits a phone\'s width (wide parts scroll inside their panels); screenshots at desktop and phone widths', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const page = await site.open('#steps?step=9', viewport);
      expect(await page.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
      await page.page.screenshot({ path: screenshotPath(`steps-${size}`), fullPage: true });
      const ladder = await site.open('#steps?graph=ladder&depth=6&step=8', viewport);
      expect(await ladder.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
      await ladder.page.screenshot({ path: screenshotPath(`steps-ladder-${size}`), fullPage: true });
      expect(ladder.errors).toEqual([]);
      await ladder.close();
      expect(page.errors).toEqual([]);
      await page.close();
    }
  });
});
