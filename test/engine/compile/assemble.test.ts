import { describe, expect, it } from 'vitest';
import { Value, OP } from '../../../src/engine/core/value.js';
import { flatten } from '../../../src/engine/compile/tape.js';
import { assemble, FUSED_MUL_ADD } from '../../../src/engine/compile/assemble.js';

// assemble(t, only): the interpreter's program over some of the tape's inner nodes (the rerolled
// mode's nodes outside its loops). Its runs are checked bit for bit in compile-rerolled.test.ts;
// these check the instructions themselves.
describe('assemble(t, only)', () => {
  // z + x·y: tape x, y, x·y, z, z + x·y: the product is the inner node just before its sum, its only user.
  const tape = () => {
    const x = new Value(2);
    const y = new Value(3);
    const z = new Value(5);
    const p = x.mul(y);
    return flatten(z.add(p));
  };
  const positions = (t: ReturnType<typeof tape>, code: number): number => t.code.findIndex((c, i) => c === code && t.pa[i] !== -1);

  it('fuses the product with its sum where both are assembled (the whole tape: one instruction)', () => {
    const t = tape();
    const whole = assemble(t);
    expect([...whole.ops]).toEqual([FUSED_MUL_ADD]);
    expect([...assemble(t, [positions(t, OP.MUL), positions(t, OP.ADD)]).ops]).toEqual([FUSED_MUL_ADD]);
  });
  it('keeps the sum alone, unfused, where its product is left out', () => {
    const t = tape();
    const p = assemble(t, [positions(t, OP.ADD)]);
    expect([...p.ops]).toEqual([OP.ADD]);
    expect([...p.outs]).toEqual([positions(t, OP.ADD)]);
  });
  it('keeps the product alone where its sum is left out', () => {
    const t = tape();
    const p = assemble(t, [positions(t, OP.MUL)]);
    expect([...p.ops]).toEqual([OP.MUL]);
    expect([...p.outs]).toEqual([positions(t, OP.MUL)]);
  });
  it('gives a part of the tape no zero-skipping jumps (each instruction jumps to the next), and arrays for the whole tape', () => {
    const t = tape();
    const p = assemble(t, [positions(t, OP.MUL), positions(t, OP.ADD)]);
    expect([...p.jump]).toEqual([1]);
    expect(p.v.length).toBeGreaterThanOrEqual(t.nodes.length);
    expect(p.g.length).toBe(p.v.length);
  });
});
