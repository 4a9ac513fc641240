/**
 * The Expression view: any expression, read by the library's own parser (never eval), its value,
 * every gradient by backward() beside gradcheck's central difference, and its graph drawn by
 * toDot and toSvg (Graphviz as WebAssembly, imported only when this view first draws).
 * URL: #expression?f=<expression>&<variable>=<value>&...
 */
import { UrlReader } from '../url-params.js';
import { append, el, uid, urlNotice } from '../ui.js';
import { analyzeExpression, DEFAULT_VARIABLE_VALUE, readNumber, type ExpressionAnalysis } from '../expression-model.js';
import { drawExpressionGraph } from '../expression-graph.js';
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
// How long typing must pause before the graph is redrawn: layout is the only slow part.
const DRAW_DELAY_MS = 120;

/** The URL key of a variable: its name, except `f`, which the expression itself holds. */
function keyOf(name: string): string {
  return name === 'f' ? 'var.f' : name;
}

/** The shortest text that reads back as the same double, with -0 as "-0". */
export function full(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** The most variable inputs and gradient rows the view lays out. */
const MAX_SHOWN = 100;

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
    ...EXAMPLES.map((x) => el('button', { type: 'button', class: 'expr-example', onclick: () => { input.value = x; source = x; update(); } }, x)),
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

  let drawTimer: ReturnType<typeof setTimeout> | undefined;
  let drawGeneration = 0;
  let alive = true;
  const varInputs = new Map<string, HTMLInputElement>();

  function update(): void {
    source = input.value;
    const analysis = safeAnalyze(source, texts);
    renderError(analysis);
    renderVariables(analysis);
    renderResults(analysis);
    scheduleDraw(analysis);
    const p = new URLSearchParams();
    p.set('f', source);
    const names = analysis.kind === 'ok' || analysis.kind === 'inputs' ? analysis.expression.variables : [];
    // A value that does not read keeps its text and message in its box, but stays out of the link.
    for (const name of names) {
      const text = texts.get(name) ?? DEFAULT_VARIABLE_VALUE;
      if (typeof readNumber(name, text) === 'number') p.set(keyOf(name), text);
    }
    setParams(p);
  }

  function renderError(a: ExpressionAnalysis): void {
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

  function renderVariables(a: ExpressionAnalysis): void {
    if (a.kind !== 'ok' && a.kind !== 'inputs') return; // keep the last inputs while the text is being fixed
    // At most MAX_SHOWN inputs: a thousand of them would take the browser seconds to lay out.
    const all = a.expression.variables;
    const names = all.slice(0, MAX_SHOWN);
    const same = names.length === varInputs.size && names.every((n) => varInputs.has(n));
    const problems = a.kind === 'inputs' ? a.problems : new Map<string, string>();
    if (!same) {
      varsBox.replaceChildren();
      varInputs.clear();
      if (names.length === 0) varsBox.append(el('p', { class: 'muted small' }, 'No variables: the expression is a constant.'));
      if (all.length > names.length) {
        varsBox.append(el('p', { class: 'muted small', 'data-testid': 'expr-vars-capped' },
          `Inputs for the first ${MAX_SHOWN} of ${all.length} variables; the others keep their values from the link (${DEFAULT_VARIABLE_VALUE} by default).`));
      }
      for (const name of names) {
        const id = uid('var');
        const box = el('input', {
          id, type: 'text', inputmode: 'decimal', class: 'num', value: texts.get(name) ?? DEFAULT_VARIABLE_VALUE,
          spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id}-msg`, 'data-testid': `var-${name}`,
        });
        box.addEventListener('input', () => {
          texts.set(name, box.value);
          update();
        });
        varInputs.set(name, box);
        varsBox.append(el('div', { class: 'expr-var' },
          el('label', { for: id, class: 'num' }, name), box,
          el('span', { id: `${id}-msg`, class: 'expr-var-msg', 'data-testid': `var-msg-${name}`, role: 'status' })));
      }
    }
    for (const [name, box] of varInputs) {
      const msg = document.getElementById(box.getAttribute('aria-describedby') ?? '') as HTMLElement | null;
      const problem = problems.get(name);
      if (problem === undefined) box.removeAttribute('aria-invalid');
      else box.setAttribute('aria-invalid', 'true');
      if (msg !== null) msg.textContent = problem ?? '';
    }
  }

  function renderResults(a: ExpressionAnalysis): void {
    if (a.kind === 'syntax' || a.kind === 'empty') {
      results.replaceChildren(el('p', { class: 'muted' }, a.kind === 'syntax' ? 'Fix the expression to see its value and gradients.' : 'No expression.'));
      return;
    }
    if (a.kind === 'inputs') {
      results.replaceChildren(el('p', { class: 'expr-problem', 'data-testid': 'expr-inputs-problem' }, [...a.problems.values()].join('; ')));
      return;
    }
    const rows = a.rows.slice(0, MAX_SHOWN).map((r) =>
      el('tr', { 'data-testid': `row-${r.name}` },
        el('td', { class: 'num' }, `∂f/∂${r.name}`),
        el('td', { class: 'num', 'data-label': 'backward()', 'data-testid': `grad-${r.name}` }, full(r.grad)),
        el('td', { class: 'num', 'data-label': 'central difference', 'data-testid': `fd-${r.name}` }, r.numeric === undefined ? '—' : full(r.numeric)),
        el('td', { class: 'num', 'data-label': '|difference|' }, r.error === undefined ? '—' : r.error.toExponential(1)),
        el('td', { class: !r.checked ? 'muted' : r.ok ? 'ok' : 'bad', 'data-label': 'check', 'data-testid': `check-${r.name}` },
          !r.checked ? r.note : r.ok ? '✓ agrees' : `✗ ${r.note}`),
      ),
    );
    results.replaceChildren();
    append(
      results,
      el('p', { class: 'expr-value' }, el('span', {}, 'f = '), el('output', { class: 'num', 'data-testid': 'expr-value' }, full(a.value))),
      a.warning === '' ? null : el('p', { class: 'expr-problem', 'data-testid': 'expr-warning' }, a.warning),
      a.rows.length > MAX_SHOWN ? el('p', { class: 'muted small', 'data-testid': 'expr-rows-capped' }, `The first ${MAX_SHOWN} of ${a.rows.length} gradients are listed.`) : null,
      rows.length === 0
        ? el('p', { class: 'muted small' }, 'No variables, so no gradients.')
        : el('div', { class: 'scroll' },
            el('table', { class: 'data', 'data-testid': 'expr-gradients' },
              el('thead', {}, el('tr', {},
                el('th', {}, 'gradient'), el('th', {}, 'backward()'), el('th', {}, 'central difference'),
                el('th', {}, '|difference|'), el('th', {}, 'check'))),
              el('tbody', {}, ...rows))),
      el('p', { class: 'muted small' },
        'Full precision (the shortest text that reads back as the same double). The central difference is gradcheck\'s: ',
        '(f(x+h) - f(x-h)) / 2h with h = 1e-6·max(1, |x|), the other variables held fixed; it agrees when |difference| ≤ 1e-5 + 1e-3·|estimate|.'),
    );
  }

  function scheduleDraw(a: ExpressionAnalysis): void {
    clearTimeout(drawTimer);
    const mine = ++drawGeneration;
    if (a.kind !== 'ok') {
      graphStatus.textContent = a.kind === 'syntax' ? 'The graph appears when the expression parses.' : '';
      if (a.kind !== 'inputs') graphBox.replaceChildren();
      return;
    }
    graphStatus.textContent = 'Drawing…';
    drawTimer = setTimeout(() => {
      drawExpressionGraph(a.output, Math.max(200, graphBox.clientWidth - 4)).then(
        (result) => {
          if (!alive || mine !== drawGeneration) return;
          graphStatus.textContent = result.message;
          graphBox.replaceChildren(...(result.svg === null ? [] : [result.svg]));
          if (result.svg !== null) graphBox.setAttribute('data-nodes', String(result.nodes));
          view.setAttribute('data-graph', 'drawn');
        },
        (e: unknown) => {
          if (!alive || mine !== drawGeneration) return;
          graphStatus.textContent = `The graph could not be drawn: ${e instanceof Error ? e.message : String(e)}`;
          graphBox.replaceChildren();
        },
      );
    }, DRAW_DELAY_MS);
  }

  input.addEventListener('input', update);
  update();
  return () => {
    alive = false;
    clearTimeout(drawTimer);
  };
}

/** analyzeExpression never throws for any text; should a library bug make it throw, the page says so inline. */
function safeAnalyze(source: string, texts: ReadonlyMap<string, string>): ExpressionAnalysis {
  try {
    return analyzeExpression(source, texts);
  } catch (e) {
    console.error(e); // a bug, not bad input: the browser tests fail on it
    return { kind: 'syntax', message: `internal error: ${e instanceof Error ? e.message : String(e)}`, column: 1 };
  }
}
