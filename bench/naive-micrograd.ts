/**
 * A naive port of karpathy's micrograd as a reference point: a closure per node for `_backward`, a Set of
 * children per node, numbers wrapped into nodes and a recursive topological sort (tanh uses Math.tanh, not
 * the lecture's exp formula, so values match memograd's bit for bit).
 */
export class NaiveValue {
  data: number;
  grad: number;
  _backward: () => void;
  _prev: Set<NaiveValue>;
  _op: string;

  /** A node with its children and the op that made it (micrograd's `Value.__init__`). */
  constructor(data: number, children: readonly NaiveValue[] = [], op = '') {
    this.data = data;
    this.grad = 0;
    this._backward = () => {};
    this._prev = new Set(children);
    this._op = op;
  }

  /** this + other; a number is wrapped into a node first. */
  add(other: NaiveValue | number): NaiveValue {
    const o = other instanceof NaiveValue ? other : new NaiveValue(other);
    const out = new NaiveValue(this.data + o.data, [this, o], '+');
    out._backward = () => {
      this.grad += out.grad;
      o.grad += out.grad;
    };
    return out;
  }

  /** this × other; a number is wrapped into a node first. */
  mul(other: NaiveValue | number): NaiveValue {
    const o = other instanceof NaiveValue ? other : new NaiveValue(other);
    const out = new NaiveValue(this.data * o.data, [this, o], '*');
    out._backward = () => {
      this.grad += o.data * out.grad;
      o.grad += this.data * out.grad;
    };
    return out;
  }

  /** hyperbolic tangent */
  tanh(): NaiveValue {
    const t = Math.tanh(this.data);
    const out = new NaiveValue(t, [this], 'tanh');
    out._backward = () => {
      this.grad += (1 - t * t) * out.grad;
    };
    return out;
  }

  /** max(0, this), as micrograd writes it: `0 if data < 0 else data`, derivative `(out.data > 0) * out.grad`. */
  relu(): NaiveValue {
    const out = new NaiveValue(this.data < 0 ? 0 : this.data, [this], 'ReLU');
    out._backward = () => {
      this.grad += (out.data > 0 ? 1 : 0) * out.grad;
    };
    return out;
  }

  /** micrograd's `backward`: recursive topological sort with a visited Set, then closures in reverse. */
  backward(): void {
    const topo: NaiveValue[] = [];
    const visited = new Set<NaiveValue>();
    const buildTopo = (v: NaiveValue): void => {
      if (!visited.has(v)) {
        visited.add(v);
        for (const child of v._prev) buildTopo(child);
        topo.push(v);
      }
    };
    buildTopo(this);
    this.grad = 1;
    for (let i = topo.length - 1; i >= 0; i--) (topo[i] as NaiveValue)._backward();
  }
}

/** Runs `f`, returning its result, or 'stack overflow' if it exceeded the call stack (other errors propagate). */
export function survivesStack<T>(f: () => T): T | 'stack overflow' {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) return 'stack overflow';
    throw e;
  }
}
