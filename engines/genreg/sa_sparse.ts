/**
 * Fused simulated annealing for the deterministic ultra-sparse controller: the same chain as
 * `simulatedAnnealing` of `@neuroplastic/evolution` driven through ask/tell with the incremental
 * scorer of `step.ts`, in one allocation-free loop, with identical results bit for bit.
 *
 * What it keeps identical (checked by `speed_golden_test.ts` against fingerprints recorded on
 * the generic path): the keys (step t mutates with split(fold(kSearch, t)) → (km, ku), then
 * split(km) → (kw, ki)), the draws (masked Gaussian weight mutation over genes [w1, end), index
 * mutation, the acceptance uniform from ku), every floating-point operation of the forward pass
 * in the same order (h_js = tanh((b_j + w_j0 x) + w_j1 x'), ŷ_s = tanh(b2 + Σ_j w2_j h_js) in unit
 * order, se += (ŷ_s − y_s)² in sample order, mse = se / rows), and the acceptance test of
 * GENREG-sine `train_sa` (accept if Δ > 0 or u < exp(Δ / T), T = t0 · decay^t).
 *
 * What it saves: the per-step allocations (mutant, key arrays, state objects, genome copies);
 * the copy of the genome per step (the mutation is applied in place and undone on rejection,
 * and the mutated genes name the hidden units to recompute, so no gene-by-gene comparison);
 * the recomputation of unchanged hidden units (as the generic scorer); and the rest of a
 * rejected mutant's samples once its partial squared error already guarantees rejection: the
 * running sum only grows, so once se_partial / rows exceeds mse_current + T·(−ln u) (with
 * margins of 1e−9, relative and in the exponent, far above the rounding of the division,
 * subtraction, log and exp involved) the mutant cannot be accepted, and its MSE is used nowhere
 * else. The samples are scored in blocks of {@link SA_BLOCK}: the changed units' tanh for the
 * block, then the output sums of the block side by side (each still b2 + Σ_j w2_j h_j in unit
 * order), then the block's squared errors added to the running sum in sample order with the
 * rejection test after each. Block-wise, the tanh calls run back to back and the 8-term sums
 * of different samples overlap instead of waiting on each other; the results are those of the
 * sample-by-sample loop (a rejected mutant costs at most one block of extra work).
 *
 * @module
 */
import { type Key, threefry2x32 } from "@neuroplastic/core/random";
import type { LocalSearchState } from "@neuroplastic/evolution";
import type { TrialConfig } from "./config.ts";
import type { TrialContext } from "./context.ts";

/**
 * Benchmark switch: `enabled = false` sends every trial through the generic ask/tell path (the
 * same-run baseline of `bench/genreg_speed.ts`). Not exported from the package.
 *
 * @example
 * ```ts ignore
 * fusedSaSwitch.enabled = false; // time the generic path
 * ```
 */
export const fusedSaSwitch: { enabled: boolean } = { enabled: true };

/** Whether {@link sparseSaRun} applies: deterministic ultra-sparse net, no proteins. */
export const fusedSaApplies = (ctx: TrialContext): boolean =>
  fusedSaSwitch.enabled && ctx.shape.kind === "sparse" && !ctx.stochastic && !ctx.proteins &&
  ctx.genes === ctx.layout.length;

/**
 * Samples per block of the scorer (see the module doc). 8 and 16 were within noise of each
 * other and 30 % faster than 1 (sample by sample); 4 gave two thirds of the gain.
 */
export const SA_BLOCK = 8;

// Output words of the last Threefry block (module scratch: the draws are read immediately).
const WU = new Uint32Array(2);

/** Draw `i` of lane `lane` of key (k0, k1) as a uniform, exactly `nextUniform` (evolution/stream.ts). */
const uniformAt = (k0: number, k1: number, i: number, lane: number): number => {
  threefry2x32(k0, k1, i, lane, WU);
  return (WU[0] * 2097152 + (WU[1] >>> 11)) * 1.1102230246251565e-16;
};

/**
 * The chain's working state: the current genome (mutated in place, with an undo log), the hidden
 * activations of the current genome (unit-major: unit j's samples are `cur[j·rows, (j+1)·rows)`),
 * the changed units' activations under the mutant (`hNew`, one row per changed unit), and the
 * per-step unit lists. One per trial context, re-used across calls (each call re-loads it from
 * the chain state, so it holds nothing between calls). Kept as a class with small methods so
 * that V8 optimises the per-step code (a long loop inside one big function stayed in the
 * baseline tier). Exported for its unit test only (not from the package).
 *
 * @example
 * ```ts ignore
 * const F = new FusedSa(ctx);
 * F.load(genome);
 * F.mutate(kw0, kw1, ki0, ki1, 0.1, 0.1, 0.05);
 * const se = F.score(Infinity); // the mutant's squared error, summed over samples in order
 * F.reject(); // genome back to its bits before mutate
 * ```
 */
