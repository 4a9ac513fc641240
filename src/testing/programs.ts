/**
 * Random straight-line programs over Values: each step applies an op to two earlier registers,
 * chosen by index, so subexpressions are shared and reused. The result is the last register.
 */
import fc from 'fast-check';
import type { Value } from '../index.js';

export type Step = { op: number; r: number; s: number };
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
];

/** SMOOTH_OPS plus the kinked ops and those whose local derivative can be a signed zero (no detach(), which compile() refuses). */
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
