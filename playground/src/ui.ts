/**
 * Small DOM helpers shared by the views: elements, labelled number fields with sliders, selects,
 * buttons, and number formatting. No framework: the views rebuild or patch their own DOM.
 */

/** Attributes of `el`: strings become attributes, functions under `on*` become listeners. */
export type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;
export type Child = Node | string | number | null | undefined | false;

/** Creates an element with attributes, event listeners (`onclick`, `oninput`, ...) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, String(v));
  }
  append(e, ...children);
  return e;
}

/** Appends children, skipping null/undefined/false, turning strings and numbers into text. */
export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Creates an SVG element (SVG needs its namespace). */
export function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  append(e, ...children);
  return e;
}

let ids = 0;
/** A fresh id for label/input pairs. */
export function uid(prefix = 'f'): string {
  return `${prefix}-${++ids}`;
}

/**
 * `x` to `digits` significant digits without trailing zeros (0.5975, -1.2e-7); NaN and ±Infinity
 * as themselves, and -0 as "-0".
 */
export function fmt(x: number, digits = 12): string {
  if (!Number.isFinite(x)) return String(x);
  if (Object.is(x, -0)) return '-0';
  return String(Number(x.toPrecision(digits)));
}

/** A small difference in scientific notation (3.1e-17), exact zero as "0". */
export function fmtDiff(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  return x.toExponential(1);
}

/** Options of `numberField`. */
export interface NumberFieldOptions {
  readonly label: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** data-testid of the number input (the slider gets `<testid>-slider`). */
  readonly testid?: string;
  /** Called with each new finite value, from the number box or the slider. */
  readonly onChange: (x: number) => void;
}

/** A labelled number box with a slider beside it, kept in sync; the box accepts values outside the slider's range. */
export function numberField(o: NumberFieldOptions): { root: HTMLElement; set(x: number): void } {
  const id = uid('num');
  const box = el('input', { type: 'number', id, value: o.value, step: 'any', inputmode: 'decimal', 'data-testid': o.testid });
  const slider = el('input', {
    type: 'range', min: o.min, max: o.max, step: o.step, value: o.value,
    'aria-label': `${o.label} slider`, 'data-testid': o.testid === undefined ? undefined : `${o.testid}-slider`,
  });
  box.addEventListener('input', () => {
    const x = box.valueAsNumber;
    if (!Number.isFinite(x)) {
      box.setAttribute('aria-invalid', 'true');
      return;
    }
    box.removeAttribute('aria-invalid');
    slider.value = String(x);
    o.onChange(x);
  });
  slider.addEventListener('input', () => {
    const x = slider.valueAsNumber;
    box.value = String(x);
    box.removeAttribute('aria-invalid');
    o.onChange(x);
  });
  const root = el('div', { class: 'field' }, el('label', { for: id }, o.label), box, slider);
  return {
    root,
    set(x: number) {
      box.value = String(x);
      slider.value = String(x);
    },
  };
}

/** A labelled select; `onChange` gets the chosen value. */
export function selectField(label: string, options: readonly string[], value: string, onChange: (v: string) => void, testid?: string): HTMLElement {
  const id = uid('sel');
  const select = el('select', { id, 'data-testid': testid, onchange: () => onChange(select.value) }, ...options.map((o) => el('option', { value: o, selected: o === value }, o)));
  return el('div', { class: 'field' }, el('label', { for: id }, label), select);
}

/** A button with a text label and a click handler. */
export function button(label: string, onClick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  return el('button', { type: 'button', ...attrs, onclick: onClick }, label);
}

/** The line that names what the URL held that could not be used (empty, and hidden, when nothing). */
export function urlNotice(problems: readonly string[]): HTMLElement {
  const p = el('p', { class: 'url-notice', role: 'status', 'data-testid': 'url-notice' });
  if (problems.length === 0) p.hidden = true;
  else p.textContent = `From the link: ${problems.join('; ')}. The link now leaves ${problems.length === 1 ? 'it' : 'them'} out.`;
  return p;
}
