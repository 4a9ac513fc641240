import { Value } from 'memograd';

/** One neuron, y = tanh(x·w + b), and its gradients by backward(). */
export function neuron(x0: number, w0: number, b0: number): { y: number; dx: number; dw: number; db: number } {
  const x = new Value(x0, 'x');
  const w = new Value(w0, 'w');
  const b = new Value(b0, 'b');
  const y = x.mul(w).add(b).tanh();
  y.backward();
  return { y: y.data, dx: x.grad, dw: w.grad, db: b.grad };
}

/** The same gradients in closed form: dy/dx = w(1 - y²), dy/dw = x(1 - y²), dy/db = 1 - y². */
export function closedForm(x0: number, w0: number, b0: number): { y: number; dx: number; dw: number; db: number } {
  const y = Math.tanh(x0 * w0 + b0);
  const d = 1 - y * y;
  return { y, dx: w0 * d, dw: x0 * d, db: d };
}
