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
 * What it saves: the per-step allocations (mutant, key arrays, state objects, genome copies),
 * the recomputation of unchanged hidden units (as the generic scorer), and the rest of a
 * rejected mutant's samples once its partial squared error already guarantees rejection: the
 * running sum only grows, so once se_partial / rows exceeds mse_current + T·(−ln u) (with
 * margins of 1e−9, relative and in the exponent, far above the rounding of the division,
 * subtraction, log and exp involved) the mutant cannot be accepted, and its MSE is used nowhere
 * else.
 *
 * @module
 */
import { type Key, threefry2x32 } from "@neuroplastic/core/random";
import {
  drawStream,
  type LocalSearchState,
  maskedGaussianInto,
  nextInt,
  nextUniform,
} from "@neuroplastic/evolution";
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
 * The chain's working state: current genome, mutant, hidden activations (sample-major) of the
 * current genome and of the mutant, and the per-step unit lists. One per trial context, re-used
 * across calls (each call re-loads it from the chain state, so it holds nothing between calls).
 * Kept as a class with small methods so that V8 optimises the per-step code (a long loop inside
 * one big function stayed in the baseline tier).
 */
class FusedSa {
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
  cur: Float64Array;
  tmp: Float64Array;
  g: Float64Array;
  mutant: Float64Array;
  readonly chg: Int32Array;
  readonly mask: Uint8Array;
  readonly cb: Float64Array;
  readonly cw0: Float64Array;
  readonly cw1: Float64Array;
  readonly cc0: Int32Array;
  readonly cc1: Int32Array;
  readonly w2v: Float64Array;
  constructor(ctx: TrialContext) {
    const shape = ctx.shape;
    if (shape.kind !== "sparse") throw new RangeError("sparseSaRun: ultra-sparse shape only");
    const H = shape.hidden, rows = ctx.inputs.rows, L = ctx.layout;
    this.H = H, this.K = shape.k, this.D = shape.inputs, this.rows = rows, this.nG = L.length;
    this.w1 = L.w1, this.b1 = L.b1, this.w2 = L.w2, this.b2 = L.b2;
    this.XT = ctx.inputs.dataT, this.target = ctx.inputs.target;
    this.cur = new Float64Array(rows * H), this.tmp = new Float64Array(rows * H);
    this.g = new Float64Array(L.length), this.mutant = new Float64Array(L.length);
    this.chg = new Int32Array(H), this.mask = new Uint8Array(H);
    this.cb = new Float64Array(H), this.cw0 = new Float64Array(H), this.cw1 = new Float64Array(H);
    this.cc0 = new Int32Array(H), this.cc1 = new Int32Array(H), this.w2v = new Float64Array(H);
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
        cur[s * H + j] = Math.tanh(acc);
      }
    }
  }

  /** Mutant = mutate(current) with the keys of one step (controllerOps.mutate, evolution/ops.ts). */
  mutate(kw: Key, ki: Key, rate: number, scale: number, indexRate: number): void {
    const { H, K, D, mutant } = this;
    maskedGaussianInto(this.g, mutant, kw, rate, scale, this.w1, this.nG);
    if (!(indexRate > 0) || K >= D) return;
    const st = drawStream(ki);
    for (let j = 0; j < H; j++) {
      if (!(nextUniform(st) < indexRate)) continue;
      const pos = nextInt(st, K);
      // r-th input (increasing order) not among the unit's current indices
      const r = skipTaken(mutant, j * K, K, nextInt(st, D - K));
      mutant[j * K + pos] = r;
    }
  }

  /** Marks the hidden units whose genes differ between mutant and current; returns how many. */
  changed(): number {
    const { H, K, g, mutant, mask, chg, w2v } = this;
    const b1 = this.b1, w1 = this.w1, w2 = this.w2;
    let nc = 0;
    for (let j = 0; j < H; j++) {
      let ch = mutant[b1 + j] !== g[b1 + j];
      for (let q = 0; q < K && !ch; q++) {
        ch = mutant[j * K + q] !== g[j * K + q] || mutant[w1 + j * K + q] !== g[w1 + j * K + q];
      }
      mask[j] = ch ? 1 : 0;
      if (ch) chg[nc++] = j;
      w2v[j] = mutant[w2 + j];
    }
    return nc;
  }

  /**
   * Squared error of the mutant summed over samples in order, or −1 as soon as the partial sum
   * exceeds `seBound` (certain rejection). Fills `tmp` with the mutant's hidden activations.
   */
  score2(nc: number, seBound: number): number {
    const { H, rows, XT, target, cur, tmp, mutant, chg, cb, cw0, cw1, cc0, cc1, w2v } = this;
    for (let t = 0; t < nc; t++) {
      const j = chg[t];
      cb[t] = mutant[this.b1 + j];
      cw0[t] = mutant[this.w1 + 2 * j];
      cw1[t] = mutant[this.w1 + 2 * j + 1];
      cc0[t] = mutant[2 * j] * rows;
      cc1[t] = mutant[2 * j + 1] * rows;
    }
    const b2 = mutant[this.b2];
    let se = 0;
    for (let s = 0; s < rows; s++) {
      const base = s * H;
      for (let j = 0; j < H; j++) tmp[base + j] = cur[base + j];
      for (let t = 0; t < nc; t++) {
        // sparseUnitInto (K = 2): acc = b; acc += w0 · x0; acc += w1 · x1
        tmp[base + chg[t]] = Math.tanh(cb[t] + cw0[t] * XT[cc0[t] + s] + cw1[t] * XT[cc1[t] + s]);
      }
      // outputMse: acc = b2; acc += w2_j · h_j (j in order); d = tanh(acc) − y; se += d²
      let acc = b2;
      for (let j = 0; j < H; j++) acc += w2v[j] * tmp[base + j];
      const d = Math.tanh(acc) - target[s];
      se += d * d;
      if (se > seBound) return -1;
    }
    return se;
  }

  /** {@link score2} for any K. */
  scoreK(seBound: number): number {
    const { H, K, rows, XT, target, cur, tmp, mutant, mask, w2v } = this;
    const b2 = mutant[this.b2];
    let se = 0;
    for (let s = 0; s < rows; s++) {
      const base = s * H;
      for (let j = 0; j < H; j++) {
        if (mask[j]) {
          let acc = mutant[this.b1 + j];
          for (let q = 0; q < K; q++) {
            acc += mutant[this.w1 + j * K + q] * XT[mutant[j * K + q] * rows + s];
          }
          tmp[base + j] = Math.tanh(acc);
        } else tmp[base + j] = cur[base + j];
      }
      let acc = b2;
      for (let j = 0; j < H; j++) acc += w2v[j] * tmp[base + j];
      const d = Math.tanh(acc) - target[s];
      se += d * d;
      if (se > seBound) return -1;
    }
    return se;
  }

  /** The mutant becomes the current genome (buffers swap). */
  accept(): void {
    let t = this.g;
    this.g = this.mutant;
    this.mutant = t;
    t = this.cur;
    this.cur = this.tmp;
    this.tmp = t;
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
  const rows = F.rows, nG = F.nG, K2 = F.K === 2;
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
    const km0 = W0[0], km1 = W1[0];
    const ku: Key = { k0: W0[1], k1: W1[1] };
    threefry2x32(km0, km1, 0, 2, W0);
    threefry2x32(km0, km1, 1, 3, W1);
    F.mutate({ k0: W0[0], k1: W1[0] }, { k0: W0[1], k1: W1[1] }, rate, scale, indexRate);
    const u = nextUniform(drawStream(ku));
    const temperature = t0 * decay ** step;
    const nc = F.changed();
    // certain rejection once mse > mse_c + T·(−ln u) (margins: 1e−9 relative and 1e−9 in the
    // exponent, above every rounding of the division, subtraction, log and exp involved)
    const slack = temperature * (-Math.log(u) * (1 + 1e-9) + 1e-9);
    const seBound = (-fCur + slack) * (1 + 1e-9) * rows * (1 + 1e-9);
    const se = K2 ? F.score2(nc, seBound) : F.scoreK(seBound);
    evals++;
    step++;
    if (se >= 0) {
      const f = -(se / rows);
      const delta = f - fCur;
      if (delta > 0 || u < Math.exp(delta / temperature)) {
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
