import { parseArgs } from 'node:util';
import { toyWalkthrough } from './index.js';
import { graph } from './cli/graph.js';
import { grad } from './cli/grad.js';
import { train } from './cli/train.js';
import { printable } from './cli/printable.js';
import { UsageError } from './cli/usage-error.js';

// Defined by tsup from package.json (tsup.config.ts); run from source, there is none.
declare const __MEMOGRAD_VERSION__: string | undefined;
const VERSION = typeof __MEMOGRAD_VERSION__ === 'string' ? __MEMOGRAD_VERSION__ : '0.0.0-source';

const USAGE = `Usage: memograd <command> [options]

Commands:
  demo                     The toy network of "Backpropagation Demystified" step by step, then
                           micrograd's demo: an MLP trained on moons, pictures written to ./out/.
  train ...                Train an MLP on a toy dataset (memograd train --help).
  graph --toy ...          Draw the toy network as the post's Figure 2 (memograd graph --help).
  grad "<expression>" ...  Differentiate an expression at a point (memograd grad --help).

Options:
  -h, --help     Show this message.
  -v, --version  Print memograd's version.
`;

/** A subcommand: gets the arguments after its name, returns the exit code. */
type Command = (args: readonly string[]) => number | Promise<number>;

/** `memograd demo`: the walkthrough, then `memograd train` with its defaults (what `npm start` runs). */
function demo(args: readonly string[]): number | Promise<number> {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.length > 0) throw new UsageError(`unexpected argument '${printable(args[0] as string)}' (memograd demo takes none)`);
  process.stdout.write(`${toyWalkthrough()}\n\n`);
  return train([]);
}

// Subcommands (demo, train, graph, grad) register here; each parses its own options.
const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['demo', demo],
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
  let version: boolean;
  const options = { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } } as const;
  try {
    const { values } = parseArgs({ args: [...globalArgs], options, allowPositionals: false, strict: true });
    help = values.help === true;
    version = values.version === true;
  } catch (e) {
    // util.parseArgs's message can run over lines and quotes the argument whole: say it in one line.
    const { tokens } = parseArgs({ args: [...globalArgs], options, allowPositionals: true, strict: false, tokens: true });
    const bad = tokens.find((t) => t.kind === 'option' && (!Object.hasOwn(options, t.name) || t.value !== undefined));
    if (bad?.kind === 'option') {
      throw new UsageError(Object.hasOwn(options, bad.name) ? `option '${bad.rawName}' takes no value` : `unknown option '${printable(bad.rawName)}'`);
    }
    throw new UsageError((e instanceof Error ? e.message : String(e)).split('\n')[0] as string);
  }
  if (help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  // No command: say what there is, and write nothing (the demo writes ./out/ where it is run).
  if (name === undefined) {
    process.stdout.write(USAGE);
    return 0;
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
