import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRegularFile } from '../../src/cli/read-regular-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memograd-read-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readRegularFile', () => {
  it('readRegularFile() reads a file of many chunks whole, multi-byte characters across chunk boundaries included', () => {
    const file = join(dir, 'model.json');
    const text = `a${'é→𝔼'.repeat(40_000)}`;
    writeFileSync(file, text);
    expect(readRegularFile(file, 1_000_000)).toBe(text);
  });

  it('readRegularFile() reads a file of exactly the cap, and refuses one byte more with the size', () => {
    const file = join(dir, 'model.json');
    writeFileSync(file, 'x'.repeat(100));
    expect(readRegularFile(file, 100)).toBe('x'.repeat(100));
    writeFileSync(file, 'x'.repeat(101));
    expect(() => readRegularFile(file, 100)).toThrow(new Error('it is larger than 100 bytes (101 bytes)'));
  });

  it('readRegularFile() refuses at once a device that never ends, a folder and a FIFO without a writer', () => {
    symlinkSync('/dev/zero', join(dir, 'zero'));
    expect(() => readRegularFile(join(dir, 'zero'), 100)).toThrow(new Error('it is a character device, not a regular file'));
    mkdirSync(join(dir, 'folder'));
    expect(() => readRegularFile(join(dir, 'folder'), 100)).toThrow(new Error('it is a directory, not a regular file'));
    try {
      execFileSync('mkfifo', [join(dir, 'pipe')], { stdio: 'ignore' });
    } catch {
      return; // no mkfifo on this system
    }
    expect(() => readRegularFile(join(dir, 'pipe'), 100)).toThrow(new Error('it is a named pipe (FIFO), not a regular file'));
  });

  it('readRegularFile() passes on the system error of a missing file, with its code', () => {
    expect(() => readRegularFile(join(dir, 'none.json'), 100)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
