import assert from "node:assert/strict";
import { stateHash } from "@neuroplastic/core/checkpoint";
import { key } from "@neuroplastic/core/random";
import { type SornConfig, sornDefaults } from "./config.ts";
import { initState } from "./state.ts";
import { run } from "./run.ts";

// stateHash after `steps` steps, computed with the step as it was before the speed work of
// issue 20 item 3 (commit ca17c15: row-wise STDP, per-column E→I normalisation, one Threefry
// block at a time). The hash covers every array of the state, including the order of the
// sparse synapse lists, so the faster kernels must reproduce the old step exactly, not only
// its weights (which the dense-step comparisons in step_test.ts check).
const PINNED: readonly [ne: number, seed: number, steps: number, hash: string][] = [
  [50, 1, 3000, "7f877aee305bb1d22c9c828919afb90d1b179ff85862e31b882e6eb671940099"],
  [200, 2, 2000, "4dda4a458e8499dc676d8741220eb967805201612fdfce783967b3baa32eaba0"],
  [200, 3, 2000, "db4c86792711f22ec0fa4fff9d19ad45483017c4c752209e92a709e8cef6ef9f"],
  [400, 4, 1000, "9be20d54c3465549ca9c36f23dee4af1dde52751b39e3289728bd4bc53516a9d"],
  [1000, 5, 300, "c84266ee3c7a96bd1cd39db7f68726d649fc3262e790f9143961d4870b47094f"],
];

Deno.test("the step reproduces the stateHash of the pre-optimisation step (5 sizes and seeds)", () => {
  for (const [ne, seed, steps, hash] of PINNED) {
    const c: SornConfig = {
      ...sornDefaults,
      ne,
      ni: Math.round(0.2 * ne),
      nu: Math.round(0.05 * ne),
      lambda_ee: Math.min(20, ne - 1),
      lambda_ei: Math.min(40, ne),
    };
    assert.equal(
      stateHash(run(initState(c, key(seed)), c, steps)),
      hash,
      `ne = ${ne}, seed ${seed}`,
    );
  }
});
