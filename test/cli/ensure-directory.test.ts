import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Lets a test make mkdir answer as /proc does: ENOENT for a folder whose parent exists.
const procfs = vi.hoisted(() => ({ on: false, calls: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    mkdirSync: (path: string, options?: object) => {
      procfs.calls++;
      if (procfs.on) throw Object.assign(new Error(`ENOENT: no such file or directory, mkdir '${path}'`), { code: 'ENOENT', errno: -2, path });
      return fs.mkdirSync(path, options);
    },
  };
});

const { ensureDirectory } = await import('../../src/cli/ensure-directory.js');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memograd-mkdir-'));
  procfs.on = false;
  procfs.calls = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ensureDirectory()', () => {
  it('ensureDirectory() makes a folder and its missing parents, one mkdir each, and accepts one that exists', () => {
    ensureDirectory(join(dir, 'a', 'b', 'c'));
    expect(statSync(join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
    expect(procfs.calls).toBe(3);
    ensureDirectory(join(dir, 'a', 'b', 'c'));
    ensureDirectory(dir);
    expect(procfs.calls).toBe(3);
  });

  it('ensureDirectory() on a file system whose mkdir answers ENOENT (procfs) throws after one call instead of looping', () => {
    procfs.on = true;
    const error = (() => {
      try {
        ensureDirectory(join(dir, 'x', 'y'));
        return undefined;
      } catch (e) {
        return e as NodeJS.ErrnoException;
      }
    })();
    expect(error?.code).toBe('ENOENT');
    expect(error?.path).toBe(join(dir, 'x'));
    expect(procfs.calls).toBe(1);
  });

  it('ensureDirectory() reports the file in the way with code ENOTDIR and its path, and makes nothing', () => {
    writeFileSync(join(dir, 'file'), '');
    for (const target of [join(dir, 'file'), join(dir, 'file', 'sub', 'deeper')]) {
      expect(() => ensureDirectory(target)).toThrow(expect.objectContaining({ code: 'ENOTDIR', path: join(dir, 'file') }));
    }
    expect(procfs.calls).toBe(0);
  });
});
