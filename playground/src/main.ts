/**
 * The playground's shell: tabs, and a router over the URL hash `#<view>?<params>`. Each view is
 * a module `views/<name>.ts` exporting `mount(root, params, setParams)`, which returns an unmount
 * function. A view reports each change of its state through `setParams`, which rewrites the hash
 * with history.replaceState (no history entry per slider move); loading a hash mounts exactly that
 * state. Views load on demand, so the first view's numbers do not wait for the others' code.
 */
import './style.css';
import { el } from './ui.js';
// The seed's two views are small (a few KB) and are what most links open: bundled with the shell,
// so their numbers do not wait for a second round trip. The expression and train views load on demand.
import * as network from './views/network.js';
import * as steps from './views/steps.js';

/** What every view module exports. */
export type Mount = (root: HTMLElement, params: URLSearchParams, setParams: (p: URLSearchParams) => void) => () => void;

interface ViewSpec {
  readonly name: string;
  readonly title: string;
  readonly load: () => Promise<{ mount: Mount }>;
}

performance.mark('memograd:start');

const VIEWS: readonly ViewSpec[] = [
  { name: 'network', title: 'The network', load: () => Promise.resolve(network) },
  { name: 'steps', title: 'Step through backward', load: () => Promise.resolve(steps) },
  { name: 'expression', title: 'Expression', load: () => import('./views/expression.js') },
  { name: 'train', title: 'Train', load: () => import('./views/train.js') },
];
const DEFAULT_VIEW = 'network';

const tabs = document.getElementById('tabs') as HTMLElement;
const root = document.getElementById('view') as HTMLElement;
// Each tab's link follows its view's last state, so that a tab brings a view back as it was left.
const links = new Map<string, HTMLAnchorElement>();

for (const v of VIEWS) {
  const a = el('a', { href: `#${v.name}`, 'data-testid': `tab-${v.name}` }, v.title);
  links.set(v.name, a);
  tabs.appendChild(a);
}

/** Splits `#name?a=1&b=2` into the view's name and its parameters; an unknown name gives the default view. */
export function parseHash(hash: string): { view: ViewSpec; params: URLSearchParams } {
  const body = hash.replace(/^#/, '');
  const q = body.indexOf('?');
  const name = q < 0 ? body : body.slice(0, q);
  const query = q < 0 ? '' : body.slice(q + 1);
  const view = VIEWS.find((v) => v.name === name) ?? (VIEWS.find((v) => v.name === DEFAULT_VIEW) as ViewSpec);
  return { view, params: new URLSearchParams(query) };
}

function hashOf(name: string, params: URLSearchParams): string {
  const q = params.toString();
  return q === '' ? `#${name}` : `#${name}?${q}`;
}

let unmount: (() => void) | null = null;
// Bumped on every route, so a slow view module that arrives after the user moved on is not mounted.
let generation = 0;

async function route(): Promise<void> {
  const { view, params } = parseHash(location.hash);
  const mine = ++generation;
  for (const [name, a] of links) {
    if (name === view.name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${view.title} · memograd playground`;
  const module = await view.load();
  if (mine !== generation) return;
  unmount?.();
  unmount = null;
  root.replaceChildren();
  root.removeAttribute('data-view');
  const setParams = (p: URLSearchParams): void => {
    if (mine !== generation) return;
    const hash = hashOf(view.name, p);
    links.get(view.name)?.setAttribute('href', hash);
    if (location.hash !== hash) history.replaceState(null, '', hash);
  };
  unmount = module.mount(root, params, setParams);
  // For measuring time to first numbers (the network and steps views fill their numbers in mount).
  performance.mark(`memograd:${view.name}-mounted`);
  // Marks the view as mounted (the tests wait for it); a view with slower parts marks those itself.
  root.setAttribute('data-view', view.name);
}

window.addEventListener('hashchange', () => void route());
void route();
