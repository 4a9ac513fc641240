#!/usr/bin/env node
// Every number README.md and docs/ quote as a fact about the code (issue 18, item 15), checked so
// that a stale figure fails CI. Two kinds:
//
// MEASURED here, from the code as it is: the quoted figure must equal the measurement rounded as
// the figure is written ("about 17 KB" is 16.5 KB to 17.4 KB; "about 120 MB" is 115 MB to 124 MB:
// an integer's trailing zeros are not significant). KB and MB are 1024 and 1024² bytes.
//   - README: the minified browser bundle of a program that uses only Value and grad
//     (scripts/check-bundle.mjs's value-grad program);
//   - docs/playground.md: the gzipped size of the playground's entry script and of Graphviz's chunk
//     (the playground built by Vite into a temporary folder);
//   - docs/benchmarks.md: the size of the contributors' install (node_modules after npm ci).
//
// TRACED to the record of a benchmark run: speeds and ratios depend on the machine and its load,
// so they are not re-measured here (npm run bench times them on a quiet machine, and the dated
// tables in docs/benchmarks.md and docs/forward-mode.md are its output). Every figure with a unit
// of time, a ratio (x), a rate (steps/s) or a byte count in the quoting passages below must appear
// in those tables, as written or as a more precise figure that rounds to it (79x is 79.3x there).
//
// Run after `npm run build`. Prints each check; exits 1 on a mismatch.
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { measure } from './check-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (file) => readFileSync(join(root, file), 'utf8');

/** Whether `measured` rounds to `quoted` (text such as '17', '615', '120', '3.6') at the precision it is written with. */
export function roundsTo(measured, quoted) {
  const text = quoted.replace(/,/g, '');
  const decimals = text.includes('.') ? text.split('.')[1].length : 0;
  // An integer's trailing zeros are not significant: 120 is given to the ten.
  const step = decimals > 0 ? 10 ** -decimals : 10 ** (/0*$/.exec(text)[0].length);
  return Math.abs(Math.round(measured / step) * step - Number(text)) < step / 2;
}

/** Quotes that are gone or doubled: a failure of their own. */
const unmatched = [];

/** The one match of `pattern` in `file` (its first group), or undefined (noted in `unmatched`). */
function quote(file, pattern) {
  const matches = [...read(file).matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))];
  if (matches.length === 1) return matches[0][1];
  unmatched.push(`${file}: expected one sentence matching ${pattern}, found ${matches.length} (a figure changed its wording: update scripts/check-quoted-numbers.mjs)`);
  return undefined;
}

/** The apparent size of a folder's files and links in bytes, a file with several hard links counted once (npm links esbuild's binary twice). */
function folderBytes(path, seen = new Set()) {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) {
      total += folderBytes(full, seen);
      continue;
    }
    const s = lstatSync(full);
    if (s.nlink > 1) {
      if (seen.has(`${s.dev}:${s.ino}`)) continue;
      seen.add(`${s.dev}:${s.ino}`);
    }
    total += s.size;
  }
  return total;
}

