import { statSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { currentFolderIsGone } from './absolute-path.js';
import { getSystemErrorMap } from 'node:util';

/**
 * Why a file-system operation on `path` (the path the user gave) failed, in a few words for a
 * one-line message. It says only what is known: a missing directory only when the directory is
 * indeed missing, and never the name of a temporary file (the system's message for a failed
 * rename names it, so errors with a code are described by the code alone). An error without a
 * code (the checks of `writeFileAtomic`) is described by its message.
 */
export function fileErrorReason(e: unknown, path: string): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return e instanceof Error ? e.message : String(e);
  switch (code) {
    case 'ENOENT':
      // A removed current folder still answers stat('.') as a folder, yet nothing can be made in it.
      if (!isAbsolute(path) && currentFolderIsGone()) return 'the current folder no longer exists';
      return isDirectory(dirname(path))
        ? 'no such file or directory (ENOENT), though its directory exists'
        : 'its directory does not exist';
    case 'ENOTDIR': return 'a part of its path is not a directory';
    case 'EISDIR': return 'it is a directory';
    case 'EEXIST': return 'it exists and is not a directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EROFS': return 'the file system is read-only';
    case 'ENOSPC': return 'no space left on the device';
    case 'EDQUOT': return 'the disk quota is exceeded';
    case 'ENAMETOOLONG': return 'the name is too long';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'ERR_INVALID_ARG_VALUE':
    case 'ERR_INVALID_ARG_TYPE':
      if (path.includes('\u0000')) return 'the name contains a NUL character';
      return code;
    case 'EXDEV': return 'the temporary file and the target are on different file systems';
    default: {
      const errno = (e as NodeJS.ErrnoException).errno;
      const known = typeof errno === 'number' ? getSystemErrorMap().get(errno) : undefined;
      return known === undefined ? code : `${known[1]} (${code})`;
    }
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
