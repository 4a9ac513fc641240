// The library through its barrel: dist/cli.js then loads dist/index.js (tsup.config.ts).
import { EXPRESSION_FUNCTIONS, ParseError, Value, evaluateExpression, parseExpression, toDot } from '../index.js';
import { CommandLineError, fileOption, parseCommandLine, precisionOption } from './command-line.js';
import { InputError } from './command-errors.js';
import { absolutePath } from './absolute-path.js';
import { VERSION } from './version.js';
import { parseAssignments } from './assignments.js';
import { printable, printablePath } from './printable.js';
import { writePicture } from './write-picture.js';
import { reportCommandError } from './command-errors.js';

/** `memograd grad --help`. */
export const GRAD_USAGE = `Usage: memograd grad "<expression>" [name=value ...] [--dot FILE] [--svg FILE] [--precision N]

Parses the expression, evaluates it with Values at the given point (a repeated subexpression,
like x+1 in (x+1)*(x+1), is built once), runs backward() and prints its value and its gradient
with respect to every variable.

Expressions: numbers (2, 0.5, 1e-3), variables (x, w_1), + - * /, ^ or ** (right-associative,
tighter than unary minus: -x^2 = -(x^2)), unary minus, parentheses, and the functions
${wrapped(Object.entries(EXPRESSION_FUNCTIONS).map(([f, n]) => (n === 2 ? `${f}(a, b)` : f)))}

Options:
  name=value     the value of a variable, a finite decimal number (every variable needs one):
                 x=0.5 w=-1 b=2
  --dot FILE     also write the graph as Graphviz DOT (FILE ends in .dot)
  --svg FILE     also draw the graph as SVG (FILE ends in .svg; drawn by the optional package
                 @hpcc-js/wasm-graphviz)
  --precision N  significant digits of the numbers in the picture (default 4)
  -h, --help     show this message
  --version      print memograd's version

Each file written is named on a line after the gradient.

An expression that starts with '-' needs nothing before it (memograd grad "-x^2" x=3); one that
starts with '--' goes after a -- argument, which ends the options: memograd grad -- "--x" x=3.

Example:
  memograd grad "tanh(x*w + b)" x=0.5 w=-1 b=2 --svg tanh.svg
`;

/** Words on lines of at most 98 characters, each indented by two spaces (the help's layout). */
function wrapped(words: readonly string[]): string {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > 96) {
      lines.push(`  ${line}`);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(`  ${line}`);
  return lines.join('\n');
}

/** `memograd grad`: the value and gradient of an expression at a point, and optionally its picture. */
export async function grad(args: readonly string[]): Promise<number> {
  try {
    const { options, positionals } = parseCommandLine(args, { help: 'flag', version: 'flag', dot: 'value', svg: 'value', precision: 'value' }, { expressionFirst: true });
    if (options.has('help')) {
      process.stdout.write(GRAD_USAGE);
      return 0;
    }
    if (options.has('version')) {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const [source, ...assignments] = positionals;
    if (source === undefined) throw new CommandLineError('no expression given');
    const precision = precisionOption(options.get('precision'));
    const dotFile = fileOption(options, 'dot', '.dot');
    const svgFile = fileOption(options, 'svg', '.svg');
    const given = parseAssignments(assignments);
    let expression;
    try {
      expression = parseExpression(source);
    } catch (e) {
      // The expression's own mistake, said with its column: the options' help would not help.
      if (e instanceof ParseError) throw new InputError(e.message);
      throw e;
    }
    for (const name of expression.variables) {
      if (!given.has(name)) {
        const at = expression.steps.find((s) => s.kind === 'variable' && s.name === name)?.start ?? 0;
        throw new CommandLineError(`no value given for variable '${printable(name)}' (at column ${[...source.slice(0, at)].length + 1})`);
      }
    }
    const inputs: Record<string, Value> = {};
    for (const [name, value] of given) {
      if (Object.hasOwn(EXPRESSION_FUNCTIONS, name)) throw new CommandLineError(`'${name}' is a function, not a variable`);
      if (!expression.variables.includes(name)) {
        process.stderr.write(`memograd grad: warning: variable '${printable(name)}' does not appear in the expression (its gradient is 0)\n`);
      }
      // A leaf per given name, the unused ones too: their gradient is then a true 0.
      Object.defineProperty(inputs, name, { value: new Value(value, name), enumerable: true });
    }

    // Shared: a repeated subexpression is one node, in the picture and in backward().
    const { output } = evaluateExpression(expression, inputs, { share: true });
    output.backward();
    const rows: [string, number][] = [['value', output.data], ...Object.values(inputs).map((v): [string, number] => [`d/d${v.label}`, v.grad])];
    const width = rows.reduce((w, [name]) => Math.max(w, name.length), 0);
    process.stdout.write(rows.map(([name, x]) => `${name.padEnd(width)}  ${x < 0 || Object.is(x, -0) ? '' : ' '}${show(x)}\n`).join(''));

    const pictureOptions = precision === undefined ? {} : { precision };
    if (dotFile !== undefined) {
      await writePicture(dotFile, toDot(output, pictureOptions), false);
      process.stdout.write(`Wrote ${printablePath(absolutePath(dotFile))}\n`);
    }
    if (svgFile !== undefined) {
      await writePicture(svgFile, toDot(output, pictureOptions), true);
      process.stdout.write(`Wrote ${printablePath(absolutePath(svgFile))}\n`);
    }
    return 0;
  } catch (e) {
    return reportCommandError('grad', e, process.stderr);
  }
}

/** A number in full (the shortest text that reads back the same double), with -0 as "-0". */
function show(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}
