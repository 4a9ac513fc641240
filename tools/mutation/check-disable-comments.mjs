// Checks that every `// Stryker disable next-line Mutator: reason` comment takes effect: StrykerJS
// silently drops one placed where no statement or expression starts on the next line (above a
// closing brace, an `else`, or inside a method chain). Prints each comment that disables nothing
// and exits 1 if there is one. Usage, once `npm run mutation` has installed StrykerJS here:
//   node tools/mutation/check-disable-comments.mjs src/engine/*/*.ts
import fs from 'node:fs';
import { Instrumenter } from '@stryker-mutator/instrumenter';

let bad = 0;
const logger = { debug() {}, info() {}, warn() {}, error: console.error, trace() {}, isDebugEnabled: () => false, isTraceEnabled: () => false, isInfoEnabled: () => false, isWarnEnabled: () => false };
for (const file of process.argv.slice(2)) {
  const content = fs.readFileSync(file, 'utf8');
  const res = await new Instrumenter(logger).instrument([{ name: file, mutate: true, content }], { plugins: null, excludedMutations: [], ignorers: [], noHeader: true });
  const lines = content.split('\n');
  lines.forEach((l, i) => {
    const m = l.match(/Stryker disable next-line ([A-Za-z,]+)/);
    if (!m) return;
    const names = m[1].split(',');
    const next = i + 2;
    const ms = res.mutants.filter((x) => x.location.start.line + 1 === next && names.includes(x.mutatorName));
    const ign = ms.filter((x) => x.status === 'Ignored').length;
    const flag = ms.length === 0 ? 'NO MUTANTS' : ign === ms.length ? 'ok' : `NOT HONOURED ${ms.length - ign}/${ms.length}`;
    if (flag === 'ok') return;
    bad++;
    console.log(`${file}:${i + 1} ${flag}: ${l.trim().slice(0, 90)}`);
  });
}
if (bad > 0) process.exitCode = 1;
else console.log(`every disable comment in ${process.argv.length - 2} files takes effect`);
