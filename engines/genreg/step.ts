/**
 * One GENREG trial as a steppable state machine: `initTrial(config, key)` and the pure
 * `stepTrial(state, config)` (one Process step = `chunk` SA / hill-climbing steps, one GA
 * generation, or `chunk` backprop epochs). A finished trial's `stepTrial` returns it unchanged.
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
import { evalBuffers, outputMse, sparseUnitInto } from "./network.ts";
import { backpropEpochs, type BackpropState, initBackprop } from "./backprop.ts";

/**
 * Per-member metrics aligned with the GA population.
 *
 * @example
 * ```ts
 * import { type GaMeta, initTrial, stepTrial, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...trialDefaults, optimizer: "ga" as const, ga: { ...trialDefaults.ga, popsize: 10 } };
 * const meta: GaMeta = stepTrial(initTrial(c, key(0)), c).gaMeta!; // after one generation
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
 * import { initTrial, stepTrial, trialDefaults, type TrialState } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const s: TrialState = stepTrial(initTrial(trialDefaults, key(0)), trialDefaults);
 * console.log(s.t, s.done, s.ga === null); // 1 false true
 * ```
 */
export interface TrialState {
  /** The trial's key K. */
  readonly key: Key;
  /** Process steps taken. */
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
  /** [generation, best MSE, k] triples every 10 generations (GA) or chunk (SA). */
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

const gaStrategy = (c: TrialConfig, ctx: TrialContext): Strategy<GaState> =>
  genregGa({ ops: ctx.ops, popsize: c.ga.popsize });

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
 * import { initTrial, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const s = initTrial(trialDefaults, key(0));
 * console.log(s.search!.currentFitness < 0); // true
 * ```
 */
export function initTrial(c: TrialConfig, key: Key): TrialState {
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

/** Runs up to `n` local-search steps of the chain `s` (SA or hill climbing). */
const localChunk = (
  strategy: Strategy<LocalSearchState>,
  s0: LocalSearchState,
  ctx: TrialContext,
  kSearch: Key,
  kEval: Key,
  n: number,
): { s: LocalSearchState; evals: number } => {
  let s = s0;
  const scorer = makeScorer(ctx);
  scorer.setCurrent(s.current);
  let evals = 0;
  for (let i = 0; i < n && !(strategy.done?.(s) ?? false); i++) {
    const { candidates, state } = strategy.ask(s, fold(kSearch, s.step));
    const mse = scorer.score(candidates, fold(kEval, s.step + 1));
    evals++;
    const before = state.accepted;
    s = strategy.tell(state, candidates, Float64Array.of(fitnessOf(mse)));
    if (s.accepted !== before) scorer.accept();
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
  let evals = 0;
  for (let i = 0; i < lam; i++) {
    const o = origin?.[i] ?? -1;
    if (!ctx.stochastic && prev && o >= 0) {
      meta.mse[i] = prev.mse[o];
      meta.k[i] = prev.k[o];
      meta.trust[i] = prev.trust[o];
    } else {
      const ev = ctx.evaluate(candidates.subarray(i * n, (i + 1) * n), fold(fold(kEval, gen), i));
      meta.mse[i] = ev.mse;
      meta.k[i] = ev.k;
      meta.trust[i] = ev.trust;
      evals++;
    }
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
 * One Process step of a trial (pure).
 *
 * @example
 * ```ts
 * import { initTrial, stepTrial, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * const c = { ...trialDefaults, sa: { ...trialDefaults.sa, steps: 2000 } };
 * let s = initTrial(c, key(0));
 * while (!s.done) s = stepTrial(s, c);
 * console.log(s.search!.step); // 2000
 * ```
 */
export function stepTrial(s: TrialState, c: TrialConfig): TrialState {
  if (s.done) return s;
  const ctx = trialContext(c);
  const kSearch = fold(s.key, 2), kEval = fold(s.key, 3);
  if (c.optimizer === "sa" || c.optimizer === "hill") {
    const strategy = localStrategy(c, ctx);
    const { s: search, evals } = localChunk(strategy, s.search!, ctx, kSearch, kEval, c.chunk);
    const done = strategy.done!(search);
    const reason = !done
      ? ""
      : c.optimizer === "hill" && search.stall >= c.hill.patience
      ? "patience"
      : "steps";
    return {
      ...s,
      t: s.t + 1,
      search,
      evals: s.evals + evals,
      done,
      reason,
      lastMseBest: -search.bestFitness,
      trace: [...s.trace, search.step, -search.bestFitness, 0],
    };
  }
  if (c.optimizer === "ga") {
    const strategy = gaStrategy(c, ctx);
    const gen = s.ga!.gen;
    const { candidates, state, origin } = strategy.ask(s.ga!, fold(kSearch, gen));
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
    return next.reason ? { ...next, done: true } : next;
  }
  if (c.optimizer === "gsa") {
    const strategy = gsaStrategy(c, ctx);
    const st: GsaState = { phase: s.gsaPhase!, ga: s.ga!, sa: s.search };
    if (st.phase === "ga") {
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
    }
    const sa = simulatedAnnealing({
      ops: ctx.ops,
      steps: c.gsa.saSteps,
      t0: c.sa.t0,
      t1: c.sa.t1,
      initial: st.ga.bestGenome,
      initialFitness: st.ga.bestFitness,
    });
    const { s: search, evals } = localChunk(
      sa,
      st.sa!,
      ctx,
      fold(kSearch, 1 << 30),
      kEval,
      c.chunk,
    );
    const done = search.step >= c.gsa.saSteps;
    return {
      ...s,
      t: s.t + 1,
      search,
      evals: s.evals + evals,
      done,
      reason: done ? "steps" : "",
      lastMseBest: -search.bestFitness,
    };
  }
  const bp = backpropEpochs(s.backprop!, c, ctx, c.chunk);
  const done = bp.epoch >= c.backprop.epochs;
  return {
    ...s,
    t: s.t + 1,
    backprop: bp,
    evals: s.evals + (bp.epoch - s.backprop!.epoch),
    done,
    reason: done ? "epochs" : "",
    lastMseBest: bp.lastLoss,
  };
}

/**
 * The best genome of a trial (SA/hill: best-so-far; GA: the fitness-best member of the last
 * population, as the reference reports; GSA: the refined best; backprop: the final parameters).
 *
 * @example
 * ```ts
 * import { bestGenome, initTrial, trialDefaults } from "@neuroplastic/engines/genreg";
 * import { key } from "@neuroplastic/core/random";
 * console.log(bestGenome(initTrial(trialDefaults, key(0)), trialDefaults).length); // 49
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
