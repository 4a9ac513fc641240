import { renderSvg } from 'memograd/svg';
import { agrees, neuron } from './neuron.js';

const out = document.querySelector('#result');
const { output, got } = neuron(0.5, -1, 2);
let ok = agrees(got, 0.5, -1, 2);
out.textContent = `y = ${got.y}, dy/dx = ${got.dx}, dy/dw = ${got.dw}, dy/db = ${got.db}`;
try {
  // Graphviz (WebAssembly) loads here, on the first picture, through the import map.
  const svg = await renderSvg(output, { precision: 4 });
  document.querySelector('#picture').innerHTML = svg.slice(svg.indexOf('<svg'));
  ok &&= document.querySelector('#picture svg text') !== null;
} catch (e) {
  out.textContent += ` (no picture: ${e.message})`;
  ok = false;
}
// What the example's test reads: pass or fail.
out.dataset.status = ok ? 'pass' : 'fail';
