import { closeSync, fchmodSync, fsyncSync, lstatSync, openSync, readlinkSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, isAbsolute } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileKind } from './file-kind.js';
import { withSignalsHeld } from './with-signals-held.js';

/**
 * Writes `text` to `path` atomically: into a temporary file beside it (flushed to disk), then
 * renamed over `path`. A reader, or a crash or Ctrl-C halfway, sees the old file or the new one,
 * never half of one; on an error the temporary file is removed and `path` is untouched.
 *
 * A symbolic link is written through: the file it points to is replaced (the temporary file goes
 * beside that file), and the link stays a link. An existing file keeps its permission bits. A
 * target that exists but is not a regular file (a directory, a FIFO, a device, a socket), or a
 * link to nothing, is refused with an error whose message says so, before anything is written.
 * SIGINT, SIGTERM and SIGHUP are held off while it writes (see `withSignalsHeld`), so that an
 * interrupt cannot leave the temporary file behind.
 */
export function writeFileAtomic(path: string, text: string): void {
  withSignalsHeld(() => write(path, text));
}

function write(path: string, text: string): void {
  const { target, mode } = resolveTarget(path);
  const tmp = temporaryName(target);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx');
    if (mode !== undefined) fchmodSync(fd, mode);
    writeAll(fd, Buffer.from(text, 'utf8'));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    removeQuietly(tmp);
    throw e;
  }
}

/**
 * Writes every byte of `data` to `fd`. write(2) may write fewer bytes than asked (a nearly full
 * disk does, without an error), so a short write is continued; a write that makes no progress is
 * an error, as the file would otherwise be renamed into place cut short.
 */
function writeAll(fd: number, data: Buffer): void {
  let done = 0;
  while (done < data.length) {
    const n = writeSync(fd, data, done, data.length - done);
    if (!(n > 0)) throw new Error(`the disk took only ${done} of ${data.length} bytes (no space left on the device?)`);
    done += n;
  }
}

/**
 * Checks that `writeFileAtomic(path, ...)` can write, without changing `path`: the target is a
 * regular file or absent, and a temporary file can be created (and is removed at once) where the
 * write would put it. Throws what `writeFileAtomic` would throw. For checking outputs before a long
 * computation rather than after it.
 */
export function probeWriteFileAtomic(path: string): void {
  const { target } = resolveTarget(path);
  const tmp = temporaryName(target);
  closeSync(openSync(tmp, 'wx'));
  removeQuietly(tmp);
}

/** The file to replace (the end of any symbolic links) and its permission bits, if it exists. */
function resolveTarget(path: string): { target: string; mode?: number } {
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { target: path };
    throw e;
  }
  let target = path;
  let stats = link;
  if (link.isSymbolicLink()) {
    target = followLinks(path);
    stats = statSync(target);
  }
  if (!stats.isFile()) throw new Error(`it is ${fileKind(stats)}, not a regular file`);
  return { target, mode: stats.mode & 0o7777 };
}

// Linux's limit on the links followed in one lookup (MAXSYMLINKS).
const MAX_LINKS = 40;

/**
 * Where the chain of symbolic links that starts at `path` ends: each link's target read in turn,
 * a relative one taken from the link's folder. Not realpathSync, which needs the current folder
 * for a relative path (and getcwd() fails in a folder deeper than PATH_MAX); the folders on the
 * way need not be resolved, since the temporary file only has to share the target's folder.
 */
function followLinks(path: string): string {
  let at = path;
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    const next = readlinkSync(at);
    // Joined as text, not by join(), whose '..' folding would differ from the system's where the
    // link's folder is itself reached through a link.
    at = isAbsolute(next) ? next : `${dirname(at)}/${next}`;
    let stats: Stats;
    try {
      stats = lstatSync(at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('it is a symbolic link to a file that does not exist');
      throw e;
    }
    if (!stats.isSymbolicLink()) return at;
  }
  throw Object.assign(new Error(`${path}: too many levels of symbolic links`), { code: 'ELOOP' });
}

function temporaryName(target: string): string {
  // As text, not join(): `target` may hold '..' after a link (see followLinks).
  return `${dirname(target)}/.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // It was never created, or is already gone.
  }
}
