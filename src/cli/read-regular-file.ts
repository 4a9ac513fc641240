import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { fileKind } from './file-kind.js';

/**
 * The most bytes `memograd train --load` reads: a model within the 1,000,000-parameter limit takes
 * at most about 25 MB of JSON (at most 24 characters a number), so anything larger is not one.
 */
export const MAX_LOAD_BYTES = 64 * 2 ** 20;

const CHUNK = 1 << 16;

/**
 * The UTF-8 text of the regular file at `path` (symbolic links followed), at most `maxBytes` long.
 * Anything else is refused at once with an error whose message says why: a FIFO (which would wait
 * for a writer forever), a device such as /dev/zero (which never ends), a directory, or a file
 * larger than `maxBytes` (also one that grows past it while being read).
 */
export function readRegularFile(path: string, maxBytes: number): string {
  // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new Error(`it is ${fileKind(stats)}, not a regular file`);
    if (stats.size > maxBytes) throw new Error(tooLarge(maxBytes, stats.size));
    // Read to the end rather than stats.size bytes (the file may have changed since), a chunk at a
    // time, and never more than the cap.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new Error(tooLarge(maxBytes));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function tooLarge(maxBytes: number, size?: number): string {
  const limit = maxBytes >= 2 ** 20 ? `${maxBytes / 2 ** 20} MiB` : `${maxBytes} bytes`;
  return `it is larger than ${limit}${size === undefined ? '' : ` (${size.toLocaleString('en-US')} bytes)`}`;
}
