/**
 * A vitest reporter listed after the default one: when the run held browser tests and there was
 * no Chromium to run them, its last lines say so plainly, and how to enable them.
 */
import type { Reporter, TestModule } from 'vitest/node';
import { ENABLE_BROWSER_TESTS, findChromium } from './chromium.js';

export default class BrowserSkipReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    const browserFiles = testModules.filter((m) => /[\\/]test[\\/]playground[\\/]/.test(m.moduleId)).length;
    let chromium = '';
    try {
      chromium = findChromium();
    } catch {
      return; // a bad MEMOGRAD_CHROMIUM already failed the run, with its own message
    }
    if (browserFiles === 0 || chromium !== '') return;
    process.stdout.write(
      `\n  Browser tests SKIPPED (${browserFiles} file${browserFiles === 1 ? "" : "s"}): no Chromium found.\n` +
        `  To run them, ${ENABLE_BROWSER_TESTS}; under CI=true a missing browser fails the run.\n\n`,
    );
  }
}
