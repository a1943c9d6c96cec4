/**
 * One GENREG trial as a steppable state machine: `initState(config, key)`, the pure
 * `step(state, config)` and its batched form `run(state, config, n)`. A step is one iteration of
 * the optimiser (one SA / hill-climbing step, one GA generation, one backprop epoch; GSA: its
 * generations, then its SA steps). A finished trial's `step` returns it unchanged.
 *
 * Keys: the trial key K gives kInit = fold(K, 1) (initial genome / population), kSearch =
 * fold(K, 2) (SA step t uses fold(kSearch, t); GA generation g uses fold(kSearch, g)) and
 * kEval = fold(K, 3) (fresh input noise, only for legacy inputs with more than 240 noise columns).
 *
 * Ultra-sparse SA uses an incremental evaluator: a mutant recomputes only the hidden units whose
 * indices, weights or bias changed, reusing the current genome's other rows. It performs the same
 * floating-point operations as a full forward pass, so results are identical bit for bit.
 *
 * @module
 */
import { fold, type Key } from "@neuroplastic/core/random";
import {
  type GaState,
  genregGa,
  gsa,
  type GsaState,
  hillClimb,
  type LocalSearchState,
  simulatedAnnealing,
  type Strategy,
} from "@neuroplastic/evolution";
import type { TrialConfig } from "./config.ts";
import { type TrialContext, trialContext } from "./context.ts";
import { type EvalBuffers, evalBuffers, outputMse, sparseUnitInto } from "./network.ts";
import { backpropEpochs, type BackpropState, initBackprop } from "./backprop.ts";
import { fusedSaApplies, sparseSaRun } from "./sa_sparse.ts";

/**
 * Per-member metrics aligned with the GA population.
 *
 * @example
 * ```ts
 * import { type GaMeta, initState, step, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...trialDefaults, optimizer: "ga" as const, ga: { ...trialDefaults.ga, popsize: 10 } };
 * const meta: GaMeta = step(initState(c, key(0)), c).gaMeta!; // after one generation
 * console.log(meta.mse.length, meta.k.length); // 10 10
 * ```
 */
export interface GaMeta {
  /** MSE per member. */
  readonly mse: Float64Array;
  /** Saturated hidden units per member. */
  readonly k: Int32Array;
  /** Protein trust per member. */
  readonly trust: Float64Array;
}

/**
 * State of one trial (plain data: checkpointable).
 *
 * @example
 * ```ts
 * import { initState, step, trialDefaults, type TrialState } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const s: TrialState = step(initState(trialDefaults, key(0)), trialDefaults);
 * console.log(s.t, s.done, s.ga === null); // 1 false true
 * ```
 */
export interface TrialState {
  /** The trial's key K. */
  readonly key: Key;
  /** Steps taken (optimiser iterations: SA/hill steps, GA generations, epochs). */
  readonly t: number;
  /** True once the trial has stopped. */
  readonly done: boolean;
  /** Why it stopped: "steps", "patience", "target_reached", "stagnation", "max_generations". */
  readonly reason: string;
  /** Fitness evaluations performed. */
  readonly evals: number;
  /** SA / hill-climbing chain (also GSA's refinement phase). */
  readonly search: LocalSearchState | null;
  /** GA population (GA, and GSA's first phase). */
  readonly ga: GaState | null;
  /** Per-member metrics aligned with `ga.population`. */
  readonly gaMeta: GaMeta | null;
  /** GSA phase marker. */
  readonly gsaPhase: "ga" | "sa" | null;
  /** Best population MSE of the last `stagnationWindow` generations (ring buffer). */
  readonly mseRing: Float64Array;
  /** Generations recorded. */
  readonly gens: number;
  /** Best population MSE and the fitness-best member's k of the last generation. */
  readonly lastMseBest: number;
  /** k of the fitness-best member of the last generation (or of the start genome). */
  readonly lastK: number;
  /**
   * [iteration, best MSE, k] triples: GA every 10 generations (and its last one), SA/hill every
   * `traceEvery` steps (and the last one); k counts the saturated hidden units of the best genome
   * (GA: of the fitness-best member).
   */
  readonly trace: number[];
  /** Backprop parameters and optimiser state. */
  readonly backprop: BackpropState | null;
}

