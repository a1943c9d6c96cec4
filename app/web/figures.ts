/**
 * The playground's live figures, per engine, drawn with the shared chart module
 * (`@neuroplastic/core/chart`) in the worker; the page only inserts the SVG text. Each figure is
 * a function of the checkpoints the orchestrator saves during a run (its automatic period, about
 * twice a second, and the end): the state reached and the state of the checkpoint before.
 *
 * | engine      | figures                                                          | from the state                                  |
 * | ----------- | ---------------------------------------------------------------- | ----------------------------------------------- |
 * | walk        | walkers on the Poincaré disk, mean distance from the origin      | positions, the process's summary                |
 * | sorn        | excitatory spike raster, E and I rates, E→E count, E→E weights   | replay from the previous checkpoint; `counters` |
 * | genreg      | best MSE (the fitness it minimises), saturated hidden units      | `trace` ([iteration, MSE, k] triples)           |
 * | hebbian-rnn | loss; A: ‖Hebb_t‖ and mean abs(h) over a replayed sequence;      | `losses`, `params` (A: replayed), `J`, `xTrace` |
 * |             | B, pattern: ‖θ‖ per checkpoint; C: ‖J‖ and the activity trace    |                                                 |
 * | lndp        | fitness per generation; a fresh lifetime of the best genome:     | `curveMax`, `curveMean`; `bestGenome` replayed  |
 * |             | the network at 4 moments with the cart drawn, edges per step     |                                                 |
 * | rsgn        | accuracy per epoch; nodes and nearest-neighbour geodesics (disk) | `history`; `loop.params.positions`, `levels`    |
 *
 * Replays (SORN raster, Hebbian A sequence, LNDP lifetime) cost extra compute in the worker,
 * never on the page's main thread; the LNDP lifetime is replayed only when the best genome
 * changes.
 *
 * @module
 */
import { histogram, lineChart, poincareDisk, raster, type Series } from "@neuroplastic/core/chart";
import { bernoulli, fold, type Key } from "@neuroplastic/core/random";
import type { Process } from "@neuroplastic/core/sim";
import type { Tensor } from "@neuroplastic/core/tensor";
import { synapseCount, type SynapseMatrix } from "@neuroplastic/plasticity";
import {
  EE_TRAJECTORY_EVERY,
  run as sornRun,
  type SornConfig,
  type SornState,
} from "@neuroplastic/engines/sorn";
import { initModeAState, type ModeAConfig, runModeA } from "@neuroplastic/engines/hebbian-rnn";
import {
  edgeCount,
  lifetimeBuffers,
  type LifetimeConfig,
  makeModel,
  run,
} from "@neuroplastic/engines/lndp";
import { nearestEdges, projectRowsRef } from "@neuroplastic/engines/rsgn";

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

/** The weights of the present synapses of a {@link SynapseMatrix} (column by column). */
const presentWeights = (m: SynapseMatrix): Float64Array => {
  const out = new Float64Array(synapseCount(m));
  let k = 0;
  for (let post = 0; post < m.nPost; post++) {
    for (let q = 0; q < m.inLen[post]; q++) out[k++] = m.inW[post * m.inCap + q];
  }
  return out.subarray(0, k);
};

const sornLive = (config: unknown): Live => {
  const c = config as SornConfig;
  const shown = Math.min(c.ne, 200);
  let spikes = new Uint8Array(0);
  let t0 = 0, steps = 0;
  const rx: number[] = [], re: number[] = [], ri: number[] = [];
  let eeX: number[] = [], eeY: number[] = [];
  let weights: Float64Array = new Float64Array(0), weightsAt = 0;
  return {
    update(step, state, prev) {
      const now = state as SornState;
      // E→E connection count: the state's own trajectory (every EE_TRAJECTORY_EVERY counted
      // steps since its counters started) and the count at this checkpoint
      const cs = now.t - now.counters.steps;
      eeX = now.counters.eeTrajectory.map((_, i) => cs + i * EE_TRAJECTORY_EVERY);
      eeY = [...now.counters.eeTrajectory];
      if (eeX.at(-1) !== now.t) {
        eeX.push(now.t);
        eeY.push(synapseCount(now.ee));
      }
      weights = presentWeights(now.ee);
      weightsAt = now.t;
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
    },
    draw: () => [
      ...(steps === 0 ? [] : [
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
      ]),
      ...(eeX.length === 0 ? [] : [
        chart("sorn-ee-count", "E→E connections", "step", "synapses", [
          { name: "E→E synapses", x: eeX, y: eeY },
        ]),
        {
          id: "sorn-ee-weights",
          svg: histogram(weights, {
            id: "sorn-ee-weights",
            title: `E→E weights at step ${weightsAt} (${weights.length} synapses)`,
            xLabel: "weight",
            yLabel: "density",
            bins: 30,
            width: 460,
            height: 280,
          }),
        },
      ]),
    ],
  };
};

