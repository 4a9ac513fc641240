import type { GradientCheck, GradientReport } from './check-grads.js';

/**
 * A report as text for a test runner's output: a summary line, then one line per check (the
 * failed ones first) with both derivatives, the error and the tolerance, and why it did not pass.
 *
 * @example
 * console.log(formatReport(checkGrads((x) => x.sin(), [1])));
 */
export function formatReport(report: GradientReport): string {
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  const inconclusive = report.checks.filter((c) => c.status === 'inconclusive').length;
  const at = `at xs = [${report.point.join(', ')}]`;
  const head =
    failed > 0
      ? `checkGrads: ${failed} of ${report.checks.length} checks failed ${at}`
      : inconclusive > 0
        ? `checkGrads: ${inconclusive} of ${report.checks.length} checks inconclusive ${at}`
        : `checkGrads: all ${report.checks.length} checks passed ${at}`;
  const rank = { fail: 0, inconclusive: 1, pass: 2 } as const;
  const rows = report.checks
    .map((c, i) => [c, i] as const)
    .sort(([a, i], [b, j]) => rank[a.status] - rank[b.status] || i - j)
    .map(([c]) => line(c));
  return [head, ...rows].join('\n');
}

function line(c: GradientCheck): string {
  const status = c.status === 'fail' ? 'FAIL' : c.status === 'inconclusive' ? 'INCONCLUSIVE' : 'pass';
  const compare = c.status === 'pass' ? '<=' : c.status === 'fail' ? '>' : '?';
  const numbers = `analytic ${num(c.analytic)}, numeric ${num(c.numeric)}, error ${num(c.error)} ${compare} ${num(c.tolerance)}`;
  return `  ${status.padEnd(12)} order ${c.order} ${c.mode.padEnd(7)} ${c.path}: ${numbers}${c.reason === '' ? '' : ` (${c.reason})`}`;
}

function num(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x);
}
