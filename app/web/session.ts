/**
 * A playground run: one process command of one engine, decoded from the same flags as the CLI
 * (`decodeInvocation`) and driven by the orchestrator (`runInvocation`) in segments: a segment
 * runs until it is stopped (pause), for one unit (step) or to the end. Its checkpoints go to an
 * in-memory {@link CheckpointStore} (at the orchestrator's automatic period and when it stops);
 * the next segment resumes from there, exactly as `np resume` does from a run folder, so
 * pausing, stepping and continuing give the same final `stateHash` as one uninterrupted
 * `np <engine> <command>`. The saved checkpoints also feed the live figures. Runtime-agnostic (no `Deno.*`,
 * no DOM): the playground's Web Worker runs it, and so do the Deno tests.
 *
 * @module
 */
import { Cause, Effect, Exit } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { checkpointBytes, parseCheckpoint } from "@neuroplastic/core/checkpoint";
import {
  type CheckpointStore,
  codesOf,
  decodeCommandConfig,
  decodeInvocation,
  type EngineCli,
  type Invocation,
  type Json,
  type ProcessCommand,
  type ProgressEvent,
  type RawFlags,
  runInvocation,
  type RunResult,
} from "@neuroplastic/core/sim";

/**
 * The line the CLI prints for a failure (`np: --sp-prob: must be ...`), built the same way as
 * `app/cli.ts` does, so the page shows the CLI's message verbatim.
 *
 * @example
 * ```ts
 * import { InvalidConfig } from "@neuroplastic/core/errors";
 * import { failureLine } from "./session.ts";
 * console.log(failureLine(new InvalidConfig({ field: "x", message: "--x: bad", allowed: "1..2" })));
 * // np: --x: bad (allowed: 1..2)
 * ```
 */
export const failureLine = (e: unknown): string => {
  const codes = codesOf(e);
  if (codes.exit === 1) {
    return `np: internal error: ${e instanceof Error ? e.message : String(e)}`;
  }
  const msg = (e as Error).message;
  const extra = e instanceof InvalidConfig && e.allowed && !msg.includes(e.allowed)
    ? ` (allowed: ${e.allowed})`
    : "";
  return `np: ${msg}${extra}${
    codes.exit === 3 ? "; the last good checkpoint (if any) is kept" : ""
  }`;
};

/** What one segment of a run did. */
export interface SegmentReport {
  /** Units done so far (absolute). */
  readonly done: number;
  /** Units in the whole run. */
  readonly total: number;
  /** The process's unit (`step`, `epoch`, ...). */
  readonly unit: string;
  /** Whether the run reached its end (its length, or the process's own `done`). */
  readonly finished: boolean;
  /** Units this segment ran. */
  readonly units: number;
  /** Wall time of this segment's stepping in ms (the orchestrator's `elapsedMs`). */
  readonly ms: number;
  /** The orchestrator's result object at the end of this segment (with its `stateHash`). */
  readonly result: RunResult;
}

/** How to drive one segment. */
export interface SegmentOptions {
  /** Run exactly one unit (the orchestrator's first chunk is one unit). */
  readonly one?: boolean;
  /** Polled between the orchestrator's chunks: true stops the segment there. */
  readonly stop?: () => boolean;
  /** Called with every checkpoint the orchestrator saves (automatic period, and the end). */
  readonly onSave?: (step: number, state: unknown, prev: unknown) => void;
  /** Progress after every chunk. */
  readonly progress?: (ev: ProgressEvent) => void;
  /** Target wall time of one chunk in ms (default 100). */
  readonly sliceMs?: number;
  /** Yield to the event loop after every chunk, so messages get in (default false). */
  readonly yieldToEventLoop?: boolean;
  /** Clock (default `performance.now`). */
  readonly now?: () => number;
}

/** A decoded, steppable playground run. */
export interface Session {
  /** The engine. */
  readonly engine: EngineCli;
  /** The command (a process). */
  readonly command: string;
  /** The flags it was decoded from (the CLI's spelling, without dashes). */
  readonly flags: RawFlags;
  /** The decoded invocation. */
  readonly inv: Invocation;
  /** The decoded config. */
  readonly config: unknown;
  /** Units done so far. */
  readonly done: number;
  /** Units in the whole run (the length flag, or the length the config fixes). */
  readonly total: number;
  /** The last state reached (undefined before the first segment). */
  readonly state: unknown;
  /** The last report (undefined before the first segment). */
  readonly last: SegmentReport | undefined;
  /**
   * Runs one segment with the orchestrator, from the last checkpoint to the end of the run, or
   * until `stop()` turns true, or one unit.
   */
  segment(opts: SegmentOptions): Promise<SegmentReport>;
  /** The state as checkpoint bytes (`checkpoint.bin` of a run folder; `np resume` reads them). */
  checkpoint(): Uint8Array;
}

