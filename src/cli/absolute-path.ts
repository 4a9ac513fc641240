import { resolve } from 'node:path';

/**
 * `path` made absolute against the current folder, for a message that says where a file went; or
 * `path` as given when the current folder cannot be read (removed after it was entered, or deeper
 * than getcwd() can return), where the relative name is still the right one to show.
 */
export function absolutePath(path: string): string {
  try {
    return resolve(path);
  } catch {
    return path;
  }
}

/** Whether the current folder was removed after it was entered (so a relative path names nothing). */
export function currentFolderIsGone(): boolean {
  try {
    process.cwd();
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