const genregLive = (config: unknown): Live => {
  const hidden = (config as { model: { hidden: number } }).model.hidden;
  return fromState((st) => {
    const s = st as { trace: number[]; t: number; lastMseBest: number; lastK: number };
    const x: number[] = [], y: number[] = [], k: number[] = [];
    // trace: [iteration, best MSE, saturated hidden units of the best genome] triples
    for (let i = 0; i + 2 < s.trace.length; i += 3) {
      x.push(s.trace[i]);
      y.push(s.trace[i + 1]);
      k.push(s.trace[i + 2]);
    }
    if (Number.isFinite(s.lastMseBest) && x.at(-1) !== s.t) {
      x.push(s.t);
      y.push(s.lastMseBest);
      k.push(s.lastK);
    }
    return [
      chart("genreg-fitness", "fitness: best MSE", "iteration", "MSE", [
        { name: "best MSE", x, y },
      ], true),
      chart(
        "genreg-saturation",
        `saturated hidden units of the best genome (of ${hidden})`,
        "iteration",
        "saturated units",
        [{ name: "saturated (k)", x, y: k }],
      ),
    ];
  });
};

/** Frobenius norm. */
const norm = (a: ArrayLike<number>, from = 0, to = a.length): number => {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i] * a[i];
  return Math.sqrt(s);
};

/**
 * Mode A: the trained network replayed on one random-bit sequence (batch 1, modulation 1, bits
 * from fold(the state's key, 7)): the Hebbian trace's norm ‖Hebb_t‖ and the mean |h_t| per step.
 */
const modeATraces = (s: { params: Float64Array; key: Key }, c: ModeAConfig): Figure => {
  const shape = { input: c.input, hidden: c.hidden, output: c.output };
  const T = c.seqLen, H = c.hidden;
  const x = Float64Array.from(bernoulli(fold(s.key, 7), T * c.input, 0.5));
  const { record } = runModeA(s.params, shape, initModeAState(shape, 1), x, T, c.eta, 1, true);
  const t: number[] = [], hn: number[] = [], act: number[] = [];
  for (let k = 0; k < T; k++) {
    t.push(k + 1);
    hn.push(record.hebb ? norm(record.hebb, k * H * H, (k + 1) * H * H) : NaN);
    let a = 0;
    for (let i = 0; i < H; i++) a += Math.abs(record.h[k * H + i]);
    act.push(a / H);
  }
  return chart(
    "hebbian-rnn-traces",
    "one sequence replayed: Hebbian trace and activity",
    "time step in the sequence",
    "value",
    [{ name: "‖Hebb‖ (Frobenius)", x: t, y: hn }, { name: "mean |h|", x: t, y: act }],
  );
};

