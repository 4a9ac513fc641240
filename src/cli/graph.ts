import { buildToyNetwork, TOY_ACTIVATIONS, TOY_EXAMPLE_PARAMS, toyNetworkDot, type ToyActivation, type ToyParams } from '../index.js';
import { CommandLineError, fileOption, parseCommandLine, precisionOption } from './command-line.js';
import { absolutePath } from './absolute-path.js';
import { VERSION } from './version.js';
import { parseAssignments } from './assignments.js';
import { printable, printablePath } from './printable.js';
import { writePicture } from './write-picture.js';
import { reportCommandError } from './command-errors.js';

/** `memograd graph --help`. */
export const GRAPH_USAGE = `Usage: memograd graph --toy [--activation NAME] [--out FILE] [--precision N] [name=value ...]

Draws the toy network of "Backpropagation Demystified" in the shape of the post's Figure 2:
inputs and weights, multipliers, sums z, non-linearities a, and the loss E, each box with its
value and, after E.backward(), its gradient dE/d(box); the z boxes show the deltas
delta1(3) = dE/dz1(3), delta1(2) and delta2(2).

Options:
  --toy              draw the toy network (to draw an expression: memograd grad "<expression>" --svg FILE)
  --activation NAME  the non-linearity f: sigmoid (default), tanh or relu
  --out FILE         write FILE.svg (drawn by the optional package @hpcc-js/wasm-graphviz)
                     or FILE.dot, and name it on standard output; without --out, the DOT
                     goes to standard output
  --precision N      significant digits of the numbers (default 4)
  name=value         change an input, the target or a weight (x1 x2 y w1 ... w6); the rest are
                     x1=0.35 x2=0.9 y=0.5 w1=0.1 w2=0.8 w3=0.4 w4=0.6 w5=0.3 w6=0.9
  -h, --help         show this message
  --version          print memograd's version

Example:
  memograd graph --toy --activation tanh --out toy.svg
`;

const PARAMS: readonly (keyof ToyParams)[] = ['x1', 'x2', 'y', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6'];

/** `memograd graph`: the post's Figure 2 with values and gradients, as SVG or DOT. */
export async function graph(args: readonly string[]): Promise<number> {
  try {
    const { options, positionals } = parseCommandLine(args, { help: 'flag', version: 'flag', toy: 'flag', activation: 'value', out: 'value', precision: 'value' });
    if (options.has('help')) {
      process.stdout.write(GRAPH_USAGE);
      return 0;
    }
    if (options.has('version')) {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (!options.has('toy')) {
      throw new CommandLineError('nothing to draw: give --toy (to draw an expression: memograd grad "<expression>" --svg FILE)');
    }
    const activation = options.get('activation') ?? 'sigmoid';
    if (!(TOY_ACTIVATIONS as readonly unknown[]).includes(activation)) {
      throw new CommandLineError(`--activation must be sigmoid, tanh or relu, got '${printable(String(activation))}'`);
    }
    const out = fileOption(options, 'out', '.svg', '.dot');
    const svg = out !== undefined && /\.svg$/i.test(out);
    const precision = precisionOption(options.get('precision'));
    const params: Record<string, number> = { ...TOY_EXAMPLE_PARAMS };
    for (const [name, value] of parseAssignments(positionals)) {
      if (!(PARAMS as readonly string[]).includes(name)) {
        throw new CommandLineError(`unknown parameter '${printable(name)}': the toy network's are ${PARAMS.join(', ')}`);
      }
      params[name] = value;
    }

    const net = buildToyNetwork(params as unknown as ToyParams, activation as ToyActivation);
    net.E.backward();
    const dot = toyNetworkDot(net, precision === undefined ? {} : { precision });
    if (out === undefined) {
      process.stdout.write(dot);
    } else {
      await writePicture(out, dot, svg);
      process.stdout.write(`Wrote ${printablePath(absolutePath(out))}\n`);
    }
    return 0;
  } catch (e) {
    return reportCommandError('graph', e, process.stderr);
  }
}
