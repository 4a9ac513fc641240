import { describe, expect, it } from 'vitest';
import { Value, compile } from '../../../src/index.js';
import { flatten } from '../../../src/engine/compile/tape.js';
import { MAX_PERIOD, findScan } from '../../../src/engine/compile/scan.js';

// Tests written from StrykerJS's survivors in scan.ts (docs/mutation-testing.md): each expected
// scan is counted by hand from the tape's positions (ops in creation order, each leaf just before
// its first reader).

const scanOf = (root: Value) => findScan(flatten(root));

/** exp(0.5) and then n tanh, the tanh chain the tests below set beside another (tape positions: the leaf, exp, then the tanh). */
function tanhRun(n: number): Value {
  let a = new Value(0.5).exp();
  for (let i = 0; i < n; i++) a = a.tanh();
  return a;
}

/** exp(0.3) and then m units [sin, cos, sqrt, log, neg]. */
function fiveOpUnits(m: number): Value {
  let b = new Value(0.3).exp();
  for (let i = 0; i < m; i++) b = b.sin().cos().sqrt().log().neg();
  return b;
}

describe('findScan(): where a chain ends', () => {
  it('findScan() ends the chain at a unit whose private leaf is an op there (s.exp() for w_i)', () => {
    // A leaf takes its place in the tape just before its first reader, so s is read first (by
    // y0 = s·0.3). Positions: s = 0, y0 = 1, step i (0..9) at w_i = 2 + 3i, mul 3 + 3i, tanh 4 + 3i;
    // step 10 reads s.exp() (32) where the others read their leaf w_i. Units [w_i, mul_i, tanh_i]
    // from 2 (y0, the first carry, is an op): i = 0..9, ten of them; step 10's does not repeat them.
    const s = new Value(0.5);
    let y = s.mul(0.3);
    for (let i = 0; i < 10; i++) y = y.mul(new Value(1 + i / 10)).tanh();
    y = y.mul(s.exp()).tanh();
    expect(scanOf(y)).toEqual({ first: 2, period: 3, units: 10, inner: 2, columns: new Map() });
  });

  it('findScan() ends the chain where the op code changes: 12 tanh, then 5 sines on the same operands', () => {
    // Positions: x0 = 0, e = 1, tanh 2..13, sin 14..18. Units of 1 op from 2 (carry e): the 12 tanh;
    // past the 8 units the loose pass checks, only sameShape() compares the codes.
    let y = new Value(0.5).exp();
    for (let i = 0; i < 12; i++) y = y.tanh();
    for (let i = 0; i < 5; i++) y = y.sin();
    expect(scanOf(y)).toEqual({ first: 2, period: 1, units: 12, inner: 1, columns: new Map() });
  });

  it('findScan() ends the chain where an operand that moved with the units stays fixed: 12 products y·y, then 5 y·w', () => {
    // Positions: x0 = 0, w = 1 (read first by x0·w = 2), y·y 3..14, y·w 15..19. Units of 1 op from 3:
    // the 12 squares, whose second operand is the carry; y·w reads the fixed w instead.
    const w = new Value(0.9);
    let y = new Value(0.5).mul(w);
    for (let i = 0; i < 12; i++) y = y.mul(y);
    for (let i = 0; i < 5; i++) y = y.mul(w);
    expect(scanOf(y)).toEqual({ first: 3, period: 1, units: 12, inner: 1, columns: new Map() });
  });

  it('findScan() ends the chain at a unit whose first operand is another fixed leaf (w2·y for w·y)', () => {
    // Positions: w2 = 0, w = 1 (both read first by y0 = w2·w), y0 = 2, step i (0..9) at mul 3 + 2i,
    // tanh 4 + 2i; step 10 is w2·y. Units [mul_i, tanh_i] from 3: i = 0..9; step 10's product reads
    // w2 where the others read w (its second operand, the carry, repeats them).
    const w = new Value(0.9);
    const w2 = new Value(0.8);
    let y = w2.mul(w);
    for (let i = 0; i < 10; i++) y = w.mul(y).tanh();
    y = w2.mul(y).tanh();
    expect(scanOf(y)).toEqual({ first: 3, period: 2, units: 10, inner: 2, columns: new Map() });
  });
});

