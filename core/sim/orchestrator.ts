/**
 * The run orchestrator: the one place that steps an engine. The CLI, the HTTP handler, sweeps and
 * jobs call it; engines only declare {@link Process}es and {@link FunctionCommand}s.
 *
 * For a process it decodes the config, prepares the run folder, initialises or resumes from the
 * last checkpoint, steps in time-sized chunks (so progress, cancellation and the event loop get
 * turns), guards against NaN/Inf (failing with the first bad step), streams records, checkpoints
 * (every K steps, or automatically at a period whose cost stays under 1% of the run), honours a
 * wall-clock budget and returns the result object with the settings as actually run.
 *
 * @module
 */
import { Effect } from "effect";
import {
  type CheckpointCorrupt,
  FileError,
  InvalidConfig,
  type NeuroplasticError,
  UsageError,
} from "../errors.ts";
import { key } from "../random/keys.ts";
import { stateHash } from "../checkpoint/hash.ts";
import {
  CANCELLED,
  type EngineCli,
  type EngineCommand,
  type FunctionCommand,
  type Json,
  type Process,
  type RunEnv,
} from "./command.ts";
import {
  decodeCommandConfig,
  decodeInvocation,
  errorReason,
  type Invocation,
  type RawFlags,
  RESUME_FLAGS,
  type RunOptions,
  unitPlural,
} from "./invocation.ts";
import {
  appendRecords,
  loadCheckpoint,
  prepareRunDir,
  readManifest,
  type RunManifest,
  saveCheckpoint,
  truncateRecords,
  writeFiles,
  writeJsonFile,
} from "./rundir.ts";
import { advanceChecked } from "./runner.ts";

/** One progress report. */
export interface ProgressEvent {
  /** Units done so far (absolute, including those before a resume). */
  readonly done: number;
  /** Units in the whole run. */
  readonly total: number;
  /** Units done when this session started (non-zero after a resume). */
  readonly from: number;
  /** The unit (`step`, `epoch`, ...). */
  readonly unit: string;
  /** Milliseconds since this session started. */
  readonly elapsedMs: number;
}

/** How a front end wants the run driven. */
export interface RunIo {
  /** Progress callback (after every chunk). */
  readonly progress?: (ev: ProgressEvent) => void;
  /** Stops the run between chunks (its result then says `stopped: "cancelled"`). */
  readonly signal?: AbortSignal;
  /** Target wall time of one chunk in ms (default 100; the HTTP handler uses 10). */
  readonly sliceMs?: number;
  /** Yield to the event loop (a macrotask) after every chunk (default false). */
  readonly yieldToEventLoop?: boolean;
  /** Clock (default `performance.now`). */
  readonly now?: () => number;
  /**
   * Where checkpoints go when there is no run folder (e.g. Deno KV for background jobs): the run
   * starts from `load()` when it returns a checkpoint, and saves at the automatic period and at
   * the end.
   */
  readonly store?: CheckpointStore;
  /**
   * Called once, before the first chunk, with the step and state the run starts from (the fresh
   * `init` state, a store's checkpoint or a resumed one), e.g. so live figures can replay from it.
   */
  readonly onStart?: (step: number, state: unknown) => void;
}

/**
 * effect's `Effect.Effect<A, E, never>`. Local alias because `deno doc --lint` reports every
 * reference to an npm package's type as a private type (denoland/deno#27364).
 *
 * @internal
 */
type EffectOf<A, E> = Effect.Effect<A, E, never>;

/** A place for a run's checkpoints other than a run folder (the orchestrator's `RunIo.store`). */
export interface CheckpointStore {
  /** The last checkpoint, or undefined when there is none yet. */
  load(): EffectOf<{ step: number; state: unknown } | undefined, CheckpointCorrupt | FileError>;
  /** Saves a checkpoint (atomically: a failed save leaves the previous one). */
  save(step: number, state: unknown): EffectOf<void, FileError>;
}

/** The result object: the settings as run, the state hash and the engine's figures. */
export type RunResult = { readonly [key: string]: Json };

