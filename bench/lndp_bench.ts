/**
 * LNDP kernels under Deno.bench: one network step (update + forward) with the reference
 * batched update (update.ts, the baseline), the fast update (fast.ts, bit-identical) and the
 * naive per-pair transcription, on the same state.
 * The printed table with population throughput is `bench/lndp_table.ts`.
 */
import { key } from "@neuroplastic/core/random";
import {
  cloneNetState,
  forwardInPlace,
  lndpDefaults,
  makeModel,
  makeWorkspace,
  naiveUpdateInPlace,
  unflattenParams,
  updateFastInPlace,
  updateInPlace,
} from "@neuroplastic/engines/lndp";
import { fixtureGenome, fixtureNetState } from "../engines/lndp/fixture_test_helpers.ts";

const m = makeModel("cartpole", lndpDefaults);
const p = unflattenParams(m.layout, fixtureGenome(1918, 0.35));
const s0 = fixtureNetState(m);
const ws = makeWorkspace(m);
const obs = Float64Array.of(0.01, -0.02, 0.03, 0.04);
for (let t = 0; t < 5; t++) {
  updateInPlace(m, p, s0, ws, key(t));
  forwardInPlace(m, s0, obs, ws);
}
const net = cloneNetState(s0);
const restore = (): void => {
  net.A.set(s0.A);
  net.e.set(s0.e);
  net.h.set(s0.h);
  net.aSeq.set(s0.aSeq);
};

Deno.bench("lndp network step, batched update", { group: "lndp-step", baseline: true }, () => {
  restore();
  updateInPlace(m, p, net, ws, key(0));
  forwardInPlace(m, net, obs, ws);
});

Deno.bench("lndp network step, fast update (fast.ts)", { group: "lndp-step" }, () => {
  restore();
  updateFastInPlace(m, p, net, ws, key(0));
  forwardInPlace(m, net, obs, ws);
});

Deno.bench("lndp network step, naive per-pair update", { group: "lndp-step" }, () => {
  restore();
  naiveUpdateInPlace(m, p, net, key(0));
  forwardInPlace(m, net, obs, ws);
});
