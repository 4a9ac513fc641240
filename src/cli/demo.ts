import { toyWalkthrough } from '../index.js';
import { CommandLineError, parseCommandLine } from './command-line.js';
import { reportCommandError } from './command-errors.js';
import { printable } from './printable.js';
import { train, type TrainIO } from './train.js';
import { VERSION } from './version.js';

/** `memograd demo --help`. */
export const DEMO_USAGE = `Usage: memograd demo [--out DIR]

Prints the walkthrough of the toy network of "Backpropagation Demystified" (forward values, the
deltas, and dE/dw1..dE/dw6 by backward(), by the post's delta rule and by finite differences),
then runs micrograd's demo: memograd train with its defaults, an MLP(2, [16, 16, 1]) trained on
moons for 100 steps, its two pictures written to DIR (what npm start runs).

Options:
  --out DIR     folder for the pictures (default out), made if missing
  -h, --help    show this message
  --version     print memograd's version
`;

/** `memograd demo`: the walkthrough, then `memograd train` with its defaults; returns the exit code. */
export function demo(args: readonly string[], io: TrainIO = process): number {
  let out = 'out';
  try {
    const { options, positionals } = parseCommandLine(args, { help: 'flag', version: 'flag', out: 'value' });
    if (options.has('help')) {
      io.stdout.write(DEMO_USAGE);
      return 0;
    }
    if (options.has('version')) {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (positionals.length > 0) throw new CommandLineError(`unexpected argument '${printable(positionals[0] as string)}' (memograd demo takes only options)`);
    const given = options.get('out');
    if (given === '') throw new CommandLineError("--out needs a folder name, got ''");
    if (typeof given === 'string') out = given;
  } catch (e) {
    return reportCommandError('demo', e, io.stderr);
  }
  // The walkthrough comes once the output folder is known to be usable, so a bad --out costs nothing.
  return train(['--out', out], io, { command: 'demo', intro: `${toyWalkthrough()}\n\n` });
}
