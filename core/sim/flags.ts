/**
 * Command-line flag parsing shared by every engine's custom commands.
 *
 * Each helper takes the raw flags of a {@link CommandContext} (`--trials 20` →
 * `{ trials: "20" }`, a bare `--trials` → `true`), returns `undefined` when the flag is
 * absent (the caller applies its default with `?? dflt`), and throws an
 * {@link InvalidConfig} naming the flag otherwise. A bare flag (`true`/`false`) where a value is
 * needed is an error, never a silent default. Wrap the parsing in {@link tryFlags} to get an
 * `Effect` that fails with the `InvalidConfig`.
 *
 * @module
 */
import { Effect } from "effect";
import { InvalidConfig } from "../errors.ts";

/**
 * The raw flags of a command: `--name value` → `{ name: "value" }`, bare `--name` → `true`.
 *
 * @example
 * ```ts
 * import type { Flags } from "@neuroplastic/core/sim";
 * const flags: Flags = { trials: "20", json: true };
 * console.log(flags.trials); // "20"
 * ```
 */
export type Flags = { readonly [name: string]: string | boolean };

/**
 * The error for a bad flag: an {@link InvalidConfig} whose message starts with `--<field>: `.
 *
 * @example
 * ```ts
 * import { badFlag } from "@neuroplastic/core/sim";
 * const e = badFlag("out", "cannot write into /x", "a writable directory");
 * console.log(e.field, e.message); // "out" "--out: cannot write into /x"
 * ```
 */
export const badFlag = (field: string, message: string, allowed: string): InvalidConfig =>
  new InvalidConfig({ field, message: `--${field}: ${message}`, allowed });

/** How a raw value is shown in a message (`true` is a bare flag given without a value). */
const shown = (v: string | boolean): string =>
  v === true ? "no value" : v === "" ? '""' : String(v);

/** `Number(s)`, except that an empty or blank string is NaN (not 0). */
const toNumber = (s: string): number => (s.trim() === "" ? NaN : Number(s));

/** Strict integer test of one string against [lo, hi] (−0 read as 0). */
const intIn = (s: string, lo: number, hi: number): number | undefined => {
  const n = toNumber(s);
  return Number.isInteger(n) && n >= lo && n <= hi ? n + 0 : undefined;
};

/**
 * An integer flag in `[lo, hi]`, or `undefined` when absent. Throws {@link InvalidConfig}
 * (field `name`, message `--<name>: must be an integer in [lo, hi], got <v>`) for anything else,
 * including a bare flag without a value.
 *
 * @example
 * ```ts
 * import { intFlag } from "@neuroplastic/core/sim";
 * const flags = { trials: "20" };
 * console.log(intFlag(flags, "trials", 1, 10_000) ?? 5); // 20
 * console.log(intFlag(flags, "workers", 1, 64) ?? 1); // 1 (absent: the caller's default)
 * ```
 */
export const intFlag = (flags: Flags, name: string, lo: number, hi: number): number | undefined => {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = typeof v === "string" ? intIn(v, lo, hi) : undefined;
  if (n === undefined) {
    throw badFlag(
      name,
      `must be an integer in [${lo}, ${hi}], got ${shown(v)}`,
      `integer in [${lo}, ${hi}]`,
    );
  }
  return n;
};

/**
 * A finite number flag in `[lo, hi]`, or `undefined` when absent. Throws {@link InvalidConfig}
 * (field `name`, message `--<name>: must be a number in [lo, hi], got <v>`) for anything else.
 *
 * @example
 * ```ts
 * import { numberFlag } from "@neuroplastic/core/sim";
 * console.log(numberFlag({ ridge: "1e-3" }, "ridge", 1e-12, 1e6)); // 0.001
 * ```
 */
export const numberFlag = (
  flags: Flags,
  name: string,
  lo: number,
  hi: number,
): number | undefined => {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = typeof v === "string" ? toNumber(v) : NaN;
  if (!Number.isFinite(n) || n < lo || n > hi) {
    throw badFlag(
      name,
      `must be a number in [${lo}, ${hi}], got ${shown(v)}`,
      `number in [${lo}, ${hi}]`,
    );
  }
  return n;
};

/**
 * A flag that must be one of `allowed`, or `undefined` when absent. Throws {@link InvalidConfig}
 * (field `name`, message `--<name>: must be one of a, b, got <v>`, allowed `a | b`) otherwise.
 *
 * @example
 * ```ts
 * import { enumFlag } from "@neuroplastic/core/sim";
 * const backend = enumFlag({ backend: "gpu" }, "backend", ["cpu", "gpu", "auto"] as const) ?? "cpu";
 * console.log(backend); // "gpu"
 * ```
 */
export const enumFlag = <T extends string>(
  flags: Flags,
  name: string,
  allowed: readonly T[],
): T | undefined => {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    throw badFlag(
      name,
      `must be one of ${allowed.join(", ")}, got ${shown(v)}`,
      allowed.join(" | "),
    );
  }
  return v as T;
};

/** The trimmed comma-separated entries of a list flag's value. */
const entries = (v: string): string[] => v.split(",").map((s) => s.trim());

