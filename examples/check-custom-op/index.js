// Check a custom op's derivatives with memograd/testing: checkGrads at a point, to second order,
// then gradientProperty over the op's domain; and a deliberately wrong twin that both must catch.
import { Value, customOp } from 'memograd';
import { GradientCheckError, checkGrads, gradientProperty } from 'memograd/testing';
import fc from 'fast-check';

// softsign(x) = x / (1 + |x|), with derivatives to any order through derivativeValues.
const softsign = customOp({
  name: 'softsign',
  forward: (x) => x / (1 + Math.abs(x)),
  derivatives: (_out, x) => [1 / (1 + Math.abs(x)) ** 2],
  derivativeValues: (_out, x) => [x.abs().add(1).pow(-2)],
});

const report = checkGrads((x) => softsign(x).mul(x.sin()), [0.7], { order: 2 });
console.log(`softsign at 0.7, orders 1 and 2: ${report.status} (${report.checks.length} checks)`);

// Everywhere on [-5, 5]: softsign has a kink of its second derivative at 0, which checkGrads
// reports inconclusive and the property skips.
fc.assert(gradientProperty((x) => softsign(x), [fc.double({ min: -5, max: 5, noNaN: true })], { order: 2 }), { numRuns: 200 });
console.log('softsign on [-5, 5]: the property holds');

// The same op with its derivative wrong for x > 1 (a missing square): both checks must catch it.
const wrong = customOp({
  name: 'softsign-wrong',
  forward: (x) => x / (1 + Math.abs(x)),
  derivatives: (_out, x) => [x > 1 ? 1 / (1 + x) : 1 / (1 + Math.abs(x)) ** 2],
  derivativeValues: (_out, x) => [x.data > 1 ? x.add(1).pow(-1) : x.abs().add(1).pow(-2)],
});
let caught = false;
try {
  checkGrads((x) => wrong(x), [2]);
} catch (e) {
  if (!(e instanceof GradientCheckError)) throw e;
  caught = true;
  console.log(e.message.split('\n')[0]);
}
const result = fc.check(gradientProperty((x) => wrong(x), [fc.double({ min: -5, max: 5, noNaN: true })]), { seed: 1 });
const counterexample = result.failed ? result.counterexample?.[0]?.[0] : undefined;
console.log('the property fails; shrunk counterexample:', counterexample);

if (report.status !== 'pass' || !caught || !(typeof counterexample === 'number' && counterexample > 1 && counterexample < 1.001)) {
  console.error('wrong result');
  process.exit(1);
}
