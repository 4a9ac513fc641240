import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** How to enable the browser tests, for the messages of a run without Chromium. */
export const ENABLE_BROWSER_TESTS =
  'install Chromium (apt-get install chromium) or set MEMOGRAD_CHROMIUM=/path/to/chromium';

/**
 * The Chromium the browser tests drive: $MEMOGRAD_CHROMIUM if set, else `command -v chromium`;
 * '' when there is none. A set MEMOGRAD_CHROMIUM that is not a file is an error, not a skip.
 */
export function findChromium(): string {
  const given = process.env['MEMOGRAD_CHROMIUM'];
  if (given !== undefined && given !== '') {
    if (!existsSync(given)) throw new Error(`MEMOGRAD_CHROMIUM=${given}: no such file`);
    return given;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