describe('findScan(): nodes read after a unit (lastUses)', () => {
  /** x0, t1 = tanh(x0), then 10 more tanh: positions 0, 1, 2..11; the root (position 12) reads t1 again. */
  const readsT1Again = (root: (t1: Value, y: Value) => Value): Value => {
    const t1 = new Value(0.5).tanh();
    let y = t1;
    for (let i = 0; i < 10; i++) y = y.tanh();
    return root(t1, y);
  };

  it('findScan() does not carry an op the root reads again, as its first or its second operand', () => {
    // t1 (position 1), read by the root, cannot be a carry: the units are t3..t11 (carry t2), nine.
    const expected = { first: 3, period: 1, units: 9, inner: 1, columns: new Map() };
    expect(scanOf(readsT1Again((t1, y) => t1.add(y)))).toEqual(expected);
    expect(scanOf(readsT1Again((t1, y) => y.add(t1)))).toEqual(expected);
  });

  it('findScan() refuses units whose op the root reads as its first operand', () => {
    let y = new Value(0.3);
    const kept: Value[] = [];
    for (let i = 0; i < 14; i++) {
      const inner = y.mul(0.9);
      if (i === 6) kept.push(inner);
      y = inner.tanh();
    }
    // As scan.test.ts's y.add(kept): steps 0..6 and 7..13 each hold fewer than 8 units.
    expect(scanOf((kept[0] as Value).add(y))).toBeUndefined();
  });

  it('findScan() lets a leaf of a unit be read again after the chain, as either operand', () => {
    // Positions: y0 = 0, step i (0..19) at w_i = 1 + 3i, mul 2 + 3i, tanh 3 + 3i; the root reads w_5
    // (16) again. A leaf may be read anywhere: units [tanh_(i-1), w_i, mul_i], i = 1..19.
    const build = (root: (w5: Value, y: Value) => Value): Value => {
      let y = new Value(0.3);
      const ws: Value[] = [];
      for (let i = 0; i < 20; i++) {
        ws.push(new Value(1 + i / 100));
        y = y.mul(ws[i] as Value).tanh();
      }
      return root(ws[5] as Value, y);
    };
    const expected = { first: 3, period: 3, units: 19, inner: 2, columns: new Map() };
    expect(scanOf(build((w5, y) => w5.add(y)))).toEqual(expected);
    expect(scanOf(build((w5, y) => y.add(w5)))).toEqual(expected);
  });
});

describe('findScan(): the sliding maximum of last uses (validEnds)', () => {
  it('findScan() ends chains at two ops the root reads, the second read after the first', () => {
    // Positions: x0 = 0, t_k = k (k = 1..30); the root adds t_8, then t_16. Windows holding t_8 or t_16
    // (ends 9 and 17) are invalid: chains end at 2..8 (7 units), 10..16 (7) and 18..30 (13). When t_16
    // enters the window, t_8 has left it: t_8 must not count then, nor be dropped past the window.
    const ts: Value[] = [];
    let y = new Value(0.5);
    for (let k = 1; k <= 30; k++) {
      y = y.tanh();
      ts.push(y);
    }
    const root = y.add(ts[7] as Value).add(ts[15] as Value);
    expect(scanOf(root)).toEqual({ first: 18, period: 1, units: 13, inner: 1, columns: new Map() });
  });
});

describe('findScan(): candidate periods', () => {
  it('findScan() keeps the first of two chains of one period and the same length', () => {
    const chain = (x: Value): Value => {
      let y = x;
      for (let i = 0; i < 12; i++) y = y.tanh();
      return y;
    };
    // Positions: the first chain's x = 0, its tanh 1..12; the second's x = 13, its tanh 14..25.
    // Each holds 11 units (its first tanh is the first carry).
    expect(scanOf(chain(new Value(0.5)).add(chain(new Value(0.2))))).toEqual({ first: 2, period: 1, units: 11, inner: 1, columns: new Map() });
  });

  it('findScan() finds exactly 8 units that end the tape, whose carry is another op (7 equal distances, a run of 7)', () => {
    // Positions: x0 = 0, e = exp(x0) = 1, t_1..t_8 = 2..9. The tanh ops are 7 pairs one apart (e has
    // another shape), and positions 2..8 each repeat one on: the least that proposes period 1 and
    // lets a chain of 8 units through.
    let y = new Value(0.5).exp();
    for (let i = 0; i < 8; i++) y = y.tanh();
    expect(scanOf(y)).toEqual({ first: 2, period: 1, units: 8, inner: 1, columns: new Map() });
  });

  it('findScan() keeps the chain found at one period when a later candidate repeats loosely but holds no chain', () => {
    // Fibonacci-like products m_i = m_(i-1)·m_(i-2) repeat at period 1 but each reads a node two
    // back (no unit carries one value); a chain y·0.9 → tanh of 12 steps follows. Candidates by
    // count: 2 (both structures), 4, 1; period 1 repeats (the products) and holds no chain.
    let [p, q] = [new Value(1), new Value(1)];
    for (let i = 0; i < 30; i++) [p, q] = [q, q.mul(p)];
    // Positions: p0 = 0, q0 = 1, the 30 products 2..31; y0 = 32, step i at mul 33 + 2i, tanh 34 + 2i.
    let y = new Value(0.3);
    for (let i = 0; i < 12; i++) y = y.mul(0.9).tanh();
    // Units [tanh_(i-1), mul_i] from 34 (mul_0 at 33 is the first carry that is an op): i = 1..11.
    expect(scanOf(q.add(y))).toEqual({ first: 34, period: 2, units: 11, inner: 2, columns: new Map() });
  });
});

