import type { Value } from '../engine/core/value.js';
import { Module } from './module.js';
import { Layer } from './layer.js';
import { checkInputs, checkSize, isSize, randomOf } from './module-checks.js';
import { checkEntries } from '../engine/core/array-entries.js';
import type { Random } from '../data/random.js';
import { HIDDEN_ACTIVATIONS, checkActivation } from './activation.js';
import { MLP_STATE_FORMAT, MLP_STATE_VERSION, parseMLPState } from './mlp-state.js';
import type { MLPState } from './mlp-state.js';
import { describeOperand } from '../engine/core/describe.js';
import { predictorOf } from './predictor.js';
import type { Predictor } from './predictor.js';

/** Options for `MLP`. */
export interface MLPOptions {
  /** The hidden layers' nonlinearity (default `relu`); the last layer is linear. */
  readonly activation?: 'relu' | 'tanh' | 'sigmoid';
  /** The generator the weights are drawn from, layer by layer (default `new Random(seed)`). */
  readonly random?: Random;
  /** The seed of a fresh generator when `random` is not given (default 0). */
  readonly seed?: number;
}

/**
 * A multilayer perceptron in micrograd's shape: `new MLP(2, [16, 16, 1])` has two hidden layers of
 * 16 relu neurons and one linear output. Weights start uniform in [-1, 1) from a seeded `Random`
 * (mulberry32), drawn layer by layer, neuron by neuron, and biases at 0; `parameters()` lists them
 * in micrograd's order, so micrograd's demo can be replayed from its weights bit for bit.
 *
 * @example
 * const model = new MLP(2, [16, 16, 1], { seed: 1337 });
 * const score = model.score([0.5, -0.2]);      // one output: a Value
 * const outputs = model.forward([0.5, -0.2]);  // the last layer, as an array
 */
export class MLP extends Module {
  /** The number of inputs. */
  readonly nin: number;
  /** Each layer's size, the last being the number of outputs. */
  readonly nouts: readonly number[];
  /** The hidden layers' nonlinearity. */
  readonly activation: 'relu' | 'tanh' | 'sigmoid';
  /** The layers, in order. */
  readonly layers: readonly Layer[];

  constructor(nin: number, nouts: readonly number[], options: MLPOptions = {}) {
    super();
    checkSize('new MLP', 'nin', nin);
    if (!Array.isArray(nouts) || nouts.length === 0) {
      throw new TypeError(`new MLP: nouts must be a non-empty array of layer sizes, got ${describeOperand(nouts)}`);
    }
    // A non-number is a TypeError, a number that is no size a RangeError, as for every numeric option.
    checkEntries('new MLP', 'nouts', nouts, 'an integer >= 1', (n) => typeof n === 'number');
    checkEntries('new MLP', 'nouts', nouts, 'an integer >= 1', isSize, RangeError);
    const random = randomOf('new MLP', options);
    const activation = checkActivation('new MLP', options.activation ?? 'relu', HIDDEN_ACTIVATIONS) as MLP['activation'];
    const sizes = [nin, ...nouts];
    const layers: Layer[] = [];
    for (let l = 0; l < nouts.length; l++) {
      const last = l === nouts.length - 1;
      layers.push(
        new Layer(sizes[l] as number, sizes[l + 1] as number, { activation: last ? 'linear' : activation, random, label: `l${l}.` }),
      );
    }
    this.nin = nin;
    this.nouts = Object.freeze([...nouts]);
    this.activation = activation;
    this.layers = Object.freeze(layers);
  }

  /** The last layer's outputs for inputs `x` (numbers or Values, `nin` of them). */
  forward(x: readonly (Value | number)[]): Value[] {
    checkInputs('MLP.forward', x, this.nin);
    let h: readonly (Value | number)[] = x;
    for (const layer of this.layers) h = layer._forward(h);
    return h as Value[];
  }

  /** The single output of a network with one output (a binary classifier's score, a regression). */
  score(x: readonly (Value | number)[]): Value {
    const nout = this.nouts[this.nouts.length - 1] as number;
    if (nout !== 1) throw new RangeError(`MLP.score: the network has ${nout} outputs; use forward() for more than one`);
    return this.forward(x)[0] as Value;
  }

