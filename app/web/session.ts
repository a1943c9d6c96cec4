/**
 * A playground run: one process command of one engine, decoded from the same flags as the CLI
 * (`decodeInvocation`) and driven by the orchestrator (`runInvocation`) in time-boxed segments.
 * Between segments the state waits in an in-memory {@link CheckpointStore}, exactly as a run
 * folder's checkpoint waits for `np resume`, so pausing, stepping and continuing give the same
 * final `stateHash` as one uninterrupted `np <engine> <command>`. Runtime-agnostic (no `Deno.*`,
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
  /** The orchestrator's result object at the end of this segment (its records: this segment's). */
  readonly result: RunResult;
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
   * Runs one segment: until `maxMs` of stepping have passed (checked between the orchestrator's
   * chunks), or exactly one unit with `{ one: true }`; records `records` every `stride` units.
   */
  segment(opts: {
    readonly maxMs?: number;
    readonly one?: boolean;
    readonly records?: readonly string[];
    readonly stride?: number;
    readonly now?: () => number;
  }): Promise<SegmentReport>;
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
  for (const f of ["out", "config", "checkpoint-every", "record", "stride", "budget"]) {
    if (flags[f] !== undefined) {
      return { ok: false, error: `np: --${f} is set by the playground, not by a flag`, field: f };
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
  const { inv, config } = decoded.value;
  const p = (cmd as ProcessCommand).process;
  const bad = p.limits?.(config);
  if (bad) return { ok: false, error: failureLine(bad), field: bad.field };
  return { ok: true, session: makeSession(p, engine, command, flags, inv, config, from) };
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
  const store: CheckpointStore = {
    load: () => Effect.succeed(stored),
    save: (step, state) => Effect.sync(() => void (stored = { step, state })),
  };
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
      const now = opts.now ?? (() => performance.now());
      const t0 = now();
      const maxMs = opts.maxMs ?? 100;
      const before = stored?.step ?? 0;
      const records = opts.records ?? [];
      const exit = await Effect.runPromiseExit(
        Effect.suspend(() =>
          runInvocation(engine, command, {
            configInput: inv.configInput,
            options: {
              ...inv.options,
              records,
              stride: records.length > 0 ? Math.max(1, opts.stride ?? 1) : 1,
            },
          }, {
            store,
            // the run stops between chunks once this segment's time is spent (the first chunk of
            // a run or of a resumed segment is one unit: `one` stops right after it)
            signal: {
              get aborted() {
                return opts.one === true || now() - t0 >= maxMs;
              },
            } as AbortSignal,
            sliceMs: Math.max(5, Math.min(50, maxMs / 4)),
            now,
          })
        ),
      );
      if (Exit.isFailure(exit)) throw failureOf(exit.cause);
      const result = exit.value;
      const unit = String(result.unit);
      const done = Number(result[`${unit}s`]);
      const planned = result[`${unit}sPlanned`];
      const total = typeof planned === "number" ? planned : done;
      const finished = result.stopped === undefined || result.stopped === "done";
      last = {
        done,
        total: finished ? done : total,
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