describe('findScan(): comparing candidate periods', () => {
  it('findScan() takes a later candidate whose units of 5 ops cover 40 nodes over the first one\'s 36 units of 1 op', () => {
    // Positions: x0 = 0, e = 1, tanh 2..37; x1 = 38, e1 = 39, then 8 steps [sin, cos, sqrt, log, neg]
    // at 40..79. Distances: 1 (35), 5 (35: each of the 5 ops once per unit, units 1..7), 2 (34): period
    // 1 is tried first (36 units of 1 op, 36 nodes), then period 5 (8 units of 5 ops, 40 nodes).
    const a = tanhRun(36);
    const b = fiveOpUnits(8);
    expect(scanOf(a.add(b))).toEqual({ first: 40, period: 5, units: 8, inner: 5, columns: new Map() });
  });

  it('findScan() keeps the period proposed first when a later one covers as many nodes (16 units of 1 op, 8 of 2)', () => {
    // Positions: x0 = 0, e = 1, tanh 2..17. Distances 1 (15), 2 (14), 3 (13): period 1 gives 16 units
    // of 1 op, period 2 the same 16 nodes as 8 units of 2.
    let y = new Value(0.5).exp();
    for (let i = 0; i < 16; i++) y = y.tanh();
    expect(scanOf(y)).toEqual({ first: 2, period: 1, units: 16, inner: 1, columns: new Map() });
  });

  it('findScan() tries the most frequent distances, not the shortest: a chain at distance 4 beside a tanh chain proposing 1, 2 and 3', () => {
    // Positions: x0 = 0, e = 1, tanh 2..13; x1 = 14, l = 15, then 10 units [exp, sin, cos, sqrt] at
    // 16..55. Distances: 4 (36 + the tanh chain's 8), 8 (32), 12 (28), then 1 (11), 2 (10), 3 (9).
    const a = tanhRun(12);
    let b = new Value(0.3).log();
    for (let i = 0; i < 10; i++) b = b.exp().sin().cos().sqrt();
    expect(scanOf(a.add(b))).toEqual({ first: 16, period: 4, units: 10, inner: 4, columns: new Map() });
  });
});

