/**
 * Preallocated scratch buffers for one LNDP network, so the update and the forward pass
 * never allocate.
 *
 * @module
 */
import type { Model } from "./model.ts";
import { EDGE_FEATURES, HEADS, MLP_WIDTH, NODE_FEATURES, QK, VF } from "./params.ts";

/** Scratch buffers sized for one model. */
export interface Workspace {
  /** Input of `Wpre` for one node: structural features, activation sequence, hidden state. */
  readonly xin: Float64Array;
  /** Node features (N×dh). */
  readonly x: Float64Array;
  /** Graph-transformer output (N×dh). */
  readonly xg: Float64Array;
  /** Queries (N×4×3). */
  readonly q: Float64Array;
  /** Keys (N×4×3). */
  readonly kq: Float64Array;
  /** Values (N×8×3). */
  readonly v: Float64Array;
  /** Edge gates (N×N×3). */
  readonly gate: Float64Array;
  /** Scratch row of N values. */
  readonly row: Float64Array;
  /** Aggregated values (N×8×3). */
  readonly z: Float64Array;
  /** New node states (N×dh). */
  readonly hNew: Float64Array;
  /** GRU gate scratch. */
  readonly gates: Float64Array;
  /** Postsynaptic projection of the edge GRU input (N×3·de). */
  readonly pPost: Float64Array;
  /** Presynaptic projection of the edge GRU input (N×3·de). */
  readonly pPre: Float64Array;
  /** Postsynaptic hidden layer of the add MLP (N×16). */
  readonly uPost: Float64Array;
  /** Presynaptic hidden layer of the add MLP (N×16). */
  readonly uPre: Float64Array;
  /** Prune decision values (N×N). */
  readonly uPr: Float64Array;
  /** Add decision values (N×N). */
  readonly uAdd: Float64Array;
  /** Activations of the forward pass (N); holds a_T after it. */
  readonly fa: Float64Array;
  /** Next activations of the forward pass (N). */
  readonly fb: Float64Array;
  /** OU spontaneous activity state (obs dims). */
  readonly ou: Float64Array;
  /** OU noise sample (obs dims). */
  readonly ouNoise: Float64Array;
}

/**
 * Allocates the scratch buffers for a model.
 *
 * @example
 * ```ts
 * import { lndpDefaults, makeModel, makeWorkspace } from "@neuroplastic/engines/lndp";
 * const ws = makeWorkspace(makeModel("cartpole", lndpDefaults));
 * console.log(ws.gate.length); // 3072
 * ```
 */
export function makeWorkspace(model: Model): Workspace {
  const N = model.N, dh = NODE_FEATURES, de = EDGE_FEATURES;
  return {
    xin: new Float64Array(5 + model.T + 1 + dh),
    x: new Float64Array(N * dh),
    xg: new Float64Array(N * dh),
    q: new Float64Array(N * QK * HEADS),
    kq: new Float64Array(N * QK * HEADS),
    v: new Float64Array(N * VF * HEADS),
    gate: new Float64Array(N * N * HEADS),
    row: new Float64Array(N),
    z: new Float64Array(N * VF * HEADS),
    hNew: new Float64Array(N * dh),
    gates: new Float64Array(6 * Math.max(dh, de)),
    pPost: new Float64Array(N * 3 * de),
    pPre: new Float64Array(N * 3 * de),
    uPost: new Float64Array(N * MLP_WIDTH),
    uPre: new Float64Array(N * MLP_WIDTH),
    uPr: new Float64Array(N * N),
    uAdd: new Float64Array(N * N),
    fa: new Float64Array(N),
    fb: new Float64Array(N),
    ou: new Float64Array(model.o),
    ouNoise: new Float64Array(model.o),
  };
}
