import { parseArgs } from 'node:util';
import { toyWalkthrough } from './index.js';
import { graph } from './cli/graph.js';
import { grad } from './cli/grad.js';
import { train } from './cli/train.js';
import { printable } from './cli/printable.js';
import { UsageError } from './cli/usage-error.js';

const USAGE = `Usage: memograd [--help] [<command> ...]

With no command, prints a walkthrough of the toy network of "Backpropagation Demystified":
forward values, deltas and gradients by backward(), the delta rule and finite differences,
then the path-sum method's cost against backward()'s; then runs \`memograd train\` with its
defaults (micrograd's demo: an MLP on moons to 100% accuracy, with pictures in out/).

Commands:
  train ...                Train an MLP on a toy dataset (memograd train --help).
  graph --toy ...          Draw the toy network as the post's Figure 2 (memograd graph --help).
  grad "<expression>" ...  Differentiate an expression at a point (memograd grad --help).

Options:
  -h, --help   Show this message.
`;

/** A subcommand: gets the arguments after its name, returns the exit code. */
type Command = (args: readonly string[]) => number | Promise<number>;

// Subcommands (train, graph, grad) register here; each parses its own options.
const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['train', train],
  ['graph', graph],
  ['grad', grad],
]);

function main(argv: readonly string[]): number | Promise<number> {
  // Options before the first positional are global; the rest belongs to the subcommand, whose
  // options a strict global parse would reject.
  const first = argv.findIndex((a) => !a.startsWith('-') || a === '-');
  const globalArgs = first === -1 ? argv : argv.slice(0, first);
  const [name, ...rest] = first === -1 ? [] : argv.slice(first);

  let help: boolean;
  const options = { help: { type: 'boolean', short: 'h' } } as const;
  try {
    const { values } = parseArgs({ args: [...globalArgs], options, allowPositionals: false, strict: true });
    help = values.help === true;
  } catch (e) {
    // util.parseArgs's message can run over lines and quotes the argument whole: say it in one line.
    const { tokens } = parseArgs({ args: [...globalArgs], options, allowPositionals: true, strict: false, tokens: true });
    const bad = tokens.find((t) => t.kind === 'option' && (t.name !== 'help' || t.value !== undefined));
    if (bad?.kind === 'option') {
      throw new UsageError(bad.name === 'help' ? `option '${bad.rawName}' takes no value` : `unknown option '${printable(bad.rawName)}'`);
    }
    throw new UsageError((e instanceof Error ? e.message : String(e)).split('\n')[0] as string);
  }
  if (help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (name === undefined) {
    process.stdout.write(`${toyWalkthrough()}\n\n`);
    return train([]);
  }
  const command = COMMANDS.get(name);
  if (command === undefined) throw new UsageError(`unknown command '${printable(name)}'`);
  return command(rest);
}

// A reader that stops early (`memograd | head`) closes the pipe: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') process.stderr.write(`memograd: cannot write the output: ${e.message}\n`);
  process.exit(e.code === 'EPIPE' ? 0 : 1);
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`memograd: ${e.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`memograd: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
