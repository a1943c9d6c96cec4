/**
 * Optimizers (SGD with momentum, Adam, AdamW) as pure `init/update` functions with
 * PyTorch's update semantics, global-norm clipping and cosine annealing.
 *
 * @example
 * ```ts
 * import { adamw, clipByGlobalNorm } from "@neuroplastic/core/optim";
 * const opt = adamw();
 * const p = { w: { data: new Float64Array([1, 2]), shape: [2] } };
 * const g = clipByGlobalNorm({ w: { data: new Float64Array([30, 40]), shape: [2] } }, 1).grads;
 * console.log(opt.update(g, opt.init(p), p).params);
 * ```
 *
 * @module
 */
export {
  adam,
  adamw,
  clipByGlobalNorm,
  cosineAnnealing,
  type Optimizer,
  type OptState,
  sgd,
} from "./optim.ts";