/** A session, or the CLI's failure line for the flags. */
export type Opened =
  | { readonly ok: true; readonly session: Session }
  | { readonly ok: false; readonly error: string; readonly field?: string };

const failureOf = (cause: Cause.Cause<unknown>): unknown => {
  const f = Cause.failureOption(cause);
  return f._tag === "Some" ? f.value : Cause.squash(cause);
};

/** The field or flag a failure names, for highlighting a control. */
const fieldOf = (e: unknown): string | undefined => {
  const r = e as { field?: unknown; flag?: unknown };
  return typeof r?.field === "string" ? r.field : typeof r?.flag === "string" ? r.flag : undefined;
};

/**
 * Decodes `flags` for `engine command` the way `np <engine> <command> --flag value ...` does and
 * opens a session, or returns the CLI's error line. `from` continues a checkpoint (its step and
 * state, e.g. a run folder's `checkpoint.bin`).
 *
 * @example
 * ```ts ignore
 * import { cli as walk } from "@neuroplastic/engines/walk";
 * const o = openSession(walk, "run", { steps: "100", seed: "1" });
 * if (o.ok) console.log((await o.session.segment({ maxMs: 1e9 })).result.stateHash);
 * ```
 */
export const openSession = (
  engine: EngineCli,
  command: string,
  flags: RawFlags,
  from?: { readonly step: number; readonly state: unknown },
): Opened => {
  const cmd = Object.hasOwn(engine.commands, command) ? engine.commands[command] : undefined;
  if (!cmd || cmd.kind !== "process") {
    return { ok: false, error: `np: ${engine.name} ${command} is not a stepping process` };
  }
  const d = decodeForPage(cmd, flags);
  if (!d.ok) return d;
  const { inv, config } = d;
  const p = (cmd as ProcessCommand).process;
  const bad = p.limits?.(config);
  if (bad) return { ok: false, error: failureLine(bad), field: bad.field };
  return { ok: true, session: makeSession(p, engine, command, flags, inv, config, from) };
};

/** Decodes a command's flags as the CLI does; the page's own refusals first. */
const decodeForPage = (
  cmd: EngineCli["commands"][string],
  flags: RawFlags,
):
  | { readonly ok: true; readonly inv: Invocation; readonly config: unknown }
  | { readonly ok: false; readonly error: string; readonly field?: string } => {
  // Run-folder, recording and budget flags belong to the page (it keeps the run in memory), and
  // extra worker threads are not available in it.
  for (const f of ["out", "config", "checkpoint-every", "record", "stride", "budget", "workers"]) {
    if (flags[f] !== undefined) {
      return { ok: false, error: `np: --${f} is not available in the playground`, field: f };
    }
  }
  const decoded = Effect.runSyncExit(
    Effect.flatMap(
      decodeInvocation(cmd, flags),
      (inv) => Effect.map(decodeCommandConfig(cmd, inv.configInput), (config) => ({ inv, config })),
    ),
  );
  if (Exit.isFailure(decoded)) {
    const e = failureOf(decoded.cause);
    return { ok: false, error: failureLine(e), field: fieldOf(e) };
  }
  return { ok: true, ...decoded.value };
};

/** A decoded function command (one call, e.g. a batch on WebGPU). */
export interface FunctionRun {
  /** The engine. */
  readonly engine: EngineCli;
  /** The command (a function). */
  readonly command: string;
  /** The flags it was decoded from. */
  readonly flags: RawFlags;
  /** The decoded config. */
  readonly config: unknown;
  /** Runs the command once through the orchestrator: the CLI's result object. */
  run(): Promise<RunResult>;
}

/**
 * Decodes `flags` for the function command `engine command` as `np` does, or returns the CLI's
 * error line.
 *
 * @example
 * ```ts ignore
 * import { cli as sorn } from "@neuroplastic/engines/sorn";
 * const o = openFunction(sorn, "batch", { networks: "2", seed: "1", backend: "cpu" });
 * if (o.ok) console.log((await o.run.run()).stateHash);
 * ```
 */
