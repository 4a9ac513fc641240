/**
 * Random straight-line programs over Values: each step applies an op to two earlier registers,
 * chosen by index, so subexpressions are shared and reused. The result is the last register.
 */
import fc from 'fast-check';
import { checkEntries } from '../engine/core/array-entries.js';
import type { Value } from 'memograd';

/** One step of a program: `ops[op]` applied to registers `r` and `s` (each taken modulo the registers so far). */
export interface Step {
  /** The op's index in the program's op list. */
  op: number;
  /** Its first operand's register. */
  r: number;
  /** Its second operand's register (unary ops ignore it). */
  s: number;
}
/** An op of a random program: a function of two registers (unary ops ignore the second). */
export type Op = (r: Value, s: Value) => Value;

/**
 * Smooth ops that keep values tame for inputs in [-2, 2]: denominators and log arguments are
 * 1 + r² or more, exp and pow only see bounded arguments. Every op of Value appears, except the
 * kinked ones (relu, abs, max, min), so that finite differences apply everywhere.
 */
export const SMOOTH_OPS: readonly Op[] = [
  (r, s) => r.add(s),
  (r, s) => r.sub(s),
  (r, s) => r.mul(s),
  (r, s) => r.div(s.square().add(1)),
  (r) => r.neg(),
  (r) => r.tanh(),
  (r) => r.sigmoid(),
  (r) => r.square().add(1).log(),
  (r, s) => r.mul(0.5).add(s.tanh()),
  (r) => r.tanh().exp(),
  (r) => r.square().add(1).pow(0.5),
  (r, s) => r.square().add(1).pow(s.tanh()),
  (r) => r.tanh().pow(3),
  (r) => r.sin(),
  (r) => r.cos(),
  (r) => r.softplus(),
  (r) => r.logSigmoid(),
  (r) => r.square().log1p(),
  (r) => r.tanh().expm1(),
  (r) => r.square().add(1).sqrt(),
  (r) => r.sub(1).div(3),
  (r, s) => r.tanh().mul(s.sin()).add(r.cos()),
  (r) => r.tanh().tan(),
  (r) => r.atan(),
  (r) => r.tanh().sinh(),
  (r) => r.tanh().cosh(),
  (r) => r.asinh(),
  (r) => r.tanh().mul(0.5).atanh(),
  (r) => r.silu(),
  (r, s) => r.hypot(s.square().add(0.5)),
  (r) => r.hypot(0.75),
  (r) => r.erf(),
  (r) => r.gelu(),
  (r, s) => r.mul(s).erf().gelu(),
];

/**
 * SMOOTH_OPS plus the kinked ops, those whose local derivative can be a signed zero, and
 * stopGradient (which finite differences cannot check); no detach(), which compile() refuses.
 */
export const COMPILABLE_OPS: readonly Op[] = [
  ...SMOOTH_OPS,
  (r) => r.relu(),
  (r) => r.abs(),
  (r, s) => r.max(s),
  (r, s) => r.min(s),
  (r) => r.max(0.25),
  (r) => r.min(-0.25),
  (r) => r.mul(0),
  (r) => r.pow(0),
  (r, s) => r.mul(s.stopGradient()),
];

/** COMPILABLE_OPS plus detach(). */
export const ALL_OPS: readonly Op[] = [...COMPILABLE_OPS, (r) => r.detach().mul(r)];

/** A program of 1 to maxLength steps over `ops`. */
export function programArbitrary(ops: readonly Op[], maxLength: number): fc.Arbitrary<Step[]> {
  return fc.array(fc.record({ op: fc.nat({ max: ops.length - 1 }), r: fc.nat(), s: fc.nat() }), {
    minLength: 1,
    maxLength,
  });
}

/** Runs `steps` on `inputs`, returning the last register. */
export function runProgram(ops: readonly Op[], steps: readonly Step[], inputs: readonly Value[]): Value {
  const regs = inputs.slice();
  for (const { op, r, s } of steps) {
    const f = ops[op] as Op;
    regs.push(f(regs[r % regs.length] as Value, regs[s % regs.length] as Value));
  }
  return regs[regs.length - 1] as Value;
}

/** A program as a function of its inputs. */
export function programFunction(ops: readonly Op[], steps: readonly Step[]): (...xs: Value[]) => Value {
  return (...xs) => runProgram(ops, steps, xs);
}

