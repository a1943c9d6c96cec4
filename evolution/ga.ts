/**
 * Genetic algorithms:
 * - {@link genregGa}: the GENREG tiered scheme (GENREG-sine `sine_population.py` `evolve`):
 *   sort by fitness; the top 20% (elite) and the next 30% (survivors) pass unchanged; 40% are
 *   mutated clones of the elite (parent i mod n_elite); the remaining 10% are fresh random
 *   genomes. Population 40, mutation rate 0.1, scale 0.1 (`sine_config.py`).
 * - {@link ga}: a configurable GA (tournament or truncation selection, uniform / one-point /
 *   blend crossover, the genome operators' mutation, k elites).
 *
 * Both carry unchanged members forward and report their fitness in `knownFitness`, so a caller
 * with a deterministic fitness can skip re-evaluating them; elitism then guarantees that the best
 * fitness in the population never decreases.
 *
 * @module
 */
import { fold, type Key, randint1, split, uniform, uniform1 } from "@neuroplastic/core/random";
import { argsortDescending, argsortStable, updateBest, worstFitness } from "./ranks.ts";
import type { AskResult, BestSoFar, GenomeOps, Strategy } from "./types.ts";

/** State of both GAs (plain data). */
export interface GaState extends BestSoFar {
  /** Current population, popsize × n row-major. */
  readonly population: Float64Array;
  /** Its fitness (NaN before the first tell). */
  readonly fitness: Float64Array;
  /** Number of tells. */
  readonly gen: number;
}

/** Parameters of {@link genregGa}. */
export interface GenregGaParams {
  /** Random genomes and mutation. */
  readonly ops: GenomeOps;
  /** Default 40. */
  readonly popsize?: number;
  /** Default 0.2. */
  readonly elite?: number;
  /** Default 0.3. */
  readonly survive?: number;
  /** Default 0.4 (the rest, 0.1, are random). */
  readonly cloneMutate?: number;
  /** Default true. */
  readonly maximize?: boolean;
  /**
   * `tell` keeps the told candidates array as the new population instead of copying it (default
   * false). Only for callers that never write to a candidates array after telling it (the GENREG
   * engine's step); saves one copy of the population per generation.
   */
  readonly adoptCandidates?: boolean;
}

const initPopulation = (ops: GenomeOps, lam: number, key: Key): Float64Array => {
  const n = ops.numDims;
  const pop = new Float64Array(lam * n);
  for (let k = 0; k < lam; k++) ops.random(fold(key, k), pop.subarray(k * n, (k + 1) * n));
  return pop;
};

const rankOrder = (fitness: Float64Array, maximize: boolean): Int32Array =>
  maximize ? argsortDescending(fitness) : argsortStable(fitness);

const gaTell = (
  s: GaState,
  x: Float64Array,
  fitness: Float64Array,
  n: number,
  lam: number,
  maximize: boolean,
  adopt = false,
): GaState => {
  if (x.length !== lam * n || fitness.length !== lam) {
    throw new RangeError(`ga: tell needs ${lam}×${n} candidates and ${lam} fitness values`);
  }
  const best = updateBest(s.bestGenome, s.bestFitness, x, fitness, n, maximize);
  return {
    population: adopt ? x : x.slice(),
    fitness: fitness.slice(),
    gen: s.gen + 1,
    bestGenome: best.bestGenome,
    bestFitness: best.bestFitness,
  };
};

/**
 * The GENREG tiered GA. The first `ask` returns the random initial population; each later `ask`
 * builds the next generation from the last told one.
 *
 * @example
 * ```ts
 * import { gaussianOps, genregGa } from "@neuroplastic/evolution";
 * import { fold, key } from "@neuroplastic/core/random";
 * const ga = genregGa({ ops: gaussianOps({ numDims: 3 }), maximize: false });
 * let st = ga.init(key(0));
 * for (let g = 0; g < 50; g++) {
 *   const { candidates, state } = ga.ask(st, fold(key(1), g));
 *   const f = new Float64Array(40);
 *   for (let k = 0; k < 40; k++) for (let i = 0; i < 3; i++) f[k] += candidates[k * 3 + i] ** 2;
 *   st = ga.tell(state, candidates, f);
 * }
 * console.log(ga.best(st).fitness < 0.1); // true
 * ```
 */