describe('findScan(): which distances are counted', () => {
  it('findScan() counts distances between ops only, not leaves: 21 leaves two apart do not hide a tanh chain', () => {
    // Positions: p0 = 0, then step k (1..20) at leaf 2k - 1 and op 2k, the ops sub, mul, max, min, add
    // in turn (the first reads two leaves); x1 = 41, e = 42, tanh 43..54. Distances between ops: 10
    // (14: op k and op k - 5, k = 7..20), 1 (11), 2 (10): the tanh chain's units of 1 op. Leaves
    // would add about 20 at each of 2, 4, 6 and 8, and push 1 out of the three tried.
    const ops = ['add', 'sub', 'mul', 'max', 'min'] as const;
    let p = new Value(0.1);
    for (let k = 1; k <= 20; k++) p = p[ops[k % 5] as (typeof ops)[number]](new Value(k / 10));
    const a = tanhRun(12);
    expect(scanOf(p.add(a))).toEqual({ first: 43, period: 1, units: 12, inner: 1, columns: new Map() });
  });

  it('findScan() counts distances between ops far into the tape: a chain of 450 units after position 2,100', () => {
    // Positions: x0 = 0, e = 1, tanh 2..2101 (2,100 units of 1 op); x1 = 2102, e1 = 2103, then 450
    // units [sin, cos, sqrt, log, neg] at 2104..4353 (2,250 nodes). Distances: 5 (2,245), 10, 15, then
    // 20 and the tanh chain's 1..4 (about 2,100 each): period 5 holds the chain that covers more.
    const a = tanhRun(2100);
    const b = fiveOpUnits(450);
    expect(scanOf(a.add(b))).toEqual({ first: 2104, period: 5, units: 450, inner: 5, columns: new Map() });
  });

  it('findScan() tries only the three most frequent distances: a chain of 8-op units at the seventh is not found', () => {
    // Positions: x0 = 0, e = 1, tanh 2..31 (30 units of 1 op); x1 = 32, l = 33, then 8 units
    // [tanh ×5, exp, exp, sin] at 34..97 (64 nodes). Distances: 1 (69), 2 (52), 3 (44), 4 (43), 7 (35),
    // 6 (25), 8 (21: each exp and the sine once per unit, units 1..7): the tanh chain is found, and
    // the 8-op units, at the seventh distance, are not tried.
    const a = tanhRun(30);
    let b = new Value(0.3).log();
    for (let i = 0; i < 8; i++) {
      for (let k = 0; k < 5; k++) b = b.tanh();
      b = b.exp().exp().sin();
    }
    expect(scanOf(a.add(b))).toEqual({ first: 2, period: 1, units: 30, inner: 1, columns: new Map() });
  });
});

describe('findScan(): the longest unit', () => {
  it(`findScan() finds 8 units of MAX_PERIOD (${MAX_PERIOD}) positions, each op's twin among the last 4 of its shape`, () => {
    // The op table has too few shapes (about 120) for a unit this long whose every op meets its twin
    // one unit back among the last 4 ops of its shape, so op codes are set by hand (findScan() reads
    // only codes and operands): 252 codes (1..255 but CUSTOM, OPAQUE and FROZEN), each on a product
    // with a leaf of its own as the second operand and on one with it as the first (2 positions
    // each), and 16 codes on a tanh (1 position), four times per unit in a shuffled order: 4 · (504 ·
    // 2 + 16) = 4,096 positions, 2,080 ops. Positions: x0 = 0, tanh = 1 (the first carry), then 8
    // units from 2; distance 4,096 is counted 7 · 2,080 times.
    const codes = Array.from({ length: 255 }, (_, k) => k + 1).filter((c) => c !== 28 && c !== 29 && c !== 200);
    const steps: { code: number; side: number }[] = [];
    let seed = 1;
    for (let quarter = 0; quarter < 4; quarter++) {
      const order = [
        ...codes.map((code) => ({ code, side: 0 })),
        ...codes.map((code) => ({ code, side: 1 })),
        ...codes.slice(0, 16).map((code) => ({ code, side: 2 })),
      ];
      for (let j = order.length - 1; j > 0; j--) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        const k = seed % (j + 1);
        [order[j], order[k]] = [order[k] as { code: number; side: number }, order[j] as { code: number; side: number }];
      }
      steps.push(...order);
    }
    let y = new Value(0.5).tanh();
    for (let u = 0; u < 8; u++) {
      for (const { code, side } of steps) {
        const z = side === 0 ? y.mul(new Value(1)) : side === 1 ? new Value(1).mul(y) : y.tanh();
        z._code = code;
        y = z;
      }
    }
    expect(scanOf(y)).toEqual({ first: 2, period: MAX_PERIOD, units: 8, inner: 2080, columns: new Map() });
  });
});

