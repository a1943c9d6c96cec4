/**
 * Edge tests of Hebbian-RNN helpers (what bench/mutation.ts showed the other hebbian-rnn tests
 * did not pin): the Mode B sign accuracy over scored steps only, and how many generator words
 * skipping a short `torch.randn(n)` consumes.
 */
import assert from "node:assert/strict";
import { numpy } from "@neuroplastic/core/random";
import { modeBAccuracy } from "./mode_b/tasks.ts";
import { torchGenerator, torchSkipRandn } from "./torch_rng.ts";

Deno.test("hebbian edge: Mode B accuracy is the sign agreement over the scored steps", () => {
  const y = [0.5, -0.2, 0.3, 0.9, -1];
  const target = [1, 1, 1, -1, -1];
  const scored = [1, 1, 0, 1, 1];
  // scored: 0 (ok), 1 (wrong), 3 (wrong), 4 (ok)
  assert.equal(modeBAccuracy(y, target, scored), 0.5);
  assert.equal(modeBAccuracy(y, target, [1, 0, 0, 0, 0]), 1);
  assert.ok(Number.isNaN(modeBAccuracy(y, target, [0, 0, 0, 0, 0])));
});

Deno.test("hebbian edge: skipping randn(n) for n < 16 consumes 4 words per pair of normals", () => {
  for (const [n, words] of [[1, 4], [3, 8], [4, 8], [15, 32], [16, 16], [17, 33]]) {
    const skipped = torchGenerator(7);
    torchSkipRandn(skipped, n);
    const ref = torchGenerator(7);
    for (let k = 0; k < words; k++) numpy.nextUint32(ref);
    assert.equal(numpy.nextUint32(skipped), numpy.nextUint32(ref), `n = ${n}`);
  }
});
