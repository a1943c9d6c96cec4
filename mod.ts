/**
 * neuroplastic: every package of this workspace from one module, one namespace per public entry
 * point. A member's root is its name (`@neuroplastic/geometry` → `geometry`); a sub-path is its
 * segments in camelCase (`@neuroplastic/core/random` → `random`, `@neuroplastic/engines/sorn/cli`
 * → `sornCli`, `@neuroplastic/engines/hebbian-rnn` → `hebbianRnn`). Only
 * `@neuroplastic/gpu/testing` is left out: it is the test harness, and it probes the GPU adapter
 * when imported.
 *
 * Importing this module loads every engine; a program that needs one engine imports its entry
 * point (`jsr:@neuroplastic/engines/sorn`) instead.
 *
 * @example
 * ```ts
 * import * as np from "./mod.ts";
 * const config = np.sorn.makeConfigSync({ ne: 40 });
 * const s = np.sorn.run(np.sorn.initState(config, np.random.key(1)), config, 100);
 * console.log(s.t, np.geometry.distance !== undefined); // 100 true
 * ```
 *
 * @module
 */

// @neuroplastic/core
export * as core from "./core/mod.ts";
export * as random from "./core/random/mod.ts";
export * as tensor from "./core/tensor/mod.ts";
export * as tensorWasm from "./core/tensor/wasm.ts";
export * as autodiff from "./core/autodiff/mod.ts";
export * as optim from "./core/optim/mod.ts";
export * as sim from "./core/sim/mod.ts";
export * as checkpoint from "./core/checkpoint/mod.ts";
export * as errors from "./core/errors.ts";
export * as fpTs from "./core/fp-ts.ts";
export * as tree from "./core/tree.ts";
export * as chart from "./core/chart/mod.ts";

// @neuroplastic/geometry
export * as geometry from "./geometry/mod.ts";
export * as ad from "./geometry/ad.ts";

// @neuroplastic/plasticity
export * as plasticity from "./plasticity/mod.ts";

// @neuroplastic/evolution
export * as evolution from "./evolution/mod.ts";
export * as pool from "./evolution/pool_mod.ts";

// @neuroplastic/engines
export * as engines from "./engines/mod.ts";
export * as walk from "./engines/walk/mod.ts";
export * as sorn from "./engines/sorn/mod.ts";
export * as sornCli from "./engines/sorn/process.ts";
export * as genreg from "./engines/genreg/mod.ts";
export * as hebbianRnn from "./engines/hebbian-rnn/mod.ts";
export * as lndp from "./engines/lndp/mod.ts";
export * as rsgn from "./engines/rsgn/mod.ts";
export * as rsgnBaselines from "./engines/rsgn/baselines/mod.ts";

// @neuroplastic/gpu
export * as gpu from "./gpu/mod.ts";

// @neuroplastic/app
export * as app from "./app/mod.ts";
export * as serve from "./app/serve.ts";
export * as cli from "./app/cli.ts";
export * as handler from "./app/handler.ts";
export * as jobsApi from "./app/jobs_api.ts";
export * as kvStore from "./app/kv_store.ts";
