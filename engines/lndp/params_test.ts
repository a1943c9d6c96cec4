import assert from "node:assert/strict";
import { lndpDefaults } from "./config.ts";
import { TASKS } from "./envs/mod.ts";
import { makeModel } from "./model.ts";
import { genomeLayout } from "./params.ts";

Deno.test("P = 1918 for every task and the §1 offsets", () => {
  for (const task of TASKS) assert.equal(makeModel(task, lndpDefaults).layout.size, 1918);
  const l = makeModel("cartpole", lndpDefaults).layout;
  const offsets = Object.fromEntries(l.leaves.map((x) => [x.name, x.offset]));
  assert.deepEqual(offsets, {
    "gnn.Q.weight": 0,
    "gnn.K.weight": 96,
    "gnn.V.weight": 192,
    "gnn.O.weight": 384,
    "gnn.O.bias": 576,
    "gnn.E.weight": 584,
    "gnn.E.bias": 605,
    "Wpre.weight": 608,
    "Wpre.bias": 744,
    "node_fn.weight_ih": 752,
    "node_fn.weight_hh": 944,
    "node_fn.bias": 1136,
    "node_fn.bias_n": 1160,
    "edge_fn.weight_ih": 1168,
    "edge_fn.weight_hh": 1468,
    "edge_fn.bias": 1516,
    "edge_fn.bias_n": 1528,
    "prune_fn.layers[0].weight": 1532,
    "prune_fn.layers[0].bias": 1596,
    "prune_fn.layers[1].weight": 1612,
    "prune_fn.layers[1].bias": 1628,
    "adde_fn.layers[0].weight": 1629,
    "adde_fn.layers[0].bias": 1885,
    "adde_fn.layers[1].weight": 1901,
    "adde_fn.layers[1].bias": 1917,
  });
});

Deno.test("P = 1822 + 32T; −97 without pruning; −289 without synaptogenesis", () => {
  const spec = {
    nNodes: 32,
    obsDims: 4,
    actionDims: 2,
    pruning: true,
    synaptogenesis: true,
    spontaneous: false,
  };
  for (const T of [1, 3, 5]) {
    assert.equal(genomeLayout({ ...spec, rnnIters: T }).size, 1822 + 32 * T);
  }
  assert.equal(genomeLayout({ ...spec, rnnIters: 3, pruning: false }).size, 1918 - 97);
  assert.equal(genomeLayout({ ...spec, rnnIters: 3, synaptogenesis: false }).size, 1918 - 289);
});

Deno.test("|M| per task (806, 713, 837, 868, 868)", () => {
  const counts = TASKS.map((t) => makeModel(t, lndpDefaults).maskCount);
  assert.deepEqual(counts, [806, 713, 837, 868, 868]);
});