describe('findScan(): the shape of an op (its code, and which operands are leaves)', () => {
  it('findScan() finds units whose one op reads a leaf of its own (y·w_i)', () => {
    // Positions: y0 = 0, then w_i = 1 + 2i, y·w_i = 2 + 2i (i = 0..11). Units [w_i, y·w_i] from 3 (the
    // first carry that is an op is y·w_0): i = 1..11. Only ops with a leaf operand give distances.
    let y = new Value(0.5);
    for (let i = 0; i < 12; i++) y = y.mul(new Value(1 + i / 100));
    expect(scanOf(y)).toEqual({ first: 3, period: 2, units: 11, inner: 1, columns: new Map() });
  });

  it('findScan() tells products whose first operand is a leaf from the others: units [y·y, y·y, y·y, w·y, w\'·y]', () => {
    // Positions: x0 = 0, e = 1, then step i (0..9) at 2 + 7i: y·y three times, w_i, w_i·y, w'_i, w'_i·y.
    // Three products of one shape and two of another per unit: each product's twin one unit back is
    // among the last four of its shape (distance 7, 45 times); as one shape of five, it would not be.
    let y = new Value(0.5).exp();
    for (let i = 0; i < 10; i++) {
      for (let k = 0; k < 3; k++) y = y.mul(y);
      y = new Value(1.01).mul(y);
      y = new Value(0.99).mul(y);
    }
    expect(scanOf(y)).toEqual({ first: 2, period: 7, units: 10, inner: 5, columns: new Map() });
  });

  it('findScan() tells products whose second operand is a leaf from the others, the leaf at position 1: units [y·w, y·w, y·w, y·y, y·y]', () => {
    // Positions: y0 = 0, w = 1 (shared, read first by y0·w = 2), then step i (0..9) at 3 + 5i: y·w three
    // times, y·y twice. As above, distance 5 (45 times) needs the two shapes kept apart.
    const w = new Value(0.9);
    let y = new Value(0.5).mul(w);
    for (let i = 0; i < 10; i++) {
      for (let k = 0; k < 3; k++) y = y.mul(w);
      for (let k = 0; k < 2; k++) y = y.mul(y);
    }
    expect(scanOf(y)).toEqual({ first: 3, period: 5, units: 10, inner: 5, columns: new Map() });
  });
});

describe('findScan(): the last four ops of a shape', () => {
  it('findScan() finds units [tanh, exp, exp, tanh], whose twin one unit back is the second-last op of its shape', () => {
    // Positions: x0 = 0, s = sin(x0) = 1, then 10 units [tanh, exp, exp, tanh] at 2..41. The nearest
    // op of the same shape is 1 or 3 back, the twin 4 back is the one before it.
    let y = new Value(0.5).sin();
    for (let i = 0; i < 10; i++) y = y.tanh().exp().exp().tanh();
    expect(scanOf(y)).toEqual({ first: 2, period: 4, units: 10, inner: 4, columns: new Map() });
  });
});

