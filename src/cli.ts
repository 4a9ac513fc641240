import { demo, DEMO_USAGE } from './cli/demo.js';
import { parseCommandLine } from './cli/command-line.js';
import { graph, GRAPH_USAGE } from './cli/graph.js';
import { grad, GRAD_USAGE } from './cli/grad.js';
import { train } from './cli/train.js';
import { TRAIN_USAGE } from './cli/train-options.js';
import { printable } from './cli/printable.js';
import { UsageError } from './cli/usage-error.js';
import { CommandLineError, reportCommandError, usageHint } from './cli/command-errors.js';
import { didYouMeanHint } from './cli/did-you-mean.js';
import { VERSION } from './cli/version.js';

const USAGE = `Usage: memograd <command> [options]

Commands:
  demo                     The toy network of "Backpropagation Demystified" step by step, then
                           micrograd's demo: an MLP trained on moons, pictures written to ./out/
                           (memograd demo --help).
  train ...                Train an MLP on a toy dataset (memograd train --help).
  graph --toy ...          Draw the toy network as the post's Figure 2 (memograd graph --help).
  grad "<expression>" ...  Differentiate an expression at a point (memograd grad --help).
  help [command]           Show this message, or a command's options.

Options:
  -h, --help     Show this message.
  -v, --version  Print memograd's version.
`;

const HELP_USAGE = `Usage: memograd help [command]

Prints memograd's commands, or the options of one command (the same as memograd <command> --help).

Options:
  -h, --help    show this message
  --version     print memograd's version
`;

/** A subcommand: gets the arguments after its name, returns the exit code. */
type Command = (args: readonly string[]) => number | Promise<number>;

/** `memograd help [command]`: the usage of memograd, or of a command. */
function help(args: readonly string[]): number {
  let name: string | undefined;
  try {
    const { options, positionals } = parseCommandLine(args, { help: 'flag', version: 'flag' });
    if (options.has('help')) return print(HELP_USAGE);
    if (options.has('version')) return print(`${VERSION}\n`);
    if (positionals.length > 1) throw new CommandLineError(`unexpected argument '${printable(positionals[1] as string)}' (memograd help takes one command)`);
    name = positionals[0];
  } catch (e) {
    return reportCommandError('help', e, process.stderr);
  }
  if (name === undefined) return print(USAGE);
  const usage = Object.hasOwn(USAGES, name) ? USAGES[name] : undefined;
  if (usage !== undefined) return print(usage);
  // The help to point at is memograd's own, which lists the commands.
  process.stderr.write(`memograd help: unknown command '${printable(name)}'${didYouMeanHint(name, Object.keys(USAGES))}\n${usageHint()}\n`);
  return 2;
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

// Subcommands (demo, train, graph, grad, help) register here; each parses its own options.
const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['demo', (args) => demo(args)],
  ['train', (args) => train(args)],
  ['graph', graph],
  ['grad', grad],
  ['help', help],
]);

/** Each command's help, as `memograd <command> --help` prints it. */
const USAGES: Readonly<Record<string, string>> = { demo: DEMO_USAGE, train: TRAIN_USAGE, graph: GRAPH_USAGE, grad: GRAD_USAGE, help: HELP_USAGE };

const GLOBAL_OPTIONS = ['--help', '--version'];

function main(argv: readonly string[]): number | Promise<number> {
  // Options before the command are memograd's own (-h, --help, -v, --version); the arguments
  // after it are the command's, which it parses itself. '--' ends memograd's options.
  let wantHelp = false;
  let wantVersion = false;
  let at = 0;
  for (; at < argv.length; at++) {
    const arg = argv[at] as string;
    if (arg === '--') {
      at++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const flag = name === '-h' || name === '--help' ? 'help' : name === '-v' || name === '--version' ? 'version' : undefined;
    if (flag === undefined) throw new UsageError(`unknown option '${printable(name)}'${didYouMeanHint(name, GLOBAL_OPTIONS)}`);
    if (eq !== -1) throw new UsageError(`option '--${flag}' takes no value`);
    if (flag === 'help' ? wantHelp : wantVersion) throw new UsageError(`option '--${flag}' is given twice`);
    if (flag === 'help') wantHelp = true;
    else wantVersion = true;
  }
  const [name, ...rest] = argv.slice(at);
  if (wantHelp) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (wantVersion) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  // No command: say what there is, and write nothing (the demo writes ./out/ where it is run).
  if (name === undefined) {
    process.stdout.write(USAGE);
    return 0;
  }
  const command = COMMANDS.get(name);
  if (command === undefined) throw new UsageError(`unknown command '${printable(name)}'${didYouMeanHint(name, [...COMMANDS.keys()])}`);
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
    process.stderr.write(`memograd: ${e.message}\n${usageHint()}\n`);
    process.exitCode = 2;
  } else {
    // One line, as every message: a bug's message may run over lines or hold control characters.
    process.stderr.write(`memograd: internal error: ${printable(e instanceof Error ? e.message : String(e), 300)}\n`);
    process.exitCode = 1;
  }
}
