import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value, customOp, toDot } from '../../src/index.js';
import { toSvg } from '../../src/svg.js';
import { ALL_OPS, programArbitrary, runProgram } from '../../src/testing/programs.js';
import { readDot, svgTexts, visibleText } from '../support/graphviz.js';
import { reachable } from '../support/reachable.js';

const HEADER = [
  'digraph memograd {',
  '  graph [rankdir=LR];',
  '  node [shape=plain, fontname="Verdana", fontsize=10];',
  '  edge [arrowsize=0.6];',
];
const TABLE = '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">';
const OP = 'shape=ellipse, width=0.4, height=0.3, margin="0.04,0.02"';


/** What a label looks like once drawn: control characters, lone surrogates and U+FFFE/U+FFFF as escapes. */
function shown(label: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return label.replace(/[\u0000-\u001f\u007f-\u009f\ufffe\uffff]|\p{Cs}/gu, (c) =>
    named[c] ?? `\\u${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

describe('toDot()', () => {
  it('toDot() draws micrograd\'s picture: a box per Value with label, data and grad, an oval per op showing its folded constant', () => {
    const x = new Value(0.5, 'x');
    const y = x.mul(3).tanh();
    y.label = 'y';
    y.backward();
    expect(toDot(y)).toBe(
      [
        ...HEADER,
        // dy/dx = 3 (1 - tanh²(1.5)) = 0.54213..., dy/d(3x) = 1 - tanh²(1.5) = 0.18071...
        `  n0 [label=<${TABLE}<TR><TD><B>x</B></TD><TD>data 0.5</TD><TD>grad 0.5421</TD></TR></TABLE>>];`,
        `  n1 [label=<${TABLE}<TR><TD>data 1.5</TD><TD>grad 0.1807</TD></TR></TABLE>>];`,
        `  o1 [${OP}, label=<* 3>];`,
        '  n0 -> o1;',
        '  o1 -> n1;',
        `  n2 [label=<${TABLE}<TR><TD><B>y</B></TD><TD>data 0.9051</TD><TD>grad 1</TD></TR></TABLE>>];`,
        `  o2 [${OP}, label=<tanh>];`,
        '  n1 -> o2;',
        '  o2 -> n2;',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('toDot() draws a node used twice (a.mul(a)) with two edges into its op', () => {
    const a = new Value(-1.5, 'a');
    const sq = a.mul(a);
    sq.backward();
    expect(toDot(sq)).toBe(
      [
        ...HEADER,
        `  n0 [label=<${TABLE}<TR><TD><B>a</B></TD><TD>data -1.5</TD><TD>grad -3</TD></TR></TABLE>>];`,
        `  n1 [label=<${TABLE}<TR><TD>data 2.25</TD><TD>grad 1</TD></TR></TABLE>>];`,
        `  o1 [${OP}, label=<*>];`,
        '  n0 -> o1;',
        '  n0 -> o1;',
        '  o1 -> n1;',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('toDot() lists the edges into an op in operand order (a - b, b - a)', () => {
    const a = new Value(1, 'a');
    const b = new Value(2, 'b');
    const lines = (root: Value) => toDot(root).split('\n').filter((l) => / -> /.test(l));
    expect(lines(a.sub(b))).toEqual(['  n0 -> o2;', '  n1 -> o2;', '  o2 -> n2;']);
    expect(lines(b.sub(a))).toEqual(['  n0 -> o2;', '  n1 -> o2;', '  o2 -> n2;']);
    // The ids follow the walk, the labels the operands: the first edge comes from the minuend.
    expect(toDot(a.sub(b))).toContain(`n0 [label=<${TABLE}<TR><TD><B>a</B>`);
    expect(toDot(b.sub(a))).toContain(`n0 [label=<${TABLE}<TR><TD><B>b</B>`);
  });

  it('toDot() shows each folded constant with its op, and -0, NaN and Infinity as themselves', () => {
    const x = new Value(-0, 'x');
    const dot = toDot(x.pow(2).div(0).sub(-0.125).max(Infinity).min(NaN));
    for (const op of ['** 2', '/ 0', '- -0.125', 'max Infinity', 'min NaN']) expect(dot).toContain(`label=<${op}>`);
    expect(dot).toContain('<TD>data -0</TD>');
    expect(dot).toContain('<TD>data NaN</TD>');
  });

  it('toDot() gives the same text whenever the same graph is drawn, and for a copy built the same way (ids by position)', () => {
    const build = () => {
      const x = new Value(0.3, 'x');
      const h = x.mul(x).add(x.tanh()).sigmoid();
      return h.mul(h).add(x);
    };
    const y = build();
    const first = toDot(y);
    y.backward();
    y.backward(); // walks reuse the scratch index: drawing again must not change
    expect(toDot(y, { fields: ['label', 'data'] })).toBe(toDot(build(), { fields: ['label', 'data'] }));
    expect(toDot(build())).toBe(first);
  });

  it('toDot() with direction TB stacks a box\'s fields, and fields picks and orders them', () => {
    const x = new Value(2, 'x');
    expect(toDot(x, { direction: 'TB' })).toContain(
      `graph [rankdir=TB];\n  node [shape=plain, fontname="Verdana", fontsize=10];\n  edge [arrowsize=0.6];\n` +
        `  n0 [label=<${TABLE}<TR><TD><B>x</B></TD></TR><TR><TD>data 2</TD></TR><TR><TD>grad 0</TD></TR></TABLE>>];`,
    );
    expect(toDot(x, { fields: ['grad', 'label'] })).toContain(`<TR><TD>grad 0</TD><TD><B>x</B></TD></TR>`);
    expect(toDot(new Value(2), { fields: ['label'] })).toContain(`${TABLE}<TR><TD></TD></TR></TABLE>`);
    expect(toDot(x, { direction: 'RL' })).toContain('rankdir=RL');
  });

  it('toDot() formats numbers with precision significant digits, or with formatNumber (whose text is escaped)', () => {
    const x = new Value(Math.PI, 'x');
    expect(toDot(x)).toContain('data 3.142');
    expect(toDot(x, { precision: 1 })).toContain('data 3<');
    expect(toDot(x, { precision: 17 })).toContain('data 3.141592653589793<');
    expect(toDot(new Value(-1.234e-9), { precision: 2 })).toContain('data -1.2e-9<');
    expect(toDot(x, { formatNumber: (n) => `<${n.toFixed(1)}>` })).toContain('data &lt;3.1&gt;');
  });

  it('toDot() rejects a bad root or bad options with an error naming them', () => {
    const x = new Value(1);
    expect(() => toDot(2 as unknown as Value)).toThrow(new TypeError('toDot: expected a Value, got number 2'));
    expect(() => toDot(x, null as never)).toThrow(TypeError);
    expect(() => toDot(x, { direction: 'up' as never })).toThrow(new RangeError("toDot: direction must be 'LR', 'RL', 'TB' or 'BT', got string \"up\""));
    expect(() => toDot(x, { fields: ['data', 'value' as never] })).toThrow(/fields\[1\] must be 'label', 'data' or 'grad', got string "value"/);
    expect(() => toDot(x, { fields: ['data', 'data'] })).toThrow(/lists 'data' twice/);
    expect(() => toDot(x, { fields: 'data' as never })).toThrow(TypeError);
    for (const precision of [0, 18, 2.5, NaN]) expect(() => toDot(x, { precision })).toThrow(RangeError);
    expect(() => toDot(x, { formatNumber: 3 as never })).toThrow(/formatNumber must be a function/);
    expect(() => toDot(x, { formatNumber: () => 3 as never })).toThrow(/formatNumber\(1\) must return a string, got number 3/);
    expect(() => toDot(x, { precision: 3, formatNumber: String })).toThrow(/precision or formatNumber, not both/);
  });

  it('toDot() of a random graph: Graphviz reads every reachable Value once, an op per inner Value, and every edge in operand order', async () => {
    await fc.assert(
      fc.asyncProperty(programArbitrary(ALL_OPS, 25), fc.nat(), async (steps, pick) => {
        const inputs = [new Value(0.7, 'in0'), new Value(-1.3, 'in1')];
        const root = runProgram(ALL_OPS, steps.slice(0, 1 + (pick % steps.length)), inputs);
        const nodes = [...reachable(root)];
        nodes.forEach((v, k) => (v.label = `v${k}`)); // unique: a detached copy keeps its original's label
        root.backward();
        const read = await readDot(toDot(root));

        const byLabel = new Map<string, string>(); // label -> Graphviz node name
        const isOp = new Set<string>();
        for (const n of read.nodes) {
          const cells = n.text.split('|');
          if (cells.length === 3) byLabel.set(cells[0] as string, n.name);
          else isOp.add(n.name);
        }
        const inner = nodes.filter((v) => v.parents.length > 0);
        expect(byLabel.size).toBe(nodes.length);
        expect(isOp.size).toBe(inner.length);
        expect(read.edges.length).toBe(inner.reduce((s, v) => s + v.parents.length + 1, 0));
        for (const v of nodes) {
          const name = byLabel.get(v.label) as string;
          const into = read.edges.filter(([, head]) => head === name);
          if (v.parents.length === 0) {
            expect(into).toEqual([]);
            continue;
          }
          expect(into.length).toBe(1);
          const op = (into[0] as [string, string])[0];
          expect(isOp.has(op)).toBe(true);
          expect(read.edges.filter(([, head]) => head === op).map(([tail]) => tail)).toEqual(v.parents.map((p) => byLabel.get(p.label)));
          expect(read.nodes.find((n) => n.name === op)?.text).toBe(v.constant === undefined ? v.op : `${v.op} ${Number(v.constant.toPrecision(4))}`);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('toDot() writes data and grad to 4 significant digits by default', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }), async (x) => {
        const v = new Value(x, 'v');
        const text = (await readDot(toDot(v))).nodes[0]?.text as string;
        const shown = Number((text.split('|')[1] as string).replace('data ', ''));
        expect(Math.abs(shown - x)).toBeLessThanOrEqual(5e-4 * Math.abs(x) * (1 + 1e-12));
      }),
      { numRuns: 40 },
    );
  });

  const HOSTILE = [
    '"]; evil [label="pwned"]; x [',
    '{a|b} <port> \\',
    '"',
    "'",
    '<B>bold</B> & &amp; &#65; ]]> <!-- -->',
    'line 1\nline 2\r\n\ttab',
    'digraph { a -> b }',
    'δ ∂E/∂z1(2) ŷ Σ 😀 日本',
    '\u0000\u0001\u007f\u0085',
    'lone \ud800 surrogate \udfff',
    '\ufffe\uffff',
    '>',
    '',
  ];

  it.each(HOSTILE.map((l) => [JSON.stringify(l), l]))('toDot() escapes the label %s: Graphviz reads one node with that text', async (_, label) => {
    const read = await readDot(toDot(new Value(1, label)));
    expect(read.edges).toEqual([]);
    expect(read.nodes.map((n) => n.text)).toEqual([label === '' ? 'data 1|grad 0' : `${shown(label)}|data 1|grad 0`]);
  });

  it('toDot() escapes labels and op names everywhere: the SVG shows each hostile label, and a custom op named like markup', async () => {
    const leaves = HOSTILE.filter((l) => l !== '').map((l) => new Value(1, l));
    const evil = customOp({ name: '"]; x -> y; <b>', forward: (a: number) => a, derivatives: () => [1] });
    const root = evil(leaves.reduce((s, v) => s.add(v)));
    const texts = svgTexts(await toSvg(toDot(root)));
    for (const l of HOSTILE.filter((h) => h !== '')) expect(texts).toContain(shown(l));
    expect(texts).toContain('"]; x -> y; <b>');
  });

  it('toDot() escapes any string: Graphviz reads exactly one node whose text is the label', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 30 }), async (label) => {
        const read = await readDot(toDot(new Value(1, label), { fields: ['label'] }));
        expect(read.edges).toEqual([]);
        expect(read.nodes.map((n) => n.text)).toEqual([shown(label)]);
      }),
      { numRuns: 150 },
    );
  });

  it('toDot() draws a chain 100,000 ops deep without overflowing the stack', () => {
    let y = new Value(0.5, 'x');
    for (let i = 0; i < 100_000; i++) y = y.mul(1.0001).add(1e-4);
    const dot = toDot(y, { fields: ['data'] });
    expect(dot.split('\n').filter((l) => / -> o/.test(l)).length).toBe(200_000);
    expect(visibleText(dot.slice(dot.indexOf('n0 [label=<') + 11, dot.indexOf('>];', dot.indexOf('n0 ['))))).toBe('data 0.5');
  });
});
