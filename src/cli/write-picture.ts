import { toSvg } from '../svg.js';
import { fileErrorReason } from './file-error-reason.js';
import { writeFileAtomic } from './write-file-atomic.js';
import { OutputError } from './command-errors.js';
import { printable, printablePath } from './printable.js';

/** A picture could not be made or written: reported on one line, with exit code 1. */
export class PictureError extends OutputError {
  override name = 'PictureError';
}

/** Writes a DOT graph to `path` as DOT, or as SVG rendered by Graphviz if `svg` is true. */
export async function writePicture(path: string, dot: string, svg: boolean): Promise<void> {
  let data = dot;
  if (svg) {
    try {
      data = await toSvg(dot);
    } catch (e) {
      throw new PictureError(`cannot draw ${printablePath(path)}: ${printable(e instanceof Error ? e.message : String(e), 160)}`);
    }
  }
  try {
    writeFileAtomic(path, data);
  } catch (e) {
    throw new PictureError(`cannot write ${printablePath(path)}: ${fileErrorReason(e, path)}`);
  }
}
