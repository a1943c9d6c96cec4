/**
 * The playground's catalogue: every stepping process of the registered engines that the HTTP
 * handler serves (so it is sized to run on request), with its parameters from the command's
 * Schema (`commandParams`) and its starting flags (the command's HTTP defaults and length).
 *
 * @module
 */
import {
  commandParams,
  type EngineCli,
  type Json,
  type ParamSpec,
  unitPlural,
} from "@neuroplastic/core/sim";
import type { CatalogCommand, ParamControl } from "./flags.ts";

/**
 * A config value as the CLI spells it (`0.2`, `true`, `a,b`, `null`).
 *
 * @example
 * ```ts
 * import { flagText } from "./catalog.ts";
 * console.log(flagText([2, 3]), flagText(null)); // "2,3" "null"
 * ```
 */
export const flagText = (v: Json | undefined): string => {
  if (v === undefined) return "";
  if (v === null) return "null";
  if (Array.isArray(v) && v.every((x) => typeof x !== "object" || x === null)) return v.join(",");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
};

const valueAt = (obj: unknown, path: readonly string[]): Json | undefined => {
  let v: unknown = obj;
  for (const k of path) {
    if (typeof v !== "object" || v === null || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v as Json;
};

const control = (p: ParamSpec): ParamControl => ({
  flag: p.flag,
  field: p.field,
  kind: p.kind,
  default: flagText(p.default),
  ...(p.min !== undefined ? { min: p.min } : {}),
  ...(p.max !== undefined ? { max: p.max } : {}),
  ...(p.exclusiveMin ? { exclusiveMin: true } : {}),
  ...(p.choices ? { choices: [...p.choices] } : {}),
  ...(p.unit ? { unit: p.unit } : {}),
  description: p.description,
});

/**
 * Flags that set `config` (a nested config object, e.g. a run folder's `run.json` config) where
 * it differs from the command's defaults.
 *
 * @example
 * ```ts ignore
 * flagsOfConfig(params, { ne: 100, ni: 20 }); // { ne: "100", ni: "20" } (if those are not the defaults)
 * ```
 */
export const flagsOfConfig = (
  params: readonly ParamSpec[],
  config: unknown,
): { [flag: string]: string } => {
  const out: { [flag: string]: string } = {};
  for (const p of params) {
    const v = valueAt(config, p.path);
    if (v === undefined) continue;
    if (JSON.stringify(v) === JSON.stringify(p.default ?? null)) continue;
    out[p.flag] = flagText(v);
  }
  return out;
};

/**
 * The commands the playground offers, from `engines`: every process command the HTTP handler
 * serves, and every function command the HTTP handler serves that has a `--backend` flag (the
 * commands with a WebGPU kernel). `gpu` (a WebGPU adapter exists) starts those on `--backend gpu`,
 * else on `--backend cpu`.
 *
 * @example
 * ```ts ignore
 * import { engines } from "../registry.ts";
 * console.log(catalog(engines).map((c) => `${c.engine} ${c.command}`));
 * ```
 */
export const catalog = (engines: readonly EngineCli[], gpu = false): CatalogCommand[] =>
  engines.flatMap((e) =>
    Object.entries(e.commands).flatMap(([name, c]): CatalogCommand[] => {
      if (c.hidden || c.http === false) return [];
      if (c.kind === "function") {
        const params = commandParams(c);
        if (!params.some((p) => p.flag === "backend")) return [];
        const seeded = c.seeded !== false;
        return [{
          kind: "function",
          engine: e.name,
          version: e.version,
          command: name,
          description: c.description,
          unit: "run",
          lengthFlag: null,
          seeded,
          params: params.map(control),
          start: {
            ...(seeded ? { seed: "1" } : {}),
            ...flagsOfConfig(params, { ...(c.httpDefaults ?? {}) }),
            backend: gpu ? "gpu" : "cpu",
          },
        }];
      }
      if (c.kind !== "process") return [];
      const p = c.process;
      const params = commandParams(c);
      const seeded = p.seeded !== false;
      const lengthFlag = p.length ? null : unitPlural(p.unit ?? "step");
      const start: { [flag: string]: string } = {
        ...(seeded ? { seed: "1" } : {}),
        ...(lengthFlag ? { [lengthFlag]: String(c.httpSteps ?? p.defaultSteps) } : {}),
        ...flagsOfConfig(params, { ...(c.httpDefaults ?? {}) }),
      };
      return [{
        kind: "process",
        engine: e.name,
        version: e.version,
        command: name,
        description: c.description,
        unit: p.unit ?? "step",
        lengthFlag,
        seeded,
        params: params.map(control),
        start,
      }];
    })
  );
