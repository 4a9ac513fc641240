import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { didYouMean, didYouMeanHint } from '../../src/cli/did-you-mean.js';

const COMMANDS = ['demo', 'train', 'graph', 'grad', 'help'];
const TRAIN = ['--dataset', '--samples', '--noise', '--layers', '--activation', '--optimizer', '--lr', '--schedule', '--l2', '--steps', '--batch-size', '--seed', '--out', '--save', '--load', '--quiet', '--help'];

describe('didYouMean()', () => {
  it.each<[string, string, readonly string[]]>([
    ['trian', 'train', COMMANDS], // two neighbours swapped
    ['tran', 'train', COMMANDS], // a letter left out (and a prefix)
    ['grpah', 'graph', COMMANDS],
    ['hlep', 'help', COMMANDS],
    ['Train', 'train', COMMANDS], // case ignored
    ['dem', 'demo', COMMANDS], // the only command it begins
    ['--stpes', '--steps', TRAIN],
    ['--step', '--steps', TRAIN],
    ['--optimiser', '--optimizer', TRAIN],
    ['--batchsize', '--batch-size', TRAIN],
    ['--datset', '--dataset', TRAIN],
    ['--sam', '--samples', TRAIN], // the only option it begins
    ['gra', 'grad', COMMANDS], // begins graph and grad, but is one letter from grad only
  ])('didYouMean(%j) is %j', (word, expected, candidates) => {
    expect(didYouMean(word, candidates)).toBe(expected);
  });

  it.each<[string, readonly string[]]>([
    ['g', COMMANDS], // begins graph and grad, and is near neither
    ['--sa', TRAIN], // begins --samples and --save
    ['--bogus', TRAIN],
    ['x', COMMANDS],
    ['--x', ['--lr', '--l2']], // two away from both: not a typo of either
    ['', COMMANDS],
    ['t'.repeat(100), ['t'.repeat(99)]],
  ])('didYouMean(%j) suggests nothing', (word, candidates) => {
    expect(didYouMean(word, candidates)).toBeUndefined();
  });

  it('didYouMeanHint() ends a message with the suggestion, or with nothing', () => {
    expect(didYouMeanHint('trian', COMMANDS)).toBe("; did you mean 'train'?");
    expect(didYouMeanHint('bogus', COMMANDS)).toBe('');
  });

  it('didYouMean() finds an option with one letter dropped, changed or two swapped, whichever letter it is', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TRAIN.filter((o) => o.length >= 8)), fc.nat(), fc.constantFrom('drop', 'change', 'swap'), (option, at, how) => {
        // A letter of the name, not of the leading dashes.
        const i = 2 + (at % (option.length - 3));
        const typo =
          how === 'drop' ? option.slice(0, i) + option.slice(i + 1)
          : how === 'change' ? option.slice(0, i) + (option[i] === 'q' ? 'j' : 'q') + option.slice(i + 1)
          : option.slice(0, i) + (option[i + 1] as string) + (option[i] as string) + option.slice(i + 2);
        const guess = didYouMean(typo, TRAIN);
        // Either the option meant, or nothing if the typo is as near to another option.
        if (typo !== option) expect([option, undefined]).toContain(guess);
      }),
      { seed: 18, numRuns: 300 },
    );
  });
});
