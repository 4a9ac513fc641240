import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
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
});