/** The playground's entry script and Graphviz's chunk, gzipped, in bytes. */
async function playgroundBytes() {
  const { build } = await import('vite');
  const out = mkdtempSync(join(tmpdir(), 'memograd-playground-size-'));
  try {
    await build({ configFile: join(root, 'playground', 'vite.config.ts'), logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const entry = /<script type="module"[^>]*src="\.\/([^"]+)"/.exec(html)?.[1];
    if (entry === undefined) throw new Error('the playground has no entry script');
    const gz = (file) => gzipSync(readFileSync(join(out, file))).byteLength;
    const scripts = readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.js'));
    const graphviz = scripts.filter((f) => /graphviz/i.test(readFileSync(join(out, 'assets', f), 'utf8')));
    // The Graphviz chunk is the one that holds the WebAssembly (the largest that names graphviz).
    const chunk = graphviz.sort((a, b) => gz(`assets/${b}`) - gz(`assets/${a}`))[0];
    if (chunk === undefined) throw new Error('the playground build has no Graphviz chunk');
    return { entry: gz(entry), graphviz: gz(`assets/${chunk}`) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const KB = 1024;
const MB = 1024 * 1024;

/** The measured checks: [where, the quoted figure, the measured value in the quote's unit, unit]. */
async function measuredChecks() {
  const bundle = await measure();
  const playground = await playgroundBytes();
  const modules = join(root, 'node_modules');
  return [
    ['README.md: Value + grad bundle', quote('README.md', /bundles to\s+about (\d+) KB minified/), bundle['value-grad'].bytes / KB, 'KB'],
    ['docs/playground.md: first script', quote('docs/playground.md', /fetches one script \(about (\d+) KB gzipped\)/), playground.entry / KB, 'KB'],
    ['docs/playground.md: Graphviz', quote('docs/playground.md', /Graphviz \(WebAssembly,\s+about (\d+) KB gzipped\)/), playground.graphviz / KB, 'KB'],
    ...(existsSync(modules)
      ? [['docs/benchmarks.md: the install', quote('docs/benchmarks.md', /`npm install` is about (\d+) MB without them/), folderBytes(realpathSync(modules)) / MB, 'MB']]
      : []),
  ];
}

// A figure: a number or a range of two (21-38x, 0.27-0.44x), then its unit.
const FIGURE = /(\d[\d,]*(?:\.\d+)?)(?:-(\d[\d,]*(?:\.\d+)?))?\s?(x|×|µs|ms|ns|s|B|bytes|steps\/s|steps per second)(?![\w/])/g;
const UNIT = { '×': 'x', bytes: 'B', 'steps per second': 'steps/s' };

/** Every figure of `text` as [number as written, unit]. */
export function figures(text) {
  return [...text.matchAll(FIGURE)].flatMap((m) => [m[1], m[2]].filter((n) => n !== undefined).map((n) => [n, UNIT[m[3]] ?? m[3]]));
}

/** The passages whose figures must be traced to a run's record: [file, the passage's first words, its last words]. */
const TRACED = [
  ['README.md', 'That pass takes', 'former search'],
  ['README.md', '## Benchmarks', '## Reliability'],
  ['docs/compiled-path.md', 'the generated code (the scan loop', 'sparse hand-written step)'],
  ['docs/compiled-path.md', 'Its run of 2026-12-05 at 21:44 UTC', 'µs interpreted.'],
  ['docs/training.md', 'The default `memograd train` run went from', 'at load 20'],
  ['docs/semantics.md', "the benchmarks' naive port uses", 'per node'],
];
/** The records: the tables and notes of the bench's runs. */
const RECORDS = ['docs/benchmarks.md', 'docs/forward-mode.md'];

function tracedChecks() {
  const recorded = RECORDS.flatMap((f) => figures(read(f)));
  const bad = [];
  let count = 0;
  for (const [file, from, to] of TRACED) {
    const text = read(file);
    const start = text.indexOf(from);
    const end = text.indexOf(to, start);
    if (start < 0 || end < 0) {
      bad.push(`${file}: the passage from '${from}' to '${to}' is gone: update scripts/check-quoted-numbers.mjs`);
      continue;
    }
    for (const [n, unit] of figures(text.slice(start, end + to.length))) {
      count += 1;
      if (!recorded.some(([r, u]) => u === unit && roundsTo(Number(r.replace(/,/g, '')), n))) {
        bad.push(`${file}: ${n} ${unit} is in no run's record (${RECORDS.join(', ')})`);
      }
    }
  }
  return { bad, count };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bad = [];
  for (const [where, quoted, measured, unit] of await measuredChecks()) {
    if (quoted === undefined) {
      console.log(`BAD ${where}: no quote found, measured ${measured.toFixed(1)} ${unit}`);
      continue;
    }
    const ok = roundsTo(measured, quoted);
    console.log(`${ok ? 'ok ' : 'BAD'} ${where}: quoted ${quoted} ${unit}, measured ${measured.toFixed(1)} ${unit}`);
    if (!ok) bad.push(`${where}: the text says ${quoted} ${unit}, the code measures ${measured.toFixed(1)} ${unit}`);
  }
  const traced = tracedChecks();
  console.log(`${traced.bad.length === 0 ? 'ok ' : 'BAD'} ${traced.count} benchmark figures in README.md and docs/ traced to ${RECORDS.join(' and ')}`);
  bad.push(...unmatched, ...traced.bad);
  for (const line of bad) console.error(`check:numbers: ${line}`);
  process.exitCode = bad.length === 0 ? 0 : 1;
}