export class FusedSa {
  readonly H: number;
  readonly K: number;
  readonly D: number;
  readonly rows: number;
  readonly nG: number;
  readonly w1: number;
  readonly b1: number;
  readonly w2: number;
  readonly b2: number;
  readonly XT: Float64Array;
  readonly target: Float64Array;
  readonly g: Float64Array;
  readonly cur: Float64Array;
  readonly hNew: Float64Array;
  /** Row of unit j in `hNew` this step, or −1 when unchanged. */
  readonly slot: Int32Array;
  /** Changed units this step, in the order they were marked. */
  readonly chg: Int32Array;
  nc = 0;
  /** Undo log: gene positions and their values before this step's mutation. */
  readonly undoAt: Int32Array;
  readonly undoV: Float64Array;
  nu = 0;
  readonly cb: Float64Array;
  readonly cw0: Float64Array;
  readonly cw1: Float64Array;
  readonly cc0: Int32Array;
  readonly cc1: Int32Array;
  readonly acc: Float64Array;
  constructor(ctx: TrialContext) {
    const shape = ctx.shape;
    if (shape.kind !== "sparse") throw new RangeError("sparseSaRun: ultra-sparse shape only");
    const H = shape.hidden, rows = ctx.inputs.rows, L = ctx.layout;
    this.H = H, this.K = shape.k, this.D = shape.inputs, this.rows = rows, this.nG = L.length;
    this.w1 = L.w1, this.b1 = L.b1, this.w2 = L.w2, this.b2 = L.b2;
    this.XT = ctx.inputs.dataT, this.target = ctx.inputs.target;
    this.g = new Float64Array(L.length);
    this.cur = new Float64Array(rows * H), this.hNew = new Float64Array(rows * H);
    this.slot = new Int32Array(H).fill(-1), this.chg = new Int32Array(H);
    this.undoAt = new Int32Array(L.length), this.undoV = new Float64Array(L.length);
    this.cb = new Float64Array(H), this.cw0 = new Float64Array(H), this.cw1 = new Float64Array(H);
    this.cc0 = new Int32Array(H), this.cc1 = new Int32Array(H);
    this.acc = new Float64Array(SA_BLOCK);
  }

  /** Loads a genome as the current one and computes its hidden activations. */
  load(genome: Float64Array): void {
    const { H, K, rows, XT, g, cur } = this;
    g.set(genome);
    for (let j = 0; j < H; j++) {
      const b = g[this.b1 + j];
      for (let s = 0; s < rows; s++) {
        // the operations of sparseUnitInto: acc = b; acc += w_q · x_q (q in order)
        let acc = b;
        for (let q = 0; q < K; q++) acc += g[this.w1 + j * K + q] * XT[g[j * K + q] * rows + s];
        cur[j * rows + s] = Math.tanh(acc);
      }
    }
    this.slot.fill(-1), this.nc = 0, this.nu = 0;
  }

  /** Marks hidden unit j as changed this step. */
  mark(j: number): void {
    if (this.slot[j] < 0) this.slot[j] = this.nc, this.chg[this.nc++] = j;
  }

  /** Sets gene `at` to `v`, logging its old value. */
  set(at: number, v: number): void {
    this.undoAt[this.nu] = at, this.undoV[this.nu++] = this.g[at];
    this.g[at] = v;
  }

  /**
   * Current genome ← mutate(current) in place, with the keys of one step: the draws and the
   * arithmetic of `maskedGaussianInto` over genes [w1, end) (evolution/ops.ts; lane 0 of `kw`
   * for the geometric gaps, lane 1 for the Box–Muller normals) and then of the index mutation
   * (controllerOps.mutate, network.ts; lane 0 of `ki`).
   */
  mutate(
    kw0: number,
    kw1: number,
    ki0: number,
    ki1: number,
    rate: number,
    scale: number,
    indexRate: number,
  ): void {
    const { g, H, K, D, w1, b1, w2, nG } = this;
    if (rate > 0 && nG > w1) {
      const logq = Math.log1p(-Math.min(rate, 1));
      let i = w1 - 1, gi = 0, ni = 0, spare = NaN;
      for (;;) {
        // gap ~ Geometric(rate): failures before the next mutated gene
        const gap = rate >= 1 ? 0 : Math.floor(Math.log(1 - uniformAt(kw0, kw1, gi++, 0)) / logq);
        i += gap + 1;
        if (i >= nG) break;
        let z: number;
        if (spare === spare) z = spare, spare = NaN;
        else {
          // Box–Muller (nextNormal): z = √(−2 ln(1 − u₁)) · cos(2π u₂), the sine kept for the next
          const u1 = uniformAt(kw0, kw1, ni++, 1), u2 = uniformAt(kw0, kw1, ni++, 1);
          const r = Math.sqrt(-2 * Math.log(1 - u1));
          const a = 2 * Math.PI * u2;
          spare = r * Math.sin(a);
          z = r * Math.cos(a);
        }
        this.set(i, g[i] + scale * z);
        if (i < b1) this.mark(((i - w1) / K) | 0);
        else if (i < w2) this.mark(i - b1);
      }
    }
    if (!(indexRate > 0) || K >= D) return;
    let n = 0;
    for (let j = 0; j < H; j++) {
      if (!(uniformAt(ki0, ki1, n++, 0) < indexRate)) continue;
      const pos = Math.floor(uniformAt(ki0, ki1, n++, 0) * K);
      // r-th input (increasing order) not among the unit's current indices
      const r = skipTaken(g, j * K, K, Math.floor(uniformAt(ki0, ki1, n++, 0) * (D - K)));
      this.set(j * K + pos, r);
      this.mark(j);
    }
  }

