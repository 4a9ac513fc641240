import { mkdirSync, statSync } from 'node:fs';
import { dirname, normalize } from 'node:path';

// No path has more components than this (PATH_MAX is 4096 on Linux, so at most 2048 one-letter
// components); the walk up stops there whatever the file system answers.
const MAX_DEPTH = 4096;

/**
 * Makes the folder `path` and any missing parents, as `mkdir -p` does, with one plain `mkdirSync`
 * per missing folder, outermost first. It does not use Node's `mkdirSync(path, { recursive: true })`,
 * which on a file system such as /proc (where mkdir answers ENOENT for a folder whose parent
 * exists) retries for ever. Throws the system's error (with its `code` and `path`: the folder that
 * could not be made), or an error with code ENOTDIR and the `path` of the first thing on the way
 * that exists and is not a folder.
 */
export function ensureDirectory(path: string): void {
  const missing: string[] = [];
  // Not resolve(), which needs the current folder (and getcwd() fails in a folder deeper than
  // PATH_MAX): a relative path is walked up to '.', which the system resolves by itself.
  let at = normalize(path);
  for (let depth = 0; ; depth++) {
    if (depth > MAX_DEPTH) throw Object.assign(new Error(`${path}: too many path components`), { code: 'ENAMETOOLONG', path });
    const kind = kindOf(at);
    if (kind === 'directory') break;
    if (kind === 'other') throw Object.assign(new Error(`${at} exists and is not a directory`), { code: 'ENOTDIR', path: at });
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break; // the root is missing: mkdir below reports it
    at = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (e) {
      // Made meanwhile by another process: fine, if it is a folder.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && kindOf(folder) === 'directory') continue;
      throw e;
    }
  }
}

function kindOf(path: string): 'directory' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'other';
  } catch (e) {
    // ENOTDIR: a parent is not a folder; the walk up finds which, and reports it.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw e;
  }
}
