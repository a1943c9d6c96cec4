/**
 * `@neuroplastic/core`: seeded PRNG keys, typed-array tensors and kernels,
 * reverse-mode autodiff, optimizers, the Effect runner, checkpoints and
 * the shared tagged errors. Each area is also importable on its own
 * (`@neuroplastic/core/random`, `.../tensor`, `.../autodiff`, `.../optim`,
 * `.../sim`, `.../checkpoint`, `.../errors`, `.../tree`, `.../fp-ts`).
 *
 * @example
 * ```ts
 * import { random } from "@neuroplastic/core";
 * const [a, b] = random.split(random.key(0));
 * console.log(random.uniform(a, 3), random.normal(b, 3));
 * ```
 *
 * @module
 */
export * as random from "./random/mod.ts";
export * as tensor from "./tensor/mod.ts";
export * as autodiff from "./autodiff/mod.ts";
export * as sim from "./sim/mod.ts";
export * as checkpoint from "./checkpoint/mod.ts";
export * as errors from "./errors.ts";
export * as fpts from "./fp-ts.ts";
export * as optim from "./optim/mod.ts";
export * as tree from "./tree.ts";
