import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Lets a test make the next write stop halfway, as a full disk or a killed process would.
const interrupt = vi.hoisted(() => ({ on: false }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    writeSync: (fd: number, text: string) => {
      if (!interrupt.on) return fs.writeSync(fd, text);
      fs.writeSync(fd, text.slice(0, text.length / 2));
      throw new Error('ENOSPC: no space left on device, write (simulated)');
    },
  };
});

const { writeFileAtomic } = await import('../../src/cli/write-file-atomic.js');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memograd-atomic-'));
  interrupt.on = false;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an old one, leaving no temporary file', () => {
    const file = join(dir, 'model.json');
    writeFileAtomic(file, 'first');
    expect(readFileSync(file, 'utf8')).toBe('first');
    writeFileAtomic(file, 'second');
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('a write interrupted halfway leaves the old file whole and removes the temporary one', () => {
    const file = join(dir, 'model.json');
    writeFileSync(file, 'the old model');
    interrupt.on = true;
    expect(() => writeFileAtomic(file, 'x'.repeat(10_000))).toThrow(/ENOSPC/);
    expect(readFileSync(file, 'utf8')).toBe('the old model');
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('a failed rename (the target is a folder) changes nothing and removes the temporary file', () => {
    const target = join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'kept');
    expect(() => writeFileAtomic(target, 'data')).toThrow();
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('kept');
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('a missing folder is an error, and nothing is created', () => {
    expect(() => writeFileAtomic(join(dir, 'no', 'such', 'file.json'), 'data')).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
