import type { MLP } from '../index.js';

/**
 * A plain-number copy of a model's forward pass, for drawing: the same float operations as
 * `model.forward` (b + w0·x0 + w1·x1 + ..., then the activation), so the same outputs bit for bit,
 * without a Value per operation. It reads the parameters once: later training does not change it.
 */
export function predictor(model: MLP): (x: readonly number[]) => number[] {
  const layers = model.layers.map((layer, l) => ({
    neurons: layer.neurons.map((n) => ({ w: Float64Array.from(n.w, (v) => v.data), b: n.b.data })),
    last: l === model.layers.length - 1,
  }));
  const act = model.activation;
  return (x) => {
    let h: readonly number[] = x;
    for (const layer of layers) {
      const input = h;
      h = layer.neurons.map(({ w, b }) => {
        let z = b;
        for (let i = 0; i < w.length; i++) z += (w[i] as number) * (input[i] as number);
        if (layer.last) return z;
        // As Value.relu, tanh and sigmoid compute them.
        if (act === 'relu') return z > 0 || z !== z ? z : 0;
        if (act === 'tanh') return Math.tanh(z);
        return 1 / (1 + Math.exp(-z));
      });
    }
    return h as number[];
  };
}
