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
  readonly xin: Float64Array;
  readonly x: Float64Array;
  readonly xg: Float64Array;
  readonly q: Float64Array;
  readonly kq: Float64Array;
  readonly v: Float64Array;
  readonly gate: Float64Array;
  readonly row: Float64Array;
  readonly z: Float64Array;
  readonly hNew: Float64Array;
  readonly gates: Float64Array;
  readonly pPost: Float64Array;
  readonly pPre: Float64Array;
  readonly uPost: Float64Array;
  readonly uPre: Float64Array;
  readonly uPr: Float64Array;
  readonly uAdd: Float64Array;
  readonly fa: Float64Array;
  readonly fb: Float64Array;
  readonly ou: Float64Array;
  readonly ouNoise: Float64Array;
}

/**
 * Allocates the scratch buffers for a model.
 *
 * @example
 * ```ts
 * import { DEFAULT_MODEL, makeModel, makeWorkspace } from "@neuroplastic/engines/lndp";
 * const ws = makeWorkspace(makeModel("cartpole", DEFAULT_MODEL));
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
