/**
 * An LNDP model description: node layout for a task, genome layout, the allowed-edge
 * mask M and the behavioural switches of the reference (train.py / lndp.py).
 *
 * @module
 */
import type { Precision } from "./f32.ts";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { type Env, envByName } from "./envs/mod.ts";
import { genomeLayout, type Layout } from "./params.ts";

/** Model options (train.py field names in camelCase; defaults in `config.ts`). */
export interface ModelOptions {
  /** N, the number of nodes (train.py `n_nodes`). */
  readonly nNodes: number;
  /** T, forward-pass iterations (train.py `rnn_iters`). */
  readonly rnnIters: number;
  /** Developmental steps before the lifetime (train.py `dev_steps`). */
  readonly devSteps: number;
  /** Initial hidden→hidden connection probability (train.py `p_hh`). */
  readonly pHh: number;
  /** Initial hidden→hidden weight scale (train.py `s_hh`). */
  readonly sHh: number;
  /** Initial input→hidden connection probability (train.py `p_ih`). */
  readonly pIh: number;
  /** Initial input→hidden weight scale (train.py `s_ih`). */
  readonly sIh: number;
  /** Initial hidden→output connection probability (train.py `p_ho`). */
  readonly pHo: number;
  /** Initial hidden→output weight scale (train.py `s_ho`). */
  readonly sHo: number;
  /** Whether edges can be pruned. */
  readonly pruning: boolean;
  /** Whether edges can be added (synaptogenesis). */
  readonly synaptogenesis: boolean;
  /** Whether prune/add decisions are sampled (else thresholded). */
  readonly stochasticDecisions: boolean;
  /** Whether the policy network uses node biases. */
  readonly useBias: boolean;
  /** Whether the policy network keeps its activations between steps. */
  readonly isRecurrent: boolean;
  /** Graph-transformer iterations per update (train.py `gnn_iters`). */
  readonly gnnIters: number;
  /** Whether lifetime structural updates are blocked (train.py `block_lt_updates`). */
  readonly blockLtUpdates: boolean;
  /**
   * Precision of the nonlinearities: "f64" (ours, the default) or "f32" (float32 emulation of
   * the reference's JAX float32 run; f32.ts).
   */
  readonly precision: Precision;
  /**
   * Output identity (ours, not the reference; default false): output node m gets its own learned
   * node-GRU input x_m += W_id[:, m] (W_id: dh × k genome leaf, + 8k parameters, 16 on CartPole), which
   * breaks the output-swap symmetry of the developmental program (README, "Output-swap
   * symmetry").
   */
  readonly outputIdentity: boolean;
}

/** A fully resolved model: options, task, node ranges, genome layout and mask M. */
export interface Model extends ModelOptions {
  /** The environment of the task. */
  readonly env: Env;
  /** N, o (obs dims = input nodes), k (action dims = output nodes), T. */
  readonly N: number;
  /** Observation dims = number of input nodes. */
  readonly o: number;
  /** Action dims = number of output nodes. */
  readonly k: number;
  /** T, the forward-pass iterations. */
  readonly T: number;
  /** Pendulum scales the tanh output by 2 (lndp.py `env_is_pendulum`). */
  readonly actionScale: number;
  /** Genome layout of the model. */
  readonly layout: Layout;
  /** Allowed-edge mask M (N×N, row = presynaptic): I→H, H→H off-diagonal, H→O. */
  readonly mask: Uint8Array;
  /** |M|. */
  readonly maskCount: number;
}

/**
 * The allowed-edge mask M: `reservoir` with all probabilities 1 (lndp.py `mask_A`).
 *
 * @example
 * ```ts
 * import { allowedMask } from "@neuroplastic/engines/lndp";
 * const m = allowedMask(32, 4, 2);
 * console.log(m.reduce((a, b) => a + b, 0)); // 806
 * ```
 */
export function allowedMask(N: number, o: number, k: number): Uint8Array {
  const m = new Uint8Array(N * N);
  const h0 = o, h1 = N - k; // hidden nodes [o, N−k)
  for (let i = 0; i < o; i++) for (let j = h0; j < h1; j++) m[i * N + j] = 1;
  for (let i = h0; i < h1; i++) {
    for (let j = h0; j < h1; j++) if (i !== j) m[i * N + j] = 1;
    for (let j = h1; j < N; j++) m[i * N + j] = 1;
  }
  return m;
}

/**
 * Resolves a model for a task name. Throws {@link InvalidConfig} naming `task` for an
 * unknown task, or `nNodes` when there is no room for a hidden node.
 *
 * @example
 * ```ts
 * import { lndpDefaults, makeModel } from "@neuroplastic/engines/lndp";
 * const m = makeModel("cartpole", lndpDefaults);
 * console.log(m.layout.size, m.maskCount); // 1918 806
 * ```
 */
export function makeModel(task: string, opts: ModelOptions): Model {
  const env = envByName(task);
  const N = opts.nNodes, o = env.obsDims, k = env.actionDims, T = opts.rnnIters;
  if (N < o + k + 1) {
    throw new InvalidConfig({
      field: "nNodes",
      message: `nNodes: ${N} nodes leave no hidden node for ${o} inputs and ${k} outputs`,
      allowed: `integer ≥ ${o + k + 1}`,
    });
  }
  const layout = genomeLayout({
    nNodes: N,
    obsDims: o,
    actionDims: k,
    rnnIters: T,
    pruning: opts.pruning,
    synaptogenesis: opts.synaptogenesis,
    spontaneous: opts.devSteps > 0,
    outputIdentity: opts.outputIdentity,
  });
  const mask = allowedMask(N, o, k);
  let maskCount = 0;
  for (let i = 0; i < mask.length; i++) maskCount += mask[i];
  return {
    ...opts,
    env,
    N,
    o,
    k,
    T,
    actionScale: env.name === "pendulum" ? 2 : 1,
    layout,
    mask,
    maskCount,
  };
}
