/**
 * Glue between the SORN engine and its GPU batch kernel (`kernel.ts`):
 * network parameters from configs, the batch's initial state from engine states, and the
 * per-step draws from the engine's own key usage (draws.ts), so the GPU step consumes
 * exactly the random numbers of the CPU step. Used by `runSornBatch` (batch.ts), the GPU
 * agreement tests (kernel_gpu_cases.ts) and `bench/gpu_compare.ts`.
 *
 * @module
 */
import { fold, type Key, randint1 } from "@neuroplastic/core/random";
import { ABSENT_PAIR_TRIES } from "@neuroplastic/plasticity";
import {
  SORN_FLAG,
  type SornBatchDraws,
  type SornBatchInit,
  type SornBatchShape,
  type SornNetParams,
} from "./kernel.ts";
import { hIp, type SornConfig } from "../config.ts";
import type { DenseSornState } from "../dense_step.ts";
import {
  createDrawCache,
  type DrawCache,
  inputOffset,
  noiseOffset,
  structuralGate,
  structuralPairKey,
} from "../draws.ts";
import { STEP_SP, STEP_UNIFORM_INPUT, stepMask } from "../step.ts";

/**
 * GPU parameters of one network from its SORN config.
 *
 * @example
 * ```ts
 * import { sornDefaults } from "@neuroplastic/engines/sorn";
 * import { netParamsOf } from "@neuroplastic/engines/sorn";
 * console.log(netParamsOf(sornDefaults).h_ip); // 0.1
 * ```
 */
export const netParamsOf = (c: SornConfig): SornNetParams => ({
  eta_stdp: c.eta_stdp,
  eta_ip: c.eta_ip,
  h_ip: hIp(c),
  te_min: c.te_min,
  te_max: c.te_max,
  eta_inhib: c.eta_inhib,
  mu_ip: c.mu_ip,
  w_max: c.w_max,
  sp_weight: c.sp_weight,
  flags: stepMask(c) | (c.prune ? SORN_FLAG.prune : 0),
});

/**
 * The batch shape of dense states (all must share ne, ni, nu).
 *
 * @example
 * ```ts
 * import { initState, sornDefaults, toDense } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * import { shapeOf } from "@neuroplastic/engines/sorn";
 * console.log(shapeOf([toDense(initState(sornDefaults, key(0)))]).ne); // 200
 * ```
 */
export const shapeOf = (ds: readonly DenseSornState[]): SornBatchShape => {
  const { ne, ni, nu } = ds[0];
  for (const d of ds) {
    if (d.ne !== ne || d.ni !== ni || d.nu !== nu) throw new RangeError("mixed sizes in a batch");
  }
  return { batch: ds.length, ne, ni, nu, tries: ABSENT_PAIR_TRIES };
};

/**
 * Concatenates dense states into a batch's initial state (f64 → f32).
 *
 * @example
 * ```ts
 * import { initState, sornDefaults, toDense } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * import { batchInitOf } from "@neuroplastic/engines/sorn";
 * console.log(batchInitOf([toDense(initState(sornDefaults, key(0)))]).wee.length); // 40000
 * ```
 */
export const batchInitOf = (ds: readonly DenseSornState[]): SornBatchInit => {
  const cat = <T extends Float32Array | Uint8Array>(
    make: (n: number) => T,
    get: (d: DenseSornState) => ArrayLike<number>,
  ): T => {
    const n = get(ds[0]).length;
    const out = make(n * ds.length);
    ds.forEach((d, b) => out.set(get(d), b * n));
    return out;
  };
  const f32 = (n: number) => new Float32Array(n), u8 = (n: number) => new Uint8Array(n);
  return {
    x: cat(u8, (d) => d.x),
    y: cat(u8, (d) => d.y),
    r: cat(f32, (d) => d.r),
    te: cat(f32, (d) => d.te),
    ti: cat(f32, (d) => d.ti),
    wee: cat(f32, (d) => d.wee),
    eeMask: cat(u8, (d) => d.eeMask),
    wei: cat(f32, (d) => d.wei),
    eiMask: cat(u8, (d) => d.eiMask),
    wie: cat(f32, (d) => d.wie),
  };
};