  /**
   * The forward pass on plain numbers, for drawing decision boundaries and predicting: the same
   * float operations as `forward` in the same order, so the same outputs bit for bit, without
   * building a graph. It copies the weights now: training the model later does not change it (a
   * boundary drawn from it is the model's as it was when it was made; call `predictor()` again for
   * the new weights).
   *
   * @example
   * const predict = model.predictor();
   * predict([0.5, -0.2]);               // the outputs, as numbers
   * argmax(predict([0.5, -0.2]));       // the class, for one output per class
   */
  predictor(): Predictor {
    return predictorOf(this);
  }

  /** Layer by layer, neuron by neuron: each neuron's weights, then its bias (micrograd's order). */
  parameters(): Value[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  /**
   * The architecture and every parameter as plain data, for `JSON.stringify` (numbers print in
   * the shortest form that reads back to the same double, so a save and a load are exact; a -0
   * reads back as 0, JSON having no negative zero). Throws a `RangeError` naming the first
   * parameter that is NaN or infinite: JSON would write it as `null`, a state `loadState` refuses.
   */
  toJSON(): MLPState {
    const layers = this.layers.map((layer, l) =>
      layer.neurons.map((n, j) => {
        const finite = (v: Value, where: string) => {
          if (!Number.isFinite(v.data)) {
            throw new RangeError(`MLP.toJSON: layers[${l}][${j}].${where} is ${v.data}; a model with a non-finite parameter cannot be saved (it could not be loaded)`);
          }
          return v.data;
        };
        return { w: n.w.map((v, i) => finite(v, `w[${i}]`)), b: finite(n.b, 'b') };
      }),
    );
    return { format: MLP_STATE_FORMAT, version: MLP_STATE_VERSION, nin: this.nin, nouts: [...this.nouts], activation: this.activation, layers };
  }

  /**
   * Sets every parameter from a state (`toJSON()`'s object or its JSON text). The state is checked
   * in full first: its format, that its architecture is this model's, that every layer has the
   * right number of neurons and every neuron the right number of weights, and that every number is
   * finite. On any mismatch it throws an error that says what and where
   * (`layers[1][3].w[7] must be a finite number, got NaN`), and the model is left unchanged.
   *
   * @example
   * copy.loadState(JSON.stringify(model));
   */
  loadState(state: MLPState | string): this {
    const s = parseMLPState('MLP.loadState', state);
    const mismatch: string[] = [];
    if (s.nin !== this.nin) mismatch.push(`nin ${s.nin} (this model: ${this.nin})`);
    if (s.nouts.join() !== this.nouts.join()) mismatch.push(`nouts [${s.nouts.join(', ')}] (this model: [${this.nouts.join(', ')}])`);
    if (s.activation !== this.activation) mismatch.push(`activation ${s.activation} (this model: ${this.activation})`);
    if (mismatch.length > 0) {
      throw new RangeError(`MLP.loadState: the state is for another architecture: ${mismatch.join(', ')}`);
    }
    this._assign(s);
    return this;
  }

  /**
   * A new MLP with a state's architecture and parameters (checked as `loadState` checks them).
   *
   * @example
   * const model = MLP.fromJSON(readFileSync('model.json', 'utf8'));
   */
  static fromJSON(state: MLPState | string): MLP {
    return mlpFromState(parseMLPState('MLP.fromJSON', state));
  }

  /** @internal Copies a checked state of this architecture into the parameters. */
  _assign(s: MLPState): this {
    this.layers.forEach((layer, l) =>
      layer.neurons.forEach((n, j) => {
        const ns = (s.layers[l] as MLPState['layers'][number])[j] as { w: number[]; b: number };
        n.w.forEach((v, i) => {
          v.data = ns.w[i] as number;
        });
        n.b.data = ns.b;
      }),
    );
    return this;
  }
}

// Outside the class body: a class that names itself inside is emitted by esbuild as
// `var MLP = class _MLP`, and messages would call it _MLP (describeOperand reads the class's name).
function mlpFromState(s: MLPState): MLP {
  return new MLP(s.nin, s.nouts, { activation: s.activation })._assign(s);
}
