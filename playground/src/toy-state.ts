/**
 * The toy network's state as the network and steps views share it: the activation and the nine
 * numbers, read from and written to URL parameters (missing ones take the post's example values).
 */
import { TOY_ACTIVATIONS, TOY_EXAMPLE_PARAMS } from '../../src/index.js';
import type { ToyActivation, ToyNetwork, ToyParams } from '../../src/index.js';
import type { UrlReader } from './url-params.js';

export const PARAM_NAMES = ['x1', 'x2', 'y', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6'] as const;
export type ParamName = (typeof PARAM_NAMES)[number];
export const WEIGHT_NAMES = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'] as const;

export interface ToyState {
  activation: ToyActivation;
  params: Record<ParamName, number>;
}

/** Reads `act` and x1..w6 from URL parameters (what cannot be used goes to the reader's problems). */
export function readToyState(p: UrlReader): ToyState {
  const params = {} as Record<ParamName, number>;
  for (const n of PARAM_NAMES) params[n] = p.number(n, TOY_EXAMPLE_PARAMS[n]);
  return { activation: p.choice('act', TOY_ACTIVATIONS, 'sigmoid'), params };
}

/** Writes `act` and x1..w6 into `p` (every one, so a shared link does not depend on the defaults). */
export function writeToyState(p: URLSearchParams, s: ToyState): URLSearchParams {
  p.set('act', s.activation);
  for (const n of PARAM_NAMES) p.set(n, String(s.params[n]));
  return p;
}

export const toyParams = (s: ToyState): ToyParams => ({ ...s.params });

/** The fields of ToyNetwork that are nodes, each node once (yHat is a second name of a1_3). */
export const NODE_FIELDS = [
  'x1', 'x2', 'y', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6',
  'x1w1', 'x2w3', 'x1w2', 'x2w4', 'z1_2', 'z2_2', 'a1_2', 'a2_2', 'a1w5', 'a2w6', 'z1_3', 'a1_3',
  'error', 'squaredError', 'E',
] as const;
export type NodeField = (typeof NODE_FIELDS)[number];

/** The post's delta of each z node. */
export const DELTA_OF: Partial<Record<NodeField, string>> = { z1_3: 'δ1(3)', z1_2: 'δ1(2)', z2_2: 'δ2(2)' };

/** Each node of `net` with its field name (the data-testid suffix of its numbers). */
export function nodeFields(net: ToyNetwork): Map<unknown, NodeField> {
  return new Map(NODE_FIELDS.map((f) => [net[f], f]));
}