export function genregGa(params: GenregGaParams): Strategy<GaState> & {
  readonly tiers: { elite: number; survive: number; clone: number; random: number };
  /**
   * `ask` that writes the next generation into `into` (popsize × numDims, not aliasing the
   * state's population) instead of a new array, when given; the same values as `ask` (every
   * member is written: the genome operators write all of `out`). For a caller that owns a buffer
   * no live state refers to (the GENREG engine's `run` recycles the population of a generation
   * it has already replaced).
   */
  askInto(state: GaState, key: Key, into: Float64Array | null): AskResult<GaState>;
} {
  const ops = params.ops;
  const n = ops.numDims;
  const lam = params.popsize ?? 40;
  const maximize = params.maximize ?? true;
  const nElite = Math.floor(lam * (params.elite ?? 0.2));
  const nSurvive = Math.floor(lam * (params.survive ?? 0.3));
  const nClone = Math.floor(lam * (params.cloneMutate ?? 0.4));
  const nRandom = lam - nElite - nSurvive - nClone;
  if (!Number.isInteger(lam) || lam < 2) throw new RangeError(`ga: popsize must be ≥ 2`);
  if (nElite < 1 || nRandom < 0) {
    throw new RangeError(`ga: tiers need ≥ 1 elite and fractions summing to ≤ 1`);
  }
  const tiers = { elite: nElite, survive: nSurvive, clone: nClone, random: nRandom };

  const init = (key: Key): GaState => ({
    population: initPopulation(ops, lam, key),
    fitness: new Float64Array(lam).fill(NaN),
    gen: 0,
    bestGenome: new Float64Array(n),
    bestFitness: worstFitness(maximize),
  });

  const askInto = (s: GaState, key: Key, into: Float64Array | null): AskResult<GaState> => {
    if (s.gen === 0) {
      return {
        candidates: s.population.slice(),
        state: s,
        knownFitness: s.fitness.slice(),
        origin: new Int32Array(lam).fill(-1),
      };
    }
    const order = rankOrder(s.fitness, maximize);
    if (into !== null && (into.length !== lam * n || into.buffer === s.population.buffer)) {
      throw new RangeError(`ga: askInto needs ${lam}×${n} values apart from the population`);
    }
    const next = into ?? new Float64Array(lam * n);
    const known = new Float64Array(lam).fill(NaN);
    const origin = new Int32Array(lam).fill(-1);
    const [kClone, kRandom] = split(key);
    const keep = nElite + nSurvive;
    for (let i = 0; i < keep; i++) {
      const src = order[i];
      next.set(s.population.subarray(src * n, (src + 1) * n), i * n);
      known[i] = s.fitness[src];
      origin[i] = src;
    }
    for (let i = 0; i < nClone; i++) {
      const p = order[i % nElite];
      const out = next.subarray((keep + i) * n, (keep + i + 1) * n);
      ops.mutate(s.population.subarray(p * n, (p + 1) * n), fold(kClone, i), out);
    }
    for (let i = 0; i < nRandom; i++) {
      const o = keep + nClone + i;
      ops.random(fold(kRandom, i), next.subarray(o * n, (o + 1) * n));
    }
    return { candidates: next, state: s, knownFitness: known, origin };
  };

  return {
    name: "genreg-ga",
    numDims: n,
    popsize: lam,
    tiers,
    init,
    ask: (s, key) => askInto(s, key, null),
    askInto,
    tell: (s, x, f) => gaTell(s, x, f, n, lam, maximize, params.adoptCandidates ?? false),
    best: (s) => ({ genome: s.bestGenome, fitness: s.bestFitness }),
  };
}

/** Parameters of {@link ga}. */
export interface GaParams {
  /** Random genomes and mutation. */
  readonly ops: GenomeOps;
  /** Population size. */
  readonly popsize: number;
  /** "tournament" (default) or "truncation". */
  readonly selection?: "tournament" | "truncation";
  /** Tournament size (default 3). */
  readonly tournamentSize?: number;
  /** Truncation: parents drawn uniformly from the best fraction (default 0.5). */
  readonly truncation?: number;
  /** "uniform" (default), "onePoint", "blend" (BLX-0 arithmetic mean with random weight), "none". */
  readonly crossover?: "uniform" | "onePoint" | "blend" | "none";
  /** Probability of crossover per child (default 0.9). */
  readonly crossoverRate?: number;
  /** Elites copied unchanged (default 1). */
  readonly elitism?: number;
  /** Default true. */
  readonly maximize?: boolean;
}

