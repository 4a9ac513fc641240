/** `n` and a countable word, plural unless n is 1: "1 step", "100 steps", "0 steps". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
