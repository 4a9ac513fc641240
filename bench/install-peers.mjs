// Installs the benchmark peers (TensorFlow.js, adnn: about 280 MB) into bench/node_modules from
// bench/package-lock.json, the first time `npm run bench` needs them. They are kept out of the
// project's own install so that contributors who never run the full bench do not download them;
// `npm run bench:quick` (CI) checks memograd against the hand-written code and needs neither.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bench = fileURLToPath(new URL('.', import.meta.url));
const installed = ['@tensorflow/tfjs/package.json', 'adnn/package.json'].every((f) => existsSync(new URL(`node_modules/${f}`, import.meta.url)));
if (!installed) {
  console.log('bench: installing the peers it compares against (@tensorflow/tfjs, adnn; about 280 MB) into bench/node_modules, once...');
  // Under `npm run`, npm_execpath is npm's own script: run it with this Node, on any platform.
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm]] : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
  const r = spawnSync(command, [...args, 'ci', '--no-audit', '--no-fund', '--prefix', bench], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`bench: could not install the peers (npm ci in bench/ ${r.error ? `failed: ${r.error.message}` : `exited with ${r.status}`}); run \`npm ci --prefix bench\` by hand, or \`npm run bench:quick\` for the checks without them`);
    process.exit(1);
  }
  console.log('bench: peers installed in bench/node_modules.');
}
