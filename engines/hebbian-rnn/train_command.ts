/**
 * The `train` sub-command shared by the three modes: config from defaults ← `--config f.json`
 * ← flags naming config fields, a seeded Process run as an Effect program (progress,
 * interruption between chunks, NaN guard, checkpoints every `--checkpoint-every K` steps into
 * `--out dir`), and a `run.json` manifest compatible with `np hebbian-rnn resume <dir>`.
 *
 * @module
 */
import { Effect } from "effect";
import { InvalidConfig, type NeuroplasticError } from "@neuroplastic/core/errors";
import { key } from "@neuroplastic/core/random";
import type { CommandContext, CommandOutput, Flags, Json, Process } from "@neuroplastic/core/sim";
import {
  configField,
  decodeConfig,
  flagValue,
  FRONT_END_FLAGS,
  intFlag,
  mergeConfig,
  runProcess,
  tryFlags,
} from "@neuroplastic/core/sim";
import { writeCheckpointSync } from "@neuroplastic/core/checkpoint";

/** Flags handled by the front end or by this helper (never config fields). */
const RESERVED = new Set([...FRONT_END_FLAGS, "epochs", "trials", "params"]);

/**
 * An {@link InvalidConfig} whose message starts with `<field>: ` (for inputs that are not
 * flags: the sub-command, files, config fields). Internal to the engine (not in mod.ts).
 *
 * @example
 * ```ts ignore
 * bad("command", "needs train or study", "train | study").message; // "command: needs train or study"
 * ```
 */
export const bad = (field: string, message: string, allowed: string): InvalidConfig =>
  new InvalidConfig({ field, message: `${field}: ${message}`, allowed });

/**
 * Raw config input: `base` ← `--config` file ← flags that name config fields (kebab or camel
 * case). Unknown flags fail with {@link InvalidConfig} naming the flag.
 *
 * @example
 * ```ts
 * import { configFromFlags } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(configFromFlags({ a: 1, bC: 2 }, { "b-c": "5" })); // { a: 1, bC: 5 }
 * ```
 */
export const configFromFlags = (
  base: unknown,
  flags: Flags,
  extraReserved: readonly string[] = [],
): unknown => {
  let input = base;
  if (typeof flags.config === "string") {
    let text: string;
    try {
      text = Deno.readTextFileSync(flags.config);
    } catch (e) {
      throw bad("config", `cannot read ${flags.config}: ${(e as Error).message}`, "a JSON file");
    }
    try {
      input = mergeConfig(input, JSON.parse(text));
    } catch (e) {
      throw bad("config", `${flags.config} is not JSON: ${(e as Error).message}`, "a JSON file");
    }
  }
  const fields = Object.keys(base as object);
  const over: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(flags)) {
    if (RESERVED.has(name) || extraReserved.includes(name)) continue;
    const f = configField(name, fields);
    if (f === undefined) {
      throw bad(
        name,
        `unknown flag --${name}; config fields: ${fields.join(", ")}`,
        fields.join(", "),
      );
    }
    over[f] = flagValue(v);
  }
  return mergeConfig(input, over);
};

/** Options of {@link trainCommand}. */
export interface TrainCommandOptions<C> {
  /** Name of the process command that can resume the run (`mode-a-train`, ...). */
  readonly resumeCommand: string;
  /** Engine name recorded in the run. */
  readonly engine: string;
  /** Raw config (before decoding). */
  readonly config: unknown;
  /** Training steps to run. */
  readonly steps: number;
  /** Extra figures computed from the decoded config (optional). */
  readonly extra?: (config: C) => { [k: string]: Json };
}

/**
 * Runs `process` for `steps` steps from `init(config, key(seed))` as an Effect program:
 * progress every 1%, NaN guard, interruption between chunks, checkpoints and a resumable
 * `run.json` in `--out`. Returns the summary figures plus `wallTimeMs`.
 *
 * @example
 * ```ts ignore
 * import { trainCommand, modeATrainProcess } from "@neuroplastic/engines/hebbian-rnn";
 * ```
 */
export const trainCommand = <C, S>(
  process: Process<C, S>,
  ctx: CommandContext,
  o: TrainCommandOptions<C>,
): Effect.Effect<CommandOutput, NeuroplasticError> =>
  Effect.gen(function* () {
    const config = yield* decodeConfig(process.config, o.config);
    if (process.limits) {
      const err = process.limits(config);
      if (err) return yield* Effect.fail(err);
    }
    const K = yield* tryFlags(() => intFlag(ctx.flags, "checkpoint-every", 0, 1e12) ?? 0);
    const dir = ctx.outDir;
    const meta = { engine: o.engine, command: o.resumeCommand, seed: ctx.seed };
    if (dir) {
      const manifest = {
        ...meta,
        steps: o.steps,
        config: o.config,
        checkpointEvery: K,
        records: [],
        stride: 1,
      };
      Deno.writeTextFileSync(`${dir}/run.json`, JSON.stringify(manifest, null, 2) + "\n");
      Deno.writeTextFileSync(`${dir}/config.json`, JSON.stringify(o.config, null, 2) + "\n");
    }
    const init = process.init(config, key(ctx.seed));
    const every = K > 0 ? K : Math.max(1, Math.floor(o.steps / 100));
    const t0 = performance.now();
    const last = yield* runProcess(process, config, init, {
      to: o.steps,
      every,
      onEvent: (ev) =>
        Effect.sync(() => {
          ctx.progress(ev.step, o.steps);
          if (dir && K > 0 && ev.step % K === 0) {
            writeCheckpointSync(`${dir}/checkpoint.bin`, { step: ev.step, meta, state: ev.state });
          }
        }),
    });
    const wallTimeMs = Math.round(performance.now() - t0);
    if (dir) {
      writeCheckpointSync(`${dir}/final.bin`, { step: last.step, meta, state: last.state });
    }
    return {
      figures: {
        ...process.summary(last.state, config),
        ...(o.extra ? o.extra(config) : {}),
        wallTimeMs,
      },
      steps: last.step,
      state: last.state,
    };
  });
