/**
 * `@neuroplastic/geometry`: the Poincaré ball 𝔻ᵈ_c of curvature −c (c > 0, radius 1/√c) as
 * dependency-free kernels over `Float64Array`/`Float32Array`: Möbius addition, scalar and
 * matrix-vector multiplication, gyration, exp/log maps, parallel transport, geodesic distance
 * (single, row-wise, pairwise), conformal factor, projection, Einstein midpoint and Fréchet mean.
 *
 * Every point-valued op returns a point strictly inside the ball (clamped to radius
 * (1 − BOUNDARY_GUARD)/√c); formulas follow Ganea, Bécigneul & Hofmann 2018, "Hyperbolic Neural
 * Networks". Autodiff versions of the same ops live in `@neuroplastic/geometry/ad`.
 *
 * @example
 * ```ts
 * import { distance, expMap0, mobiusAdd } from "@neuroplastic/geometry";
 * const c = 1;
 * const x = expMap0(new Float64Array([0.3, -0.2]), c);
 * const y = mobiusAdd(x, new Float64Array([0.1, 0.4]), c);
 * console.log(distance(x, y, c) > 0);
 * ```
 *
 * @module
 */
export {
  allocLike,
  artanh,
  ATANH_MAX,
  BOUNDARY_GUARD,
  conformalFactor,
  defaultProjectEps,
  type FloatArray,
  guardFor,
  MIN_GAP,
  project,
  PROJECT_EPS,
  projectRows,
  stableNorm,
} from "./ball.ts";
export { gyration, mobiusAdd, mobiusAddRows, mobiusMatvec, mobiusScalarMul } from "./mobius.ts";
export {
  expMap,
  expMap0,
  expMap0Rows,
  logMap,
  logMap0,
  logMap0Rows,
  parallelTransport,
} from "./maps.ts";
export { distance, distanceRows, pairwiseDistances } from "./distance.ts";
export {
  einsteinMidpoint,
  frechetMean,
  type FrechetMeanOptions,
  type FrechetMeanResult,
} from "./mean.ts";
export * as ad from "./ad.ts";
