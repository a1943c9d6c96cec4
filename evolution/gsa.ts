/**
 * GSA: a GA phase followed by simulated-annealing refinement of the GA's best genome (the GA
 * explores, SA polishes; compare GENREG-sine `core/training.py` `train_gsa`, whose per-member SA
 * chains inside every generation are a different, costlier hybrid). `ask` returns the GA's
 * population during the first `generations` tells and one SA candidate afterwards.
 *
 * @module
 */
import type { Key } from "@neuroplastic/core/random";
import { type GaState, genregGa, type GenregGaParams } from "./ga.ts";
import { type LocalSearchState, simulatedAnnealing } from "./sa.ts";
import type { AskResult, Strategy } from "./types.ts";

/** Parameters of {@link gsa}. */
export interface GsaParams extends GenregGaParams {
  /** GA generations before switching to SA. */
  readonly generations: number;
  /** SA steps after the GA. */
  readonly saSteps: number;
  /** SA start temperature (default 0.01). */
  readonly t0?: number;
  /** SA end temperature (default 1e−5). */
  readonly t1?: number;
  /** Mutation used by SA (default: the GA's `ops`). */
  readonly saOps?: GenregGaParams["ops"];
}

/** GSA state: the GA state, then the SA state. */
export interface GsaState {
  /** Current phase. */
  readonly phase: "ga" | "sa";
  /** GA state (final after the GA phase). */
  readonly ga: GaState;
  /** SA chain (null during the GA phase). */
  readonly sa: LocalSearchState | null;
}

/**
 * GA (GENREG tiers) for `generations`, then SA from the best genome found.
 *
 * @example
 * ```ts
 * import { gaussianOps, gsa } from "@neuroplastic/evolution";
 * import { fold, key } from "@neuroplastic/core/random";
 * const s = gsa({ ops: gaussianOps({ numDims: 2 }), generations: 20, saSteps: 500, maximize: false });
 * let st = s.init(key(0));
 * for (let t = 0; !s.done!(st); t++) {
 *   const { candidates, state } = s.ask(st, fold(key(1), t));
 *   const f = new Float64Array(candidates.length / 2);
 *   for (let k = 0; k < f.length; k++) f[k] = candidates[2 * k] ** 2 + candidates[2 * k + 1] ** 2;
 *   st = s.tell(state, candidates, f);
 * }
 * console.log(s.best(st).fitness < 0.01); // true
 * ```
 */
export function gsa(params: GsaParams): Strategy<GsaState> {
  const gaS = genregGa(params);
  const maximize = params.maximize ?? true;
  if (!Number.isInteger(params.generations) || params.generations < 1) {
    throw new RangeError(`gsa: generations must be ≥ 1`);
  }
  const saFrom = (g: GaState) =>
    simulatedAnnealing({
      ops: params.saOps ?? params.ops,
      steps: params.saSteps,
      t0: params.t0,
      t1: params.t1,
      maximize,
      initial: g.bestGenome,
      initialFitness: g.bestFitness,
    });
  return {
    name: "gsa",
    numDims: gaS.numDims,
    popsize: gaS.popsize,
    init: (key: Key): GsaState => ({ phase: "ga", ga: gaS.init(key), sa: null }),
    ask: (s, key): AskResult<GsaState> => {
      if (s.phase === "ga") {
        const r = gaS.ask(s.ga, key);
        return {
          candidates: r.candidates,
          knownFitness: r.knownFitness,
          origin: r.origin,
          state: { ...s, ga: r.state },
        };
      }
      const r = saFrom(s.ga).ask(s.sa!, key);
      return { candidates: r.candidates, state: { ...s, sa: r.state } };
    },
    tell: (s, x, f): GsaState => {
      if (s.phase === "ga") {
        const ga = gaS.tell(s.ga, x, f);
        if (ga.gen < params.generations) return { ...s, ga };
        return { phase: "sa", ga, sa: saFrom(ga).init({ k0: 0, k1: 0 }) };
      }
      return { ...s, sa: saFrom(s.ga).tell(s.sa!, x, f) };
    },
    best: (s) => {
      if (s.phase === "ga" || !s.sa) return { genome: s.ga.bestGenome, fitness: s.ga.bestFitness };
      return { genome: s.sa.bestGenome, fitness: s.sa.bestFitness };
    },
    done: (s) => s.phase === "sa" && s.sa!.step >= params.saSteps,
  };
}
