import assert from "node:assert/strict";
import { speedFingerprints } from "./speed_golden.ts";

// The fingerprints were recorded before the speed work (issue 20) on the previous kernels: the fast
// paths (fused ultra-sparse SA loop, dense forward kernel, inference kernels) must reproduce every
// bit of the results they replace.
Deno.test("speed paths reproduce the recorded results bit for bit (SA, hill, GA, GSA, forward, inference)", async () => {
  const want = JSON.parse(
    await Deno.readTextFile(new URL("./testdata/speed_golden.json", import.meta.url)),
  );
  assert.deepEqual(await speedFingerprints(), want);
});
