/**
 * Gradient checks of every baseline's forward pass (through a cross-entropy loss) against
 * central finite differences in f64, on a tiny config (spec rsgn.md §8 "gradient checks").
 */
import assert from "node:assert/strict";
import { checkGradReport, crossEntropy, type Var } from "@neuroplastic/core/autodiff";
import { key } from "@neuroplastic/core/random";
import type { Tree } from "@neuroplastic/core/tree";
import { BASELINE_NAMES } from "./config.ts";
import { baselineByName } from "./mod.ts";
import { asInput, randomInput, tinyConfig } from "./test_util.ts";

for (const name of BASELINE_NAMES) {
  for (const train of name === "transformer" ? [false, true] : [false]) {
    Deno.test(`${name}: gradient check (f64${train ? ", train mode, fixed dropout key" : ""})`, () => {
      const m = baselineByName(name);
      const cfg = tinyConfig(name);
      const p = m.init(cfg, key(21));
      const x = asInput(randomInput(2, cfg.seqLen, cfg.dIn, 22, "f64"));
      const labels = [1, 3];
      const f = (q: Tree<Var>): Var =>
        crossEntropy(m.forward(q, x, { train, key: key(23), cfg }), labels);
      const r = checkGradReport(f, p, { maxPerLeaf: 24 });
      assert.ok(r.checked > 50, `checked ${r.checked}`);
      assert.ok(r.maxRelError < 1e-6, `${name}: ${JSON.stringify(r.worst)} ${r.maxRelError}`);
    });
  }
}
