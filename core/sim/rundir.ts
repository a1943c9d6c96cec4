/**
 * The run directory (`--out dir`): one layout for every command of every engine.
 *
 * | file | written | what |
 * | --- | --- | --- |
 * | `run.json` | at the start | the manifest: engine, command, seed, length, config, records, checkpoint period |
 * | `config.json` | at the start | the config as decoded |
 * | `records.ndjson` | before each checkpoint | one `{ step, name, value }` line per record |
 * | `checkpoint.bin` | periodically, atomically | the last good state and its step |
 * | `final.bin` | at the end | the final state |
 * | `result.json` | at the end | the result object (also printed by `--json`) |
 * | other files | at the end | the command's documents (tables, curves, genomes) |
 *
 * Every write is atomic (temporary file + rename), so a killed run leaves the last good
 * checkpoint intact. Filesystem failures become {@link FileError}s naming the path.
 *
 * @module
 */
import { Effect } from "effect";
import { CheckpointCorrupt, FileError, UsageError } from "../errors.ts";
import {
  readCheckpointSync,
  writeCheckpointSync,
  writeFileAtomicSync,
} from "../checkpoint/file.ts";
import type { Json } from "./command.ts";
import { errorReason } from "./invocation.ts";

/** Everything `resume` needs, persisted in `run.json`. */
export interface RunManifest {
  /** Engine name. */
  readonly engine: string;
  /** Command name. */
  readonly command: string;
  /** `"process"` or `"function"`. */
  readonly kind: "process" | "function";
  /** The seed given. */
  readonly seed: number;
  /** Total length in the process's unit. */
  readonly steps: number;
  /** The process's unit. */
  readonly unit: string;
  /** The config input (JSON) the run was started with. */
  readonly config: Json;
  /** `--checkpoint-every` (0: automatic). */
  readonly checkpointEvery: number;
  /** Recorded names. */
  readonly records: readonly string[];
  /** Record stride. */
  readonly stride: number;
}

/** Files the orchestrator owns in a run folder. */
export const RUN_FILES: readonly string[] = [
  "run.json",
  "config.json",
  "records.ndjson",
  "checkpoint.bin",
  "final.bin",
  "result.json",
  "report.html",
];

const enc = new TextEncoder();

const io = <A>(path: string, f: () => A): Effect.Effect<A, FileError> =>
  Effect.try({ try: f, catch: (e) => new FileError({ path, reason: errorReason(e) }) });

/**
 * Writes a JSON file atomically.
 *
 * @example
 * ```ts ignore
 * Effect.runSync(writeJsonFile("out/result.json", { ok: true }));
 * ```
 */
export const writeJsonFile = (path: string, value: unknown): Effect.Effect<void, FileError> =>
  io(path, () => writeFileAtomicSync(path, enc.encode(JSON.stringify(value, null, 2) + "\n")));

/**
 * Writes a command's documents (name → text or bytes) into `dir`; names may contain `/` for
 * sub-folders but never leave `dir`.
 *
 * @example
 * ```ts ignore
 * Effect.runSync(writeFiles("out", { "table.md": "| a |\n" }));
 * ```
 */
export const writeFiles = (
  dir: string,
  files: { readonly [name: string]: string | Uint8Array },
): Effect.Effect<void, FileError> =>
  Effect.forEach(Object.entries(files), ([name, data]) => {
    const parts = name.split("/");
    if (name.startsWith("/") || parts.some((p) => p === ".." || p === "")) {
      return Effect.fail(new FileError({ path: name, reason: "file name leaves --out" }));
    }
    const path = `${dir}/${name}`;
    return io(path, () => {
      if (parts.length > 1) {
        Deno.mkdirSync(`${dir}/${parts.slice(0, -1).join("/")}`, { recursive: true });
      }
      writeFileAtomicSync(path, typeof data === "string" ? enc.encode(data) : data);
    });
  }, { discard: true });

/**
 * Reads `dir/run.json`, or `undefined` when the folder holds no run manifest.
 *
 * @example
 * ```ts ignore
 * const m = readManifest("out/run1");
 * ```
 */
