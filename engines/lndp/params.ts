/**
 * The LNDP genome layout: the reference model's array leaves in equinox field
 * order, each row-major, flattened as `jax.flatten_util.ravel_pytree` does
 * (lndp-reference.md §1). With the train.py defaults P = 1918 for every task.
 *
 * @module
 */
import { InvalidConfig } from "@neuroplastic/core/errors";

/** Node state size dh (train.py `node_features`). */
export const NODE_FEATURES = 8;
/** Edge state size de (train.py `edge_features`). */
export const EDGE_FEATURES = 4;
/** Graph-transformer heads, query/key size per head, value size per head (lndp.py). */
export const HEADS = 3;
/** Query/key features per head. */
export const QK = 4;
/** Value features per head. */
export const VF = 8;
/** Hidden width of the prune and add MLPs (equinox MLP width 16, depth 1). */
export const MLP_WIDTH = 16;
/** Number of structural node features (the code comment says 6; there are 5). */
export const NODE_FEATS = 5;
/** Edge features fed to the gating Linear: e (4), A_ij, A_ji, 1(i = j). */
export const EDGE_FEATS: number = EDGE_FEATURES + 3;

/** Shape facts that fix a layout. */
export interface LayoutSpec {
  /** N, the number of nodes. */
  readonly nNodes: number;
  /** Observation dimensions (input nodes). */
  readonly obsDims: number;
  /** Action dimensions (output nodes). */
  readonly actionDims: number;
  /** T, the forward-pass iterations (train.py `rnn_iters` = 3). */
  readonly rnnIters: number;
  /** Whether the prune MLP leaves are present. */
  readonly pruning: boolean;
  /** Whether the synaptogenesis (add) MLP leaves are present. */
  readonly synaptogenesis: boolean;
  /** Whether the OU spontaneous-activity leaves are present (dev_steps > 0). */
  readonly spontaneous: boolean;
  /**
   * Whether the output-identity leaf is present (ours, not the reference; absent = false):
   * `ours.output_id.weight`, dh × k, appended after every reference leaf.
   */
  readonly outputIdentity?: boolean;
}

/** One leaf of the genome: name, shape, offset. */
export interface Leaf {
  /** Leaf name (reference field name). */
  readonly name: string;
  /** Leaf shape, row-major. */
  readonly shape: readonly number[];
  /** Number of values (product of the shape). */
  readonly size: number;
  /** Offset of the leaf in the flat genome. */
  readonly offset: number;
}

/** A genome layout: the leaves in reference order and the total length P. */
export interface Layout extends LayoutSpec {
  /** Leaves in reference order. */
  readonly leaves: readonly Leaf[];
  /** Total genome length P. */
  readonly size: number;
}

/**
 * The genome layout for a model shape (lndp-reference.md §1 table).
 * P = 1822 + 32·T, − 97 without pruning, − 289 without synaptogenesis, + d² + 3d with SA,
 * + dh·k = 8k with the output identity (ours; 16 on the two-action tasks).
 *
 * @example
 * ```ts
 * import { genomeLayout } from "@neuroplastic/engines/lndp";
 * const l = genomeLayout({ nNodes: 32, obsDims: 4, actionDims: 2, rnnIters: 3,
 *   pruning: true, synaptogenesis: true, spontaneous: false });
 * console.log(l.size); // 1918
 * ```
 */
