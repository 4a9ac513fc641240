import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileErrorReason } from '../../src/cli/file-error-reason.js';

const dir = mkdtempSync(join(tmpdir(), 'memograd-reason-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An error as Node's fs calls throw them, its message naming a temporary file. */
const errno = (code: string, errnum: number) => Object.assign(new Error(`${code}: failed, rename '/x/.f.123.tmp' -> '/x/f'`), { code, errno: errnum });

describe('fileErrorReason()', () => {
  it('fileErrorReason() says a directory is missing only when it is', () => {
    expect(fileErrorReason(errno('ENOENT', -2), join(dir, 'missing', 'f.svg'))).toBe('its directory does not exist');
    expect(fileErrorReason(errno('ENOENT', -2), join(dir, 'f.svg'))).toBe('no such file or directory (ENOENT), though its directory exists');
  });

  it.each([
    ['ENOTDIR', -20, 'a part of its path is not a directory'],
    ['EISDIR', -21, 'it is a directory'],
    ['EACCES', -13, 'permission denied'],
    ['EROFS', -30, 'the file system is read-only'],
    ['ENOSPC', -28, 'no space left on the device'],
    ['EIO', -5, 'i/o error (EIO)'],
  ])('fileErrorReason() words %s without the system message, which names the temporary file', (code, errnum, reason) => {
    expect(fileErrorReason(errno(code, errnum), join(dir, 'f'))).toBe(reason);
  });

  it('fileErrorReason() gives the code alone for a code it cannot describe, and the message of an error without a code', () => {
    expect(fileErrorReason(Object.assign(new Error('EWEIRD: rename /x/.f.tmp'), { code: 'EWEIRD' }), 'f')).toBe('EWEIRD');
    expect(fileErrorReason(new Error('it is a directory, not a regular file'), 'f')).toBe('it is a directory, not a regular file');
    expect(fileErrorReason('odd', 'f')).toBe('odd');
  });
});
