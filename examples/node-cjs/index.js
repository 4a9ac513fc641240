// memograd from CommonJS: require() loads the package's CommonJS build.
const { Value, hessian, jvp } = require('memograd');

const a = new Value(3, 'a');
const b = new Value(-2, 'b');
const out = a.mul(b).add(a.square()); // a·b + a²
out.backward();
console.log('value', out.data, 'd/da', a.grad, 'd/db', b.grad); // -6 + 9 = 3; b + 2a = 4; a = 3

const h = hessian((x, y) => x.mul(x).mul(y))(1, 2); // [[2y, 2x], [2x, 0]] = [[4, 2], [2, 0]]
console.log('hessian', JSON.stringify(h));

const [value, tangent] = jvp((x) => x.exp(), [0], [1]); // e^0 = 1, and its derivative 1
console.log('jvp', value, tangent);

const ok = out.data === 3 && a.grad === 4 && b.grad === 3 && JSON.stringify(h) === '[[4,2],[2,0]]' && value === 1 && tangent === 1;
if (!ok) {
  console.error('wrong result');
  process.exit(1);
}