/** Errors the orchestrator can fail with. */
export type RunError = NeuroplasticError;

/** Smallest automatic checkpoint period in ms (the period is also ≥ 100 × one write's cost). */
export const AUTO_CHECKPOINT_MIN_MS = 500;

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

const toJson = (v: unknown): Json => {
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(toJson);
  if (isPlain(v)) {
    const o: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = toJson(x);
    return o;
  }
  if (typeof v === "number" && !Number.isFinite(v)) return null;
  return v as Json;
};

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Runs that yield to the event loop take turns: each macrotask (one `setTimeout(0)` at a time)
 * lets in waiting runs, first come first served, whose expected slices add up to at most
 * {@link TURN_MS} (at least one), and the event loop polls I/O between turns. With a timer per
 * run, the runtime fired all expired timers in one batch, so k long runs held the loop for k
 * slices before any other request was read; short runs (tiny slices) still share one turn.
 */
const TURN_MS = 10;
const turns: { readonly resume: () => void; readonly costMs: number }[] = [];
let pumping = false;
const pump = (): void => {
  let left = TURN_MS;
  do {
    const t = turns.shift()!;
    left -= t.costMs;
    t.resume();
  } while (turns.length > 0 && turns[0].costMs <= left);
  if (turns.length > 0) setTimeout(pump, 0);
  else pumping = false;
};
/** Waits for this run's next turn; `costMs` is the expected length of its next slice. */
const macrotask = (costMs: number): Effect.Effect<void> =>
  Effect.promise(() =>
    new Promise<void>((resume) => {
      turns.push({ resume, costMs });
      if (!pumping) {
        pumping = true;
        setTimeout(pump, 0);
      }
    })
  );

/** Where a resumed run starts. */
interface Start {
  readonly dir: string;
  readonly manifest: RunManifest;
}