/**
 * A configurable generational GA: `elitism` best members survive unchanged; every other child
 * = mutate(crossover(select(), select())).
 *
 * @example
 * ```ts
 * import { ga, gaussianOps } from "@neuroplastic/evolution";
 * import { key } from "@neuroplastic/core/random";
 * const s = ga({ ops: gaussianOps({ numDims: 2 }), popsize: 20, selection: "truncation", crossover: "onePoint" });
 * console.log(s.ask(s.init(key(0)), key(1)).candidates.length); // 40
 * ```
 */
export function ga(params: GaParams): Strategy<GaState> {
  const ops = params.ops;
  const n = ops.numDims;
  const lam = params.popsize;
  const maximize = params.maximize ?? true;
  const selection = params.selection ?? "tournament";
  const tsize = params.tournamentSize ?? 3;
  const trunc = params.truncation ?? 0.5;
  const crossover = params.crossover ?? "uniform";
  const cxRate = params.crossoverRate ?? 0.9;
  const elitism = params.elitism ?? 1;
  if (!Number.isInteger(lam) || lam < 2) throw new RangeError(`ga: popsize must be ≥ 2`);
  if (!Number.isInteger(elitism) || elitism < 0 || elitism >= lam) {
    throw new RangeError(`ga: elitism must be an integer in [0, popsize)`);
  }
  if (!Number.isInteger(tsize) || tsize < 1) throw new RangeError(`ga: tournamentSize must be ≥ 1`);
  if (!(trunc > 0 && trunc <= 1)) throw new RangeError(`ga: truncation must be in (0, 1]`);

  const init = (key: Key): GaState => ({
    population: initPopulation(ops, lam, key),
    fitness: new Float64Array(lam).fill(NaN),
    gen: 0,
    bestGenome: new Float64Array(n),
    bestFitness: worstFitness(maximize),
  });

  const ask = (s: GaState, key: Key): AskResult<GaState> => {
    if (s.gen === 0) {
      return { candidates: s.population.slice(), state: s, knownFitness: s.fitness.slice() };
    }
    const order = rankOrder(s.fitness, maximize);
    const rank = new Int32Array(lam);
    for (let r = 0; r < lam; r++) rank[order[r]] = r;
    const nTrunc = Math.max(1, Math.floor(lam * trunc));
    const select = (k: Key): number => {
      if (selection === "truncation") return order[randint1(k, 0, nTrunc)];
      let best = -1;
      for (let t = 0; t < tsize; t++) {
        const c = randint1(fold(k, t), 0, lam);
        if (best < 0 || rank[c] < rank[best]) best = c;
      }
      return best;
    };
    const next = new Float64Array(lam * n);
    const known = new Float64Array(lam).fill(NaN);
    const origin = new Int32Array(lam).fill(-1);
    for (let i = 0; i < elitism; i++) {
      const src = order[i];
      next.set(s.population.subarray(src * n, (src + 1) * n), i * n);
      known[i] = s.fitness[src];
      origin[i] = src;
    }
    const child = new Float64Array(n);
    for (let i = elitism; i < lam; i++) {
      const [k1, k2, kx, km] = split(fold(key, i), 4);
      const a = select(k1), b = select(k2);
      const pa = s.population.subarray(a * n, (a + 1) * n);
      const pb = s.population.subarray(b * n, (b + 1) * n);
      const [kdo, kop] = split(kx);
      if (crossover !== "none" && uniform1(kdo) < cxRate) {
        if (crossover === "uniform") {
          const u = uniform(kop, n);
          for (let j = 0; j < n; j++) child[j] = u[j] < 0.5 ? pa[j] : pb[j];
        } else if (crossover === "onePoint") {
          const cut = randint1(kop, 1, Math.max(2, n));
          for (let j = 0; j < n; j++) child[j] = j < cut ? pa[j] : pb[j];
        } else {
          const w = uniform1(kop);
          for (let j = 0; j < n; j++) child[j] = w * pa[j] + (1 - w) * pb[j];
        }
      } else {
        child.set(pa);
      }
      ops.mutate(child, km, next.subarray(i * n, (i + 1) * n));
    }
    return { candidates: next, state: s, knownFitness: known, origin };
  };

  return {
    name: "ga",
    numDims: n,
    popsize: lam,
    init,
    ask,
    tell: (s, x, f) => gaTell(s, x, f, n, lam, maximize),
    best: (s) => ({ genome: s.bestGenome, fitness: s.bestFitness }),
  };
}
