import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/cli/write-file-atomic.js';

const dir = mkdtempSync(join(tmpdir(), 'memograd-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic()', () => {
  it('writeFileAtomic() creates or replaces a file and leaves no temporary file', () => {
    const path = join(dir, 'a.svg');
    writeFileAtomic(path, 'first');
    writeFileAtomic(path, 'second');
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(dir)).toEqual(['a.svg']);
  });

  it('writeFileAtomic() that fails leaves the old file whole and removes its temporary file', () => {
    const target = join(dir, 'b');
    mkdirSync(target);
    writeFileSync(join(target, 'keep'), 'x');
    expect(() => writeFileAtomic(target, 'data')).toThrow(); // a directory cannot be renamed over
    expect(readFileSync(join(target, 'keep'), 'utf8')).toBe('x');
    expect(readdirSync(dir).sort()).toEqual(['a.svg', 'b']);
    expect(() => writeFileAtomic(join(dir, 'missing', 'c.svg'), 'data')).toThrow(/ENOENT/);
  });
});
