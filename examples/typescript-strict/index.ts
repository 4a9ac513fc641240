// memograd under the strictest TypeScript settings: grad's types follow f's parameters.
import { Value, grad, valueAndGrad, type ScalarArgument } from 'memograd';

declare const process: { exit(code: number): never };

const f = (x: Value, y: Value): Value => x.mul(y).add(x.sin());
// grad(f, [0, 1]) takes two numbers or Values and returns a tuple of two Values.
const df: (x: ScalarArgument, y: ScalarArgument) => [Value, Value] = grad(f, [0, 1]);
const [dx, dy] = df(2, 3); // d/dx = y + cos x, d/dy = x
const [value, slope] = valueAndGrad((t: Value) => t.tanh())(0.5);

console.log('f(2, 3) gradient', dx.data, dy.data);
console.log('tanh(0.5)', value.data, 'slope', slope.data);

const close = (a: number, e: number): boolean => Math.abs(a - e) <= 1e-12;
if (!close(dx.data, 3 + Math.cos(2)) || dy.data !== 2 || !close(slope.data, 1 - Math.tanh(0.5) ** 2)) {
  console.error('wrong result');
  process.exit(1);
}
