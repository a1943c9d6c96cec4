import assert from "node:assert/strict";
import fc from "fast-check";
import { flattenTree, isTensor, type Tree, treeLeaves, treeMap, treeMap2 } from "./tree.ts";
import type { Tensor } from "./tensor/mod.ts";

const leaf = fc.float64Array({ minLength: 1, maxLength: 6, noNaN: true }).map((d) => ({
  data: d,
  shape: [d.length],
}));
const tree = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    leaf,
    fc.array(tie("node"), { minLength: 1, maxLength: 3 }),
    fc.dictionary(fc.constantFrom("a", "b", "w", "bias"), tie("node"), {
      minKeys: 1,
      maxKeys: 3,
      noNullPrototype: true,
    }),
  ),
})).node;

Deno.test("tree: unflatten(flatten(t)) equals t; flat holds the leaves in order", () => {
  fc.assert(
    fc.property(tree, (t) => {
      const f = flattenTree(t as never);
      assert.deepStrictEqual(f.unflatten(f.flat), t);
      const leaves = treeLeaves(t as never, isTensor);
      assert.deepStrictEqual(Array.from(f.flat), leaves.flatMap((l) => Array.from(l.data)));
      assert.equal(f.paths.length, leaves.length);
    }),
    { seed: 42, numRuns: 200 },
  );
});

Deno.test("tree: map keeps structure, map2 checks it, unflatten checks length", () => {
  const w: Tensor = { data: new Float64Array([1, 2]), shape: [2] };
  const t: Tree<Tensor> = { w, l: [{ data: new Float64Array([3]), shape: [1] }] };
  const doubled = treeMap<Tensor, Tensor>(
    t,
    (x) => ({ data: x.data.map((v) => 2 * v), shape: x.shape }),
    isTensor,
  );
  assert.deepStrictEqual(
    treeMap2<Tensor, number>(t, doubled, (a, b) => b.data[0] / a.data[0], isTensor),
    { w: 2, l: [2] },
  );
  assert.throws(() => treeMap2<Tensor, Tensor>(t, { w }, (a) => a, isTensor), /mismatch/);
  assert.throws(() => flattenTree(t).unflatten([1, 2]), /expected 3/);
});