/** Steps a process from `from` to the end (or budget/cancel/done), with every duty of a run. */
const runProcess = (
  engine: EngineCli,
  command: string,
  p: Process<unknown, unknown>,
  configInput: Json,
  options: RunOptions,
  io: RunIo,
  resume?: Start,
): Effect.Effect<RunResult, RunError> =>
  Effect.gen(function* () {
    const cmd = engine.commands[command];
    const config = yield* decodeCommandConfig(cmd, configInput);
    const bad = p.limits?.(config);
    if (bad) return yield* Effect.fail(bad);
    const unit = p.unit ?? "step";
    const plural = unitPlural(unit);
    const total = p.length ? p.length(config) : options.steps;
    const seeded = p.seeded !== false;
    const env: RunEnv = { workers: options.workers };
    const outDir = resume?.dir ?? options.outDir;
    const manifest: RunManifest = resume?.manifest ?? {
      engine: engine.name,
      command,
      kind: "process",
      seed: options.seed,
      steps: total,
      unit,
      config: configInput,
      checkpointEvery: options.checkpointEvery ?? 0,
      records: options.records,
      stride: options.stride,
    };
    let from = 0;
    let state: unknown;
    const stored = !resume && !outDir && io.store ? yield* io.store.load() : undefined;
    if (stored) {
      from = stored.step;
      state = stored.state;
    }
    if (resume) {
      const c = yield* loadCheckpoint(resume.dir);
      if (c) {
        from = c.step;
        state = c.state;
      }
      yield* truncateRecords(resume.dir, from);
    } else if (outDir) {
      yield* prepareRunDir(outDir, engine.name, command, options.force);
      yield* writeJsonFile(`${outDir}/run.json`, manifest);
      yield* writeJsonFile(`${outDir}/config.json`, toJson(config));
    }
    if (state === undefined) {
      state = yield* Effect.try({
        try: () => p.init(config, key(seeded ? manifest.seed : 0), env),
        catch: (e) => asError(e),
      });
    }
    io.onStart?.(from, state);
    const now = io.now ?? (() => performance.now());
    const t0 = now();
    const K = outDir ? manifest.checkpointEvery : 0;
    const stride = manifest.records.length > 0 ? manifest.stride : 0;
    const sliceMs = io.sliceMs ?? 100;
    const meta = { engine: engine.name, command, seed: manifest.seed };
    const memRecords: Record<string, Json[]> = {};
    let pending: string[] = [];
    let step = from;
    let chunk = 1;
    let lastCkpt = now();
    let writeMs = 0;
    let stopped: string | undefined;
    const store = outDir ? undefined : io.store;
    const persists = outDir !== undefined || store !== undefined;
    const checkpoint = (s: unknown, at: number) =>
      Effect.gen(function* () {
        const w0 = now();
        if (outDir) {
          yield* appendRecords(outDir, pending);
          pending = [];
          yield* saveCheckpoint(`${outDir}/checkpoint.bin`, at, meta, s);
        } else if (store) yield* store.save(at, s);
        writeMs = now() - w0;
        lastCkpt = now();
      });
    if (p.done?.(state, config)) stopped = "done";
    while (step < total && !stopped) {
      let n = Math.max(1, Math.min(chunk, total - step));
      if (stride) n = Math.min(n, stride - (step % stride));
      if (K) n = Math.min(n, K - (step % K));
      const c0 = now();
      const prev = state;
      let next = yield* Effect.suspend(() => advanceChecked(p, config, prev, step, n, env)).pipe(
        Effect.catchAllDefect((e) => Effect.fail(asError(e))),
      );
      let taken = n;
      if (n > 1 && p.done?.(next, config)) {
        // The run ended inside this chunk: steps are pure, so replay it to the first done step.
        let s = prev;
        taken = 0;
        while (taken < n && !p.done(s, config)) {
          s = p.step(s, config, env);
          taken++;
        }
        next = s;
      }
      const dt = now() - c0;
      state = next;
      step += taken;
      chunk = dt <= 0 ? chunk * 2 : Math.max(1, Math.min(chunk * 2, Math.floor(n * sliceMs / dt)));
      if (stride && step % stride === 0) {
        for (const name of manifest.records) {
          const value = toJson(p.records![name](state));
          if (outDir) pending.push(JSON.stringify({ step, name, value }) + "\n");
          else (memRecords[name] ??= []).push(value);
        }
      }
      if (p.done?.(state, config)) stopped = "done";
      const t = now();
      if (options.budgetMs !== undefined && t - t0 >= options.budgetMs && step < total) {
        stopped = "budget";
      }
      if (io.signal?.aborted && step < total) stopped = "cancelled";
      if (persists && step < total && !stopped) {
        const due = K
          ? step % K === 0
          : t - lastCkpt >= Math.max(AUTO_CHECKPOINT_MIN_MS, 100 * writeMs);
        if (due) yield* checkpoint(state, step);
      }
      io.progress?.({ done: step, total, from, unit, elapsedMs: now() - t0 });
      if (io.yieldToEventLoop) yield* macrotask(Math.min(sliceMs, 2 * dt));
    }
    const elapsedMs = now() - t0;
    if (persists) yield* checkpoint(state, step);
    const summary = yield* Effect.try({
      try: () => p.summary(state, config),
      catch: (e) => asError(e),
    });
    const ran = step - from;
    // Documents reflect the state reached, also when a budget or a cancel stopped the run.
    const files = outDir && p.files ? p.files(state, config) : undefined;
    const result: RunResult = {
      engine: engine.name,
      command,
      ...(seeded ? { seed: manifest.seed } : {}),
      unit,
      [plural]: step,
      ...(stopped && stopped !== "done" ? { [`${plural}Planned`]: total, stopped } : {}),
      ...(stopped === "done" && step < total ? { [`${plural}Planned`]: total, stopped } : {}),
      ...(resume || stored ? { resumedFrom: from } : {}),
      elapsedMs: round3(elapsedMs),
      [`${plural}PerSecond`]: elapsedMs > 0 ? round3((ran / elapsedMs) * 1000) : null,
      stateHash: stateHash(state),
      config: toJson(config),
      ...summary,
      ...(!outDir && manifest.records.length > 0 ? { records: memRecords } : {}),
      ...(files ? { files: Object.keys(files) } : {}),
    };
    if (outDir) {
      yield* saveCheckpoint(`${outDir}/final.bin`, step, meta, state);
      if (files) yield* writeFiles(outDir, files);
      yield* writeJsonFile(`${outDir}/result.json`, result);
    }
    return result;
  });