export const openFunction = (
  engine: EngineCli,
  command: string,
  flags: RawFlags,
):
  | { readonly ok: true; readonly run: FunctionRun }
  | { readonly ok: false; readonly error: string; readonly field?: string } => {
  const cmd = Object.hasOwn(engine.commands, command) ? engine.commands[command] : undefined;
  if (!cmd || cmd.kind !== "function") {
    return { ok: false, error: `np: ${engine.name} ${command} is not a function command` };
  }
  const d = decodeForPage(cmd, flags);
  if (!d.ok) return d;
  const { inv, config } = d;
  return {
    ok: true,
    run: {
      engine,
      command,
      flags,
      config,
      run: async () => {
        const exit = await Effect.runPromiseExit(runInvocation(engine, command, inv, {}));
        if (Exit.isFailure(exit)) throw failureOf(exit.cause);
        return exit.value;
      },
    },
  };
};

const makeSession = (
  p: ProcessCommand["process"],
  engine: EngineCli,
  command: string,
  flags: RawFlags,
  inv: Invocation,
  config: unknown,
  from?: { readonly step: number; readonly state: unknown },
): Session => {
  let stored: { step: number; state: unknown } | undefined = from ? { ...from } : undefined;
  let last: SegmentReport | undefined;
  const session: Session = {
    engine,
    command,
    flags,
    inv,
    config,
    get done() {
      return stored?.step ?? 0;
    },
    total: p.length ? p.length(config) : inv.options.steps,
    get state() {
      return stored?.state;
    },
    get last() {
      return last;
    },
    async segment(opts) {
      const before = stored?.step ?? 0;
      const store: CheckpointStore = {
        load: () => Effect.succeed(stored),
        save: (step, state) =>
          Effect.sync(() => {
            const prev = stored?.state;
            stored = { step, state };
            opts.onSave?.(step, state, prev);
          }),
      };
      const exit = await Effect.runPromiseExit(
        runInvocation(engine, command, inv, {
          store,
          // the orchestrator stops between chunks; its first chunk of a run (or after a resume)
          // is one unit, so `one` stops right after it
          signal: {
            get aborted() {
              return opts.one === true || opts.stop?.() === true;
            },
          } as AbortSignal,
          // a fresh run has no checkpoint before its first save: its init state stands in, so
          // the first save has a previous state (the SORN raster replays from it)
          onStart: (step, state) => {
            if (stored === undefined) stored = { step, state };
          },
          sliceMs: opts.sliceMs ?? 100,
          yieldToEventLoop: opts.yieldToEventLoop ?? false,
          ...(opts.progress ? { progress: opts.progress } : {}),
          ...(opts.now ? { now: opts.now } : {}),
        }),
      );
      if (Exit.isFailure(exit)) throw failureOf(exit.cause);
      const result = exit.value;
      const unit = String(result.unit);
      const done = Number(result[`${unit}s`]);
      const planned = result[`${unit}sPlanned`];
      const finished = result.stopped === undefined || result.stopped === "done";
      last = {
        done,
        total: typeof planned === "number" && !finished ? planned : done,
        unit,
        finished,
        units: done - before,
        ms: Number(result.elapsedMs),
        result,
      };
      return last;
    },
    checkpoint() {
      return checkpointBytes({
        step: stored?.step ?? 0,
        meta: { engine: engine.name, command, seed: inv.options.seed },
        state: stored?.state ?? null,
      });
    },
  };
  return session;
};

/**
 * Reads a checkpoint file's bytes (`checkpoint.bin` or `final.bin` of a run folder), failing with
 * the CLI's line for a corrupt file.
 *
 * @example
 * ```ts ignore
 * const c = readCheckpointBytes(bytes, "checkpoint.bin");
 * if (c.ok) console.log(c.step);
 * ```
 */
export const readCheckpointBytes = (
  bytes: Uint8Array,
  name: string,
):
  | { readonly ok: true; readonly step: number; readonly meta: Json; readonly state: unknown }
  | { readonly ok: false; readonly error: string } => {
  try {
    const c = parseCheckpoint(bytes, name);
    return { ok: true, step: c.step, meta: c.meta as Json, state: c.state };
  } catch (e) {
    return { ok: false, error: failureLine(e) };
  }
};
