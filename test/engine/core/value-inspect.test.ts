import { describe, expect, it } from 'vitest';
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { Value, customOp } from '../../../src/index.js';

describe("Value's form in Node's inspector", () => {
  it('util.inspect(y) is Value(label=data, grad=g, op=...) and leaves the graph below out', () => {
    const x = new Value(2, 'x');
    const y = x.add(3);
    y.label = 'y';
    expect(inspect(y)).toBe("Value(y=5, grad=0, op='+')");
    y.backward();
    expect(inspect(x)).toBe('Value(x=2, grad=1)');
    const deep = Array.from({ length: 50 }, () => 0).reduce<Value>((v) => v.tanh(), x);
    expect(inspect(deep)).toMatch(/^Value\(0\.\d+, grad=0, op='tanh'\)$/);
  });

  it('console.log of a Value, and of Values in an array or object, prints the short form', () => {
    // A console of our own (vitest replaces the global one), writing into `lines`, with Node's formatting.
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => { lines.push(chunk.toString()); done(); } });
    const console = new Console({ stdout: sink, colorMode: false });
    const a = new Value(-0, 'a');
    const b = a.mul(new Value(1.5));
    console.log(b);
    console.log([a, { b }]);
    expect(lines.join('')).toBe("Value(-0, grad=0, op='*')\n[ Value(a=-0, grad=0), { b: Value(-0, grad=0, op='*') } ]\n");
  });

  it("a custom op's node shows the op's name", () => {
    const square = customOp({ name: 'square', forward: (x: number) => x * x, derivatives: (_out: number, x: number) => [2 * x] });
    expect(inspect(square(new Value(3)))).toBe("Value(9, grad=0, op='square')");
  });

  it('colours the numbers and the op as the inspector colours numbers and strings', () => {
    const y = new Value(1).add(new Value(2));
    expect(inspect(y, { colors: true })).toBe(`Value(${inspect(3, { colors: true })}, grad=${inspect(0, { colors: true })}, op=${inspect('+', { colors: true })})`);
  });
});