/**
 * A thrown value inside a process or function: library errors pass through; a kernel's
 * `RangeError` (a programmer error reached with a config the schema let through) becomes an
 * {@link InvalidConfig}; anything else is a defect (exit 1 / HTTP 500).
 */
const asError = (e: unknown): RunError => {
  if (e && typeof e === "object" && "_tag" in e) return e as RunError;
  if (e instanceof RangeError) {
    return new InvalidConfig({ field: "(config)", message: e.message });
  }
  throw e;
};

/** Runs a function command: decode, run, write its files and result into `--out`. */
const runFunction = (
  engine: EngineCli,
  command: string,
  // deno-lint-ignore no-explicit-any
  f: FunctionCommand<any>,
  configInput: Json,
  options: RunOptions,
  io: RunIo,
): Effect.Effect<RunResult, RunError> =>
  Effect.gen(function* () {
    const cmd = engine.commands[command];
    const config = yield* decodeCommandConfig(cmd, configInput);
    if (options.outDir) {
      yield* prepareRunDir(options.outDir, engine.name, command, options.force);
    }
    const now = io.now ?? (() => performance.now());
    const t0 = now();
    const out = yield* f.run({
      config,
      seed: f.seeded ? options.seed : 0,
      env: { workers: options.workers },
      progress: (done, total, unit) =>
        io.progress?.({ done, total, from: 0, unit: unit ?? "item", elapsedMs: now() - t0 }),
      cancelled: () => io.signal?.aborted === true,
    }).pipe(
      Effect.catchAllDefect((e) =>
        e === CANCELLED
          ? Effect.fail(
            new UsageError({ flag: "(request)", message: "cancelled: the caller went away" }),
          )
          : Effect.die(e)
      ),
    );
    const elapsedMs = now() - t0;
    const result: RunResult = {
      engine: engine.name,
      command,
      ...(f.seeded ? { seed: options.seed } : {}),
      ...(out.count ? { unit: out.count.unit, [unitPlural(out.count.unit)]: out.count.n } : {}),
      elapsedMs: round3(elapsedMs),
      stateHash: stateHash(out.state ?? out.figures),
      config: toJson(config),
      ...out.figures,
      ...(out.files && options.outDir ? { files: Object.keys(out.files) } : {}),
    };
    if (options.outDir) {
      const dir = options.outDir;
      yield* writeJsonFile(
        `${dir}/run.json`,
        {
          engine: engine.name,
          command,
          kind: "function",
          seed: options.seed,
          steps: 0,
          unit: out.count?.unit ?? "item",
          config: configInput,
          checkpointEvery: 0,
          records: [],
          stride: 1,
        } satisfies RunManifest,
      );
      yield* writeJsonFile(`${dir}/config.json`, toJson(config));
      if (out.files) yield* writeFiles(dir, out.files);
      yield* writeJsonFile(`${dir}/result.json`, result);
    }
    return out.text ? { ...result, __text: out.text as Json } : result;
  });

/**
 * Runs one decoded invocation of `engine command`.
 *
 * @example
 * ```ts ignore
 * const r = await Effect.runPromise(runInvocation(engine, "run", inv, {}));
 * ```
 */
export const runInvocation = (
  engine: EngineCli,
  command: string,
  inv: Invocation,
  io: RunIo = {},
): Effect.Effect<RunResult, RunError> => {
  const cmd: EngineCommand | undefined = Object.hasOwn(engine.commands, command)
    ? engine.commands[command]
    : undefined;
  if (!cmd) return Effect.fail(unknownCommand(engine, command));
  return cmd.kind === "process"
    ? runProcess(engine, command, cmd.process, inv.configInput, inv.options, io)
    : runFunction(engine, command, cmd, inv.configInput, inv.options, io);
};

