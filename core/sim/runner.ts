/**
 * Stepping a {@link Process}: chunked advance (using the process's transient `run` when it has
 * one) with a NaN/Inf guard that pinpoints the first bad step, and the same as an Effect `Stream`
 * with recorders as sinks.
 *
 * @module
 */
import { Effect, Option, Sink, Stream } from "effect";
import { NumericalDivergence } from "../errors.ts";
import type { Process, RunEnv } from "./command.ts";

/** One element of a simulation stream: the state reached after `step` steps. */
export interface StepEvent<S> {
  /** Steps taken so far (absolute index). */
  readonly step: number;
  /** The state after `step` steps. */
  readonly state: S;
}

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Step index of the initial state (non-zero when resuming). Default 0. */
  readonly from?: number;
  /** Absolute step index to stop at. */
  readonly to: number;
  /** Emit an event every `every` steps (and at `to`). Default 1. */
  readonly every?: number;
  /** Check every float of the state for NaN/Inf after each chunk. Default true. */
  readonly guard?: boolean;
}

/**
 * Advances a state by `n` steps: the process's transient `run` when present,
 * otherwise `n` calls of `step`.
 *
 * @example
 * ```ts
 * import { advance } from "@neuroplastic/core/sim";
 * ```
 */
export const advance = <C, S>(
  process: Process<C, S>,
  config: C,
  state: S,
  n: number,
  env?: RunEnv,
): S => {
  if (n <= 0) return state;
  if (process.run) return process.run(state, config, n, env);
  let s = state;
  for (let i = 0; i < n; i++) s = process.step(s, config, env);
  return s;
};

/**
 * Name of the first non-finite field of a state (walking numbers and float
 * arrays), or `undefined` when every value is finite. Uses the process's
 * `finite` selector when it has one.
 *
 * @example
 * ```ts
 * import { firstNonFinite } from "@neuroplastic/core/sim";
 * console.log(firstNonFinite({ a: 1, w: new Float64Array([0, NaN]) })); // "w"
 * ```
 */
export const firstNonFinite = <S>(state: S, process?: Process<unknown, S>): string | undefined => {
  if (process?.finite) {
    for (const [field, v] of Object.entries(process.finite(state))) {
      if (typeof v === "number") {
        if (!Number.isFinite(v)) return field;
      } else {
        for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return field;
      }
    }
    return undefined;
  }
  const walk = (v: unknown, path: string): string | undefined => {
    if (typeof v === "number") return Number.isFinite(v) ? undefined : path || "(root)";
    if (v instanceof Float64Array || v instanceof Float32Array) {
      for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return path || "(root)";
      return undefined;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const r = walk(v[i], `${path}[${i}]`);
        if (r) return r;
      }
      return undefined;
    }
    if (v !== null && typeof v === "object" && !ArrayBuffer.isView(v)) {
      for (const [k, x] of Object.entries(v)) {
        const r = walk(x, path ? `${path}.${k}` : k);
        if (r) return r;
      }
    }
    return undefined;
  };
  return walk(state, "");
};

/**
 * Advances `state` (at step `from`) by `n` steps and checks the result for NaN/Inf; on a
 * non-finite state it re-runs the chunk step by step and fails with {@link NumericalDivergence}
 * naming the first bad step and field. The one stepping primitive of `simulate` and the
 * orchestrator.
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect";
 * import { advanceChecked, type Process } from "@neuroplastic/core/sim";
 * const p: Process<{}, { t: number }> = {
 *   config: Schema.Struct({}), defaults: {}, docs: {}, defaultSteps: 3,
 *   init: () => ({ t: 0 }), step: (s) => ({ t: s.t + 1 }), summary: (s) => ({ t: s.t }),
 * };
 * console.log(Effect.runSync(advanceChecked(p, {}, { t: 0 }, 0, 5)).t); // 5
 * ```
 */
export const advanceChecked = <C, S>(
  process: Process<C, S>,
  config: C,
  state: S,
  from: number,
  n: number,
  env?: RunEnv,
  guard = true,
): Effect.Effect<S, NumericalDivergence> =>
  Effect.suspend(() => {
    const next = advance(process, config, state, n, env);
    if (!guard) return Effect.succeed(next);
    const bad = firstNonFinite(next, process as Process<unknown, S>);
    if (bad === undefined) return Effect.succeed(next);
    let s = state;
    for (let t = from + 1; t <= from + n; t++) {
      s = process.step(s, config, env);
      const f = firstNonFinite(s, process as Process<unknown, S>);
      if (f !== undefined) return Effect.fail(new NumericalDivergence({ step: t, field: f }));
    }
    return Effect.fail(new NumericalDivergence({ step: from + n, field: bad }));
  });

/**
 * The simulation as a `Stream` of {@link StepEvent}s, one every `every` steps.
 * Fails with {@link NumericalDivergence} carrying the index of the first step
 * whose state is not finite (found by re-running the failing chunk step by step).
 * Interruptible between chunks. (To run a command with checkpoints, records and resume, use
 * the orchestrator: `invoke`.)
 *
 * @example
 * ```ts
 * import { Effect, Schema, Stream } from "effect";
 * import { simulate, type Process } from "@neuroplastic/core/sim";
 * const p: Process<{}, { t: number }> = {
 *   config: Schema.Struct({}), defaults: {}, docs: {}, defaultSteps: 3,
 *   init: () => ({ t: 0 }), step: (s) => ({ t: s.t + 1 }), summary: (s) => ({ t: s.t }),
 * };
 * const last = Effect.runSync(Stream.runLast(simulate(p, {}, { t: 0 }, { to: 10, every: 5 })));
 * console.log(last);
 * ```
 */
export const simulate = <C, S>(
  process: Process<C, S>,
  config: C,
  initial: S,
  opts: SimulateOptions,
): Stream.Stream<StepEvent<S>, NumericalDivergence> => {
  const from = opts.from ?? 0;
  const every = Math.max(1, Math.floor(opts.every ?? 1));
  return Stream.unfoldEffect({ step: from, state: initial } as StepEvent<S>, (cur) => {
    if (cur.step >= opts.to) return Effect.succeed(Option.none());
    const n = Math.min(every - (cur.step % every), opts.to - cur.step);
    return advanceChecked(process, config, cur.state, cur.step, n, undefined, opts.guard ?? true)
      .pipe(
        Effect.map((state) => {
          const ev: StepEvent<S> = { step: cur.step + n, state };
          return Option.some([ev, ev] as const);
        }),
      );
  });
};

/**
 * A sink that calls `write(name, step, value)` for each selected record of the
 * process every `stride` steps (events must be emitted on multiples of `stride`).
 *
 * @example
 * ```ts
 * import { recordSink } from "@neuroplastic/core/sim";
 * ```
 */
export const recordSink = <C, S>(
  process: Process<C, S>,
  names: readonly string[],
  stride: number,
  write: (name: string, step: number, value: number | ArrayLike<number>) => void,
): Sink.Sink<void, StepEvent<S>> =>
  Sink.forEach((ev: StepEvent<S>) =>
    Effect.sync(() => {
      if (ev.step % stride !== 0 || !process.records) return;
      for (const name of names) {
        const sel = process.records[name];
        if (sel) write(name, ev.step, sel(ev.state));
      }
    })
  );