describe('findScan(): the work spent on near misses', () => {
  const OPS = ['add', 'sub', 'mul', 'div', 'pow', 'max', 'min', 'hypot'] as const;
  /** The Thue-Morse bit of i (the parity of its 1 bits): no stretch of it repeats at distance 8 for 64 steps. */
  const bit = (i: number): number => {
    let parity = 0;
    for (let k = i; k > 0; k >>= 1) parity ^= k & 1;
    return parity;
  };
  /**
   * y0·f·f2·g, then 400 near misses made by `step`, then 80 steps y = y OP_(i mod 8) g: positions x0 = 0,
   * f = 1, 2, f2 = 3, 4, g = 5, 6, the near misses 7..406, the chain 407..486.
   */
  const afterNearMisses = (step: (y: Value, i: number, f: Value, f2: Value) => Value): Value => {
    const [f, f2, g] = [new Value(0.9), new Value(0.8), new Value(0.7)];
    let y = new Value(0.5).mul(f).mul(f2).mul(g);
    for (let i = 0; i < 400; i++) y = step(y, i, f, f2);
    for (let i = 0; i < 80; i++) y = y[OPS[i % 8] as (typeof OPS)[number]](g);
    return y;
  };

  const UNIT = ['exp', 'sin', 'cos', 'sqrt', 'log', 'neg', 'abs', 'atan', 'sinh', 'asinh'] as const;
  /** Ten ops of ten shapes: x0 = 0, tanh = 1, then unit k at positions 2 + 10k .. 11 + 10k. */
  const unit = (y: Value): Value => UNIT.reduce((z, m) => z[m](), y);

  it('findScan() skips past a chain of exactly 8 units before looking further: a later chain of 9 units is found', () => {
    // Units 0..7 (2..81), then 10 more (82..181); the root reads unit 7's output (81) too, so no unit
    // ending in 82..91 is valid. The first chain: 8 units from 2. The second starts at 83 (its carry
    // 82 is an op, its first end 92): 9 units fit before the root (182). Searching again from inside
    // the first chain would spend more than the 4 · 183 allowed before reaching the second.
    let y = new Value(0.5).tanh();
    for (let i = 0; i < 8; i++) y = unit(y);
    const kept = y;
    for (let i = 0; i < 10; i++) y = unit(y);
    expect(scanOf(y.add(kept))).toEqual({ first: 83, period: 10, units: 9, inner: 10, columns: new Map() });
  });

  it('findScan() stops after comparing 4 positions per node: a chain of 15 units after 40 units broken every 4 is not reached', () => {
    // Units 0..7 (2..81), 40 more (82..481) whose every 4th output (units 11, 15, .., 47) the root
    // reads, as it reads unit 7's, then 15 units (482..631), then the root's 11 sums (632..642). The
    // first chain: 8 units from 2 (7 comparisons of 10 positions). In each stretch of 4 units, the 30
    // ends more than 10 past a read output are valid: 10 extend 3 units (2 comparisons), 10 extend 2
    // (1), 10 none: 300 positions compared per stretch, and the 4 · 643 allowed run out in the tenth.
    let y = new Value(0.5).tanh();
    for (let i = 0; i < 8; i++) y = unit(y);
    const kept = [y];
    for (let j = 0; j < 10; j++) {
      for (let i = 0; i < 4; i++) y = unit(y);
      kept.push(y);
    }
    for (let i = 0; i < 15; i++) y = unit(y);
    expect(scanOf(kept.reduce((root, k) => root.add(k), y))).toEqual({ first: 2, period: 10, units: 8, inner: 10, columns: new Map() });
  });

  it('findScan() stops when the work allowed is spent exactly, before a chain it would reach with one step more', () => {
    // As above with 9 units first (2..91: 8 comparisons, 80 positions), 7 stretches of 4 units (300
    // positions each), 15 units, the root's 8 sums, an exp and 7 sums of a new leaf (15 nodes): 545
    // nodes, and 80 + 7 · 300 = 4 · 545. Past the last stretch, the next valid end starts a chain of 14.
    let y = new Value(0.5).tanh();
    for (let i = 0; i < 9; i++) y = unit(y);
    const kept = [y];
    for (let j = 0; j < 7; j++) {
      for (let i = 0; i < 4; i++) y = unit(y);
      kept.push(y);
    }
    for (let i = 0; i < 15; i++) y = unit(y);
    let root = kept.reduce((r, k) => r.add(k), y).exp();
    for (let i = 0; i < 7; i++) root = root.add(new Value(i));
    expect(scanOf(root)).toEqual({ first: 2, period: 10, units: 9, inner: 10, columns: new Map() });
  });

  it('findScan() finds a chain after 400 ops that repeat at distance 8 but for their codes, first operands or second operands', () => {
    // Each near miss is an op one period (8) on from one of the same shape, reading the op before it:
    // only its code, or its first or its second operand (f or f2), differs by a Thue-Morse bit, so
    // that no 8 units in a row repeat. Distance 8 is among the three most frequent (24: 316, 8: 204,
    // 16: 200 for the codes; 8 first for the operands), and the chain of 10 units of 8 ops comes after.
    // Comparing the units from each near miss would cost 8 positions each, about 2,700 in all, more
    // than the 4 · 487 the search may spend; the loose pass (repeats()) skips them.
    const op = (y: Value, k: number, z: Value): Value => y[OPS[k % 8] as (typeof OPS)[number]](z);
    const expected = { first: 407, period: 8, units: 10, inner: 8, columns: new Map() };
    expect(scanOf(afterNearMisses((y, i, f) => op(y, i + bit(i), f)))).toEqual(expected);
    expect(scanOf(afterNearMisses((y, i, f, f2) => op(y, i, bit(i) === 1 ? f2 : f)))).toEqual(expected);
    expect(scanOf(afterNearMisses((y, i, f, f2) => op(bit(i) === 1 ? f2 : f, i, y)))).toEqual(expected);
  });
});

describe('findScan(): an unknown op code', () => {
  it('findScan() finds a chain whose units hold an unknown op with a folded constant, and compile() then throws on the op', () => {
    // Each step is a tanh, then a product by 0.5 whose code is broken (99): units of 2 ops. The column
    // filter asks the op table about op 99's folded constant and must not fail on its absence.
    let y = new Value(0.5);
    for (let i = 0; i < 12; i++) {
      const broken = y.tanh().mul(0.5);
      broken._code = 99;
      y = broken;
    }
    expect(scanOf(y)).toMatchObject({ period: 2, inner: 2 });
    expect(() => compile(y, { mode: 'generated' })).toThrow(/^memograd: compile: unknown op code 99/);
  });
});