const fitnessOf = (mse: number): number => -mse;

/** SA / hill-climbing strategy of a config (maximising −MSE). */
const localStrategy = (c: TrialConfig, ctx: TrialContext): Strategy<LocalSearchState> =>
  c.optimizer === "hill"
    ? hillClimb({ ops: ctx.ops, maxSteps: c.hill.maxSteps, patience: c.hill.patience })
    : simulatedAnnealing({ ops: ctx.ops, steps: c.sa.steps, t0: c.sa.t0, t1: c.sa.t1 });

// the step never writes to a candidates array after telling it: the GA may keep it as its population
const gaStrategy = (c: TrialConfig, ctx: TrialContext): ReturnType<typeof genregGa> =>
  genregGa({ ops: ctx.ops, popsize: c.ga.popsize, adoptCandidates: true });

const gsaStrategy = (c: TrialConfig, ctx: TrialContext): Strategy<GsaState> =>
  gsa({
    ops: ctx.ops,
    popsize: c.ga.popsize,
    generations: c.gsa.generations,
    saSteps: c.gsa.saSteps,
    t0: c.sa.t0,
    t1: c.sa.t1,
  });

/**
 * The initial state of a trial: the initial genome (SA, hill) or population (GA, GSA) is drawn
 * from fold(K, 1); SA/hill evaluate their start genome here.
 *
 * @example
 * ```ts
 * import { initState, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const s = initState(trialDefaults, key(0));
 * console.log(s.search!.currentFitness < 0); // true
 * ```
 */
export function initState(c: TrialConfig, key: Key): TrialState {
  const ctx = trialContext(c);
  const kInit = fold(key, 1);
  const base: TrialState = {
    key,
    t: 0,
    done: false,
    reason: "",
    evals: 0,
    search: null,
    ga: null,
    gaMeta: null,
    gsaPhase: null,
    mseRing: new Float64Array(c.ga.stagnationWindow).fill(NaN),
    gens: 0,
    lastMseBest: NaN,
    lastK: 0,
    trace: [],
    backprop: null,
  };
  if (c.optimizer === "sa" || c.optimizer === "hill") {
    const g = new Float64Array(ctx.genes);
    ctx.ops.random(kInit, g);
    const ev = ctx.evaluate(g, fold(fold(key, 3), 0));
    const init = c.optimizer === "hill"
      ? hillClimb({
        ops: ctx.ops,
        maxSteps: c.hill.maxSteps,
        patience: c.hill.patience,
        initial: g,
        initialFitness: ev.fitness,
      }).init(kInit)
      : simulatedAnnealing({
        ops: ctx.ops,
        steps: c.sa.steps,
        t0: c.sa.t0,
        t1: c.sa.t1,
        initial: g,
        initialFitness: ev.fitness,
      }).init(kInit);
    return { ...base, search: init, evals: 1, lastMseBest: ev.mse, lastK: ev.k };
  }
  if (c.optimizer === "ga") return { ...base, ga: gaStrategy(c, ctx).init(kInit) };
  if (c.optimizer === "gsa") {
    const st = gsaStrategy(c, ctx).init(kInit);
    return { ...base, ga: st.ga, gsaPhase: "ga" };
  }
  return { ...base, backprop: initBackprop(c, ctx, kInit) };
}

/** Scores mutants against a current genome (incremental for the ultra-sparse net). */
interface Scorer {
  setCurrent(genome: Float64Array): void;
  score(genome: Float64Array, evalKey: Key): number;
  accept(): void;
}