const hebbianLive = (command: string, config: unknown): Live => {
  // a norm of the learnt (or plastic) weights at every checkpoint
  const nx: number[] = [], ny: number[] = [];
  let last: unknown;
  const figs = (st: unknown): readonly Figure[] => {
    if (command === "mode-a-train") {
      const s = st as { losses: number[]; params: Float64Array; key: Key };
      return [
        chart("hebbian-rnn-loss", "training loss", "epoch", "loss", [
          { name: "loss", ...thin(s.losses) },
        ]),
        modeATraces(s, config as ModeAConfig),
      ];
    }
    if (command === "mode-c-train") {
      const s = st as {
        trial: number;
        errs: Float64Array;
        wrong: Uint8Array;
        xTrace: Float64Array;
      };
      const idx = Array.from(s.xTrace, (_, i) => i);
      return [
        chart("hebbian-rnn-loss", "error per trial", "trial", "value", [
          { name: "mean |error|", ...thin(s.errs.subarray(0, s.trial)) },
          { name: "wrong sign", ...thin(s.wrong.subarray(0, s.trial)) },
        ]),
        chart("hebbian-rnn-norm", "plastic recurrent weights ‖J‖", "trial", "‖J‖ (Frobenius)", [
          { name: "‖J‖", x: nx, y: ny },
        ]),
        chart(
          "hebbian-rnn-traces",
          `activity trace x̄ per neuron after trial ${s.trial}`,
          "neuron",
          "x̄ (running mean of x)",
          [{ name: "x̄", x: idx, y: s.xTrace }],
        ),
      ];
    }
    const s = st as {
      step: number;
      losses: Float64Array;
      evalSteps?: number[];
      evalAccuracy?: number[];
      errors?: Float64Array;
    };
    const series: Series[] = [{ name: "loss", ...thin(s.losses.subarray(0, s.step)) }];
    if (s.evalSteps && s.evalAccuracy) {
      series.push({ name: "held-out accuracy", x: s.evalSteps, y: s.evalAccuracy });
    }
    if (s.errors) series.push({ name: "error", ...thin(s.errors.subarray(0, s.step)) });
    return [
      chart("hebbian-rnn-loss", "training loss", "step", "value", series),
      chart(
        "hebbian-rnn-norm",
        "parameter norm ‖θ‖ (incl. plasticity coefficients)",
        "step",
        "‖θ‖",
        [
          { name: "‖θ‖", x: nx, y: ny },
        ],
      ),
    ];
  };
  return {
    update(step, state) {
      last = state;
      const s = state as { J?: Float64Array; params?: Float64Array };
      const w = command === "mode-c-train" ? s.J : s.params;
      if (w && command !== "mode-a-train" && nx.at(-1) !== step) {
        nx.push(step);
        ny.push(norm(w));
      }
    },
    draw: () => (last === undefined ? [] : figs(last)),
  };
};

/** One moment of the replayed LNDP lifetime. */
interface LndpFrame {
  readonly episode: number;
  readonly step: number;
  readonly A: Uint8Array;
  readonly w: Float64Array;
  readonly env: Float64Array;
}

/** Panels of the LNDP filmstrip. */
const LNDP_PANELS = 4;

/** Node positions of an LNDP network: inputs left, outputs right, hidden nodes on a ring. */
const nodeLayout = (N: number, o: number, k: number, w: number, h: number): number[] => {
  const xy: number[] = [];
  const col = (i: number, n: number): number => (h * (i + 1)) / (n + 1);
  const hidden = N - o - k, r = Math.min(w, h) * 0.32;
  for (let i = 0; i < N; i++) {
    if (i < o) xy.push(14, col(i, o));
    else if (i >= N - k) xy.push(w - 14, col(i - (N - k), k));
    else {
      const a = (2 * Math.PI * (i - o)) / hidden - Math.PI / 2;
      xy.push(w / 2 + r * Math.cos(a), h / 2 + r * Math.sin(a));
    }
  }
  return xy;
};

