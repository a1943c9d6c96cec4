/**
 * Baselines of the RSGN paper (HasiHays/RSGN notebook): dense Transformer, sparse-mask
 * Transformer, 2-layer bidirectional LSTM and MLP, traced through `@neuroplastic/core/autodiff`
 * behind one {@link Model} interface.
 *
 * @example
 * ```ts
 * import { key } from "@neuroplastic/core/random";
 * import { baselineByName } from "./mod.ts";
 * const m = baselineByName("transformer");
 * console.log(m.paramCount(m.referenceConfig("hierarchical"))); // 403348
 * ```
 *
 * @module
 */
import { InvalidConfig } from "@neuroplastic/core/errors";
import { BASELINE_NAMES, type BaselineName } from "./config.ts";
import type { Model } from "./model.ts";
import { lstm } from "./lstm.ts";
import { mlp } from "./mlp.ts";
import { sparseTransformer, transformer } from "./transformer.ts";

export {
  BASELINE_NAMES,
  type BaselineConfig,
  BaselineConfigSchema,
  type BaselineName,
  type BaselineTask,
  decodeBaselineConfig,
  decodeBaselineConfigSync,
  referenceBaselineConfig,
} from "./config.ts";
export type { ForwardOptions, Model } from "./model.ts";
export { initParams, type ParamInit, type ParamSpec, specCount } from "./params.ts";
export type {
  EncoderLayerP,
  LinearP,
  LstmDirP,
  LstmP,
  MlpP,
  NormP,
  TransformerP,
} from "./specs.ts";
export { sparseAttentionMask, sparseTransformer, transformer } from "./transformer.ts";
export { lstm } from "./lstm.ts";
export { mlp } from "./mlp.ts";
// Types of other members that appear in this module's signatures, re-exported so that the
// documentation of this entry point links them (`deno doc --lint` private-type-ref).
export type { Key } from "@neuroplastic/core/random";
export type { DType, FloatArray, Tensor } from "@neuroplastic/core/tensor";
export type { Tree } from "@neuroplastic/core/tree";
export type { Backward, GradSink, Var } from "@neuroplastic/core/autodiff";
export type * from "@neuroplastic/core/errors";

const BY_NAME: Readonly<Record<BaselineName, Model>> = {
  transformer: transformer as unknown as Model,
  "sparse-transformer": sparseTransformer as unknown as Model,
  lstm: lstm as unknown as Model,
  mlp: mlp as unknown as Model,
};

/**
 * The baseline called `name` (`transformer`, `sparse-transformer`, `lstm`, `mlp`); throws
 * `InvalidConfig` (field `model`) for any other name.
 *
 * @example
 * ```ts
 * import { baselineByName } from "./mod.ts";
 * console.log(baselineByName("lstm").name); // "lstm"
 * ```
 */
export const baselineByName = (name: string): Model => {
  if (!(BASELINE_NAMES as readonly string[]).includes(name)) {
    throw new InvalidConfig({
      field: "model",
      message: `model: unknown baseline "${name}"`,
      allowed: BASELINE_NAMES.join(" | "),
    });
  }
  return BY_NAME[name as BaselineName];
};
