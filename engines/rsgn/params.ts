/**
 * RSGN parameters: the tensors of `RSGClassifier` (positions, thresholds, levels, affinity
 * factors, input embedding, input scale, W_h, LayerNorm, init_state, classifier), their
 * initialisation (spec §1.2) and the exact parameter count.
 *
 * Initial values follow the reference's distributions with our own seeded keys (torch's init
 * stream cannot be reproduced, spec §9 "Recommendations").
 *
 * @module
 */
import { type DType, type FloatArray, type Tensor, tensor } from "@neuroplastic/core/tensor";
import { fillNormal, fillUniform, type Key, split } from "@neuroplastic/core/random";
import type { RsgnConfig } from "./config.ts";

/** The parameter tree of an RSGN classifier (torch layout: Linear weights are (out, in)). */
export interface RsgnParams {
  /** Raw node positions P_raw (N, D_s); the model uses proj(P_raw, 0.95). */
  readonly positions: Tensor;
  /** Soft thresholds θ (N). */
  readonly thresholds: Tensor;
  /** Hierarchical levels ℓ (N). */
  readonly levels: Tensor;
  /** Affinity factor U (N, r). */
  readonly affinityU: Tensor;
  /** Affinity factor V (N, r). */
  readonly affinityV: Tensor;
  /** input_embed.0 weight (4·D_s, D_in). */
  readonly embed1W: Tensor;
  /** input_embed.0 bias (4·D_s). */
  readonly embed1b: Tensor;
  /** input_embed.2 weight (D_s, 4·D_s). */
  readonly embed2W: Tensor;
  /** input_embed.2 bias (D_s). */
  readonly embed2b: Tensor;
  /** input_scale s (1). */
  readonly inputScale: Tensor;
  /** W_h weight (D_h, D_h). */
  readonly whW: Tensor;
  /** W_h bias (D_h). */
  readonly whb: Tensor;
  /** LayerNorm γ (D_h). */
  readonly lnGamma: Tensor;
  /** LayerNorm β (D_h). */
  readonly lnBeta: Tensor;
  /** init_state weight (D_h, D_in). */
  readonly initW: Tensor;
  /** init_state bias (D_h). */
  readonly initb: Tensor;
  /** classifier weight (C, D_h). */
  readonly clsW: Tensor;
  /** classifier bias (C). */
  readonly clsb: Tensor;
}

/** Parameter names in torch's registration order. */
export const PARAM_NAMES: readonly (keyof RsgnParams)[] = Object.freeze([
  "positions",
  "thresholds",
  "levels",
  "affinityU",
  "affinityV",
  "embed1W",
  "embed1b",
  "embed2W",
  "embed2b",
  "inputScale",
  "whW",
  "whb",
  "lnGamma",
  "lnBeta",
  "initW",
  "initb",
  "clsW",
  "clsb",
]);

/**
 * Shapes of every parameter for a config.
 *
 * @example
 * ```ts
 * import { rsgnDefaults, paramShapes } from "@neuroplastic/engines/rsgn";
 * console.log(paramShapes(rsgnDefaults).affinityU); // [256, 32]
 * ```
 */
export function paramShapes(c: RsgnConfig): { readonly [K in keyof RsgnParams]: number[] } {
  const N = c.numNodes, S = c.dimSpace, H = c.dimHidden, I = c.dimInput, r = c.affinityRank;
  return {
    positions: [N, S],
    thresholds: [N],
    levels: [N],
    affinityU: [N, r],
    affinityV: [N, r],
    embed1W: [4 * S, I],
    embed1b: [4 * S],
    embed2W: [S, 4 * S],
    embed2b: [S],
    inputScale: [1],
    whW: [H, H],
    whb: [H],
    lnGamma: [H],
    lnBeta: [H],
    initW: [H, I],
    initb: [H],
    clsW: [c.numClasses, H],
    clsb: [c.numClasses],
  };
}

/**
 * Parameter count (spec §1.2): N·(D_s + 2 + 2r) + (4D_s·D_in + 4D_s) + (4D_s·D_s + D_s) + 1
 * + (D_h² + D_h) + 2D_h + (D_in·D_h + D_h) + (D_h·C + C).
 *
 * @example
 * ```ts
 * import { rsgnDefaults, paramCount } from "@neuroplastic/engines/rsgn";
 * console.log(paramCount(rsgnDefaults)); // 44862
 * ```
 */
export function paramCount(c: RsgnConfig): number {
  const N = c.numNodes, S = c.dimSpace, H = c.dimHidden, I = c.dimInput, r = c.affinityRank;
  const C = c.numClasses;
  return N * (S + 2 + 2 * r) + (4 * S * I + 4 * S) + (4 * S * S + S) + 1 + (H * H + H) + 2 * H +
    (I * H + H) + (H * C + C);
}

/**
 * Number of scalars in a parameter tree.
 *
 * @example
 * ```ts
 * import { rsgnDefaults, initParams, countParams } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(countParams(initParams(rsgnDefaults, key(0)))); // 44862
 * ```
 */