const makeScorer = (ctx: TrialContext): Scorer => {
  const { shape, layout, inputs } = ctx;
  if (shape.kind === "dense" || ctx.stochastic || ctx.proteins) {
    const buf = evalBuffers(shape.hidden, inputs.rows);
    return {
      setCurrent: () => {},
      score: (g, k) => ctx.evaluate(g, k, buf).mse,
      accept: () => {},
    };
  }
  const H = shape.hidden, K = shape.k, rows = inputs.rows;
  let cur = Array.from({ length: H }, () => new Float64Array(rows));
  const tmp = Array.from({ length: H }, () => new Float64Array(rows));
  const rowsOf: Float64Array[] = new Array(H);
  const changed = new Uint8Array(H);
  let current: Float64Array = new Float64Array(0);
  let pending: Float64Array = new Float64Array(0);
  const b1 = layout.b1, w1 = layout.w1;
  return {
    setCurrent: (g) => {
      current = g;
      for (let j = 0; j < H; j++) sparseUnitInto(shape, g, inputs.dataT, rows, j, cur[j]);
    },
    score: (g) => {
      for (let j = 0; j < H; j++) {
        let ch = g[b1 + j] !== current[b1 + j];
        for (let q = 0; q < K && !ch; q++) {
          ch = g[j * K + q] !== current[j * K + q] || g[w1 + j * K + q] !== current[w1 + j * K + q];
        }
        changed[j] = ch ? 1 : 0;
        if (ch) {
          sparseUnitInto(shape, g, inputs.dataT, rows, j, tmp[j]);
          rowsOf[j] = tmp[j];
        } else rowsOf[j] = cur[j];
      }
      pending = g;
      return outputMse(rowsOf, g, layout.w2, layout.b2, inputs.target, rows);
    },
    accept: () => {
      const next = cur.slice();
      for (let j = 0; j < H; j++) {
        if (changed[j]) {
          next[j] = tmp[j];
          tmp[j] = cur[j];
        }
      }
      cur = next;
      current = pending;
    },
  };
};

/**
 * k of a genome for the trace: the number of saturated hidden units, by one full evaluation (with
 * fresh-noise inputs, on the noise `trialResult` uses, fold(kEval, 2^31 − 1)).
 */
const saturatedCount = (ctx: TrialContext, kEval: Key): (g: Float64Array) => number => {
  let satBuf: EvalBuffers | null = null;
  return (g) => {
    satBuf ??= evalBuffers(ctx.shape.hidden, ctx.inputs.rows);
    return ctx.evaluate(g, ctx.stochastic ? fold(kEval, 0x7fffffff) : null, satBuf).k;
  };
};

/**
 * Runs up to `n` local-search steps of the chain `s0` (SA or hill climbing). With `traceEvery`,
 * appends [step, best MSE, k] to `trace` after every step that is a multiple of it and after
 * the last step of the chain (so the trace does not depend on how the steps are batched), where
 * k is the number of saturated hidden units of the best genome so far (one full evaluation per
 * traced point; with fresh-noise inputs, on the noise `trialResult` uses, fold(kEval, 2^31 − 1)).
 */
const localRun = (
  strategy: Strategy<LocalSearchState>,
  s0: LocalSearchState,
  ctx: TrialContext,
  kSearch: Key,
  kEval: Key,
  n: number,
  trace: number[] | null,
  traceEvery: number,
): { s: LocalSearchState; evals: number } => {
  let s = s0;
  const isDone = (x: LocalSearchState): boolean => strategy.done?.(x) ?? false;
  if (n <= 0 || isDone(s)) return { s, evals: 0 };
  const scorer = makeScorer(ctx);
  scorer.setCurrent(s.current);
  let evals = 0;
  const bestK = saturatedCount(ctx, kEval);
  for (let i = 0; i < n && !isDone(s); i++) {
    const { candidates, state } = strategy.ask(s, fold(kSearch, s.step));
    const mse = scorer.score(candidates, fold(kEval, s.step + 1));
    evals++;
    const before = state.accepted;
    s = strategy.tell(state, candidates, Float64Array.of(fitnessOf(mse)));
    if (s.accepted !== before) scorer.accept();
    if (trace && (s.step % traceEvery === 0 || isDone(s))) {
      trace.push(s.step, -s.bestFitness, bestK(s.bestGenome));
    }
  }
  return { s, evals };
};

