// memograd from an ES module: a tiny graph, its gradients by backward(), checked against the closed form.
import { Value, grad } from 'memograd';

const x = new Value(0.5, 'x');
const w = new Value(-1.2, 'w');
const b = new Value(0.3, 'b');
const y = x.mul(w).add(b).tanh(); // y = tanh(x·w + b)
y.backward();

// dy/dx = w (1 - y²), dy/dw = x (1 - y²), dy/db = 1 - y²
const t = Math.tanh(0.5 * -1.2 + 0.3);
const slope = 1 - t * t;
const expected = { y: t, x: -1.2 * slope, w: 0.5 * slope, b: slope };
const got = { y: y.data, x: x.grad, w: w.grad, b: b.grad };
console.log(got);

// A second derivative: d²/dt² t³ = 6t, at t = 2.
const second = grad(grad((v) => v.pow(3)))(2).data;
console.log('d2/dt2 t^3 at 2 =', second);

const close = (a, e) => Math.abs(a - e) <= 1e-12 * Math.max(1, Math.abs(e));
if (!Object.keys(expected).every((k) => close(got[k], expected[k])) || second !== 12) {
  console.error('wrong result', { got, expected, second });
  process.exit(1);
}