export const readManifest = (dir: string): RunManifest | undefined => {
  try {
    const m = JSON.parse(Deno.readTextFileSync(`${dir}/run.json`));
    return m && typeof m.engine === "string" && typeof m.command === "string" ? m : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Prepares `--out dir` for a new run of `engine command`: creates it, or accepts it when it is
 * empty or holds a run of the same command (its run files are replaced), or with `force`;
 * otherwise fails with {@link UsageError}. Only the orchestrator's own files are removed.
 *
 * @example
 * ```ts ignore
 * Effect.runSync(prepareRunDir("out/run1", "sorn", "run", false));
 * ```
 */
export const prepareRunDir = (
  dir: string,
  engine: string,
  command: string,
  force: boolean,
): Effect.Effect<void, FileError | UsageError> =>
  Effect.gen(function* () {
    let entries: string[] = [];
    const exists = yield* io(dir, () => {
      try {
        const st = Deno.statSync(dir);
        if (!st.isDirectory) throw new Deno.errors.AlreadyExists("exists and is not a folder");
        entries = [...Deno.readDirSync(dir)].map((e) => e.name);
        return true;
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) return false;
        throw e;
      }
    });
    if (!exists) {
      yield* io(dir, () => Deno.mkdirSync(dir, { recursive: true }));
      return;
    }
    if (entries.length > 0 && !force) {
      const m = readManifest(dir);
      if (!m || m.engine !== engine || m.command !== command) {
        return yield* Effect.fail(
          new UsageError({
            flag: "out",
            message: `--out ${dir} is not empty and holds ${
              m ? `a run of ${m.engine} ${m.command}` : "no run"
            }, not one of ${engine} ${command}; choose another folder or add --force`,
          }),
        );
      }
    }
    for (const f of RUN_FILES) {
      if (entries.includes(f)) yield* io(`${dir}/${f}`, () => Deno.removeSync(`${dir}/${f}`));
    }
  });

/**
 * Appends record lines to `dir/records.ndjson` and syncs them.
 *
 * @example
 * ```ts ignore
 * Effect.runSync(appendRecords("out", ['{"step":1,"name":"x","value":2}\n']));
 * ```
 */
export const appendRecords = (
  dir: string,
  lines: readonly string[],
): Effect.Effect<void, FileError> => {
  if (lines.length === 0) return Effect.void;
  const path = `${dir}/records.ndjson`;
  return io(path, () => {
    const f = Deno.openSync(path, { append: true, create: true, write: true });
    try {
      f.writeSync(enc.encode(lines.join("")));
      f.syncSync();
    } finally {
      f.close();
    }
  });
};

/**
 * Drops record lines past `step` (written after the last checkpoint of a killed run).
 *
 * @example
 * ```ts ignore
 * Effect.runSync(truncateRecords("out", 500));
 * ```
 */
export const truncateRecords = (dir: string, step: number): Effect.Effect<void, FileError> => {
  const path = `${dir}/records.ndjson`;
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch {
    return Effect.void;
  }
  const keep = text.split("\n").filter((line) => {
    if (!line) return false;
    try {
      return (JSON.parse(line) as { step: number }).step <= step;
    } catch {
      return false; // a half-written line
    }
  });
  return io(path, () => writeFileAtomicSync(path, enc.encode(keep.map((l) => l + "\n").join(""))));
};

/**
 * Writes a checkpoint atomically.
 *
 * @example
 * ```ts ignore
 * Effect.runSync(saveCheckpoint("out/checkpoint.bin", 100, { engine: "walk" }, state));
 * ```
 */
export const saveCheckpoint = (
  path: string,
  step: number,
  meta: { readonly [k: string]: Json },
  state: unknown,
): Effect.Effect<void, FileError> =>
  io(path, () => writeCheckpointSync(path, { step, meta, state }));

/**
 * Reads `dir/checkpoint.bin`: `undefined` when there is none yet (the run was killed before its
 * first checkpoint), {@link CheckpointCorrupt} when it is damaged.
 *
 * @example
 * ```ts ignore
 * const c = Effect.runSync(loadCheckpoint("out"));
 * ```
 */
export const loadCheckpoint = (
  dir: string,
): Effect.Effect<{ step: number; state: unknown } | undefined, CheckpointCorrupt> =>
  Effect.suspend(() => {
    const path = `${dir}/checkpoint.bin`;
    try {
      Deno.statSync(path);
    } catch {
      return Effect.succeed(undefined);
    }
    try {
      const c = readCheckpointSync(path);
      return Effect.succeed({ step: c.step, state: c.state });
    } catch (e) {
      return Effect.fail(
        e instanceof CheckpointCorrupt
          ? e
          : new CheckpointCorrupt({ path, reason: errorReason(e) }),
      );
    }
  });

/**
 * The state a run folder holds: `final.bin` when the run finished, else its last
 * `checkpoint.bin` (an interrupted run). Fails with {@link FileError} naming the folder when it
 * holds neither, and with {@link CheckpointCorrupt} when the file is damaged.
 *
 * @example
 * ```ts ignore
 * const { state, finished } = Effect.runSync(loadRunState("out/run1"));
 * ```
 */
export const loadRunState = (
  dir: string,
): Effect.Effect<
  { step: number; state: unknown; finished: boolean; path: string },
  FileError | CheckpointCorrupt
> =>
  Effect.suspend((): Effect.Effect<
    { step: number; state: unknown; finished: boolean; path: string },
    FileError | CheckpointCorrupt
  > => {
    for (const [name, finished] of [["final.bin", true], ["checkpoint.bin", false]] as const) {
      const path = `${dir}/${name}`;
      try {
        Deno.statSync(path);
      } catch {
        continue;
      }
      try {
        const c = readCheckpointSync(path);
        return Effect.succeed({ step: c.step, state: c.state, finished, path });
      } catch (e) {
        return Effect.fail(
          e instanceof CheckpointCorrupt
            ? e
            : new CheckpointCorrupt({ path, reason: errorReason(e) }),
        );
      }
    }
    return Effect.fail(
      new FileError({
        path: dir,
        reason:
          "no final.bin or checkpoint.bin (not a run folder, or killed before its first checkpoint)",
      }),
    );
  });
