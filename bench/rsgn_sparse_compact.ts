/**
 * The sparse RSGN's compact implementation against the dense formulation it replaced
 * (engines/rsgn/testdata/sparse_dense.ts, same bits): one training step (forward, cross-entropy,
 * backward) of each, interleaved in one process after 8 warm-up pairs, median of 12. Prints the
 * ratio and the load average.
 *
 * Run: `deno run -A bench/rsgn_sparse_compact.ts [readme|hierarchical|long-range]`
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import {
  crossEntropy,
  initParams,
  presetConfig,
  sparseBackward,
  sparseForward,
} from "@neuroplastic/engines/rsgn";
import { denseSparseBackward, denseSparseForward } from "../engines/rsgn/testdata/sparse_dense.ts";

const SHAPES: Record<string, [number, number]> = {
  readme: [32, 64],
  hierarchical: [64, 64],
  "long-range": [128, 32],
};

/**
 * Median step times (ms) of the dense and the compact sparse variant on a preset's shape.
 *
 * @example
 * ```ts ignore
 * const { dense, compact } = compareSparseSteps("readme", 2, 3);
 * ```
 */
export const compareSparseSteps = (
  name: string,
  warm = 8,
  reps = 12,
): { dense: number; compact: number } => {
  const [T, B] = SHAPES[name];
  const c = presetConfig(name, { variant: "sparse" });
  const p = initParams(c, key(0));
  const X = new Float32Array(B * T * c.dimInput);
  for (let i = 0; i < X.length; i++) X[i] = Math.sin(i * 0.37) * 0.5;
  const y = new Int32Array(B).map((_, i) => i % c.numClasses);
  const compact = () => {
    const o = sparseForward(p, c, X, B, T, true);
    sparseBackward(p, c, o.cache!, crossEntropy(o.logits, y, B, c.numClasses).dLogits);
  };
  const dense = () => {
    const o = denseSparseForward(p, c, X, B, T, true);
    denseSparseBackward(p, c, o.cache!, crossEntropy(o.logits, y, B, c.numClasses).dLogits);
  };
  for (let i = 0; i < warm; i++) {
    dense();
    compact();
  }
  const td: number[] = [], tc: number[] = [];
  for (let i = 0; i < reps; i++) {
    let t = performance.now();
    dense();
    td.push(performance.now() - t);
    t = performance.now();
    compact();
    tc.push(performance.now() - t);
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1];
  return { dense: med(td), compact: med(tc) };
};

if (import.meta.main) {
  const name = Deno.args[0] ?? "long-range";
  const r = compareSparseSteps(name);
  console.log(
    `${name}: training step median dense ${r.dense.toFixed(0)} ms, compact ${
      r.compact.toFixed(0)
    } ms, ×${(r.dense / r.compact).toFixed(2)} (load average ${
      Deno.loadavg().map((x) => x.toFixed(1)).join("/")
    })`,
  );
}
