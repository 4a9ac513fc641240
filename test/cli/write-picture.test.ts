import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Lets a test make the system calls fail as some file systems do, with the system's own messages
// (which name the temporary file).
const failure = vi.hoisted(() => ({ open: undefined as string | undefined, rename: undefined as string | undefined }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const errno = (code: string, errnum: number, message: string) => Object.assign(new Error(message), { code, errno: errnum });
  return {
    ...fs,
    openSync: (path: string, flags: string) => {
      if (failure.open === 'ENOENT') throw errno('ENOENT', -2, `ENOENT: no such file or directory, open '${path}'`);
      return fs.openSync(path, flags);
    },
    renameSync: (from: string, to: string) => {
      if (failure.rename === 'EIO') throw errno('EIO', -5, `EIO: i/o error, rename '${from}' -> '${to}'`);
      return fs.renameSync(from, to);
    },
  };
});

const { PictureError, writePicture } = await import('../../src/cli/write-picture.js');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memograd-picture-'));
  failure.open = undefined;
  failure.rename = undefined;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writePicture', () => {
  it('writePicture(path, dot, false) writes the DOT text as it is', async () => {
    await writePicture(join(dir, 'g.dot'), 'digraph {}\n', false);
    expect(readFileSync(join(dir, 'g.dot'), 'utf8')).toBe('digraph {}\n');
  });

  it('a missing directory is named as such', async () => {
    const path = join(dir, 'missing', 'g.dot');
    await expect(writePicture(path, 'digraph {}', false)).rejects.toThrow(new PictureError(`cannot write ${path}: its directory does not exist`));
  });

  it('ENOENT in a directory that exists (as /proc gives) says what is known, not that the directory is missing', async () => {
    failure.open = 'ENOENT';
    const path = join(dir, 'g.dot');
    await expect(writePicture(path, 'digraph {}', false)).rejects.toThrow(
      new PictureError(`cannot write ${path}: no such file or directory (ENOENT), though its directory exists`),
    );
  });

  it('a failed rename names the user\'s file only, never the temporary one, and leaves no temporary file', async () => {
    failure.rename = 'EIO';
    const path = join(dir, 'g.dot');
    const error = await writePicture(path, 'digraph {}', false).catch((e: unknown) => e);
    expect(error).toEqual(new PictureError(`cannot write ${path}: i/o error (EIO)`));
    expect((error as Error).message).not.toContain('.tmp');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a target that is not a regular file is refused, the folder left as it was', async () => {
    mkdirSync(join(dir, 'g.dot'));
    writeFileSync(join(dir, 'g.dot', 'inside'), 'kept');
    await expect(writePicture(join(dir, 'g.dot'), 'digraph {}', false)).rejects.toThrow(
      new PictureError(`cannot write ${join(dir, 'g.dot')}: it is a directory, not a regular file`),
    );
    expect(readFileSync(join(dir, 'g.dot', 'inside'), 'utf8')).toBe('kept');
  });
});