/**
 * Per-network draw caches (scratch of {@link fillSornDraws}).
 *
 * @example
 * ```ts
 * import { drawCachesOf } from "@neuroplastic/engines/sorn";
 * console.log(drawCachesOf({ batch: 2, ne: 10, ni: 2, nu: 1, tries: 32 }).length); // 2
 * ```
 */
export const drawCachesOf = (shape: SornBatchShape): DrawCache[] =>
  Array.from({ length: shape.batch }, () => createDrawCache(shape.ne, shape.ni, shape.nu));

/**
 * Fills `out` with the draws of steps t0 … t0 + out.steps − 1 of every network, with the
 * engine's key usage (draws.ts): noise row of `fold(fold(key, ⌊t/32⌋), 1)`, uniform input
 * of `…, 2` when the config's input is uniform, structural gate `…, 3` and the candidate
 * pairs that `chooseAbsentPair(structuralPairKey(key, t), ne, mask)` would try, in order.
 *
 * @example
 * ```ts
 * import { initState, sornDefaults, toDense } from "@neuroplastic/engines/sorn";
 * import { key } from "@neuroplastic/core/random";
 * import { allocSornDraws } from "@neuroplastic/engines/sorn";
 * import { drawCachesOf, fillSornDraws, shapeOf } from "@neuroplastic/engines/sorn";
 * const d = [toDense(initState(sornDefaults, key(0)))];
 * const shape = shapeOf(d);
 * const draws = allocSornDraws(shape, 4);
 * fillSornDraws(draws, [sornDefaults], [d[0].key], 0, drawCachesOf(shape), shape);
 * ```
 */
export const fillSornDraws = (
  out: SornBatchDraws,
  configs: readonly SornConfig[],
  keys: readonly Key[],
  t0: number,
  caches: readonly DrawCache[],
  shape: SornBatchShape,
): void => {
  const { batch: B, ne, ni, nu, tries } = shape;
  const offDiagonal = ne * (ne - 1);
  for (let s = 0; s < out.steps; s++) {
    const t = t0 + s;
    for (let b = 0; b < B; b++) {
      const c = configs[b], k = keys[b], cache = caches[b];
      const mask = stepMask(c);
      const row = s * B + b;
      const nz = out.noise.subarray(row * (ne + ni), (row + 1) * (ne + ni));
      if (c.noise_sigma > 0) {
        const o = noiseOffset(cache, k, t, c.noise_sigma);
        nz.set(cache.noise.subarray(o, o + ne + ni));
      } else nz.fill(0);
      const u = out.input.subarray(row * nu, (row + 1) * nu);
      if ((mask & STEP_UNIFORM_INPUT) !== 0 && nu > 0) {
        const o = inputOffset(cache, k, t);
        for (let i = 0; i < nu; i++) u[i] = cache.input[o + i];
      } else u.fill(0);
      const cand = out.cand.subarray(row * (1 + tries), (row + 1) * (1 + tries));
      cand[0] = 0;
      if (
        (mask & STEP_SP) !== 0 && c.sp_prob > 0 && ne >= 2 &&
        structuralGate(cache, k, t) < c.sp_prob
      ) {
        // The rejection tries of chooseAbsentPair (plasticity/structural.ts), in order.
        const kp = structuralPairKey(k, t);
        for (let a = 0; a < tries; a++) {
          const r = randint1(fold(kp, a), 0, offDiagonal);
          const pre = Math.floor(r / (ne - 1));
          const q = r - pre * (ne - 1);
          cand[1 + a] = pre * ne + (q < pre ? q : q + 1);
        }
        cand[0] = tries;
      }
    }
  }
};
