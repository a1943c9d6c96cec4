/**
 * The playground's live figures, per engine, drawn with the shared chart module
 * (`@neuroplastic/core/chart`) in the worker; the page only inserts the SVG text. Each figure
 * reads what the orchestrator hands back after a segment: the records of that segment (the
 * process's own `records`, every `stride` units) and the state reached.
 *
 * | engine      | figures                                                     | from                         |
 * | ----------- | ----------------------------------------------------------- | ---------------------------- |
 * | walk        | walkers on the Poincaré disk, mean distance from the origin | state, summary               |
 * | sorn        | excitatory spike raster (100 steps), E and I rates          | replay, ExcitatoryActivation |
 * | genreg      | best MSE (the fitness it minimises)                         | bestMse                      |
 * | hebbian-rnn | loss (mode A), loss and accuracy (B), error (C)             | loss / accuracy / meanErr    |
 * | lndp        | generation max, mean and best fitness                       | generationMax, ...           |
 * | rsgn        | validation and training accuracy per epoch                  | state history                |
 *
 * @module
 */
import { lineChart, poincareDisk, raster, type Series } from "@neuroplastic/core/chart";
import type { Json, Process } from "@neuroplastic/core/sim";
import { runWithRaster, type SornConfig, type SornState } from "@neuroplastic/engines/sorn";
import type { SegmentReport } from "./session.ts";

/** One drawn figure. */
export interface Figure {
  /** Stable id (`data-plot` of the SVG). */
  readonly id: string;
  /** SVG text. */
  readonly svg: string;
}

/** The live figures of one run. */
export interface Live {
  /** Records the figures need from the orchestrator. */
  readonly records: readonly string[];
  /** Their stride in units. */
  readonly stride: number;
  /** Takes one segment's report, the state reached and the state it started from. */
  update(r: SegmentReport, state: unknown, prev: unknown): void;
  /** The figures now. */
  draw(): readonly Figure[];
}

/** A growing line whose points are merged pairwise (means) past `cap`, so drawing stays cheap. */
interface Trace {
  readonly x: number[];
  readonly y: number[];
  push(x: number, y: number): void;
}

const trace = (cap = 400): Trace => {
  const x: number[] = [], y: number[] = [];
  let bin = 1, n = 0, sx = 0, sy = 0;
  return {
    x,
    y,
    push(xv, yv) {
      if (!Number.isFinite(yv)) return;
      sx += xv;
      sy += yv;
      if (++n < bin) return;
      x.push(sx / n);
      y.push(sy / n);
      n = 0, sx = 0, sy = 0;
      if (x.length > cap) {
        for (let i = 0; 2 * i + 1 < x.length; i++) {
          x[i] = (x[2 * i] + x[2 * i + 1]) / 2;
          y[i] = (y[2 * i] + y[2 * i + 1]) / 2;
        }
        x.length = y.length = Math.floor(x.length / 2);
        bin *= 2;
      }
    },
  };
};

/** The unit counts at which a segment's records were taken (multiples of `stride`). */
const recordSteps = (r: SegmentReport, stride: number, n: number): number[] => {
  const first = (Math.floor((r.done - r.units) / stride) + 1) * stride;
  return Array.from({ length: n }, (_, i) => first + i * stride);
};

const recordsOf = (r: SegmentReport, name: string): Json[] => {
  const recs = r.result.records as { [k: string]: Json[] } | undefined;
  return recs?.[name] ?? [];
};

const num = (v: Json | undefined): number => (typeof v === "number" ? v : NaN);

const mean = (v: Json): number => {
  if (!Array.isArray(v) || v.length === 0) return num(v);
  let s = 0;
  for (const x of v) s += x as number;
  return s / v.length;
};

const line = (
  id: string,
  title: string,
  xLabel: string,
  yLabel: string,
  series: readonly { name: string; t: Trace }[],
  logY = false,
): Figure => ({
  id,
  svg: lineChart(
    series.map((s): Series => ({ name: s.name, x: s.t.x, y: s.t.y })),
    { id, title, xLabel, yLabel, width: 460, height: 280, logY },
  ),
});

/** Records drawn as lines against units (each record a scalar per unit, or an array: its mean). */
const recordLines = (
  id: string,
  title: string,
  unit: string,
  yLabel: string,
  names: readonly (readonly [record: string, label: string])[],
  opts: { readonly stride?: number; readonly logY?: boolean } = {},
): Live => {
  const stride = opts.stride ?? 1;
  const traces = names.map(([, label]) => ({ name: label, t: trace() }));
  return {
    records: names.map(([r]) => r),
    stride,
    update(r) {
      names.forEach(([rec], i) => {
        const vals = recordsOf(r, rec);
        const xs = recordSteps(r, stride, vals.length);
        vals.forEach((v, k) => traces[i].t.push(xs[k], mean(v)));
      });
    },
    draw: () => [line(id, title, unit, yLabel, traces, opts.logY)],
  };
};

const walkLive = (p: Process<unknown, unknown>, config: unknown): Live => {
  const dist = trace();
  let disk: Figure | undefined;
  const dim = (config as { dim?: number }).dim ?? 2;
  return {
    records: [],
    stride: 1,
    update(r, state) {
      dist.push(r.done, num(r.result.meanDistance));
      const x = p.records?.positions?.(state);
      if (!x || typeof x === "number" || dim < 2) return;
      const n = Math.min(512, Math.floor(x.length / dim));
      const pts = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        pts[2 * i] = x[i * dim];
        pts[2 * i + 1] = x[i * dim + 1];
      }
      disk = {
        id: "walk-disk",
        svg: poincareDisk(pts, {
          id: "walk-disk",
          title: `walkers at step ${r.done}${dim > 2 ? " (first two coordinates)" : ""}`,
          width: 300,
          radius: 2,
        }),
      };
    },
    draw: () => [
      ...(disk ? [disk] : []),
      line("walk-distance", "mean distance from the origin", "step", "distance", [
        { name: "meanDistance", t: dist },
      ]),
    ],
  };
};

