import { editDistance } from '../expression/edit-distance.js';
/**
 * The candidate a mistyped `word` most likely meant, for a "did you mean" hint: the only candidate
 * that `word` begins (`--ste` for `--steps`), else the only one nearest to it by edit distance
 * (insertions, deletions, substitutions and swaps of two neighbours, case ignored), if that
 * distance is at most 2 and at most a third of the word's length (at least 1), so that a short
 * word is not matched to an unrelated one; undefined when no candidate, or more than one, fits.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  // A word of hundreds of characters is no typo of a command or an option.
  if (word.length === 0 || word.length > 40) return undefined;
  const lower = word.toLowerCase();
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(lower) && c.length > word.length);
  if (prefixed.length === 1) return prefixed[0];
  const limit = Math.max(1, Math.min(2, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  let ties = 0;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      [best, bestDistance, ties] = [candidate, d, 1];
    } else if (d === bestDistance) {
      ties++;
    }
  }
  return bestDistance <= limit && ties === 1 ? best : undefined;
}

/** `"; did you mean 'x'?"` for the candidate `didYouMean` finds, else `''`: the end of a one-line message. */
export function didYouMeanHint(word: string, candidates: readonly string[]): string {
  const guess = didYouMean(word, candidates);
  return guess === undefined ? '' : `; did you mean '${guess}'?`;
}