  /**
   * Squared error of the mutant (the current genome after {@link mutate}) summed over samples in
   * order, or −1 as soon as the partial sum exceeds `seBound` (certain rejection). Fills `hNew`
   * with the changed units' activations (all samples when it returns a sum).
   */
  score(seBound: number): number {
    const { H, K, rows, XT, target, cur, hNew, g, slot, chg, nc, acc } = this;
    const { cb, cw0, cw1, cc0, cc1 } = this;
    const w2 = this.w2, b1 = this.b1, w1 = this.w1;
    if (K === 2) {
      for (let t = 0; t < nc; t++) {
        const j = chg[t];
        cb[t] = g[b1 + j], cw0[t] = g[w1 + 2 * j], cw1[t] = g[w1 + 2 * j + 1];
        cc0[t] = g[2 * j] * rows, cc1[t] = g[2 * j + 1] * rows;
      }
    }
    const b2 = g[this.b2];
    let se = 0;
    for (let s0 = 0; s0 < rows; s0 += SA_BLOCK) {
      const s1 = s0 + SA_BLOCK < rows ? s0 + SA_BLOCK : rows;
      // the changed units over the block (sparseUnitInto's operations)
      for (let t = 0; t < nc; t++) {
        const o = t * rows;
        if (K === 2) {
          // acc = b; acc += w0 · x0; acc += w1 · x1
          const b = cb[t], a0 = cw0[t], a1 = cw1[t], c0 = cc0[t], c1 = cc1[t];
          for (let s = s0; s < s1; s++) {
            hNew[o + s] = Math.tanh(b + a0 * XT[c0 + s] + a1 * XT[c1 + s]);
          }
        } else {
          const j = chg[t];
          for (let s = s0; s < s1; s++) {
            let a = g[b1 + j];
            for (let q = 0; q < K; q++) a += g[w1 + j * K + q] * XT[g[j * K + q] * rows + s];
            hNew[o + s] = Math.tanh(a);
          }
        }
      }
      // outputMse's sums: acc = b2; acc += w2_j · h_j (j in order), samples of the block side by side
      for (let s = s0; s < s1; s++) acc[s - s0] = b2;
      for (let j = 0; j < H; j++) {
        const w = g[w2 + j], t = slot[j];
        const src = t < 0 ? cur : hNew, o = (t < 0 ? j : t) * rows;
        for (let s = s0; s < s1; s++) acc[s - s0] += w * src[o + s];
      }
      // d = tanh(acc) − y; se += d² in sample order
      for (let s = s0; s < s1; s++) {
        const d = Math.tanh(acc[s - s0]) - target[s];
        se += d * d;
        if (se > seBound) return -1;
      }
    }
    return se;
  }

  /** The mutant becomes the current genome: its changed units' activations are copied in. */
  accept(): void {
    const { rows, cur, hNew, slot, chg, nc } = this;
    for (let t = 0; t < nc; t++) {
      const j = chg[t];
      cur.set(hNew.subarray(t * rows, (t + 1) * rows), j * rows);
      slot[j] = -1;
    }
    this.nc = 0, this.nu = 0;
  }

  /** The mutant is rejected: the logged genes get their old values back. */
  reject(): void {
    const { g, undoAt, undoV, slot, chg, nc } = this;
    for (let u = this.nu - 1; u >= 0; u--) g[undoAt[u]] = undoV[u];
    for (let t = 0; t < nc; t++) slot[chg[t]] = -1;
    this.nc = 0, this.nu = 0;
  }
}

const cache = new WeakMap<TrialContext, FusedSa>();
const W0 = new Uint32Array(2), W1 = new Uint32Array(2);