/** One panel: the network (edges by sign of w) and, for CartPole, the cart at that step. */
const lndpPanel = (
  f: LndpFrame,
  nodes: { N: number; o: number; k: number },
  cart: boolean,
  x0: number,
): string => {
  const W = 200, H = 150, { N, o, k } = nodes;
  const xy = nodeLayout(N, o, k, W, H);
  let pos = "", neg = "", edges = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      if (!f.A[i * N + j]) continue;
      edges++;
      const seg = `M${xy[2 * i].toFixed(1)} ${xy[2 * i + 1].toFixed(1)}L${xy[2 * j].toFixed(1)} ${
        xy[2 * j + 1].toFixed(1)
      }`;
      if (f.w[i * N + j] >= 0) pos += seg;
      else neg += seg;
    }
  }
  let dots = "";
  for (let i = 0; i < N; i++) {
    const fill = i < o ? "#2ca02c" : i >= N - k ? "#ff7f0e" : "#777";
    dots += `<circle cx="${xy[2 * i].toFixed(1)}" cy="${
      xy[2 * i + 1].toFixed(1)
    }" r="3.2" fill="${fill}"/>`;
  }
  let body =
    `<text x="${W / 2}" y="14" text-anchor="middle" font-size="12">episode ${f.episode + 1}, step ${
      f.step + 1
    }: ${edges} edges</text><g transform="translate(0 20)">` +
    (pos
      ? `<path class="edge" d="${pos}" stroke="#1f77b4" stroke-opacity="0.45" fill="none"/>`
      : "") +
    (neg
      ? `<path class="edge" d="${neg}" stroke="#d62728" stroke-opacity="0.45" fill="none"/>`
      : "") +
    dots + "</g>";
  if (cart) {
    // CartPole state [x, ẋ, θ, θ̇, t]: the track spans x ∈ [−2.4, 2.4] (the termination bound)
    const [x, , theta] = f.env;
    const yT = 230, cx = W / 2 + (x / 2.4) * (W / 2 - 20), L = 42;
    body += `<g class="cart"><line x1="8" y1="${yT}" x2="${W - 8}" y2="${yT}" stroke="#444"/>` +
      `<rect x="${(cx - 16).toFixed(1)}" y="${yT - 14}" width="32" height="12" fill="#555"/>` +
      `<line x1="${cx.toFixed(1)}" y1="${yT - 14}" x2="${
        (cx + L * Math.sin(theta)).toFixed(1)
      }" y2="${
        (yT - 14 - L * Math.cos(theta)).toFixed(1)
      }" stroke="#c58b2b" stroke-width="4" stroke-linecap="round"/></g>`;
  }
  return `<g transform="translate(${x0} 24)">${body}</g>`;
};

const lndpLive = (config: unknown): Live => {
  const c = config as LifetimeConfig & { nEpisodes: number };
  const model = makeModel(c.task, c);
  const cart = model.env.name === "cartpole";
  let last: unknown;
  let replayed:
    | { generation: number; frames: LndpFrame[]; edges: number[]; fitness: number }
    | undefined;
  /**
   * A fresh lifetime of the best genome so far (key fold(the run's key, 7)), replayed twice: once
   * to count its steps, once to keep the network and the environment at evenly spaced steps.
   */
  const replay = (s: { key: Key; bestGenome: Float64Array; bestGeneration: number }): void => {
    if (replayed?.generation === s.bestGeneration) return;
    const k = fold(s.key, 7);
    const buffers = lifetimeBuffers(model);
    const edges: number[] = [];
    run(model, s.bestGenome, c.nEpisodes, k, buffers, (ev) => edges.push(edgeCount(ev.net)));
    const n = edges.length;
    const at = new Set(
      Array.from({ length: LNDP_PANELS }, (_, i) => Math.round((i * (n - 1)) / (LNDP_PANELS - 1))),
    );
    const frames: LndpFrame[] = [];
    let i = 0;
    const r = run(model, s.bestGenome, c.nEpisodes, k, buffers, (ev) => {
      if (at.has(i++)) {
        frames.push({
          episode: ev.episode,
          step: ev.step,
          A: ev.net.A.slice(),
          w: ev.net.w.slice(),
          env: buffers.envState.slice(),
        });
      }
    });
    replayed = { generation: s.bestGeneration, frames, edges, fitness: r.fitness };
  };
  return {
    update(_step, state) {
      last = state;
      const s = state as { key: Key; bestGenome: Float64Array; bestGeneration: number };
      if (s.bestGenome && s.bestGenome.length === model.layout.size) replay(s);
    },
    draw: () => {
      if (last === undefined) return [];
      const s = last as { curveMax: ArrayLike<number>; curveMean: ArrayLike<number> };
      const out: Figure[] = [
        chart("lndp-fitness", "fitness per generation", "generation", "fitness", [
          { name: "generation max", ...thin(s.curveMax) },
          { name: "generation mean", ...thin(s.curveMean) },
        ]),
      ];
      if (replayed) {
        const nodes = { N: model.N, o: model.o, k: model.k };
        const panels = replayed.frames.map((f, i) => lndpPanel(f, nodes, cart, 10 + i * 210))
          .join("");
        const W = 20 + LNDP_PANELS * 210, H = cart ? 290 : 210;
        out.push({
          id: "lndp-network",
          svg: `<svg xmlns="http://www.w3.org/2000/svg" class="plot" data-plot="lndp-network" ` +
            `data-kind="network" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ` +
            `font-family="sans-serif"><text x="${W / 2}" y="16" text-anchor="middle" ` +
            `font-size="14" font-weight="bold">a fresh lifetime of the best genome (generation ${
              replayed.generation + 1
            }; fitness ${replayed.fitness.toFixed(1)} in it): inputs green, outputs orange, ` +
            `w &gt; 0 blue, w &lt; 0 red</text>${panels}</svg>`,
        });
        out.push(
          chart(
            "lndp-edges",
            "edges over that lifetime",
            "environment step (all episodes)",
            "edges",
            [
              { name: "edges", ...thin(replayed.edges, 1) },
            ],
          ),
        );
      }
      return out;
    },
  };
};