export function genomeLayout(spec: LayoutSpec): Layout {
  const T = spec.rnnIters, dh = NODE_FEATURES, de = EDGE_FEATURES, d = spec.obsDims;
  const shapes: [string, number[]][] = [
    ["gnn.Q.weight", [QK * HEADS, dh]],
    ["gnn.K.weight", [QK * HEADS, dh]],
    ["gnn.V.weight", [VF * HEADS, dh]],
    ["gnn.O.weight", [dh, VF * HEADS]],
    ["gnn.O.bias", [dh]],
    ["gnn.E.weight", [HEADS, EDGE_FEATS]],
    ["gnn.E.bias", [HEADS]],
    // Wpre: Linear(5 + rnn_iters + node_features + 1 → node_features) (lndp.py)
    ["Wpre.weight", [dh, NODE_FEATS + T + 1 + dh]],
    ["Wpre.bias", [dh]],
    ["node_fn.weight_ih", [3 * dh, dh]],
    ["node_fn.weight_hh", [3 * dh, dh]],
    ["node_fn.bias", [3 * dh]],
    ["node_fn.bias_n", [dh]],
    // edge GRU input: 2·dh + 2·(T+1) + 1
    ["edge_fn.weight_ih", [3 * de, 2 * dh + 2 * (T + 1) + 1]],
    ["edge_fn.weight_hh", [3 * de, de]],
    ["edge_fn.bias", [3 * de]],
    ["edge_fn.bias_n", [de]],
  ];
  // prune_fn precedes adde_fn in the dataclass field order
  if (spec.pruning) {
    shapes.push(
      ["prune_fn.layers[0].weight", [MLP_WIDTH, de]],
      ["prune_fn.layers[0].bias", [MLP_WIDTH]],
      ["prune_fn.layers[1].weight", [1, MLP_WIDTH]],
      ["prune_fn.layers[1].bias", [1]],
    );
  }
  if (spec.synaptogenesis) {
    shapes.push(
      ["adde_fn.layers[0].weight", [MLP_WIDTH, 2 * dh]],
      ["adde_fn.layers[0].bias", [MLP_WIDTH]],
      ["adde_fn.layers[1].weight", [1, MLP_WIDTH]],
      ["adde_fn.layers[1].bias", [1]],
    );
  }
  // OU leaves in declared field order mu, alpha, sigma, dt
  if (spec.spontaneous) {
    shapes.push(["sa_fn.mu", [d]], ["sa_fn.alpha", [d]], ["sa_fn.sigma", [d, d]], ["sa_fn.dt", [
      d,
    ]]);
  }
  // ours (not the reference): one learned input column per output node, appended last so the
  // reference leaves keep their offsets (output node m's node-GRU input gets W_id[:, m]; update.ts)
  if (spec.outputIdentity) shapes.push(["ours.output_id.weight", [dh, spec.actionDims]]);
  const leaves: Leaf[] = [];
  let offset = 0;
  for (const [name, shape] of shapes) {
    const size = shape.reduce((a, b) => a * b, 1);
    leaves.push({ name, shape, size, offset });
    offset += size;
  }
  return { ...spec, leaves, size: offset };
}

/** Typed views of every leaf of one genome (no copies). */
export interface Params {
  /** Graph-transformer query weights. */
  readonly Q: Float64Array;
  /** Graph-transformer key weights. */
  readonly K: Float64Array;
  /** Graph-transformer value weights. */
  readonly V: Float64Array;
  /** Graph-transformer output weights. */
  readonly OW: Float64Array;
  /** Graph-transformer output bias. */
  readonly Ob: Float64Array;
  /** Edge-gate Linear weights. */
  readonly EW: Float64Array;
  /** Edge-gate Linear bias. */
  readonly Eb: Float64Array;
  /** Input projection `Wpre` weights (node input → node features). */
  readonly preW: Float64Array;
  /** Input projection `Wpre` bias. */
  readonly preB: Float64Array;
  /** Node GRU input-to-hidden weights. */
  readonly nodeWih: Float64Array;
  /** Node GRU hidden-to-hidden weights. */
  readonly nodeWhh: Float64Array;
  /** Node GRU bias. */
  readonly nodeB: Float64Array;
  /** Node GRU bias of the candidate (n) gate. */
  readonly nodeBn: Float64Array;
  /** Edge GRU input-to-hidden weights. */
  readonly edgeWih: Float64Array;
  /** Edge GRU hidden-to-hidden weights. */
  readonly edgeWhh: Float64Array;
  /** Edge GRU bias. */
  readonly edgeB: Float64Array;
  /** Edge GRU bias of the candidate (n) gate. */
  readonly edgeBn: Float64Array;
  /** Prune MLP first-layer weights (with pruning). */
  readonly prW1?: Float64Array;
  /** Prune MLP first-layer bias (with pruning). */
  readonly prB1?: Float64Array;
  /** Prune MLP second-layer weights (with pruning). */
  readonly prW2?: Float64Array;
  /** Prune MLP second-layer bias (with pruning). */
  readonly prB2?: Float64Array;
  /** Add MLP first-layer weights (with synaptogenesis). */
  readonly addW1?: Float64Array;
  /** Add MLP first-layer bias (with synaptogenesis). */
  readonly addB1?: Float64Array;
  /** Add MLP second-layer weights (with synaptogenesis). */
  readonly addW2?: Float64Array;
  /** Add MLP second-layer bias (with synaptogenesis). */
  readonly addB2?: Float64Array;
  /** OU mean μ (with spontaneous activity). */
  readonly ouMu?: Float64Array;
  /** OU mean-reversion rate α (with spontaneous activity). */
  readonly ouAlpha?: Float64Array;
  /** OU noise scale σ (with spontaneous activity). */
  readonly ouSigma?: Float64Array;
  /** OU time step dt (with spontaneous activity). */
  readonly ouDt?: Float64Array;
  /** Output-identity columns, dh × k row-major (ours; with `outputIdentity`). */
  readonly outId?: Float64Array;
}