/** Runs `steps` on `inputs`, returning the last `m` registers (or all of them, when fewer): outputs that share nodes. */
export function runProgramOutputs(ops: readonly Op[], steps: readonly Step[], inputs: readonly Value[], m: number): Value[] {
  const regs = inputs.slice();
  for (const { op, r, s } of steps) {
    const f = ops[op] as Op;
    regs.push(f(regs[r % regs.length] as Value, regs[s % regs.length] as Value));
  }
  return regs.slice(Math.max(0, regs.length - m));
}

/** A program with `m` outputs as a function of its inputs. */
export function programVectorFunction(ops: readonly Op[], steps: readonly Step[], m: number): (...xs: Value[]) => Value[] {
  return (...xs) => runProgramOutputs(ops, steps, xs, m);
}

/** Which ops a random program draws from: a name for one of the three lists above, or a list of your own. */
export type ProgramOps = 'smooth' | 'compilable' | 'all' | readonly Op[];

/** The shape of the random programs `arbitraryProgram` makes. */
export interface ProgramOptions {
  /** The ops drawn from (default 'smooth': differentiable everywhere on [-2, 2], so finite differences apply at every point). */
  readonly ops?: ProgramOps;
  /** The most steps a program takes (default 12); each step is one op on two earlier registers. */
  readonly maxLength?: number;
  /** How many inputs the program's function takes (default 2). */
  readonly inputs?: number;
  /** How many outputs it returns (default 1: a Value; more: an array of the last registers, which share nodes). */
  readonly outputs?: number;
}

/** A random program: its steps, and the function of Values they make. */
export interface Program {
  /** The steps, each an op (by index into `ops`) applied to two earlier registers. */
  readonly steps: readonly Step[];
  /** The ops the steps index. */
  readonly ops: readonly Op[];
  /** The function of `inputs` Values the program computes: a Value, or an array of `outputs` Values. */
  readonly fn: (...xs: Value[]) => Value | Value[];
  /** How many inputs `fn` takes. */
  readonly inputs: number;
}

/**
 * Random straight-line programs over Values, as memograd's own tests draw them: each step applies
 * an op to two earlier registers, so subexpressions are shared and reused, and fast-check shrinks
 * a failing program to fewer and simpler steps. The counterexample prints its steps as code.
 *
 * @example
 * fc.assert(fc.property(arbitraryProgram(), (p) => checkGrads(p.fn, [0.5, -1]).ok));
 */
export function arbitraryProgram(options: ProgramOptions = {}): fc.Arbitrary<Program> {
  const ops = opsOf(options.ops ?? 'smooth');
  const maxLength = count('maxLength', options.maxLength ?? 12, 1);
  const inputs = count('inputs', options.inputs ?? 2, 1);
  const outputs = count('outputs', options.outputs ?? 1, 1);
  return programArbitrary(ops, maxLength).map((steps): Program => {
    const fn = outputs === 1 ? programFunction(ops, steps) : programVectorFunction(ops, steps, outputs);
    const program: Program = { steps, ops, fn, inputs };
    // fast-check prints a counterexample with toString when it has one of its own.
    Object.defineProperty(program, 'toString', { value: () => programText(ops, steps, inputs, outputs), enumerable: false });
    return program;
  });
}

function opsOf(ops: unknown): readonly Op[] {
  if (ops === 'smooth') return SMOOTH_OPS;
  if (ops === 'compilable') return COMPILABLE_OPS;
  if (ops === 'all') return ALL_OPS;
  if (!Array.isArray(ops) || ops.length === 0) {
    throw new TypeError(`arbitraryProgram: ops must be 'smooth', 'compilable', 'all' or a non-empty array of functions, got ${String(ops)}`);
  }
  checkEntries('arbitraryProgram', 'ops', ops, 'a function', (op) => typeof op === 'function');
  return ops as readonly Op[];
}

function count(name: string, n: unknown, min: number): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min) throw new RangeError(`arbitraryProgram: ${name} must be an integer >= ${min}, got ${String(n)}`);
  return n;
}

function programText(ops: readonly Op[], steps: readonly Step[], inputs: number, outputs: number): string {
  const names = Array.from({ length: inputs }, (_, i) => `x${i}`);
  const lines = steps.map(({ op, r, s }, k) => {
    const n = inputs + k;
    const line = `  const r${n} = (${String(ops[op])})(${names[r % n]}, ${names[s % n]});`;
    names.push(`r${n}`);
    return line;
  });
  const last = names.slice(Math.max(0, names.length - outputs));
  return `(${names.slice(0, inputs).join(', ')}) => {\n${lines.join('\n')}\n  return ${outputs === 1 ? last[last.length - 1] : `[${last.join(', ')}]`};\n}`;
}
