import { describeOperand } from '../engine/core/describe.js';
import { checkEntries } from '../engine/core/array-entries.js';
import { isSize } from './module-checks.js';

/** @internal The `format` field of a saved MLP. */
export const MLP_STATE_FORMAT = 'memograd-mlp';
/** @internal The version of the state layout. */
export const MLP_STATE_VERSION = 1;

/** A saved MLP: its architecture and, layer by layer and neuron by neuron, its weights and bias. */
export interface MLPState {
  /** Always `memograd-mlp`. */
  format: 'memograd-mlp';
  /** The layout's version, 1. */
  version: 1;
  /** The number of inputs. */
  nin: number;
  /** Each layer's size. */
  nouts: number[];
  /** The hidden layers' nonlinearity. */
  activation: 'relu' | 'tanh' | 'sigmoid';
  /** `layers[l][j]` is neuron j of layer l: its weights `w` (one per input of the layer) and bias `b`. */
  layers: { w: number[]; b: number }[][];
}

/**
 * @internal Checks a state (an object, or its JSON text) in full and returns a plain copy of it,
 * each field read once, or throws an error that names the first bad field by its path
 * (`layers[0][2].w[1]`). Nothing is modified.
 */
export function parseMLPState(caller: string, input: unknown): MLPState {
  let state = input;
  if (typeof input === 'string') {
    try {
      state = JSON.parse(input) as unknown;
    } catch (e) {
      throw new SyntaxError(`${caller}: the state is not valid JSON (${(e as Error).message})`);
    }
  }
  // A value of the wrong type is a TypeError; a number out of range, or a wrong shape, a RangeError.
  // (null is typeof 'object', a type no field has, so it is a TypeError without a case of its own.)
  const fail = (where: string, what: string, got?: unknown, type?: string): never => {
    const message = `${caller}: ${where} ${what}`;
    const actual = Array.isArray(got) ? 'array' : typeof got;
    throw type !== undefined && actual !== type ? new TypeError(message) : new RangeError(message);
  };
  if (!isRecord(state)) throw new TypeError(`${caller}: the state must be an object (an MLP's toJSON()), got ${describeOperand(state)}`);
  // Each field is read once, into a copy that is then checked and returned: a getter or a proxy
  // cannot answer the check with one thing and the use with another.
  const format = state.format;
  if (format !== MLP_STATE_FORMAT) fail('format', `must be "${MLP_STATE_FORMAT}", got ${describeOperand(format)}`);
  const version = state.version;
  if (version !== MLP_STATE_VERSION) fail('version', `must be ${MLP_STATE_VERSION}, got ${describeOperand(version)}`, version, 'number');
  const nin = state.nin;
  if (!isSize(nin)) return fail('nin', `must be an integer >= 1, got ${describeOperand(nin)}`, nin, 'number');
  const noutsGiven = state.nouts;
  if (!Array.isArray(noutsGiven) || noutsGiven.length === 0) return fail('nouts', `must be a non-empty array of layer sizes, got ${describeOperand(noutsGiven)}`, noutsGiven, 'array');
  const nouts = copyArray(noutsGiven);
  checkEntries(caller, 'nouts', nouts, 'an integer >= 1', isNumber);
  checkEntries(caller, 'nouts', nouts, 'an integer >= 1', isSize, RangeError);
  const activation = state.activation;
  if (activation !== 'relu' && activation !== 'tanh' && activation !== 'sigmoid') {
    return fail('activation', `must be relu, tanh or sigmoid, got ${describeOperand(activation)}`, activation, 'string');
  }
  const layersGiven = state.layers;
  if (!Array.isArray(layersGiven)) throw new TypeError(`${caller}: layers must be an array, got ${describeOperand(layersGiven)}`);
  const layersCopy = copyArray(layersGiven);
  if (layersCopy.length !== nouts.length) fail('layers', `has ${layersCopy.length} layers, expected ${nouts.length} (one per entry of nouts)`);
  checkEntries(caller, 'layers', layersCopy, 'an array of neurons', Array.isArray);
  let fanIn = nin;
  const layers = (layersCopy as unknown[][]).map((layerGiven, l) => {
    const nout = nouts[l] as number;
    const layer = copyArray(layerGiven);
    if (layer.length !== nout) fail(`layers[${l}]`, `has ${layer.length} neurons, expected ${nout} (nouts[${l}])`);
    checkEntries(caller, `layers[${l}]`, layer, 'an object { w, b }', isRecord);
    const neurons = (layer as Record<string, unknown>[]).map((neuron, j) => {
      const at = `layers[${l}][${j}]`;
      const wGiven = neuron.w;
      if (!Array.isArray(wGiven)) throw new TypeError(`${caller}: ${at}.w must be an array of weights, got ${describeOperand(wGiven)}`);
      const w = copyArray(wGiven);
      if (w.length !== fanIn) fail(`${at}.w`, `has ${w.length} weights, expected ${fanIn} (the inputs of layer ${l})`);
      checkEntries(caller, `${at}.w`, w, 'a finite number', isNumber);
      checkEntries(caller, `${at}.w`, w, 'a finite number', isFiniteNumber, RangeError);
      const b = neuron.b;
      if (!isFiniteNumber(b)) return fail(`${at}.b`, `must be a finite number, got ${describeOperand(b)}`, b, 'number');
      return { w: w as number[], b };
    });
    fanIn = nout;
    return neurons;
  });
  return { format: MLP_STATE_FORMAT, version: MLP_STATE_VERSION, nin, nouts: nouts as number[], activation, layers };
}

/** A plain copy of an array, each element read once (a getter or a proxy answers once), its holes kept as holes for the checks to name. */
function copyArray(a: readonly unknown[]): unknown[] {
  const n = a.length;
  const copy = new Array<unknown>(n);
  for (let i = 0; i < n; i++) if (i in a) copy[i] = a[i];
  return copy;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isNumber(x: unknown): x is number {
  return typeof x === 'number';
}

function isFiniteNumber(x: unknown): x is number {
  // Number.isFinite is false for anything that is not a number (it does not convert).
  return Number.isFinite(x);
}
