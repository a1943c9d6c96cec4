import assert from "node:assert/strict";
import { Effect, Exit } from "effect";
import { key } from "@neuroplastic/core/random";
import { isTensor, treeLeaves } from "@neuroplastic/core/tree";
import type { Tensor } from "@neuroplastic/core/tensor";
import {
  type BaselineName,
  type BaselineTask,
  decodeBaselineConfig,
  referenceBaselineConfig,
} from "./config.ts";
import { initParams, type ParamSpec, specCount } from "./params.ts";
import { lstmSpec, mlpSpec, transformerSpec } from "./specs.ts";
import type { Tree } from "@neuroplastic/core/tree";
import type { BaselineConfig } from "./config.ts";

const specOf = (name: BaselineName, cfg: BaselineConfig): Tree<ParamSpec> =>
  name === "lstm" ? lstmSpec(cfg) : name === "mlp" ? mlpSpec(cfg) : transformerSpec(cfg);

// spec rsgn.md §5 "Parameter counts [verified]" (count_parameters of the notebook's models)
const REFERENCE: [BaselineName, BaselineTask, number][] = [
  ["transformer", "hierarchical", 403_348],
  ["sparse-transformer", "hierarchical", 403_348],
  ["lstm", "hierarchical", 566_292],
  ["mlp", "hierarchical", 281_364],
  ["transformer", "long-range", 600_330],
  ["lstm", "long-range", 563_722],
  ["transformer", "readme", 406_154],
  ["sparse-transformer", "readme", 406_154],
  ["lstm", "readme", 596_490],
  ["mlp", "readme", 280_074],
];

Deno.test("parameter counts equal the reference's count_parameters", () => {
  for (const [name, task, n] of REFERENCE) {
    const cfg = referenceBaselineConfig(name, task);
    assert.equal(specCount(specOf(name, cfg)), n, `${name} on ${task}`);
  }
});

Deno.test("materialised parameters have the spec's sizes and torch-default ranges", () => {
  for (const [name, task, n] of REFERENCE.slice(0, 4)) {
    const cfg = referenceBaselineConfig(name, task);
    const p = initParams(specOf(name, cfg), key(1), "f32");
    const leaves = treeLeaves<Tensor>(p, isTensor);
    assert.equal(leaves.reduce((s, l) => s + l.data.length, 0), n);
    for (const l of leaves) assert.ok(l.data instanceof Float32Array);
  }
  const cfg = referenceBaselineConfig("transformer", "hierarchical", "f64");
  const p = initParams(transformerSpec(cfg), key(2), "f64") as unknown as {
    embed: { w: Tensor };
    layers: { inW: Tensor; inB: Tensor; norm1: { g: Tensor } }[];
  };
  // Linear(32 → 128): U(±1/√32)
  const bound = 1 / Math.sqrt(32);
  const w = p.embed.w.data;
  assert.ok(w.every((x) => Math.abs(x) <= bound));
  assert.ok(Math.max(...w) > 0.9 * bound && Math.min(...w) < -0.9 * bound);
  // xavier on [384, 128]: bound √(6/512)
  const xb = Math.sqrt(6 / 512);
  assert.ok(p.layers[0].inW.data.every((x) => Math.abs(x) <= xb));
  assert.ok(p.layers[0].inB.data.every((x) => x === 0));
  assert.ok(p.layers[0].norm1.g.data.every((x) => x === 1));
});

Deno.test("init is a pure function of (spec, key, dtype)", () => {
  const cfg = referenceBaselineConfig("lstm", "readme");
  const a = treeLeaves<Tensor>(initParams(lstmSpec(cfg), key(7), "f32"), isTensor);
  const b = treeLeaves<Tensor>(initParams(lstmSpec(cfg), key(7), "f32"), isTensor);
  const c = treeLeaves<Tensor>(initParams(lstmSpec(cfg), key(8), "f32"), isTensor);
  a.forEach((l, i) => assert.deepEqual(l.data, b[i].data));
  assert.notDeepEqual(a[0].data, c[0].data);
});

Deno.test("decodeBaselineConfig names the bad field", () => {
  const bad = { ...referenceBaselineConfig("transformer", "hierarchical"), heads: 3 };
  const e = Effect.runSyncExit(decodeBaselineConfig(bad));
  assert.ok(Exit.isFailure(e) && e.cause._tag === "Fail" && e.cause.error.field === "heads");
  const neg = { ...referenceBaselineConfig("mlp", "hierarchical"), hidden: 0 };
  const e2 = Effect.runSyncExit(decodeBaselineConfig(neg));
  assert.ok(Exit.isFailure(e2) && e2.cause._tag === "Fail" && e2.cause.error.field === "hidden");
});