/** Steps of the SORN raster (replayed from the state at the start of the last segment). */
const RASTER_STEPS = 100;
/** SORN's rates are sampled every 32 steps: its random draws come in blocks of 32 steps, so chunks of 32 cost no more than one long chunk. */
const SORN_STRIDE = 32;

const sornLive = (config: unknown): Live => {
  const c = config as SornConfig;
  const shown = Math.min(c.ne, 200);
  let spikes = new Uint8Array(0);
  let t0 = 0, steps = 0;
  const rateE = trace(), rateI = trace();
  return {
    records: ["ExcitatoryActivation", "InhibitoryActivation"],
    stride: SORN_STRIDE,
    update(r, _state, prev) {
      const e = recordsOf(r, "ExcitatoryActivation");
      const inh = recordsOf(r, "InhibitoryActivation");
      const xs = recordSteps(r, SORN_STRIDE, e.length);
      e.forEach((v, k) => {
        rateE.push(xs[k], mean(v));
        rateI.push(xs[k], mean(inh[k]));
      });
      if (prev === undefined || r.units === 0) return;
      // The run is deterministic: replaying its first steps from the state it started this
      // segment from gives the spikes it computed.
      const n = Math.min(RASTER_STEPS, r.units);
      const full = runWithRaster(prev as SornState, c, n).raster;
      spikes = new Uint8Array(n * shown);
      for (let t = 0; t < n; t++) {
        spikes.set(full.subarray(t * c.ne, t * c.ne + shown), t * shown);
      }
      t0 = r.done - r.units;
      steps = n;
    },
    draw: () => [
      {
        id: "sorn-raster",
        svg: raster(spikes, shown, {
          id: "sorn-raster",
          title: `excitatory spikes, steps ${t0 + 1}–${t0 + steps}${
            shown < c.ne ? ` (first ${shown} neurons)` : ""
          }`,
          xLabel: "step",
          yLabel: "neuron",
          t0,
          width: 460,
          height: 280,
        }),
      },
      line(
        "sorn-rates",
        `population rates (every ${SORN_STRIDE} steps)`,
        "step",
        "fraction active",
        [
          { name: "excitatory", t: rateE },
          { name: "inhibitory", t: rateI },
        ],
      ),
    ],
  };
};

const rsgnLive = (): Live => {
  let history: { epoch: number; valAcc: number; trainAcc: number }[] = [];
  return {
    records: [],
    stride: 1,
    update(_r, state) {
      const s = state as {
        runs?: { history?: typeof history }[];
        history?: typeof history;
      } | undefined;
      history = [...(s?.runs ?? []).flatMap((r) => r.history ?? []), ...(s?.history ?? [])];
    },
    draw() {
      const x = history.map((_, i) => i + 1);
      const id = "rsgn-accuracy";
      return [{
        id,
        svg: lineChart([
          { name: "validation", x, y: history.map((h) => h.valAcc) },
          { name: "training", x, y: history.map((h) => h.trainAcc) },
        ], {
          id,
          title: "accuracy per epoch",
          xLabel: "epoch (all seeds)",
          yLabel: "accuracy",
          width: 460,
          height: 280,
        }),
      }];
    },
  };
};

const none: Live = { records: [], stride: 1, update() {}, draw: () => [] };

/**
 * The live figures of `engine command` for a decoded config.
 *
 * @example
 * ```ts ignore
 * const live = liveFigures("sorn", "run", cmd.process, config);
 * live.update(await session.segment({ records: live.records, stride: live.stride }), session.state);
 * document.body.innerHTML = live.draw().map((f) => f.svg).join("");
 * ```
 */
export const liveFigures = (
  engine: string,
  command: string,
  p: Process<unknown, unknown>,
  config: unknown,
): Live => {
  const recs = Object.keys(p.records ?? {});
  const has = (names: readonly (readonly [string, string])[]) =>
    names.filter(([r]) => recs.includes(r));
  switch (`${engine} ${command}`) {
    case "walk run":
      return walkLive(p, config);
    case "sorn run":
      return sornLive(config);
    case "genreg run":
      return recordLines("genreg-fitness", "fitness: best MSE so far", "step", "MSE", [[
        "bestMse",
        "best MSE",
      ]], { stride: 10, logY: true });
    case "hebbian-rnn mode-a-train":
      return recordLines(
        "hebbian-rnn-loss",
        "training loss",
        "epoch",
        "loss",
        has([["loss", "loss"]]),
      );
    case "hebbian-rnn mode-b-train":
      return recordLines(
        "hebbian-rnn-loss",
        "loss and held-out accuracy",
        "step",
        "value",
        has([["loss", "loss"], ["accuracy", "accuracy"]]),
      );
    case "hebbian-rnn mode-c-train":
      return recordLines("hebbian-rnn-loss", "error per trial", "trial", "value", [
        ["meanErr", "mean |error|"],
        ["wrong", "wrong sign"],
      ]);
    case "lndp train":
      return recordLines("lndp-fitness", "fitness per generation", "generation", "fitness", [
        ["generationMax", "generation max"],
        ["generationMean", "generation mean"],
        ["bestFitness", "best so far"],
      ]);
    case "rsgn train":
      return rsgnLive();
    default:
      return none;
  }
};
