import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toyWalkthrough } from '../src/index.js';
import { BUILD_INPUTS, stale } from './support/stale.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return r;
}

/** A line of a Node stack trace, as an uncaught exception would print. */
const STACK_LINE = /^\s+at /m;

beforeAll(() => {
  // The test runs the real package build (tsup.config.ts), not a lookalike, so it checks what ships.
  if (stale(root, join('dist', 'cli.js'))) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe', timeout: 120_000 });
  }
}, 130_000);

describe('memograd CLI', () => {
  it('dist/cli.js starts with a shebang, so the package bin can run it', () => {
    expect(readFileSync(cli, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('memograd with no arguments prints the walkthrough and exits 0', () => {
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${toyWalkthrough()}\n`);
    expect(r.stdout).toContain('Two typos in the post');
  });

  it.each(['--help', '-h'])('memograd %s prints the usage to stdout and exits 0', (flag) => {
    const r = run(flag);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: memograd /);
    expect(r.stdout).toContain('--help');
    expect(r.stderr).toBe('');
  });

  it.each([['--bogus'], ['-x'], ['--help=yes'], ['--bogus', 'train']])(
    'memograd %s reports a bad option with the usage on stderr and exits 2, without a stack trace',
    (...args) => {
      const r = run(...args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^memograd: /);
      expect(r.stderr).toContain('Usage: memograd ');
      expect(r.stderr).not.toMatch(STACK_LINE);
    },
  );

  it('memograd names an unknown option in its message', () => {
    expect(run('--bogus').stderr.split('\n')[0]).toContain("'--bogus'");
  });

  it('memograd <unknown command> reports it with the usage on stderr and exits 2', () => {
    const r = run('frobnicate', '--flag');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe("memograd: unknown command 'frobnicate'");
    expect(r.stderr).toContain('Usage: memograd ');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});

describe('the staleness check that decides whether the CLI test rebuilds', () => {
  it.each(['src/walkthrough.ts', 'src/deep/nested.ts', ...BUILD_INPUTS])('stale() is true once %s is newer than dist/cli.js', (input) => {
    const dir = mkdtempSync(join(tmpdir(), 'memograd-stale-'));
    try {
      const files = ['dist/cli.js', 'src/walkthrough.ts', 'src/deep/nested.ts', ...BUILD_INPUTS];
      for (const f of files) {
        mkdirSync(dirname(join(dir, f)), { recursive: true });
        writeFileSync(join(dir, f), '');
        utimesSync(join(dir, f), 1000, 1000);
      }
      utimesSync(join(dir, 'dist/cli.js'), 2000, 2000);
      expect(stale(dir, 'dist/cli.js')).toBe(false);
      utimesSync(join(dir, input), 3000, 3000);
      expect(stale(dir, 'dist/cli.js')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stale() is true when dist/cli.js is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memograd-stale-'));
    try {
      expect(stale(dir, 'dist/cli.js')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