export function countParams(p: RsgnParams): number {
  let s = 0;
  for (const k of PARAM_NAMES) s += p[k].data.length;
  return s;
}

const linearInit = (k: Key, out: FloatArray, fanIn: number): FloatArray => {
  // torch nn.Linear default (kaiming_uniform(a=√5) for W, and the bias): U(−1/√fan_in, 1/√fan_in)
  const b = 1 / Math.sqrt(fanIn);
  fillUniform(k, out, -b, b);
  return out;
};

/**
 * Initial parameters (spec §1.2): P_raw ~ N(0, 0.3²), θ = 0.5, ℓ = linspace(0, 1, N),
 * U, V ~ N(0, 0.01²), s = 0.7, LN γ = 1, β = 0, Linear layers U(±1/√fan_in).
 *
 * @example
 * ```ts
 * import { rsgnDefaults, initParams } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * const p = initParams(rsgnDefaults, key(42));
 * console.log(p.thresholds.data[0]); // 0.5
 * ```
 */
export function initParams(c: RsgnConfig, k: Key, dtype: DType = "f32"): RsgnParams {
  const sh = paramShapes(c);
  const ks = split(k, 12);
  const mk = (name: keyof RsgnParams): FloatArray => {
    const n = sh[name].reduce((a, b) => a * b, 1);
    return dtype === "f32" ? new Float32Array(n) : new Float64Array(n);
  };
  const N = c.numNodes, S = c.dimSpace, H = c.dimHidden, I = c.dimInput;
  const positions = mk("positions");
  fillNormal(ks[0], positions, 0, 0.3);
  const thresholds = mk("thresholds").fill(0.5);
  const levels = mk("levels");
  // torch.linspace(0, 1, N): ℓ_i = i/(N−1)
  for (let i = 0; i < N; i++) levels[i] = N > 1 ? i / (N - 1) : 0;
  const affinityU = mk("affinityU");
  fillNormal(ks[1], affinityU, 0, 0.01);
  const affinityV = mk("affinityV");
  fillNormal(ks[2], affinityV, 0, 0.01);
  const raw: { [K in keyof RsgnParams]: FloatArray } = {
    positions,
    thresholds,
    levels,
    affinityU,
    affinityV,
    embed1W: linearInit(ks[3], mk("embed1W"), I),
    embed1b: linearInit(split(ks[3])[1], mk("embed1b"), I),
    embed2W: linearInit(ks[4], mk("embed2W"), 4 * S),
    embed2b: linearInit(split(ks[4])[1], mk("embed2b"), 4 * S),
    inputScale: mk("inputScale").fill(0.7),
    whW: linearInit(ks[5], mk("whW"), H),
    whb: linearInit(split(ks[5])[1], mk("whb"), H),
    lnGamma: mk("lnGamma").fill(1),
    lnBeta: mk("lnBeta"),
    initW: linearInit(ks[6], mk("initW"), I),
    initb: linearInit(split(ks[6])[1], mk("initb"), I),
    clsW: linearInit(ks[7], mk("clsW"), H),
    clsb: linearInit(split(ks[7])[1], mk("clsb"), H),
  };
  const out: Partial<Record<keyof RsgnParams, Tensor>> = {};
  for (const name of PARAM_NAMES) out[name] = tensor(raw[name], sh[name]);
  return out as RsgnParams;
}

/**
 * A deep copy of the parameters (optionally converted to another dtype).
 *
 * @example
 * ```ts
 * import { rsgnDefaults, initParams, cloneParams } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * const p64 = cloneParams(initParams(rsgnDefaults, key(0)), "f64");
 * console.log(p64.levels.data instanceof Float64Array); // true
 * ```
 */
export function cloneParams(p: RsgnParams, dtype?: DType): RsgnParams {
  const out: Partial<Record<keyof RsgnParams, Tensor>> = {};
  for (const name of PARAM_NAMES) {
    const d = p[name].data;
    const want = dtype ?? (d instanceof Float32Array ? "f32" : "f64");
    out[name] = tensor(want === "f32" ? Float32Array.from(d) : Float64Array.from(d), p[name].shape);
  }
  return out as RsgnParams;
}

/**
 * Zero-filled tensors shaped like the parameters (gradient buffers).
 *
 * @example
 * ```ts
 * import { rsgnDefaults, initParams, zerosLikeParams } from "@neuroplastic/engines/rsgn";
 * import { key } from "@neuroplastic/core/random";
 * console.log(zerosLikeParams(initParams(rsgnDefaults, key(0))).clsb.data[0]); // 0
 * ```
 */
export function zerosLikeParams(p: RsgnParams): RsgnParams {
  const out: Partial<Record<keyof RsgnParams, Tensor>> = {};
  for (const name of PARAM_NAMES) {
    const d = p[name].data;
    out[name] = tensor(
      d instanceof Float32Array ? new Float32Array(d.length) : new Float64Array(d.length),
      p[name].shape,
    );
  }
  return out as RsgnParams;
}