/**
 * A comma-separated list of integers in `[lo, hi]` (`--seeds 42,43,44`), or `undefined` when
 * absent. Throws {@link InvalidConfig} (field `name`, message `--<name>: must be a
 * comma-separated list of integers in [lo, hi], got <v>`) if any entry is not such an integer
 * (an empty entry included).
 *
 * @example
 * ```ts
 * import { intListFlag } from "@neuroplastic/core/sim";
 * console.log(intListFlag({ seeds: "42, 43,44" }, "seeds", 0, 2 ** 32 - 1)); // [42, 43, 44]
 * ```
 */
export const intListFlag = (
  flags: Flags,
  name: string,
  lo: number,
  hi: number,
): number[] | undefined => {
  const v = flags[name];
  if (v === undefined) return undefined;
  const xs = typeof v === "string" ? entries(v).map((s) => intIn(s, lo, hi)) : [undefined];
  if (xs.some((x) => x === undefined)) {
    throw badFlag(
      name,
      `must be a comma-separated list of integers in [${lo}, ${hi}], got ${shown(v)}`,
      `integers in [${lo}, ${hi}]`,
    );
  }
  return xs as number[];
};

/**
 * A comma-separated list of values from `allowed` (`--tasks pattern,cue-reward`), or
 * `undefined` when absent. Throws {@link InvalidConfig} (field `name`, message
 * `--<name>: unknown value <x>; allowed: a, b`) at the first entry not in `allowed` (an empty
 * entry included), or for a bare flag without a value.
 *
 * @example
 * ```ts
 * import { enumListFlag } from "@neuroplastic/core/sim";
 * const tasks = enumListFlag({ tasks: "pattern" }, "tasks", ["pattern", "cue-reward"] as const);
 * console.log(tasks ?? ["pattern", "cue-reward"]); // ["pattern"]
 * ```
 */
export const enumListFlag = <T extends string>(
  flags: Flags,
  name: string,
  allowed: readonly T[],
): T[] | undefined => {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string") {
    throw badFlag(
      name,
      `must be a comma-separated list of ${allowed.join(", ")}, got ${shown(v)}`,
      allowed.join(" | "),
    );
  }
  const xs = entries(v);
  for (const x of xs) {
    if (!(allowed as readonly string[]).includes(x)) {
      throw badFlag(
        name,
        `unknown value ${shown(x)}; allowed: ${allowed.join(", ")}`,
        allowed.join(" | "),
      );
    }
  }
  return xs as T[];
};

/**
 * Runs synchronous flag parsing as an Effect: an {@link InvalidConfig} thrown by `f` is the
 * failure; any other throw becomes `onOther(e)` (default: an `InvalidConfig` on field `flags`,
 * message `--flags: <e>`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { intFlag, tryFlags } from "@neuroplastic/core/sim";
 * const flags = { trials: "0" };
 * const r = Effect.runSync(Effect.either(tryFlags(() => intFlag(flags, "trials", 1, 100) ?? 5)));
 * console.log(r._tag); // "Left" (field "trials")
 * ```
 */
export const tryFlags = <A>(
  f: () => A,
  onOther: (e: unknown) => InvalidConfig = (e) => badFlag("flags", String(e), "valid flags"),
): Effect.Effect<A, InvalidConfig> =>
  Effect.try({ try: f, catch: (e) => (e instanceof InvalidConfig ? e : onOther(e)) });

/**
 * The config field a flag names: the flag's own name, or its camelCase form
 * (`--checkpoint-every` → `checkpointEvery`), when `fields` has it; otherwise `undefined`.
 *
 * @example
 * ```ts
 * import { configField } from "@neuroplastic/core/sim";
 * const fields = ["popsize", "devSteps"];
 * console.log(configField("dev-steps", fields), configField("lr", fields)); // "devSteps" undefined
 * ```
 */
export const configField = (name: string, fields: readonly string[]): string | undefined => {
  if (fields.includes(name)) return name;
  const camel = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return fields.includes(camel) ? camel : undefined;
};

/**
 * A flag's value as a config value: JSON when it parses as JSON (numbers, booleans, arrays,
 * objects, null), otherwise the string itself; a bare flag stays a boolean.
 *
 * @example
 * ```ts
 * import { flagValue } from "@neuroplastic/core/sim";
 * console.log(flagValue("0.5"), flagValue("[1,2]"), flagValue("cartpole")); // 0.5 [1, 2] "cartpole"
 * ```
 */
export const flagValue = (v: string | boolean): unknown => {
  if (typeof v === "boolean") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
};

/**
 * Flags that every front end handles itself and that never name a config field: a command that
 * maps its other flags onto config fields skips these (plus its own, e.g. `epochs`).
 *
 * @example
 * ```ts
 * import { FRONT_END_FLAGS } from "@neuroplastic/core/sim";
 * const reserved = new Set([...FRONT_END_FLAGS, "epochs"]);
 * console.log(reserved.has("checkpoint-every"), reserved.has("lr")); // true false
 * ```
 */
export const FRONT_END_FLAGS: readonly string[] = [
  "config",
  "seed",
  "steps",
  "out",
  "checkpoint-every",
  "json",
  "quiet",
  "help",
  "h",
  "force",
];
