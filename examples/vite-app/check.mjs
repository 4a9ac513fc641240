// After `vite build`: the built page exists and its script holds memograd, not a bare import left
// for the browser to resolve. (The gradient itself is checked in the page: open dist/index.html
// through a static server, or run `npm run dev`.)
import { readFileSync, readdirSync } from 'node:fs';

const html = readFileSync(new URL('./dist/index.html', import.meta.url), 'utf8');
const scripts = readdirSync(new URL('./dist/assets/', import.meta.url)).filter((f) => f.endsWith('.js'));
const code = scripts.map((f) => readFileSync(new URL(`./dist/assets/${f}`, import.meta.url), 'utf8')).join('\n');
const problems = [];
if (!/<script type="module"[^>]*src="[^"]*assets\//.test(html)) problems.push('dist/index.html has no module script from assets/');
if (/from\s*["']memograd["']|import\(["']memograd/.test(code)) problems.push('the bundle imports memograd by its bare name instead of holding it');
if (/wasm-graphviz/.test(code)) problems.push('the bundle names @hpcc-js/wasm-graphviz though the app draws no SVG');
if (problems.length > 0) {
  for (const p of problems) console.error(`vite-app: ${p}`);
  process.exit(1);
}
console.log(`vite-app: built dist/index.html and ${scripts.length} script(s) (${code.length} bytes)`);
