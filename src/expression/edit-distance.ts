/**
 * @internal Optimal string alignment distance (insertions, deletions, substitutions and adjacent
 * transpositions): the expression parser's function suggestions and the CLI's "did you mean"
 * share it.
 */
export function editDistance(a: string, b: string): number {
  const width = b.length + 1;
  // Fixed size, so a wrong index reads undefined rather than growing the table.
  const d = new Float64Array((a.length + 1) * width);
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    d[i * width] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((d[(i - 1) * width + j] as number) + 1, (d[i * width + j - 1] as number) + 1, (d[(i - 1) * width + j - 1] as number) + cost);
      // At i or j = 1, a[-1] or b[-1] is undefined and matches no letter: no guard is needed.
      if (a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (d[(i - 2) * width + j - 2] as number) + 1);
      d[i * width + j] = v;
    }
  }
  return d[a.length * width + b.length] as number;
}
