/**
 * The §8 "full LNDP update and forward" fixture inputs (lndp-reference.md), shared by tests
 * and the bench.
 *
 * @module
 */
import type { Model } from "./model.ts";
import { EDGE_FEATURES, NODE_FEATURES } from "./params.ts";
import { emptyNetState, type NetState } from "./state.ts";

/**
 * θ_k = s·sin(0.37(k+1)), k = 0..P−1.
 *
 * @example
 * ```ts
 * import { fixtureGenome } from "./fixture_test_helpers.ts";
 * console.log(fixtureGenome(3, 1)[0]); // sin(0.37)
 * ```
 */
export function fixtureGenome(P: number, s: number): Float64Array {
  const g = new Float64Array(P);
  for (let k = 0; k < P; k++) g[k] = s * Math.sin(0.37 * (k + 1));
  return g;
}

/**
 * A0[i,j] = M[i,j]·[(i+2j) mod 3 = 0]; h0[i,f] = sin(1.3i + 0.7f);
 * e0[i,j,c] = cos(0.11i + 0.23j + 0.5c)·A0[i,j]; a_seq0[i,τ] = tanh(0.3 sin(i+τ)); r = 1.
 *
 * @example
 * ```ts
 * import { fixtureNetState } from "./fixture_test_helpers.ts";
 * ```
 */
export function fixtureNetState(model: Model): NetState {
  const N = model.N, T1 = model.T + 1, dh = NODE_FEATURES, de = EDGE_FEATURES;
  const s = emptyNetState(model);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const ij = i * N + j;
      s.A[ij] = model.mask[ij] && (i + 2 * j) % 3 === 0 ? 1 : 0;
      for (let c = 0; c < de; c++) {
        s.e[ij * de + c] = Math.cos(0.11 * i + 0.23 * j + 0.5 * c) * s.A[ij];
      }
      s.w[ij] = s.e[ij * de];
    }
    for (let f = 0; f < dh; f++) s.h[i * dh + f] = Math.sin(1.3 * i + 0.7 * f);
    for (let t = 0; t < T1; t++) s.aSeq[i * T1 + t] = Math.tanh(0.3 * Math.sin(i + t));
  }
  s.r = 1;
  return s;
}
