// Fit y = a·x² + b·x + c to noisy samples of 0.5x² - x + 2 with Adam, and check the final loss.
import { Adam, Random, Value, mean } from 'memograd';

const random = new Random(7);
const xs = Array.from({ length: 40 }, (_, i) => -2 + (4 * i) / 39);
const ys = xs.map((x) => 0.5 * x * x - x + 2 + random.normal(0, 0.01));

const a = new Value(0, 'a');
const b = new Value(0, 'b');
const c = new Value(0, 'c');
const optimizer = new Adam([a, b, c], { lr: 0.05 });

let loss = Infinity;
for (let step = 0; step < 1500; step++) {
  const residuals = xs.map((x, i) => a.mul(x * x).add(b.mul(x)).add(c).sub(ys[i]));
  const l = mean(residuals.map((r) => r.square()));
  optimizer.zeroGrad();
  l.backward();
  optimizer.step();
  loss = l.data;
  if (step % 300 === 0) console.log(`step ${step}: loss ${loss.toExponential(3)}`);
}
console.log(`fitted a = ${a.data.toFixed(4)}, b = ${b.data.toFixed(4)}, c = ${c.data.toFixed(4)}; loss ${loss.toExponential(3)}`);

// The noise has variance 1e-4: a good fit leaves a loss near that, and the coefficients near the truth.
if (!(loss < 2e-4) || Math.abs(a.data - 0.5) > 0.01 || Math.abs(b.data + 1) > 0.01 || Math.abs(c.data - 2) > 0.01) {
  console.error('the fit did not converge');
  process.exit(1);
}
