// Installs a folder's own packages (its package.json and lock) into its node_modules the first time
// a command needs them: the benchmark peers (bench/) and StrykerJS (tools/mutation/) are kept out of
// the project's own install, so contributors who never run them do not download them.
// Usage: node scripts/install-tools.mjs <folder> "<what, for the message>"
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const [folder, what] = process.argv.slice(2);
if (folder === undefined || what === undefined) {
  console.error('usage: node scripts/install-tools.mjs <folder> "<what>"');
  process.exit(2);
}
const dir = resolve(folder);
// npm writes node_modules/.package-lock.json at the end of every successful install.
if (!existsSync(resolve(dir, 'node_modules/.package-lock.json'))) {
  console.log(`installing ${what} into ${folder}/node_modules, once...`);
  // Under `npm run`, npm_execpath is npm's own script: run it with this Node, on any platform.
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm]] : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
  const r = spawnSync(command, [...args, 'install', '--no-audit', '--no-fund', '--prefix', dir], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`could not install ${what} (npm install in ${folder}/ ${r.error ? `failed: ${r.error.message}` : `exited with ${r.status}`}); run \`npm install --prefix ${folder}\` by hand`);
    process.exit(1);
  }
  console.log(`${what}: installed in ${folder}/node_modules.`);
}
