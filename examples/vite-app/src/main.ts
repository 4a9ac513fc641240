import { closedForm, neuron } from './neuron.js';

// Only the core ('memograd') is imported: the app builds and runs without the optional Graphviz package.
const got = neuron(0.5, -1, 2);
const want = closedForm(0.5, -1, 2);
const ok = (Object.keys(want) as (keyof typeof want)[]).every((k) => Math.abs(got[k] - want[k]) <= 1e-12);

const out = document.querySelector<HTMLOutputElement>('#result');
if (out !== null) {
  out.textContent = `y = ${got.y}, dy/dx = ${got.dx}, dy/dw = ${got.dw}, dy/db = ${got.db}` + (ok ? '' : ' (wrong: closed form says ' + JSON.stringify(want) + ')');
  // What the example's test reads: pass or fail.
  out.dataset['status'] = ok ? 'pass' : 'fail';
}