/** Evaluates a GA population, reusing carried members' metrics when evaluation is deterministic. */
const evaluatePopulationInline = (
  ctx: TrialContext,
  candidates: Float64Array,
  origin: Int32Array | undefined,
  prev: GaMeta | null,
  kEval: Key,
  gen: number,
): { fitness: Float64Array; meta: GaMeta; evals: number } => {
  const n = ctx.genes;
  const lam = candidates.length / n;
  const fitness = new Float64Array(lam);
  const meta: GaMeta = {
    mse: new Float64Array(lam),
    k: new Int32Array(lam),
    trust: new Float64Array(lam),
  };
  // members to evaluate (the others carry their parent's evaluation)
  const which = new Int32Array(lam);
  let evals = 0;
  for (let i = 0; i < lam; i++) {
    const o = origin?.[i] ?? -1;
    if (!ctx.stochastic && prev && o >= 0) {
      meta.mse[i] = prev.mse[o];
      meta.k[i] = prev.k[o];
      meta.trust[i] = prev.trust[o];
    } else which[evals++] = i;
  }
  const kGen = fold(kEval, gen);
  const evs = ctx.evaluateMany(candidates, which, evals, (t) => fold(kGen, which[t]));
  for (let t = 0; t < evals; t++) {
    const i = which[t], ev = evs[t];
    meta.mse[i] = ev.mse;
    meta.k[i] = ev.k;
    meta.trust[i] = ev.trust;
  }
  for (let i = 0; i < lam; i++) fitness[i] = ctx.fitnessOf(meta.mse[i], meta.trust[i]);
  return { fitness, meta, evals };
};

/** Records a generation and applies the sweep's termination rules (`sine_sweep.py`). */
const recordGeneration = (
  s: TrialState,
  c: TrialConfig,
  fitness: Float64Array,
  meta: GaMeta,
  checkTermination: boolean,
): TrialState => {
  let mseBest = Infinity, bi = 0;
  for (let i = 0; i < meta.mse.length; i++) {
    if (meta.mse[i] < mseBest) mseBest = meta.mse[i];
    if (fitness[i] > fitness[bi]) bi = i;
  }
  const kBest = meta.k[bi];
  const W = c.ga.stagnationWindow;
  const ring = s.mseRing.slice();
  ring[s.gens % W] = mseBest;
  const gens = s.gens + 1;
  // Trace stride: every 10 generations up to 10,000, then doubling with each doubling of the
  // generation count, so a long GA keeps O(log n) trace memory (≈ 500 points per doubling).
  const stride = 10 * 2 ** Math.max(0, Math.ceil(Math.log2((s.gens + 1) / 10_000)));
  const trace = s.gens % stride === 0 ? [...s.trace, s.gens, mseBest, kBest] : s.trace;
  let reason = "";
  if (checkTermination) {
    if (mseBest < c.ga.targetMse) reason = "target_reached";
    else if (
      c.ga.stagnationThreshold > 0 && gens >= W &&
      ring[(gens - W) % W] - mseBest < c.ga.stagnationThreshold
    ) {
      reason = "stagnation";
    }
  }
  return { ...s, mseRing: ring, gens, lastMseBest: mseBest, lastK: kBest, trace, reason };
};

/**
 * One GA generation (GA, or GSA's first phase): evaluate, tell, record. `spare` (GA only): a
 * population-sized buffer no live state refers to, used for the next generation (else a new one).
 */
