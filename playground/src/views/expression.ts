/**
 * The Expression view: any expression, read by the library's own parser (never eval), its value,
 * every gradient by backward() beside gradcheck's central difference, and its graph drawn by
 * toDot and toSvg (Graphviz as WebAssembly, imported only when this view first draws).
 * URL: #expression?f=<expression>&<variable>=<value>&...
 */
import { UrlReader } from '../url-params.js';
import { append, el, uid, urlNotice } from '../ui.js';
import { DEFAULT_VARIABLE_VALUE, MAX_SHOWN, readNumber, type AnalysisSummary, type GradientRow } from '../expression-model.js';
import { cancelDrawing, drawExpressionGraph } from '../expression-graph.js';
import { LatestWorker, Superseded } from '../latest-worker.js';
import { Paced } from '../paced.js';
import '../expression.css';

const DEFAULT_SOURCE = 'tanh(x*w + b)';
const DEFAULT_VALUES: Readonly<Record<string, string>> = { x: '0.5', w: '-1', b: '2' };
const EXAMPLES: readonly string[] = [
  'tanh(x*w + b)',
  'x*x + x',
  '(y - sigmoid(x1*w1 + x2*w2))^2 / 2',
  'log(exp(a) + exp(b))',
  'relu(x) + abs(y) + max(x, y)',
  'sin(x)^2 + cos(x)^2',
];
// How long typing must pause before the expression is analysed again (in the worker) and redrawn.
const TYPING_DELAY_MS = 100;
/**
 * Variable inputs or gradient rows added per frame: a hundred at once, with their layout, would
 * hold a slow or busy machine's page for more than 100 ms.
 */
const PER_FRAME = 10;
/** A layout still running after this long is ended, with a line saying so: the learner is not kept waiting for minutes. */
const LAYOUT_LIMIT_MS = 20_000;

/**
 * The one expression worker: parse, evaluate, backward() and the checks run there, never on the
 * page's thread; a newer request ends one still running.
 */
const analyses = new LatestWorker<{ source: string; texts: (readonly [string, string])[] }, { summary: AnalysisSummary }>(
  () => new Worker(new URL('../expression-worker.ts', import.meta.url), { type: 'module' }),
);

/** The URL key of a variable: its name, except `f`, which the expression itself holds. */
function keyOf(name: string): string {
  return name === 'f' ? 'var.f' : name;
}

