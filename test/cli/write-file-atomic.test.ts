import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Lets a test make writes misbehave as a full disk or a killed process would: 'halfway' writes half
// of the first call's bytes and throws ENOSPC; 'short' makes every call write at most 1,000 bytes
// and say so (as write(2) may); 'full' writes part of the first call's bytes, then nothing (a
// nearly full disk: the system's next write would fail or write 0 bytes).
const disk = vi.hoisted(() => ({ mode: 'ok' as 'ok' | 'halfway' | 'short' | 'full', calls: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = (fd: number, data: string | NodeJS.ArrayBufferView, offset?: number, length?: number): number => {
    const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const from = typeof data === 'string' ? 0 : (offset ?? 0);
    const count = typeof data === 'string' ? bytes.length : (length ?? bytes.length - from);
    const part = bytes.subarray(from, from + count);
    disk.calls++;
    switch (disk.mode) {
      case 'ok':
        return fs.writeSync(fd, part);
      case 'halfway':
        fs.writeSync(fd, part.subarray(0, part.length >> 1));
        throw Object.assign(new Error('ENOSPC: no space left on device, write (simulated)'), { code: 'ENOSPC' });
      case 'short':
        return fs.writeSync(fd, part.subarray(0, 1000));
      case 'full':
        return disk.calls === 1 ? fs.writeSync(fd, part.subarray(0, part.length >> 1)) : 0;
    }
  };
  return { ...fs, writeSync };
});

import { mountSmallDisk, unmountSmallDisk } from '../support/small-disk.js';

const { probeWriteFileAtomic, writeFileAtomic } = await import('../../src/cli/write-file-atomic.js');

/** Makes a named pipe with the system's mkfifo (Node has no call for it); false where there is none. */
function mkfifo(path: string): boolean {
  try {
    execFileSync('mkfifo', [path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memograd-atomic-'));
  disk.mode = 'ok';
  disk.calls = 0;
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
    disk.mode = 'halfway';
    expect(() => writeFileAtomic(file, 'x'.repeat(10_000))).toThrow(/ENOSPC/);
    expect(readFileSync(file, 'utf8')).toBe('the old model');
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('short writes are continued until every byte is written, multi-byte characters included', () => {
    const file = join(dir, 'model.json');
    writeFileSync(file, 'the old model');
    disk.mode = 'short';
    const text = 'é→𝔼'.repeat(1_000) + 'x'.repeat(2_345);
    writeFileAtomic(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(disk.calls).toBeGreaterThan(Buffer.byteLength(text) / 1000);
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('a write that stops short on a full disk is an error: the old file stays whole and the temporary one is removed', () => {
    const file = join(dir, 'model.json');
    writeFileSync(file, 'the old model');
    disk.mode = 'full';
    expect(() => writeFileAtomic(file, 'x'.repeat(10_000))).toThrow(new Error('the disk took only 5000 of 10000 bytes (no space left on the device?)'));
    expect(readFileSync(file, 'utf8')).toBe('the old model');
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('a target that is a folder is refused before anything is written, and the folder is left as it was', () => {
    const target = join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'kept');
    expect(() => writeFileAtomic(target, 'data')).toThrow(new Error('it is a directory, not a regular file'));
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('kept');
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('writes through a symbolic link: the file it points to gets the text, and the link stays a link', () => {
    mkdirSync(join(dir, 'real'));
    const real = join(dir, 'real', 'model.json');
    writeFileSync(real, 'old');
    const link = join(dir, 'link.json');
    symlinkSync(join('real', 'model.json'), link);
    writeFileAtomic(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join('real', 'model.json'));
    expect(readFileSync(real, 'utf8')).toBe('new');
    // The temporary file went beside the real file, and is gone.
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'real']);
    expect(readdirSync(join(dir, 'real'))).toEqual(['model.json']);
  });

  it('follows a chain of relative links, each from its own folder, as the system does where a folder on the way is a link', () => {
    // alias -> a/b; a/b/link.json -> ../../hop.json; hop.json -> real/model.json. The system reads
    // alias/../.. as a/b/../.., that is dir, not as the parent of dir that folding the text gives.
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'model.json'), 'old');
    symlinkSync(join('a', 'b'), join(dir, 'alias'));
    symlinkSync(join('..', '..', 'hop.json'), join(dir, 'a', 'b', 'link.json'));
    symlinkSync(join('real', 'model.json'), join(dir, 'hop.json'));
    writeFileAtomic(join(dir, 'alias', 'link.json'), 'new');
    expect(readFileSync(join(dir, 'real', 'model.json'), 'utf8')).toBe('new');
    expect(lstatSync(join(dir, 'hop.json')).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(dir, 'real'))).toEqual(['model.json']);
  });

  it('refuses a loop of symbolic links with code ELOOP, changing nothing', () => {
    symlinkSync('b.json', join(dir, 'a.json'));
    symlinkSync('a.json', join(dir, 'b.json'));
    expect(() => writeFileAtomic(join(dir, 'a.json'), 'x')).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.json']);
  });

  it('refuses a symbolic link to a file that does not exist, and one to a folder', () => {
    symlinkSync(join(dir, 'nothing.json'), join(dir, 'dangling.json'));
    expect(() => writeFileAtomic(join(dir, 'dangling.json'), 'x')).toThrow(new Error('it is a symbolic link to a file that does not exist'));
    mkdirSync(join(dir, 'folder'));
    symlinkSync(join(dir, 'folder'), join(dir, 'to-folder'));
    expect(() => writeFileAtomic(join(dir, 'to-folder'), 'x')).toThrow(new Error('it is a directory, not a regular file'));
    expect(readdirSync(dir).sort()).toEqual(['dangling.json', 'folder', 'to-folder']);
    expect(readdirSync(join(dir, 'folder'))).toEqual([]);
  });

  it('refuses a named pipe (FIFO) instead of replacing it with a regular file', (context) => {
    const fifo = join(dir, 'pipe');
    if (!mkfifo(fifo)) context.skip();
    expect(() => writeFileAtomic(fifo, 'x')).toThrow(new Error('it is a named pipe (FIFO), not a regular file'));
    expect(() => probeWriteFileAtomic(fifo)).toThrow(new Error('it is a named pipe (FIFO), not a regular file'));
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['pipe']);
  });

  it('keeps the permission bits of the file it replaces', () => {
    const file = join(dir, 'secret.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    writeFileAtomic(file, 'new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('new');
  });

  it('probeWriteFileAtomic() checks that a write can happen and changes nothing', () => {
    const file = join(dir, 'model.json');
    probeWriteFileAtomic(file);
    expect(readdirSync(dir)).toEqual([]);
    writeFileSync(file, 'old');
    probeWriteFileAtomic(file);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['model.json']);
    expect(() => probeWriteFileAtomic(join(dir, 'no', 'file.json'))).toThrow(/ENOENT/);
    mkdirSync(join(dir, 'sub'));
    expect(() => probeWriteFileAtomic(join(dir, 'sub'))).toThrow(new Error('it is a directory, not a regular file'));
  });

  it('a missing folder is an error, and nothing is created', () => {
    expect(() => writeFileAtomic(join(dir, 'no', 'such', 'file.json'), 'data')).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('on a real nearly full disk (a 64 KB tmpfs) a text too large to fit is an error, and the old file stays whole', (context) => {
    const disk = mountSmallDisk('64k');
    if (disk === undefined) return context.skip();
    try {
      const file = join(disk, 'model.json');
      writeFileAtomic(file, 'the old model');
      expect(() => writeFileAtomic(file, 'x'.repeat(100_000))).toThrow(/ENOSPC|no space left/);
      expect(readFileSync(file, 'utf8')).toBe('the old model');
      expect(readdirSync(disk)).toEqual(['model.json']);
      // What fits is still written whole.
      writeFileAtomic(file, 'y'.repeat(20_000));
      expect(readFileSync(file, 'utf8')).toBe('y'.repeat(20_000));
    } finally {
      unmountSmallDisk(disk);
    }
  });
});
