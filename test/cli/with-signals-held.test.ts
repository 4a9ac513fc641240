import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MLP } from '../../src/index.js';
import { CLI, ROOT } from '../support/run-cli.js';

const SLOW_WRITE = join(ROOT, 'test', 'support', 'slow-write.mjs');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memograd-signal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under `folder`, by its path relative to it. */
function files(folder: string): string[] {
  return (readdirSync(folder, { recursive: true }) as string[]).sort();
}

/** Runs `memograd train ...` on a slow disk and sends it `signal` while it writes its first file. */
function interruptWhileWriting(signal: NodeJS.Signals, args: string[]): Promise<{ signal: NodeJS.Signals | null; status: number | null }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', SLOW_WRITE, CLI, 'train', ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let sent = false;
    child.stderr.on('data', (chunk: Buffer) => {
      if (!sent && chunk.toString().includes('writing')) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('error', fail);
    child.on('exit', (status, by) => done({ signal: by, status }));
  });
}

describe('withSignalsHeld() in memograd train', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s during a file write ends the run by that signal with no temporary file left and every file whole', async (signal) => {
    const old = `${JSON.stringify(new MLP(2, [2, 1], { seed: 1 }))}\n`;
    writeFileSync(join(dir, 'model.json'), old);
    const r = await interruptWhileWriting(signal, ['--steps', '1', '--layers', '2', '--samples', '10', '--save', 'model.json', '--out', 'out', '--quiet']);
    expect(r.signal).toBe(signal);
    expect(files(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The model is the old one or a whole new one, never a part.
    const model = readFileSync(join(dir, 'model.json'), 'utf8');
    expect(() => MLP.fromJSON(model)).not.toThrow();
    for (const picture of files(join(dir, 'out'))) expect(readFileSync(join(dir, 'out', picture), 'utf8')).toMatch(/<\/svg>\n?$/);
  }, 30_000);
});
