/**
 * Showcase of the RSGN engine for the demo and the report: a small faithful RSGN and our sparse
 * variant trained side by side on a shrunken long-range task (bit-exact NumPy generator), then
 * their accuracy curves, node embeddings on the Poincaré disk, the activity of the nodes (the
 * faithful model keeps every node active, spec §9.1) and the multiply-adds per sample.
 *
 * @module
 */
import { Effect } from "effect";
import {
  histogram,
  lineChart,
  poincareDisk,
  type ReportSection,
  type Showcase,
} from "@neuroplastic/core/chart";
import { presetConfig, type RsgnConfig } from "./config.ts";
import { longRangeData, splitIndices } from "./data.ts";
import { macsPerSample } from "./macs.ts";
import { rsgnForward } from "./model.ts";
import type { RsgnParams } from "./params.ts";
import { levelDiskStyle, nearestEdges } from "./report.ts";
import { sparseForward } from "./sparse.ts";
import { type EpochRecord, trainRun } from "./train.ts";
import { rsgnTrainable } from "./trainable.ts";
import { projectRowsRef } from "./weights.ts";

/**
 * The RSGN showcase (about 10 s on one core).
 *
 * @example
 * ```ts ignore
 * import { rsgnShowcase } from "@neuroplastic/engines/rsgn";
 * await rsgnShowcase.run({ seed: 1, progress: () => {} });
 * ```
 */
export const rsgnShowcase: Showcase = {
  name: "rsgn",
  title: "RSGN: Poincaré-ball geometry network, faithful (dense) vs our sparse k-WTA variant",
  run: async ({ seed, progress }) => {
    const data = longRangeData({ n: 400, seqLen: 24, dim: 8, classes: 4, seed: 42 });
    const sp = splitIndices(data.n);
    const small: Partial<RsgnConfig> = {
      numNodes: 48,
      dimInput: 8,
      dimHidden: 16,
      numClasses: 4,
      numSteps: 3,
    };
    const faithful = presetConfig("long-range", small);
    const sparse = presetConfig("long-range", {
      ...small,
      variant: "sparse",
      topK: 6,
      activeK: 8,
    });
    const epochs = 6;
    const settings = { epochs, batchSize: 32, lr: 1e-2, weightDecay: 1e-4, clip: 1, seed };
    const t0 = performance.now();
    const runs: { name: string; history: readonly EpochRecord[]; params: RsgnParams }[] = [];
    for (const c of [faithful, sparse]) {
      const m = rsgnTrainable(c);
      const r = await Effect.runPromise(
        trainRun(m, data, sp.train, sp.val, settings, {
          onBatch: (d, n) => progress(d, n, m.name, "batch"),
        }),
      );
      runs.push({ name: m.name, history: r.history, params: r.params as unknown as RsgnParams });
    }
    const seconds = (performance.now() - t0) / 1000;
    const X = data.X.subarray(0, 32 * 24 * 8), B = 32, T = 24;
    const fa = rsgnForward(runs[0].params, faithful, X, B, T);
    const sa = sparseForward(runs[1].params, sparse, X, B, T);
    const active = (a: ArrayLike<number>) =>
      Array.from(a).filter((v) => v > 0.01).length / a.length;
    const best = (h: readonly EpochRecord[]) => Math.max(...h.map((e) => e.valAcc));
    const figures = {
      task: "long-range (400 × 24 × 8, 4 classes)",
      epochs,
      seconds: Number(seconds.toFixed(1)),
      faithfulBestValAcc: best(runs[0].history),
      sparseBestValAcc: best(runs[1].history),
      faithfulActiveFraction: Number(active(fa.alpha).toFixed(3)),
      sparseActiveFraction: Number(active(sa.alpha).toFixed(3)),
      faithfulMacsPerSample: macsPerSample(faithful, T).total,
      sparseMacsPerSampleMeasured: Math.round(sa.macsPerSample),
    };
    const N = faithful.numNodes, S = faithful.dimSpace;
    const disk = (p: RsgnParams, title: string, id: string) => {
      const pos = new Float64Array(N * S);
      projectRowsRef(p.positions.data, N, S, 0.95, pos, new Float64Array(N));
      const pts = new Float64Array(2 * N);
      for (let i = 0; i < N; i++) {
        pts[2 * i] = pos[i * S];
        pts[2 * i + 1] = pos[i * S + 1];
      }
      const lv = Array.from(p.levels.data);
      const lo = Math.min(...lv), hi = Math.max(...lv);
      // Each node's 3 nearest neighbours by distance in the ball, drawn as disk geodesics.
      const edges = nearestEdges(pos, N, S, 3);
      return poincareDisk(pts, {
        title,
        id,
        edges,
        ...levelDiskStyle(lv, lo, hi),
        caption: [
          { value: N, series: "", stat: "nodes" },
          ` learned node positions (first 2 of ${S} ball coordinates, projected to radius 0.95) ` +
          `coloured by hierarchical level; `,
          { value: edges.length, series: "", stat: "edges" },
          " nearest-neighbour geodesics.",
        ],
      });
    };
    const section: ReportSection = {
      heading: "Faithful RSGN vs sparse RSGN on a small long-range task",
      text:
        `Both trained ${epochs} epochs (AdamW lr 1e-2, cosine, clip 1) in ${figures.seconds} s. ` +
        `The faithful model keeps ${(100 * figures.faithfulActiveFraction).toFixed(0)}% of the ` +
        `nodes active (α ≥ σ(−θ) and the "inhibition" only normalises); the k-WTA variant keeps ` +
        `${(100 * figures.sparseActiveFraction).toFixed(0)}% and does ` +
        `${figures.sparseMacsPerSampleMeasured.toLocaleString("en-US")} multiply-adds per sample ` +
        `instead of ${figures.faithfulMacsPerSample.toLocaleString("en-US")}.`,
      plots: [
        lineChart(
          runs.map((r) => ({
            name: r.name,
            x: r.history.map((h) => h.epoch),
            y: r.history.map((h) => h.valAcc),
          })),
          {
            title: "validation accuracy",
            xLabel: "epoch",
            integerX: true,
            yLabel: "validation accuracy (fraction)",
            id: "rsgn-showcase-acc",
            caption: runs.flatMap((r, i) => [
              i === 0 ? "Best validation accuracy: " : "; ",
              `${r.name} `,
              { value: best(r.history), series: r.name, stat: "max" as const, digits: 3 },
              ` (epoch ${r.history.find((h) => h.valAcc === best(r.history))?.epoch})`,
            ]).concat([` (4 classes, chance 0.25; seed ${seed}).`]),
          },
        ),
        disk(runs[0].params, "faithful: node positions", "rsgn-showcase-disk"),
        disk(runs[1].params, "sparse: node positions", "rsgn-showcase-disk-sparse"),
        histogram(fa.alpha, {
          title: "final α, faithful",
          xLabel: "node activity α (0–1)",
          yLabel: "probability density",
          caption: `α of the ${N} nodes for 32 samples (after the last step): ${
            (100 * figures.faithfulActiveFraction).toFixed(0)
          }% above 0.01.`,
          range: [0, 1],
          id: "rsgn-showcase-alpha",
        }),
        histogram(sa.alpha, {
          title: "final α, sparse (k-WTA)",
          xLabel: "node activity α (0–1)",
          yLabel: "probability density",
          caption: `α of the ${N} nodes for 32 samples (after the last step): ${
            (100 * figures.sparseActiveFraction).toFixed(0)
          }% above 0.01.`,
          range: [0, 1],
          id: "rsgn-showcase-alpha-sparse",
        }),
      ],
    };
    return { figures, sections: [section] };
  },
};