const gaGeneration = (
  s: TrialState,
  c: TrialConfig,
  ctx: TrialContext,
  spare: Float64Array | null = null,
): TrialState => {
  const kSearch = fold(s.key, 2), kEval = fold(s.key, 3);
  if (c.optimizer === "ga") {
    const strategy = gaStrategy(c, ctx);
    const gen = s.ga!.gen;
    const { candidates, state, origin } = strategy.askInto(s.ga!, fold(kSearch, gen), spare);
    const ev = evaluatePopulationInline(ctx, candidates, origin, s.gaMeta, kEval, gen);
    const ga = strategy.tell(state, candidates, ev.fitness);
    let next = recordGeneration(
      { ...s, ga, gaMeta: ev.meta, evals: s.evals + ev.evals, t: s.t + 1 },
      c,
      ev.fitness,
      ev.meta,
      true,
    );
    // the reference evolves after recording, so `gens` evolutions precede the final population
    if (!next.reason && ga.gen > c.ga.maxGenerations) next = { ...next, reason: "max_generations" };
    if (!next.reason) return next;
    // the last generation closes the trace (so a report's curves end where its caption does)
    const last = next.gens - 1;
    const trace = next.trace[next.trace.length - 3] === last
      ? next.trace
      : [...next.trace, last, next.lastMseBest, next.lastK];
    return { ...next, trace, done: true };
  }
  const strategy = gsaStrategy(c, ctx);
  const st: GsaState = { phase: "ga", ga: s.ga!, sa: s.search };
  const gen = st.ga.gen;
  const { candidates, state, origin } = strategy.ask(st, fold(kSearch, gen));
  const ev = evaluatePopulationInline(ctx, candidates, origin, s.gaMeta, kEval, gen);
  const next = strategy.tell(state, candidates, ev.fitness);
  const rec = recordGeneration(
    { ...s, ga: next.ga, gaMeta: ev.meta, evals: s.evals + ev.evals, t: s.t + 1 },
    c,
    ev.fitness,
    ev.meta,
    false,
  );
  return { ...rec, gsaPhase: next.phase, search: next.sa, reason: "" };
};

/** Up to `n` steps of a local search (SA, hill, or GSA's SA phase), in one batch. */
const localSteps = (s: TrialState, c: TrialConfig, ctx: TrialContext, n: number): TrialState => {
  const kSearch = fold(s.key, 2), kEval = fold(s.key, 3);
  if (c.optimizer === "sa" || c.optimizer === "hill") {
    const strategy = localStrategy(c, ctx);
    const trace = s.trace.slice();
    const fused = c.optimizer === "sa" && fusedSaApplies(ctx) &&
      s.search!.currentFitness === s.search!.currentFitness;
    const r = fused
      ? sparseSaRun(
        ctx,
        c,
        s.search!,
        kSearch,
        n,
        c.sa.steps,
        c.sa.t0,
        c.sa.t1,
        trace,
        c.traceEvery,
        saturatedCount(ctx, kEval),
      )
      : localRun(strategy, s.search!, ctx, kSearch, kEval, n, trace, c.traceEvery);
    const search = r.s;
    const done = strategy.done!(search);
    const reason = !done
      ? ""
      : c.optimizer === "hill" && search.stall >= c.hill.patience
      ? "patience"
      : "steps";
    return {
      ...s,
      t: s.t + r.evals,
      search,
      evals: s.evals + r.evals,
      done,
      reason,
      lastMseBest: -search.bestFitness,
      trace,
    };
  }
  // GSA's SA refinement of the GA's best (not traced)
  const ga = s.ga!;
  const sa = simulatedAnnealing({
    ops: ctx.ops,
    steps: c.gsa.saSteps,
    t0: c.sa.t0,
    t1: c.sa.t1,
    initial: ga.bestGenome,
    initialFitness: ga.bestFitness,
  });
  const kSa = fold(kSearch, 1 << 30);
  const r = fusedSaApplies(ctx) && s.search!.currentFitness === s.search!.currentFitness
    ? sparseSaRun(ctx, c, s.search!, kSa, n, c.gsa.saSteps, c.sa.t0, c.sa.t1, null, 1)
    : localRun(sa, s.search!, ctx, kSa, kEval, n, null, 1);
  const done = r.s.step >= c.gsa.saSteps;
  return {
    ...s,
    t: s.t + r.evals,
    search: r.s,
    evals: s.evals + r.evals,
    done,
    reason: done ? "steps" : "",
    lastMseBest: -r.s.bestFitness,
  };
};