const KEYS: { readonly [leaf: string]: keyof Params } = {
  "gnn.Q.weight": "Q",
  "gnn.K.weight": "K",
  "gnn.V.weight": "V",
  "gnn.O.weight": "OW",
  "gnn.O.bias": "Ob",
  "gnn.E.weight": "EW",
  "gnn.E.bias": "Eb",
  "Wpre.weight": "preW",
  "Wpre.bias": "preB",
  "node_fn.weight_ih": "nodeWih",
  "node_fn.weight_hh": "nodeWhh",
  "node_fn.bias": "nodeB",
  "node_fn.bias_n": "nodeBn",
  "edge_fn.weight_ih": "edgeWih",
  "edge_fn.weight_hh": "edgeWhh",
  "edge_fn.bias": "edgeB",
  "edge_fn.bias_n": "edgeBn",
  "prune_fn.layers[0].weight": "prW1",
  "prune_fn.layers[0].bias": "prB1",
  "prune_fn.layers[1].weight": "prW2",
  "prune_fn.layers[1].bias": "prB2",
  "adde_fn.layers[0].weight": "addW1",
  "adde_fn.layers[0].bias": "addB1",
  "adde_fn.layers[1].weight": "addW2",
  "adde_fn.layers[1].bias": "addB2",
  "sa_fn.mu": "ouMu",
  "sa_fn.alpha": "ouAlpha",
  "sa_fn.sigma": "ouSigma",
  "sa_fn.dt": "ouDt",
  "ours.output_id.weight": "outId",
};

/**
 * Views a flat genome as named parameter leaves. Fails with {@link InvalidConfig}
 * (field `genome`) when its length is not the layout's P.
 *
 * @example
 * ```ts
 * import { genomeLayout, unflattenParams } from "@neuroplastic/engines/lndp";
 * const l = genomeLayout({ nNodes: 32, obsDims: 4, actionDims: 2, rnnIters: 3,
 *   pruning: true, synaptogenesis: true, spontaneous: false });
 * const p = unflattenParams(l, new Float64Array(l.size));
 * console.log(p.Q.length); // 96
 * ```
 */
export function unflattenParams(layout: Layout, genome: Float64Array): Params {
  if (genome.length !== layout.size) {
    throw new InvalidConfig({
      field: "genome",
      message: `genome: length ${genome.length} does not match the layout's P = ${layout.size}`,
      allowed: `length ${layout.size}`,
    });
  }
  const out: Record<string, Float64Array> = {};
  for (const leaf of layout.leaves) {
    out[KEYS[leaf.name]] = genome.subarray(leaf.offset, leaf.offset + leaf.size);
  }
  return out as unknown as Params;
}