const unknownCommand = (engine: EngineCli, command: string): UsageError =>
  new UsageError({
    flag: "(command)",
    message: `unknown command '${command}' for ${engine.name}; commands: ${
      [...Object.entries(engine.commands).filter(([, c]) => !c.hidden).map(([n]) => n), "resume"]
        .join(", ")
    }`,
  });

/**
 * Decodes raw flags and runs `engine command`: what `np <engine> <command> ...` does.
 *
 * @example
 * ```ts ignore
 * const r = await Effect.runPromise(invoke(walk.cli, "run", { steps: "10" }));
 * ```
 */
export const invoke = (
  engine: EngineCli,
  command: string,
  flags: RawFlags,
  io: RunIo = {},
): Effect.Effect<RunResult, RunError> =>
  Effect.suspend(() => {
    if (!Object.hasOwn(engine.commands, command)) {
      return Effect.fail(unknownCommand(engine, command));
    }
    return decodeInvocation(engine.commands[command], flags).pipe(
      Effect.flatMap((inv) => runInvocation(engine, command, inv, io)),
    );
  });

/**
 * Continues the run in `dir` from its last checkpoint to its planned end: what
 * `np resume <dir>` does. Only `--budget`, `--workers` and the output flags may be given; the
 * engine is found in `registry` by the run's manifest. Its `stateHash` equals that of the same
 * run never interrupted.
 *
 * @example
 * ```ts ignore
 * const r = await Effect.runPromise(resume(engines, "out/run1", {}));
 * ```
 */
export const resume = (
  registry: readonly EngineCli[],
  dir: string,
  flags: RawFlags,
  io: RunIo = {},
): Effect.Effect<RunResult, RunError> =>
  Effect.gen(function* () {
    for (const name of Object.keys(flags)) {
      if (!RESUME_FLAGS.includes(name)) {
        return yield* Effect.fail(
          new UsageError({
            flag: name,
            message: `--${name} cannot change when resuming (the run keeps its settings); ` +
              `allowed after resume <dir>: ${RESUME_FLAGS.map((f) => `--${f}`).join(", ")}`,
          }),
        );
      }
    }
    const manifest = readManifest(dir);
    if (!manifest) {
      try {
        Deno.statSync(dir);
      } catch (e) {
        return yield* Effect.fail(new FileError({ path: dir, reason: errorReason(e) }));
      }
      return yield* Effect.fail(
        new UsageError({ flag: "(dir)", message: `${dir} holds no run (no run.json)` }),
      );
    }
    const engine = registry.find((e) => e.name === manifest.engine);
    const cmd = engine && Object.hasOwn(engine.commands, manifest.command)
      ? engine.commands[manifest.command]
      : undefined;
    if (!engine || !cmd || cmd.kind !== "process") {
      return yield* Effect.fail(
        new UsageError({
          flag: "(dir)",
          message: `${dir}: ${manifest.engine} ${manifest.command} cannot be resumed`,
        }),
      );
    }
    const inv = yield* decodeInvocation(cmd, {
      ...(flags.budget !== undefined ? { budget: flags.budget } : {}),
      ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
    });
    return yield* runProcess(
      engine,
      manifest.command,
      cmd.process,
      withNewDefaults(manifest.config, cmd.process.defaults),
      { ...inv.options, seed: manifest.seed, steps: manifest.steps },
      io,
      { dir, manifest },
    );
  });

/**
 * A run folder written before a config field existed: the field takes its default, which by the
 * project's rule (a new option is off by default) reproduces what the older code ran. Only
 * top-level fields that are absent are filled; the folder's own values always win.
 */
const withNewDefaults = (config: Json, defaults: unknown): Json => {
  if (
    config === null || typeof config !== "object" || Array.isArray(config) ||
    defaults === null || typeof defaults !== "object"
  ) return config;
  const out: Record<string, Json> = { ...(config as Record<string, Json>) };
  for (const [k, v] of Object.entries(toJson(defaults) as Record<string, Json>)) {
    if (!Object.hasOwn(out, k)) out[k] = v;
  }
  return out;
};
