// `npm run example`: the page's import map points at files npm installed, and the page's
// computation gives the closed form's gradients (here in Node; the page does the same in a
// browser, where memograd's tests open it in Chromium).
import { existsSync, readFileSync } from 'node:fs';
import { agrees, neuron } from './neuron.js';

const html = readFileSync(new URL('./index.html', import.meta.url), 'utf8');
const map = JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}');
const problems = [];
for (const [name, url] of Object.entries(map.imports ?? {})) {
  if (!existsSync(new URL(url, import.meta.url))) problems.push(`the import map sends ${name} to ${url}, which is not there (npm install?)`);
}
if (Object.keys(map.imports ?? {}).length === 0) problems.push('index.html has no import map');
const { got } = neuron(0.5, -1, 2);
if (!agrees(got, 0.5, -1, 2)) problems.push(`the gradients ${JSON.stringify(got)} are not the closed form's`);
if (problems.length > 0) {
  for (const p of problems) console.error(`import-map: ${p}`);
  process.exit(1);
}
console.log(`import-map: every import map entry is installed; dy/dx = ${got.dx}. Serve this folder over HTTP and open index.html.`);