/**
 * Runs `n` steps of a trial (pure; stops early when the trial ends, and a finished trial is
 * returned unchanged). A step is one iteration of the optimiser: one SA or hill-climbing step,
 * one GA generation (evaluate the population, breed the next), one Adam epoch; GSA: its GA
 * generations, then its SA steps. The result does not depend on how the steps are batched:
 * `run(s, c, a + b)` equals `run(run(s, c, a), c, b)` and `a + b` calls of {@link step}.
 *
 * @example
 * ```ts
 * import { initState, run, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...trialDefaults, sa: { ...trialDefaults.sa, steps: 2000 } };
 * const s = run(initState(c, key(0)), c, 5000);
 * console.log(s.done, s.t, s.search!.step); // true 2000 2000
 * ```
 */
export function run(s0: TrialState, c: TrialConfig, n: number): TrialState {
  let s = s0;
  if (s.done || n <= 0) return s;
  const ctx = trialContext(c);
  if (c.optimizer === "backprop") {
    const bp = backpropEpochs(s.backprop!, c, ctx, n);
    const epochs = bp.epoch - s.backprop!.epoch;
    const done = bp.epoch >= c.backprop.epochs;
    return {
      ...s,
      t: s.t + epochs,
      backprop: bp,
      evals: s.evals + epochs,
      done,
      reason: done ? "epochs" : "",
      lastMseBest: bp.lastLoss,
    };
  }
  let left = n;
  // GA: the population of a generation this call made and has replaced (no state the caller can
  // see holds it: `s0` and the returned state never give theirs up), reused for the next one
  let spare: Float64Array | null = null;
  while (left > 0 && !s.done) {
    if (c.optimizer === "ga") {
      const prev = s;
      s = gaGeneration(s, c, ctx, spare);
      spare = prev !== s0 && prev.ga!.gen > 0 ? prev.ga!.population : null;
      left--;
    } else if (c.optimizer === "gsa" && s.gsaPhase === "ga") {
      s = gaGeneration(s, c, ctx);
      left--;
    } else {
      const t0 = s.t;
      s = localSteps(s, c, ctx, left);
      left -= s.t - t0;
      if (s.t === t0) break; // a finished chain (defensive: `done` is set with it)
    }
  }
  return s;
}

/**
 * One step of a trial (pure): `run(s, c, 1)`.
 *
 * @example
 * ```ts
 * import { initState, step, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...trialDefaults, sa: { ...trialDefaults.sa, steps: 200 } };
 * let s = initState(c, key(0));
 * while (!s.done) s = step(s, c);
 * console.log(s.t, s.search!.step); // 200 200
 * ```
 */
export function step(s: TrialState, c: TrialConfig): TrialState {
  return run(s, c, 1);
}

/**
 * The best genome of a trial (SA/hill: best-so-far; GA: the fitness-best member of the last
 * population, as the reference reports; GSA: the refined best; backprop: the final parameters).
 *
 * @example
 * ```ts
 * import { bestGenome, initState, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * console.log(bestGenome(initState(trialDefaults, key(0)), trialDefaults).length); // 49
 * ```
 */
export function bestGenome(s: TrialState, c: TrialConfig): Float64Array {
  if (c.optimizer === "backprop") return s.backprop!.params;
  if (s.search && (c.optimizer !== "gsa" || s.gsaPhase === "sa")) return s.search.bestGenome;
  const ga = s.ga!;
  if (c.optimizer === "gsa") return ga.bestGenome;
  let bi = 0;
  for (let i = 1; i < ga.fitness.length; i++) if (ga.fitness[i] > ga.fitness[bi]) bi = i;
  const n = trialContext(c).genes;
  return ga.population.slice(bi * n, (bi + 1) * n);
}