/**
 * Runs up to `n` SA steps of the chain `s0` (not modified), as `localRun` of `step.ts` would with
 * the `simulatedAnnealing` strategy of `steps`, `t0`, `t1`; appends the same trace points
 * ([step, best MSE, kOf(best genome)]).
 *
 * @example
 * ```ts ignore
 * const r = sparseSaRun(ctx, c, s0, kSearch, 20000, 20000, c.sa.t0, c.sa.t1, trace, 100);
 * ```
 */
export function sparseSaRun(
  ctx: TrialContext,
  c: TrialConfig,
  s0: LocalSearchState,
  kSearch: Key,
  n: number,
  steps: number,
  t0: number,
  t1: number,
  trace: number[] | null,
  traceEvery: number,
  kOf: (g: Float64Array) => number = () => 0,
): { s: LocalSearchState; evals: number } {
  let F = cache.get(ctx);
  if (!F) cache.set(ctx, F = new FusedSa(ctx));
  const rate = c.mutation.rate, scale = c.mutation.scale, indexRate = c.mutation.indexRate;
  const rows = F.rows, nG = F.nG;
  F.load(s0.current);
  // Equation (GENREG-sine train_sa): T_t = t0 · decay^t, decay = (t1/t0)^(1/steps) (evolution/sa.ts)
  const decay = (t1 / t0) ** (1 / steps);
  let step = s0.step, accepted = s0.accepted;
  let fCur = s0.currentFitness;
  let best: Float64Array | null = null;
  let fBest = s0.bestFitness;
  let evals = 0;
  while (evals < n && step < steps) {
    // keys as localAsk and controllerOps.mutate: fold(kSearch, step) → split → (km, ku),
    // split(km) → (kw, ki); JAX split(k) = ((y0(0, 2), y0(1, 3)), (y1(0, 2), y1(1, 3)))
    threefry2x32(kSearch.k0, kSearch.k1, 0, step >>> 0, W0);
    const f0 = W0[0], f1 = W0[1];
    threefry2x32(f0, f1, 0, 2, W0);
    threefry2x32(f0, f1, 1, 3, W1);
    const km0 = W0[0], km1 = W1[0], ku0 = W0[1], ku1 = W1[1];
    threefry2x32(km0, km1, 0, 2, W0);
    threefry2x32(km0, km1, 1, 3, W1);
    F.mutate(W0[0], W1[0], W0[1], W1[1], rate, scale, indexRate);
    // u = nextUniform(drawStream(ku)): draw 0 of lane 0
    const u = uniformAt(ku0, ku1, 0, 0);
    const temperature = t0 * decay ** step;
    // certain rejection once mse > mse_c + T·(−ln u) (margins: 1e−9 relative and 1e−9 in the
    // exponent, above every rounding of the division, subtraction, log and exp involved)
    const slack = temperature * (-Math.log(u) * (1 + 1e-9) + 1e-9);
    const seBound = (-fCur + slack) * (1 + 1e-9) * rows * (1 + 1e-9);
    const se = F.score(seBound);
    evals++;
    step++;
    let took = false;
    if (se >= 0) {
      const f = -(se / rows);
      const delta = f - fCur;
      if (delta > 0 || u < Math.exp(delta / temperature)) {
        took = true;
        accepted++;
        fCur = f;
        F.accept();
        if (f > fBest) {
          if (!best) best = new Float64Array(nG);
          best.set(F.g);
          fBest = f;
        }
      }
    }
    if (!took) F.reject();
    if (trace && (step % traceEvery === 0 || step >= steps)) {
      // k: saturated hidden units of the best genome so far (as step.ts's localRun traces it)
      trace.push(step, -fBest, kOf(best ?? s0.bestGenome));
    }
  }
  const s: LocalSearchState = {
    ...s0,
    current: F.g.slice(),
    currentFitness: fCur,
    step,
    u: evals > 0 ? NaN : s0.u,
    accepted,
    bestGenome: best ?? s0.bestGenome,
    bestFitness: fBest,
  };
  return { s, evals };
}

/** The r-th integer (increasing order) not among g[o], …, g[o + K − 1] (all distinct). */
function skipTaken(g: Float64Array, o: number, K: number, r: number): number {
  if (K === 2) {
    const a = g[o], b = g[o + 1];
    const lo = a < b ? a : b, hi = a < b ? b : a;
    if (lo <= r) r++;
    if (hi <= r) r++;
    return r;
  }
  // the set in increasing order without allocating: repeatedly take the next smallest
  let prev = -Infinity;
  for (let c = 0; c < K; c++) {
    let m = Infinity;
    for (let q = 0; q < K; q++) {
      const v = g[o + q];
      if (v > prev && v < m) m = v;
    }
    if (m <= r) r++;
    prev = m;
  }
  return r;
}
