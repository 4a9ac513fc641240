import { OP, type CustomNode } from '../core/value.js';
import { erfSlope, gelu, geluSlope, unknownCode, type NodeCode } from '../core/ops.js';
import { erf } from '../core/erf.js';
import { assemble, FUSED_MUL_ADD } from './assemble.js';
import type { CompiledGraph } from './compiled-graph.js';
import { makeCompiled } from './compiled.js';
import { customBackward, customForward } from './custom-ops.js';
import type { Tape } from './tape.js';

// The interpreted mode: typed arrays and a loop (no new Function, so it runs under a strict Content-Security-Policy).

/** The interpreted mode of `compile` for a tape. */
export function interpreted(t: Tape): CompiledGraph {
  const { m, ops, outs, as, bs, mas, mbs, v, g, pb, customs, jump } = assemble(t);
  // The loops are closures over one program's arrays: while a process has a single compiled
  // graph, V8 specialises them to those arrays (lengths and all), which runs the micrograd demo
  // 2x faster than the same loops taking the program as an argument. A second graph in the same
  // process makes them generic again (docs/benchmarks.md measures it).
  // Returns whether every inner node's value is finite: the guard of zero skipping (see backward).
  const forward = (): boolean => {
    // A sum of every inner node's value × 0 is 0 exactly when they are all finite (x · 0 is NaN for NaN
    // and ±Infinity). Summed as each value is made, rather than in a pass of its own over the
    // values, which took a quarter of the demo's run(). Nodes' own values decide, not leaves':
    // unlike backward(), which may meet leaves set after the build under values computed before,
    // every value here is computed in this pass from the values its local derivatives read. So a
    // ZERO_SKIPS op whose slopes read values has finite slopes where its own value is finite (x·y
    // finite needs x and y finite, sin x and cos x need x finite, log1p x needs x > -1, expm1 and
    // exp overflow together), and the others' slopes are constants (min(Infinity, 1) = 1, with
    // slopes 0 and 1). A leaf counts through the nodes that read it.
    let probe = 0;
    for (let k = 0; k < m; k++) {
      const x = v[as[k] as number] as number;
      let y = v[bs[k] as number] as number;
      let r: number;
      const op = ops[k] as Exclude<NodeCode, typeof OP.OPAQUE> | typeof FUSED_MUL_ADD; // flatten() refuses OPAQUE
      switch (op) {
        case FUSED_MUL_ADD: {
          y = (v[mas[k] as number] as number) * (v[mbs[k] as number] as number);
          v[bs[k] as number] = y;
          r = x + y;
          break;
        }
        case OP.ADD: case OP.ADDC: r = x + y; break;
        case OP.SUB: case OP.SUBC: r = x - y; break;
        case OP.MUL: case OP.MULC: r = x * y; break;
        case OP.DIV: case OP.DIVC: r = x / y; break;
        case OP.POW: case OP.POWC: r = Math.pow(x, y); break;
        case OP.MAX: case OP.MAXC: r = Math.max(x, y); break;
        case OP.MIN: case OP.MINC: r = Math.min(x, y); break;
        case OP.NEG: r = -x; break;
        case OP.EXP: r = Math.exp(x); break;
        case OP.LOG: r = Math.log(x); break;
        case OP.TANH: r = Math.tanh(x); break;
        case OP.RELU: r = x > 0 || x !== x ? x : 0; break;
        case OP.SIGMOID: r = 1 / (1 + Math.exp(-x)); break;
        case OP.SQRT: r = Math.sqrt(x); break;
        case OP.ABS: r = Math.abs(x); break;
        case OP.SIN: r = Math.sin(x); break;
        case OP.COS: r = Math.cos(x); break;
        // Stryker disable next-line EqualityOperator: at x = 0 (and -0) both branches give ln 2
        case OP.SOFTPLUS: r = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)); break;
        case OP.LOG1P: r = Math.log1p(x); break;
        case OP.EXPM1: r = Math.expm1(x); break;
        case OP.STOP_GRADIENT: r = x; break;
        case OP.TAN: r = Math.tan(x); break;
        case OP.ATAN: r = Math.atan(x); break;
        case OP.SINH: r = Math.sinh(x); break;
        case OP.COSH: r = Math.cosh(x); break;
        case OP.ASINH: r = Math.asinh(x); break;
        case OP.ATANH: r = Math.atanh(x); break;
        case OP.SILU: r = x / (1 + Math.exp(-x)); break;
        case OP.HYPOT: case OP.HYPOTC: r = Math.hypot(x, y); break;
        case OP.ERF: r = erf(x); break;
        case OP.GELU: r = gelu(x); break;
        case OP.CUSTOM: {
          const i = outs[k] as number;
          r = customForward(customs.get(i) as CustomNode, v, i, as[k] as number, pb[i] as number);
          break;
        }
        default: return unknownCode(op, 'compile: ');
      }
      v[outs[k] as number] = r;
      // A fused product's value is not probed: the sum it feeds is non-finite whenever it is.
      // Stryker disable next-line AssignmentOperator: subtracting ±0 keeps the probe ±0, and a NaN or infinity makes it NaN either way
      probe += r * 0;
    }
    return probe === 0;
  };
  // `skips`: the forward pass just before found every inner node's value finite. 0 × a non-finite
  // local derivative is NaN, so a run with any non-finite inner node value sweeps everything.
  const backward = (skips: boolean): number => {
    let skipped = 0;
    for (let k = m - 1; k >= 0; k--) {
      const i = outs[k] as number;
      const t = g[i] as number;
      if (t === 0 && skips && (jump[k] as number) <= k) {
        const j = jump[k] as number;
        skipped += k - j + 1;
        k = j; // the loop's k-- moves on to the instruction before the span
        continue;
      }
      const a = as[k] as number;
      const b = bs[k] as number;
      const x = v[a] as number;
      const y = v[b] as number;
      let da: number;
      let db = 0;
      const op = ops[k] as Exclude<NodeCode, typeof OP.OPAQUE> | typeof FUSED_MUL_ADD; // flatten() refuses OPAQUE
      switch (op) {
        case FUSED_MUL_ADD: {
          // The sum's backward, then the product's, exactly as two instructions would do them (the
          // sum's local derivatives are 1, and t × 1 is t bit for bit).
          g[a] = (g[a] as number) + t;
          const tp = (g[b] as number) + t;
          g[b] = tp;
          const p = mas[k] as number;
          const q = mbs[k] as number;
          const vp = v[p] as number;
          const vq = v[q] as number;
          g[p] = (g[p] as number) + tp * vq;
          g[q] = (g[q] as number) + tp * vp;
          continue;
        }
        case OP.ADD: da = 1; db = 1; break;
        // Stryker disable next-line ConditionalExpression: SUBC falling through to SUB writes db = -1 to its constant's gradient slot, which nothing reads
        case OP.ADDC: case OP.SUBC: da = 1; break;
        case OP.SUB: da = 1; db = -1; break;
        case OP.MUL: da = y; db = x; break;
        case OP.MULC: da = y; break;
        case OP.DIV: da = 1 / y; db = -(v[i] as number) / y; break;
        case OP.DIVC: da = 1 / y; break;
        case OP.POW: da = y === 0 ? 0 : y * Math.pow(x, y - 1); db = x === 0 && y >= 0 ? 0 : (v[i] as number) * Math.log(x); break;
        case OP.POWC: da = y === 0 ? 0 : y * Math.pow(x, y - 1); break;
        case OP.MAX: case OP.MAXC: da = x > y ? 1 : x === y ? 0.5 : 0; db = y > x ? 1 : x === y ? 0.5 : 0; break;
        case OP.MIN: case OP.MINC: da = y > x ? 1 : x === y ? 0.5 : 0; db = x > y ? 1 : x === y ? 0.5 : 0; break;
        case OP.NEG: da = -1; break;
        case OP.EXP: da = v[i] as number; break;
        case OP.LOG: da = 1 / x; break;
        case OP.TANH: { const o = v[i] as number; da = 1 - o * o; break; }
        case OP.RELU: da = x > 0 ? 1 : 0; break;
        case OP.SIGMOID: { const o = v[i] as number; da = o * (1 - o); break; }
        case OP.SQRT: da = 0.5 / (v[i] as number); break;
        case OP.ABS: da = x > 0 ? 1 : x < 0 ? -1 : 0; break;
        case OP.SIN: da = Math.cos(x); break;
        case OP.COS: da = -Math.sin(x); break;
        case OP.SOFTPLUS: da = 1 / (1 + Math.exp(-x)); break;
        case OP.LOG1P: da = 1 / (1 + x); break;
        case OP.EXPM1: da = Math.exp(x); break;
        // No edge: nothing flows back to its operand (t × 0 would be NaN for an infinite or NaN t).
        case OP.STOP_GRADIENT: continue;
        case OP.TAN: { const o = v[i] as number; da = 1 + o * o; break; }
        case OP.ATAN: da = 1 / (1 + x * x); break;
        case OP.SINH: da = Math.cosh(x); break;
        case OP.COSH: da = Math.sinh(x); break;
        case OP.ASINH: da = 1 / Math.hypot(x, 1); break;
        case OP.ATANH: da = 1 / ((1 - x) * (1 + x)); break;
        case OP.SILU: { const s = 1 / (1 + Math.exp(-x)); da = s * (1 + x * (1 - s)); break; }
        case OP.HYPOT: { const o = v[i] as number; da = x / o; db = y / o; break; }
        // Stryker disable next-line ConditionalExpression: HYPOTC falling through to HYPOT writes db to its constant's gradient slot, which nothing reads
        case OP.HYPOTC: da = x / (v[i] as number); break;
        case OP.ERF: da = erfSlope(x); break;
        case OP.GELU: da = geluSlope(x); break;
        case OP.CUSTOM: customBackward(customs.get(i) as CustomNode, v, g, t, i, a, pb[i] as number); continue;
        // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable: forward() throws on the same op code first
        default: return unknownCode(op, 'compile: ');
      }
      g[a] = (g[a] as number) + t * da;
      g[b] = (g[b] as number) + t * db;
    }
    return skipped;
  };
  return makeCompiled(t, 'interpreted', v, g, forward, backward);
}
