import { Value } from 'memograd';

/** One neuron, y = tanh(x·w + b): its output Value after backward(), and the gradients. */
export function neuron(x0, w0, b0) {
  const x = new Value(x0, 'x');
  const w = new Value(w0, 'w');
  const b = new Value(b0, 'b');
  const y = x.mul(w).add(b).tanh();
  y.label = 'y';
  y.backward();
  return { output: y, got: { y: y.data, dx: x.grad, dw: w.grad, db: b.grad } };
}

/** Whether the gradients equal the closed form: dy/dx = w(1 - y²), dy/dw = x(1 - y²), dy/db = 1 - y². */
export function agrees(got, x0, w0, b0) {
  const y = Math.tanh(x0 * w0 + b0);
  const d = 1 - y * y;
  const want = { y, dx: w0 * d, dw: x0 * d, db: d };
  return Object.keys(want).every((k) => Math.abs(got[k] - want[k]) <= 1e-12);
}
