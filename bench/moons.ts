/** micrograd's demo data: the moons fixture (100 points, labels, 337 initial weights), loaded and validated. */
import { readFileSync } from 'node:fs';

/** The fixture: `X[i]` = [x0, x1], `y[i]` = -1 or +1, `params` in micrograd's order. */
export interface Moons {
  readonly X: readonly (readonly [number, number])[];
  readonly y: readonly number[];
  readonly params: readonly number[];
}

/** The MLP's layer sizes: 2 inputs, two relu layers of 16, one linear output. */
export const LAYER_SIZES: readonly number[] = [2, 16, 16, 1];
/** micrograd's parameter count for LAYER_SIZES: per neuron, its weights and a bias. */
export const PARAM_COUNT = LAYER_SIZES.slice(1).reduce((n, nout, l) => n + nout * ((LAYER_SIZES[l] as number) + 1), 0);
/** The L2 regularisation strength. */
export const ALPHA = 1e-4;
/** The demo's SGD learning rate at step k (k from 0), written as micrograd writes it: `1.0 - 0.9*k/100`. */
export function learningRate(k: number): number {
  return 1.0 - (0.9 * k) / 100;
}

/**
 * The demo's first three losses as the issue states them. micrograd itself gives either
 * 1.723590533697202 or 1.7235905336972022 for the second, run to run: its topological sort walks
 * each node's children in Python `set` order, which follows memory addresses (see `MICROGRAD_ALT_SECOND`).
 */
export const EXPECTED_LOSSES: readonly number[] = [0.8958441028683222, 1.723590533697202, 0.7429006313851131];
/** micrograd's other second loss, from the other order of its children sets (the third is then unchanged). */
export const MICROGRAD_ALT_SECOND = 1.7235905336972022;

const FIXTURE = new URL('../bench/fixtures/micrograd-moons.json', import.meta.url);
const SHARED = new URL('../../shared/fixtures/micrograd-moons.json', import.meta.url);

/**
 * Reads and checks the fixture. The bench runs from build/bench.js, so paths are relative to build/:
 * bench/fixtures holds the repository's copy, and ../shared/fixtures the project's original.
 */
export function loadMoons(): Moons {
  const text = readFileSync(FIXTURE, 'utf8');
  const raw = JSON.parse(text) as { X?: unknown; y?: unknown; params?: unknown };
  const { X, y, params } = raw;
  const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (!Array.isArray(X) || X.length !== 100 || !X.every((p) => Array.isArray(p) && p.length === 2 && p.every(isNum))) {
    throw new Error(`moons fixture: X must be 100 pairs of numbers (${FIXTURE.pathname})`);
  }
  if (!Array.isArray(y) || y.length !== X.length || !y.every((v) => v === -1 || v === 1)) {
    throw new Error(`moons fixture: y must be ${X.length} labels of -1 or +1 (${FIXTURE.pathname})`);
  }
  if (!Array.isArray(params) || params.length !== PARAM_COUNT || !params.every(isNum)) {
    throw new Error(`moons fixture: params must be ${PARAM_COUNT} numbers (${FIXTURE.pathname})`);
  }
  return { X: X as [number, number][], y: y as number[], params: params as number[] };
}

/** Whether the repository's copy equals the project's shared fixture: 'same', 'DIFFERENT', or 'absent' (a clean clone). */
export function sharedFixtureStatus(): 'same' | 'DIFFERENT' | 'absent' {
  let shared: string;
  try {
    shared = readFileSync(SHARED, 'utf8');
  } catch {
    return 'absent';
  }
  return shared === readFileSync(FIXTURE, 'utf8') ? 'same' : 'DIFFERENT';
}
