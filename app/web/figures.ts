/**
 * The playground's live figures, per engine, drawn with the shared chart module
 * (`@neuroplastic/core/chart`) in the worker; the page only inserts the SVG text. Each figure is
 * a function of the checkpoints the orchestrator saves during a run (its automatic period, about
 * twice a second, and the end): the state reached and the state of the checkpoint before.
 *
 * | engine      | figures                                                      | from the state                       |
 * | ----------- | ------------------------------------------------------------ | ------------------------------------ |
 * | walk        | walkers on the Poincaré disk, mean distance from the origin  | positions, the process's summary     |
 * | sorn        | excitatory spike raster, E and I population rates            | replay from the previous checkpoint  |
 * | genreg      | best MSE (the fitness it minimises)                          | `trace`, `lastMseBest`               |
 * | hebbian-rnn | loss (mode A), loss and accuracy (B), error per trial (C)    | `losses`, `evalAccuracy`, `errs`     |
 * | lndp        | generation max and mean fitness                              | `curveMax`, `curveMean`              |
 * | rsgn        | validation and training accuracy per epoch                   | `history` of every seed              |
 *
 * @module
 */
import { lineChart, poincareDisk, raster, type Series } from "@neuroplastic/core/chart";
import type { Process } from "@neuroplastic/core/sim";
import { run as sornRun, type SornConfig, type SornState } from "@neuroplastic/engines/sorn";

/** One drawn figure. */
export interface Figure {
  /** Stable id (`data-plot` of the SVG). */
  readonly id: string;
  /** SVG text. */
  readonly svg: string;
}

/** The live figures of one run. */
export interface Live {
  /** Takes a checkpoint: its step, its state and the state of the checkpoint before (if any). */
  update(step: number, state: unknown, prev: unknown): void;
  /** The figures now. */
  draw(): readonly Figure[];
}

/** At most `cap` points: bucket means of `y` against `x0 + i` (so drawing stays cheap). */
const thin = (y: ArrayLike<number>, x0 = 1, cap = 400): { x: number[]; y: number[] } => {
  const n = y.length;
  const b = Math.max(1, Math.ceil(n / cap));
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < n; i += b) {
    let s = 0, c = 0, sx = 0;
    for (let j = i; j < Math.min(n, i + b); j++) {
      if (!Number.isFinite(y[j])) continue;
      s += y[j];
      sx += x0 + j;
      c++;
    }
    if (c > 0) {
      xs.push(sx / c);
      ys.push(s / c);
    }
  }
  return { x: xs, y: ys };
};

const chart = (
  id: string,
  title: string,
  xLabel: string,
  yLabel: string,
  series: readonly Series[],
  logY = false,
): Figure => ({
  id,
  svg: lineChart(series, { id, title, xLabel, yLabel, width: 460, height: 280, logY }),
});

/** A figure drawn from the latest state only. */
const fromState = (draw: (state: unknown) => readonly Figure[]): Live => {
  let last: unknown;
  return {
    update(_step, state) {
      last = state;
    },
    draw: () => (last === undefined ? [] : draw(last)),
  };
};

const walkLive = (p: Process<unknown, unknown>, config: unknown): Live => {
  const dim = (config as { dim: number }).dim;
  const xs: number[] = [], ys: number[] = [];
  let disk: Figure | undefined;
  return {
    update(step, state) {
      const d = p.summary(state, config).meanDistance;
      if (typeof d === "number") {
        xs.push(step);
        ys.push(d);
      }
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
          title: `walkers at step ${step}${dim > 2 ? " (first two coordinates)" : ""}`,
          width: 300,
          radius: 2,
        }),
      };
    },
    draw: () => [
      ...(disk ? [disk] : []),
      chart("walk-distance", "mean distance from the origin", "step", "distance", [
        { name: "meanDistance", x: xs, y: ys },
      ]),
    ],
  };
};

/** Steps of the SORN raster, replayed from the previous checkpoint. */
const RASTER_STEPS = 100;

