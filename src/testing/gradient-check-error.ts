import type { GradientReport } from './check-grads.js';
import { formatReport } from './format-report.js';

/**
 * Thrown by `checkGrads` when a derivative disagrees with finite differences at a smooth point;
 * its message is the report as a table, one line per check, and `report` holds the numbers.
 */
export class GradientCheckError extends Error {
  /** The whole report, failed checks and passed ones alike. */
  readonly report: GradientReport;

  /** An error for `report`, whose message lists its checks. */
  constructor(report: GradientReport) {
    super(formatReport(report));
    // Set by hand: the build keeps no class names (tsup's keepNames is off).
    this.name = 'GradientCheckError';
    this.report = report;
  }
}