const rsgnLive = (): Live =>
  fromState((st) => {
    type Epoch = { valAcc: number; trainAcc: number };
    const s = st as {
      runs?: { history?: Epoch[] }[];
      history?: Epoch[];
      loop?: { params?: { positions?: Tensor; levels?: Tensor } } | null;
      final?: { dimSpace: number; positions: Float64Array; levels: Float64Array } | null;
    };
    const h = [...(s.runs ?? []).flatMap((r) => r.history ?? []), ...(s.history ?? [])];
    const x = h.map((_, i) => i + 1);
    const acc = chart("rsgn-accuracy", "accuracy per epoch", "epoch (all seeds)", "accuracy", [
      { name: "validation", x, y: h.map((e) => e.valAcc) },
      { name: "training", x, y: h.map((e) => e.trainAcc) },
    ]);
    // node positions: the model being trained (projected into the ball, as the model does), or
    // the final positions of the last seed
    const p = s.loop?.params;
    let pos: Float64Array | undefined, lv: ArrayLike<number> | undefined, S = 0, N = 0;
    if (p?.positions && p.positions.shape.length === 2) {
      [N, S] = p.positions.shape;
      pos = new Float64Array(N * S);
      projectRowsRef(p.positions.data, N, S, 0.95, pos, new Float64Array(N));
      lv = p.levels?.data;
    } else if (s.final) {
      S = s.final.dimSpace;
      N = s.final.positions.length / S;
      pos = s.final.positions;
      lv = s.final.levels;
    }
    if (!pos || S < 2) return [acc];
    const pts = new Float64Array(2 * N);
    for (let i = 0; i < N; i++) {
      pts[2 * i] = pos[i * S];
      pts[2 * i + 1] = pos[i * S + 1];
    }
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < (lv?.length ?? 0); i++) {
      lo = Math.min(lo, lv![i]);
      hi = Math.max(hi, lv![i]);
    }
    const colors = Array.from({ length: N }, (_, i) => {
      const t = lv && hi > lo ? (lv[i] - lo) / (hi - lo) : 0.5;
      return `rgb(${Math.round(40 + 200 * t)},70,${Math.round(240 - 200 * t)})`;
    });
    return [
      acc,
      {
        id: "rsgn-disk",
        svg: poincareDisk(pts, {
          id: "rsgn-disk",
          title: `${N} nodes, 3 nearest as geodesics (dims 1–2 of ${S})`,
          xLabel: "x₁",
          yLabel: "x₂",
          width: 360,
          edges: nearestEdges(pos, N, S, 3),
          colors,
          radius: 2.2,
        }),
      },
    ];
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
      return command === "run" ? genregLive(config) : none;
    case "hebbian-rnn":
      return /^(mode-[abc]|pattern-miconi)-train$/.test(command)
        ? hebbianLive(command, config)
        : none;
    case "lndp":
      return command === "train" ? lndpLive(config) : none;
    case "rsgn":
      return command === "train" ? rsgnLive() : none;
    default:
      return none;
  }
};