const sornLive = (config: unknown): Live => {
  const c = config as SornConfig;
  const shown = Math.min(c.ne, 200);
  let spikes = new Uint8Array(0);
  let t0 = 0, steps = 0;
  const rx: number[] = [], re: number[] = [], ri: number[] = [];
  return {
    update(step, state, prev) {
      const from = prev as SornState | undefined;
      if (from === undefined) return;
      // The run is deterministic: replaying the steps after the previous checkpoint from its
      // state gives the spikes the run computed (the figure costs these extra steps).
      const n = Math.min(RASTER_STEPS, step - from.t);
      if (n <= 0) return;
      spikes = new Uint8Array(n * shown);
      let t = 0, sumE = 0, sumI = 0;
      sornRun(from, c, n, {
        onStep: (s) => {
          spikes.set(s.x.subarray(0, shown), t * shown);
          let e = 0, i = 0;
          for (let k = 0; k < s.ne; k++) e += s.x[k];
          for (let k = 0; k < s.ni; k++) i += s.y[k];
          sumE += e / s.ne;
          sumI += i / s.ni;
          t++;
        },
      });
      t0 = from.t;
      steps = n;
      rx.push(from.t + n / 2);
      re.push(sumE / n);
      ri.push(sumI / n);
      void state;
    },
    draw: () =>
      steps === 0 ? [] : [
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
            onePath: true,
          }),
        },
        chart(
          "sorn-rates",
          `population rates (mean over ${RASTER_STEPS} steps after each checkpoint)`,
          "step",
          "fraction active per step",
          [{ name: "excitatory", x: rx, y: re }, { name: "inhibitory", x: rx, y: ri }],
        ),
      ],
  };
};

const genregLive = (): Live =>
  fromState((st) => {
    const s = st as { trace: number[]; t: number; lastMseBest: number };
    const x: number[] = [], y: number[] = [];
    for (let i = 0; i + 2 < s.trace.length; i += 3) {
      x.push(s.trace[i]);
      y.push(s.trace[i + 1]);
    }
    if (Number.isFinite(s.lastMseBest) && x.at(-1) !== s.t) {
      x.push(s.t);
      y.push(s.lastMseBest);
    }
    return [
      chart("genreg-fitness", "fitness: best MSE", "iteration", "MSE", [
        { name: "best MSE", x, y },
      ], true),
    ];
  });

const hebbianLive = (command: string): Live =>
  fromState((st) => {
    if (command === "mode-a-train") {
      const s = st as { losses: number[] };
      return [chart("hebbian-rnn-loss", "training loss", "epoch", "loss", [
        { name: "loss", ...thin(s.losses) },
      ])];
    }
    if (command === "mode-b-train") {
      const s = st as {
        step: number;
        losses: Float64Array;
        evalSteps: number[];
        evalAccuracy: number[];
      };
      return [chart("hebbian-rnn-loss", "loss and held-out accuracy", "step", "value", [
        { name: "loss", ...thin(s.losses.subarray(0, s.step)) },
        { name: "accuracy", x: s.evalSteps, y: s.evalAccuracy },
      ])];
    }
    const s = st as { trial: number; errs: Float64Array; wrong: Uint8Array };
    return [chart("hebbian-rnn-loss", "error per trial", "trial", "value", [
      { name: "mean |error|", ...thin(s.errs.subarray(0, s.trial)) },
      { name: "wrong sign", ...thin(s.wrong.subarray(0, s.trial)) },
    ])];
  });

const lndpLive = (): Live =>
  fromState((st) => {
    const s = st as { curveMax: ArrayLike<number>; curveMean: ArrayLike<number> };
    return [chart("lndp-fitness", "fitness per generation", "generation", "fitness", [
      { name: "generation max", ...thin(s.curveMax) },
      { name: "generation mean", ...thin(s.curveMean) },
    ])];
  });

const rsgnLive = (): Live =>
  fromState((st) => {
    type Epoch = { valAcc: number; trainAcc: number };
    const s = st as { runs?: { history?: Epoch[] }[]; history?: Epoch[] };
    const h = [...(s.runs ?? []).flatMap((r) => r.history ?? []), ...(s.history ?? [])];
    const x = h.map((_, i) => i + 1);
    return [chart("rsgn-accuracy", "accuracy per epoch", "epoch (all seeds)", "accuracy", [
      { name: "validation", x, y: h.map((e) => e.valAcc) },
      { name: "training", x, y: h.map((e) => e.trainAcc) },
    ])];
  });

const none: Live = { update() {}, draw: () => [] };

/**
 * The live figures of `engine command` for a decoded config.
 *
 * @example
 * ```ts ignore
 * const live = liveFigures("sorn", "run", cmd.process, config);
 * await session.segment({ onSave: (step, state, prev) => live.update(step, state, prev) });
 * document.body.innerHTML = live.draw().map((f) => f.svg).join("");
 * ```
 */
export const liveFigures = (
  engine: string,
  command: string,
  p: Process<unknown, unknown>,
  config: unknown,
): Live => {
  switch (engine) {
    case "walk":
      return command === "run" ? walkLive(p, config) : none;
    case "sorn":
      return command === "run" ? sornLive(config) : none;
    case "genreg":
      return command === "run" ? genregLive() : none;
    case "hebbian-rnn":
      return /^mode-[abc]-train$/.test(command) ? hebbianLive(command) : none;
    case "lndp":
      return command === "train" ? lndpLive() : none;
    case "rsgn":
      return command === "train" ? rsgnLive() : none;
    default:
      return none;
  }
};