/** The shortest text that reads back as the same double, with -0 as "-0". */
export function full(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

export function mount(root: HTMLElement, params: URLSearchParams, setParams: (p: URLSearchParams) => void): () => void {
  const url = new UrlReader(params);
  const given = url.get('f');
  let source = given ?? DEFAULT_SOURCE;
  // Every variable's text so far, kept when the expression drops it, so that retyping brings it back.
  const texts = new Map<string, string>();
  if (given === null) for (const [k, v] of Object.entries(DEFAULT_VALUES)) texts.set(k, v);
  for (const [k, v] of url.entries()) if (k !== 'f') texts.set(k === 'var.f' ? 'f' : k, v);

  const inputId = uid('expr');
  const input = el('input', {
    id: inputId, type: 'text', class: 'expr-input', value: source, spellcheck: 'false', autocomplete: 'off',
    autocapitalize: 'off', 'aria-describedby': `${inputId}-error`, 'data-testid': 'expr-input',
  });
  const errorBox = el('div', { id: `${inputId}-error`, class: 'expr-error', role: 'status', 'aria-live': 'polite', 'data-testid': 'expr-error' });
  const examples = el(
    'div', { class: 'expr-examples' }, el('span', { class: 'muted small' }, 'Try: '),
    ...EXAMPLES.map((x) => el('button', { type: 'button', class: 'expr-example', onclick: () => { input.value = x; analyse(); } }, x)),
  );
  const varsBox = el('div', { class: 'expr-vars', 'data-testid': 'expr-vars' });
  const results = el('div', { class: 'expr-results', 'data-testid': 'expr-results' });
  const graphStatus = el('p', { class: 'muted small', 'data-testid': 'expr-graph-status', role: 'status' });
  const graphBox = el('div', { class: 'expr-graph scroll', 'data-testid': 'expr-graph' });

  const view = el('div', { class: 'expr-view' });
  root.append(view);
  view.append(
    el('h2', {}, 'Expression'),
    urlNotice(url.problems),
    el('p', { class: 'lead' },
      el('strong', {}, 'Every gradient of any expression from one backward sweep: a variable or subexpression used several times is one node, whose gradient is summed over its uses once and reused below. '),
      'Type one and check each gradient against a finite difference.'),
    el('p', { class: 'fine' },
      'The expression is read by memograd\'s own parser (the one behind memograd grad), never run as JavaScript. ',
      'Each variable gets an input. The gradients come from one backward() sweep over the graph below; each is checked against a central finite difference.'),
    el('div', { class: 'panel expr-panel' },
      el('label', { for: inputId, class: 'expr-label' }, 'f ='), input, errorBox, examples, varsBox),
    el('div', { class: 'panel' }, el('h3', {}, 'Value and gradients'), results),
    el('div', { class: 'panel' }, el('h3', {}, 'Graph'),
      el('p', { class: 'muted small' },
        'One box per Value (label, data, grad), one oval per op. A variable is one node however often it appears: ',
        'its gradient is the sum over the edges leaving it, each a memoised upstream gradient times a local derivative. ',
        'A repeated subexpression, like x+1 in (x+1)*(x+1), is built once (evaluateExpression\'s share option), so its gradient too is computed once and reused.'),
      graphStatus, graphBox),
  );

  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let layoutTimer: ReturnType<typeof setTimeout> | undefined;
  // The rest of an answer's rendering, a few rows per frame (see Paced).
  const pace = new Paced();
  // Bumped on every request, so that an answer or a drawing that a newer input replaced is dropped.
  let generation = 0;
  let alive = true;
  let first = true;
  const varInputs = new Map<string, HTMLInputElement>();
  // The graph box's width, kept by an observer: reading clientWidth after rendering the rows would
  // force a layout of the whole page inside the task.
  let graphWidth = 600;
  const sizes = new ResizeObserver((entries) => {
    for (const e of entries) graphWidth = e.contentRect.width;
  });
  sizes.observe(graphBox);

  /** Marks the view as waiting for an answer (the tests wait for data-state="done"). */
  function pending(): void {
    // The last answer's rows still being added would mark the view done when they finish, while
    // this newer text waits: drop them (the new answer renders everything again).
    pace.stop();
    view.setAttribute('data-state', 'pending');
    results.setAttribute('aria-busy', 'true');
  }

  /** Typing: the expression is analysed again once typing pauses for TYPING_DELAY_MS. */
  function typed(): void {
    pending();
    // An answer still on its way is for the text before this keystroke: drop it, or it would be
    // shown (and the view marked done) for text the input no longer holds.
    ++generation;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(analyse, TYPING_DELAY_MS);
  }

  /** Sends the current text to the expression worker and renders its answer, unless a newer one replaced it. */
  function analyse(): void {
    clearTimeout(typingTimer);
    pending();
    const mine = ++generation;
    const text = input.value;
    analyses.run({ source: text, texts: [...texts] }).then(
      ({ summary }) => {
        if (alive && mine === generation) render(text, summary);
      },
      (e: unknown) => {
        if (e instanceof Superseded || !alive || mine !== generation) return;
        console.error(e); // a bug, not bad input: the browser tests fail on it
        render(text, { kind: 'syntax', message: `internal error: ${e instanceof Error ? e.message : String(e)}`, column: 1 });
      },
    );
  }

  function render(text: string, a: AnalysisSummary): void {
    source = text;
    const steps: (() => void)[] = [];
    renderError(a);
    renderVariables(a, steps);
    renderResults(a, steps);
    // The drawing starts in a step of its own: (re)starting the Graphviz worker costs the page a few ms.
    steps.push(() => draw(a));
    const p = new URLSearchParams();
    p.set('f', source);
    const names = a.kind === 'ok' || a.kind === 'inputs' ? a.variables : [];
    // A value that does not read keeps its text and message in its box, but stays out of the link.
    for (const name of names) {
      const t = texts.get(name) ?? DEFAULT_VARIABLE_VALUE;
      if (typeof readNumber(name, t) === 'number') p.set(keyOf(name), t);
    }
    setParams(p);
    if (first) performance.mark('memograd:expression-numbers');
    first = false;
    pace.start(steps, settled);
  }

  function renderError(a: AnalysisSummary): void {
    errorBox.replaceChildren();
    input.removeAttribute('aria-invalid');
    if (a.kind === 'syntax') {
      input.setAttribute('aria-invalid', 'true');
      // The source with a caret under the column (columns count characters, as ParseError does).
      const chars = [...source];
      const caret = `${' '.repeat(Math.max(0, a.column - 1))}^`;
      append(
        errorBox,
        el('div', { class: 'expr-error-message', 'data-testid': 'expr-error-message', 'data-column': a.column }, a.message),
        chars.length <= 200 ? el('pre', { class: 'expr-caret', 'aria-hidden': 'true' }, `${chars.join('')}\n${caret}`) : null,
      );
    } else if (a.kind === 'empty') {
      errorBox.append(el('div', { class: 'muted' }, 'Type an expression, for example tanh(x*w + b).'));
    }
  }

  /** One variable's label, input and message line. */
  function variable(name: string, problem: string | undefined): HTMLElement {
    const id = uid('var');
    const box = el('input', {
      id, type: 'text', inputmode: 'decimal', class: 'num', value: texts.get(name) ?? DEFAULT_VARIABLE_VALUE,
      spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id}-msg`, 'data-testid': `var-${name}`,
      'aria-invalid': problem === undefined ? undefined : 'true',
    });
    box.addEventListener('input', () => {
      texts.set(name, box.value);
      typed();
    });
    varInputs.set(name, box);
    return el('div', { class: 'expr-var' },
      el('label', { for: id, class: 'num' }, name), box,
      el('span', { id: `${id}-msg`, class: 'expr-var-msg', 'data-testid': `var-msg-${name}`, role: 'status' }, problem ?? ''));
  }

  function renderVariables(a: AnalysisSummary, steps: (() => void)[]): void {
    if (a.kind !== 'ok' && a.kind !== 'inputs') return; // keep the last inputs while the text is being fixed
    // At most MAX_SHOWN inputs: a thousand of them would take the browser seconds to lay out.
    const all = a.variables;
    const names = all.slice(0, MAX_SHOWN);
    const problems = new Map(a.kind === 'inputs' ? a.problems : []);
    const same = names.length === varInputs.size && names.every((n) => varInputs.has(n));
    if (same) {
      for (const [name, box] of varInputs) {
        const msg = box.nextElementSibling;
        const problem = problems.get(name);
        if (problem === undefined) box.removeAttribute('aria-invalid');
        else box.setAttribute('aria-invalid', 'true');
        if (msg !== null && msg.textContent !== (problem ?? '')) msg.textContent = problem ?? '';
      }
      return;
    }
    varInputs.clear();
    varsBox.replaceChildren();
    if (names.length === 0) varsBox.append(el('p', { class: 'muted small' }, 'No variables: the expression is a constant.'));
    if (all.length > names.length) {
      varsBox.append(el('p', { class: 'muted small', 'data-testid': 'expr-vars-capped' },
        `Inputs for the first ${MAX_SHOWN} of ${all.length} variables; the others keep their values from the link (${DEFAULT_VARIABLE_VALUE} by default).`));
    }
    const add = (from: number): void => {
      varsBox.append(...names.slice(from, from + PER_FRAME).map((name) => variable(name, problems.get(name))));
    };
    add(0);
    for (let from = PER_FRAME; from < names.length; from += PER_FRAME) steps.push(() => add(from));
  }

  function row(r: GradientRow): HTMLTableRowElement {
    return el('tr', { 'data-testid': `row-${r.name}` },
      el('td', { class: 'num' }, `∂f/∂${r.name}`),
      el('td', { class: 'num', 'data-label': 'backward()', 'data-testid': `grad-${r.name}` }, full(r.grad)),
      el('td', { class: 'num', 'data-label': 'central difference', 'data-testid': `fd-${r.name}` }, r.numeric === undefined ? '—' : full(r.numeric)),
      el('td', { class: 'num', 'data-label': '|difference|' }, r.error === undefined ? '—' : r.error.toExponential(1)),
      el('td', { class: !r.checked ? 'muted' : r.ok ? 'ok' : 'bad', 'data-label': 'check', 'data-testid': `check-${r.name}` },
        !r.checked ? r.note : r.ok ? '✓ agrees' : `✗ ${r.note}`));
  }

  /** The view has rendered everything of the last answer (the tests wait for it). */
  function settled(): void {
    view.setAttribute('data-state', 'done');
    results.removeAttribute('aria-busy');
  }

  function renderResults(a: AnalysisSummary, steps: (() => void)[]): void {
    if (a.kind === 'syntax' || a.kind === 'empty') {
      results.replaceChildren(el('p', { class: 'muted' }, a.kind === 'syntax' ? 'Fix the expression to see its value and gradients.' : 'No expression.'));
      return;
    }
    if (a.kind === 'inputs') {
      results.replaceChildren(el('p', { class: 'expr-problem', 'data-testid': 'expr-inputs-problem' }, a.problems.map(([, m]) => m).join('; ')));
      return;
    }
    const tbody = el('tbody', {});
    results.replaceChildren();
    append(
      results,
      el('p', { class: 'expr-value' }, el('span', {}, 'f = '), el('output', { class: 'num', 'data-testid': 'expr-value' }, full(a.value))),
      a.warning === '' ? null : el('p', { class: 'expr-problem', 'data-testid': 'expr-warning' }, a.warning),
      a.rowCount > a.rows.length ? el('p', { class: 'muted small', 'data-testid': 'expr-rows-capped' }, `The first ${a.rows.length} of ${a.rowCount} gradients are listed.`) : null,
      a.rows.length === 0
        ? el('p', { class: 'muted small' }, 'No variables, so no gradients.')
        : el('div', { class: 'scroll' },
            el('table', { class: 'data', 'data-testid': 'expr-gradients' },
              el('thead', {}, el('tr', {},
                el('th', {}, 'gradient'), el('th', {}, 'backward()'), el('th', {}, 'central difference'),
                el('th', {}, '|difference|'), el('th', {}, 'check'))),
              tbody)),
      el('p', { class: 'muted small' },
        'Full precision (the shortest text that reads back as the same double). The central difference is gradcheck\'s: ',
        '(f(x+h) - f(x-h)) / 2h with h = 1e-6·max(1, |x|), the other variables held fixed; it agrees when |difference| ≤ 1e-5 + 1e-3·|estimate|.'),
    );
    const add = (from: number): void => {
      tbody.append(...a.rows.slice(from, from + PER_FRAME).map(row));
    };
    add(0);
    for (let from = PER_FRAME; from < a.rows.length; from += PER_FRAME) steps.push(() => add(from));
  }

  function draw(a: AnalysisSummary): void {
    const mine = generation;
    clearTimeout(layoutTimer);
    if (a.kind !== 'ok') {
      cancelDrawing();
      graphStatus.textContent = a.kind === 'syntax' ? 'The graph appears when the expression parses.' : '';
      if (a.kind !== 'inputs') graphBox.replaceChildren();
      return;
    }
    const plan = a.graph;
    if (plan.dot === null) {
      cancelDrawing();
      graphStatus.textContent = plan.message;
      graphBox.replaceChildren();
      return;
    }
    graphStatus.textContent = 'Drawing…';
    clearTimeout(layoutTimer);
    layoutTimer = setTimeout(() => {
      if (!alive || mine !== generation) return;
      cancelDrawing();
      graphStatus.textContent = `Graphviz did not finish laying out this graph of ${plan.nodes} Values and ${plan.edges} edges within ${LAYOUT_LIMIT_MS / 1000} s, so it is not drawn.`;
      graphBox.replaceChildren();
    }, LAYOUT_LIMIT_MS);
    drawExpressionGraph({ ...plan, dot: plan.dot }, Math.max(200, graphWidth - 4)).then(
      (result) => {
        clearTimeout(layoutTimer);
        if (!alive || mine !== generation) return;
        graphStatus.textContent = result.message;
        graphBox.replaceChildren(result.svg);
        graphBox.setAttribute('data-nodes', String(result.nodes));
        view.setAttribute('data-graph', 'drawn');
      },
      (e: unknown) => {
        if (e instanceof Superseded || !alive || mine !== generation) return;
        graphStatus.textContent = `The graph could not be drawn: ${e instanceof Error ? e.message : String(e)}`;
        graphBox.replaceChildren();
      },
    );
  }

  input.addEventListener('input', typed);
  analyse();
  return () => {
    alive = false;
    sizes.disconnect();
    clearTimeout(typingTimer);
    clearTimeout(layoutTimer);
    pace.stop();
    cancelDrawing();
  };
}
