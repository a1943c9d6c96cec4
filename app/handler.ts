/**
 * `makeHandler(engines, limits?)`: the HTTP handler over the engines you give it, so a Deno Deploy
 * function that embeds one engine loads only that engine (`app/serve.ts` is the same handler
 * over every registered engine).
 *
 * Routes:
 * - `GET /health` → `{ ok: true }`
 * - `GET /v1/engines` → names, versions, descriptions, commands, and per served command its
 *   parameters (flag, type, range, default, unit, description)
 * - `POST /v1/<engine>/<command>` with `{ "config"?: {...}, "seed"?: N, "steps"?: N }` → the same
 *   result object as `np <engine> <command> --json`, run by the orchestrator; with
 *   `Accept: application/x-ndjson` (or `?stream=1`) the response streams progress lines as they
 *   happen and ends with `{ "result": ... }`. Stepping processes are served unless they opt out;
 *   one-shot commands only when they opt in (`http: true`).
 *
 * - `GET /` and `GET /<file>` → the built playground (`deno task web:build`), only when `web` names
 *   its folder
 *
 * Limits (a partial object merged over {@link defaultLimits}, checked when the handler is built):
 * body size (413), steps per request, wall-clock budget (422 naming `steps`), engine limits (422
 * naming the field), malformed JSON or invalid UTF-8 (400), unknown route (404), wrong method (405
 * with `Allow`). Never a 500 for bad input. CORS is off unless `cors` names the allowed origins.
 *
 * @module
 */
import { Cause, Effect, Exit } from "effect";
import { InvalidConfig, UsageError } from "@neuroplastic/core/errors";
import {
  codesOf,
  commandDefaults,
  commandParams,
  decodeCommandConfig,
  type EngineCli,
  type EngineCommand,
  isLibraryError,
  type Json,
  mergeConfig,
  type ProgressEvent,
  runInvocation,
  type RunOptions,
  type RunResult,
} from "@neuroplastic/core/sim";
import { runOffThread } from "./offload.ts";

/** Handler limits and options. */
export interface HandlerLimits {
  /** Maximum request body in bytes (default 256 KiB). */
  readonly maxBodyBytes: number;
  /** Maximum `steps` per request (default 100,000). */
  readonly maxSteps: number;
  /** Wall-clock budget per request in ms (default 20,000). */
  readonly budgetMs: number;
  /**
   * Largest numeric flag value a custom HTTP command accepts, e.g. `networks` or `population`
   * (default 1,024), so one request cannot ask for gigabytes of state.
   */
  readonly maxCount?: number;
  /**
   * Origins allowed to call the handler from a browser (`Access-Control-Allow-Origin`), `"*"` for
   * any; CORS headers are off when absent (the default).
   */
  readonly cors?: string | readonly string[];
  /**
   * Background jobs under `/v1/jobs`: a service built with `makeJobs(engines, { kvPath, ... })`
   * from `@neuroplastic/app/jobs_api` (Deno KV); off when absent, and then not loaded.
   */
  readonly jobs?: JobRoutes;
  /**
   * Folder of the built playground (`deno task web:build` → `out/web`), served at `/` (its
   * `index.html`) and `/<file>` for the files at its top level, read once when the handler is
   * built; off when absent (then `/` is a 404).
   */
  readonly web?: string;
}

/** What the handler needs of a job service (`makeJobs` in `app/jobs_api.ts` builds one). */
export interface JobRoutes {
  /** Answers a request under `/v1/jobs` (`rest`: the segments after `jobs`). */
  route(req: Request, rest: readonly string[], readJson: () => Promise<unknown>): Promise<Response>;
}

/**
 * Default limits: 256 KiB bodies, 100,000 steps, 20 s of wall clock per request, counts ≤ 1,024,
 * no CORS.
 *
 * @example
 * ```ts
 * import { defaultLimits, makeHandler } from "@neuroplastic/app/handler";
 * import { cli as walk } from "@neuroplastic/engines/walk";
 * const { fetch } = makeHandler([walk], { maxSteps: 1_000 });
 * const res = await fetch(new Request("http://localhost/health"));
 * console.log(defaultLimits.maxBodyBytes, res.status); // 262144 200
 * ```
 */
export const defaultLimits: HandlerLimits = {
  maxBodyBytes: 256 * 1024,
  maxSteps: 100_000,
  budgetMs: 20_000,
  maxCount: 1024,
};

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** 405 with the `Allow` header naming the method the route takes. */
const methodNotAllowed = (allow: string): Response =>
  new Response(JSON.stringify({ error: `use ${allow}` }), {
    status: 405,
    headers: { "content-type": "application/json", allow },
  });

const problem = (status: number, error: string, field?: string, detail?: string): Response =>
  json(status, { error, ...(field ? { field } : {}), ...(detail ? { detail } : {}) });

class HttpProblem {
  constructor(readonly status: number, readonly error: string, readonly field?: string) {}
}

const readBody = async (req: Request, max: number): Promise<unknown> => {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > max) throw new HttpProblem(413, `body exceeds ${max} bytes`);
  const reader = req.body?.getReader();
  if (!reader) return {};
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw new HttpProblem(413, `body exceeds ${max} bytes`);
    }
    chunks.push(value);
  }
  if (size === 0) return {};
  const bytes = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    bytes.set(c, off);
    off += c.length;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpProblem(400, "body is not valid UTF-8");
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpProblem(400, `body is not valid JSON: ${(e as Error).message}`);
  }
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const intField = (
  body: Record<string, unknown>,
  name: string,
  lo: number,
  hi: number,
  dflt: number,
): number => {
  const v = body[name];
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
    throw new HttpProblem(422, `${name} must be an integer in [${lo}, ${hi}]`, name);
  }
  return v;
};

/**
 * Merges partial limits over {@link defaultLimits} and checks them: a bad limit throws an
 * {@link InvalidConfig} naming it when the handler is built (never silently off).
 *
 * @example
 * ```ts
 * import { resolveLimits } from "@neuroplastic/app/handler";
 * console.log(resolveLimits({ maxSteps: 500 }).maxBodyBytes); // 262144
 * ```
 */
export const resolveLimits = (partial: Partial<HandlerLimits> = {}): HandlerLimits => {
  const known = ["maxBodyBytes", "maxSteps", "budgetMs", "maxCount", "cors", "jobs", "web"];
  for (const k of Object.keys(partial)) {
    if (!known.includes(k)) {
      throw new InvalidConfig({
        field: k,
        message: `unknown handler limit ${k}; allowed: ${known.join(", ")}`,
      });
    }
  }
  const l = { ...defaultLimits, ...partial };
  const positiveInt = (name: "maxBodyBytes" | "maxSteps" | "budgetMs" | "maxCount") => {
    const v = l[name];
    if (v === undefined || !Number.isInteger(v) || v < 1 || v > 1e12) {
      throw new InvalidConfig({
        field: name,
        message: `${name} must be an integer in [1, 1e12], got ${JSON.stringify(v)}`,
        allowed: "an integer in [1, 1e12]",
      });
    }
  };
  positiveInt("maxBodyBytes");
  positiveInt("maxSteps");
  positiveInt("budgetMs");
  positiveInt("maxCount");
  if (l.jobs !== undefined && typeof l.jobs?.route !== "function") {
    throw new InvalidConfig({
      field: "jobs",
      message: "jobs must be a job service: makeJobs(engines, { kvPath }) from app/jobs_api.ts",
    });
  }
  if (l.web !== undefined && typeof l.web !== "string") {
    throw new InvalidConfig({ field: "web", message: "web must be a folder path (out/web)" });
  }
  if (
    l.cors !== undefined &&
    !(typeof l.cors === "string" ||
      (Array.isArray(l.cors) && l.cors.every((o) => typeof o === "string")))
  ) {
    throw new InvalidConfig({
      field: "cors",
      message: 'cors must be an origin, "*" or a list of origins',
    });
  }
  return l;
};

/**
 * Builds a handler over the given engines (their `cli` descriptors) with partial limits merged
 * over the defaults.
 *
 * @example
 * ```ts
 * import { makeHandler } from "@neuroplastic/app/handler";
 * import { cli as walk } from "@neuroplastic/engines/walk";
 * const { fetch } = makeHandler([walk], { budgetMs: 5_000 });
 * const res = await fetch(new Request("http://localhost/v1/walk/run", { method: "POST", body: '{"steps":10}' }));
 * console.log(res.status, (await res.json()).steps); // 200 10
 * ```
 */
export const makeHandler = (
  registry: readonly EngineCli[],
  partialLimits: Partial<HandlerLimits> = {},
): { fetch: (req: Request) => Promise<Response> } => {
  const limits = resolveLimits(partialLimits);
  const jobs = limits.jobs;
  const web = limits.web === undefined ? undefined : staticFiles(limits.web);
  const enginesBody = registry.map((e) => ({
    name: e.name,
    version: e.version,
    description: e.description,
    commands: Object.keys(e.commands).filter((n) => !e.commands[n].hidden),
    httpCommands: httpCommands(e),
    specs: Object.fromEntries(
      httpCommands(e).map((name) => {
        const c = e.commands[name];
        return [name, {
          kind: c.kind,
          description: c.description,
          ...(c.kind === "process"
            ? { unit: c.process.unit ?? "step", defaultSteps: c.process.defaultSteps }
            : {}),
          params: commandParams(c),
        }];
      }),
    ),
  }));

  /**
   * `POST /v1/<engine>/<command>`, body `{ config?, seed?, steps? }`: the orchestrator runs the
   * command with the handler's limits, in ≤ 10 ms slices that yield to the event loop; the
   * request's abort signal cancels it.
   */
  const run = async (
    req: Request,
    engine: EngineCli,
    url: URL,
    name: string,
    cmd: EngineCommand,
  ): Promise<Response> => {
    const body = await readBody(req, limits.maxBodyBytes);
    if (!isObject(body)) throw new HttpProblem(422, "body must be a JSON object", "(root)");
    const isProcess = cmd.kind === "process";
    const seeded = isProcess ? cmd.process.seeded !== false : cmd.seeded === true;
    const allowed = [
      "config",
      ...(seeded ? ["seed"] : []),
      ...(isProcess && !cmd.process.length ? ["steps"] : []),
    ];
    for (const k of Object.keys(body)) {
      if (!allowed.includes(k)) {
        throw new HttpProblem(422, `unknown field ${k}; allowed: ${allowed.join(", ")}`, k);
      }
    }
    if (body.config !== undefined && !isObject(body.config)) {
      throw new HttpProblem(422, "config must be a JSON object", "config");
    }
    const seed = intField(body, "seed", 0, Number.MAX_SAFE_INTEGER, 0);
    const steps = isProcess
      ? intField(
        body,
        "steps",
        0,
        limits.maxSteps,
        Math.min(cmd.httpSteps ?? cmd.process.defaultSteps, limits.maxSteps),
      )
      : 0;
    // defaults ← the command's HTTP defaults (sized for one request) ← the request's config
    const decoded = requestConfig(cmd, body.config);
    if (!decoded.ok) throw new HttpProblem(422, decoded.error, decoded.field);
    const { configInput, config } = decoded;
    const bad = isProcess
      ? cmd.process.limits?.(config) ?? cmd.process.httpLimits?.(config)
      : cmd.httpLimits?.(config) ?? countLimit(cmd, config, limits.maxCount ?? 1024);
    if (bad) throw new HttpProblem(422, bad.message, `config.${bad.field}`);
    const streaming = url.searchParams.get("stream") === "1" ||
      (req.headers.get("accept") ?? "").includes("application/x-ndjson");
    const options: RunOptions = {
      seed,
      steps,
      force: false,
      records: [],
      stride: 1,
      workers: 1,
      budgetMs: limits.budgetMs,
    };
    const overBudget = (r: RunResult): HttpProblem | undefined =>
      r.stopped === "budget"
        ? new HttpProblem(
          422,
          `run exceeded the ${limits.budgetMs} ms budget at step ${
            r[`${String(r.unit)}s`]
          }; ask for fewer steps`,
          "steps",
        )
        : undefined;
    const execute = (progress?: (ev: ProgressEvent) => void) => {
      // function commands run in a Web Worker where there is one (app/offload.ts)
      const eff = (isProcess ? runInvocation : runOffThread)(
        engine,
        name,
        { configInput, options },
        {
          signal: req.signal,
          sliceMs: 10,
          yieldToEventLoop: true,
          progress,
        },
      );
      return isProcess ? eff : eff.pipe(
        Effect.timeoutFail({
          duration: limits.budgetMs,
          onTimeout: () =>
            new HttpProblem(422, `${name} exceeded the ${limits.budgetMs} ms budget`, "config"),
        }),
      );
    };
    if (!streaming) {
      const exit = await Effect.runPromiseExit(execute());
      if (Exit.isFailure(exit)) throw failureOf(exit.cause);
      const over = overBudget(exit.value);
      if (over) throw over;
      const { __text: _t, ...result } = exit.value as Record<string, Json>;
      return json(200, result);
    }
    const enc = new TextEncoder();
    const body2 = new ReadableStream<Uint8Array>({
      start: async (controller) => {
        let lastSent = -Infinity;
        const exit = await Effect.runPromiseExit(execute((ev) => {
          const now = performance.now();
          if (now - lastSent < 100 && ev.done < ev.total) return; // ≤ ~10 lines per second
          lastSent = now;
          try {
            controller.enqueue(
              enc.encode(
                JSON.stringify({ progress: { step: ev.done, total: ev.total, unit: ev.unit } }) +
                  "\n",
              ),
            );
          } catch { /* the client went away: the abort signal stops the run */ }
        }));
        try {
          if (Exit.isSuccess(exit) && !overBudget(exit.value)) {
            const { __text: _t, ...result } = exit.value as Record<string, Json>;
            controller.enqueue(enc.encode(JSON.stringify({ result }) + "\n"));
          } else {
            const e = Exit.isSuccess(exit) ? overBudget(exit.value) : failureOf(exit.cause);
            const p = problemOf(e);
            controller.enqueue(
              enc.encode(
                JSON.stringify({ error: p.error, field: p.field, status: p.status }) + "\n",
              ),
            );
          }
          controller.close();
        } catch { /* closed by the client */ }
      },
    });
    return new Response(body2, {
      status: 200,
      headers: { "content-type": "application/x-ndjson" },
    });
  };

  const fetch = async (req: Request): Promise<Response> => {
    try {
      const url = new URL(req.url);
      const parts = url.pathname.split("/").filter(Boolean);
      if (parts.length === 1 && parts[0] === "health") {
        return req.method === "GET" ? json(200, { ok: true }) : methodNotAllowed("GET");
      }
      const file = web && parts.length <= 1 ? web.get(parts[0] ?? "index.html") : undefined;
      if (file) {
        return req.method === "GET" || req.method === "HEAD"
          ? new Response(req.method === "HEAD" ? null : file.bytes, {
            headers: { "content-type": file.type, "cache-control": "no-cache" },
          })
          : methodNotAllowed("GET");
      }
      if (parts[0] !== "v1") return problem(404, `no route ${url.pathname}`);
      if (parts.length === 2 && parts[1] === "engines") {
        return req.method === "GET" ? json(200, { engines: enginesBody }) : methodNotAllowed("GET");
      }
      if (jobs && parts[1] === "jobs") {
        return await jobs.route(req, parts.slice(2), () => readBody(req, limits.maxBodyBytes));
      }
      if (parts.length === 3) {
        const engine = registry.find((e) => e.name === parts[1]);
        if (!engine) {
          return problem(
            404,
            `unknown engine ${parts[1]}; known: ${registry.map((e) => e.name).join(", ")}`,
            "engine",
          );
        }
        const cmd = Object.hasOwn(engine.commands, parts[2])
          ? engine.commands[parts[2]]
          : undefined;
        if (!cmd || !servedOverHttp(cmd)) {
          return problem(
            404,
            `${engine.name} has no HTTP command ${parts[2]}; available: ${
              httpCommands(engine).join(", ")
            }`,
            "command",
          );
        }
        if (req.method !== "POST") return methodNotAllowed("POST");
        return await run(req, engine, url, parts[2], cmd);
      }
      return problem(404, `no route ${url.pathname}`);
    } catch (e) {
      const p = problemOf(e);
      return problem(p.status, p.error, p.field);
    }
  };
  const allowOrigin = (req: Request): string | undefined => {
    if (limits.cors === undefined) return undefined;
    if (limits.cors === "*") return "*";
    const origin = req.headers.get("origin") ?? "";
    const list = typeof limits.cors === "string" ? [limits.cors] : limits.cors;
    return list.includes(origin) ? origin : undefined;
  };
  const withCors = async (req: Request): Promise<Response> => {
    const origin = allowOrigin(req);
    if (origin && req.method === "OPTIONS") {
      return new Response(null, {
        status: 204,
        headers: {
          "access-control-allow-origin": origin,
          "access-control-allow-methods": jobs ? "GET, POST, DELETE" : "GET, POST",
          "access-control-allow-headers": "content-type, accept",
          "access-control-max-age": "600",
          vary: "origin",
        },
      });
    }
    const res = await fetch(req);
    if (!origin) return res;
    const headers = new Headers(res.headers);
    headers.set("access-control-allow-origin", origin);
    headers.set("vary", "origin");
    return new Response(res.body, { status: res.status, headers });
  };
  return { fetch: limits.cors === undefined ? fetch : withCors };
};

// The JSON type of the signatures below, re-exported so that this entry point's documentation links it.
export type { Json } from "@neuroplastic/core/sim";

/** A decoded request config, or the 422 answer naming the field (`config.<field>`). */
export type RequestConfig =
  | { readonly ok: true; readonly configInput: Json; readonly config: unknown }
  | { readonly ok: false; readonly error: string; readonly field: string };

/**
 * The config of a request (a run or a background job): defaults ← the command's `httpDefaults`
 * (sized for one request) ← the request's `config`, decoded by the command's Schema.
 *
 * @example
 * ```ts
 * import { requestConfig } from "@neuroplastic/app/handler";
 * import { cli as walk } from "@neuroplastic/engines/walk";
 * const r = requestConfig(walk.commands.run, { particles: -3 });
 * console.log(r.ok ? "ok" : r.field); // config.particles
 * ```
 */
export const requestConfig = (cmd: EngineCommand, config: unknown): RequestConfig => {
  const configInput = mergeConfig(
    mergeConfig(commandDefaults(cmd), cmd.httpDefaults ?? {}),
    config ?? {},
  ) as Json;
  const decoded = Effect.runSyncExit(decodeCommandConfig(cmd, configInput));
  if (Exit.isSuccess(decoded)) return { ok: true, configInput, config: decoded.value };
  const e = Cause.squash(decoded.cause) as InvalidConfig;
  return {
    ok: false,
    error: e.message.replace(/^--[^:]+: /, `${e.field}: `),
    field: `config.${e.field}`,
  };
};

const TYPES: { readonly [ext: string]: string } = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  svg: "image/svg+xml",
  map: "application/json",
};

/** The files at the top level of the playground's folder, by name (read once). */
const staticFiles = (
  dir: string,
): Map<string, { bytes: Uint8Array<ArrayBuffer>; type: string }> => {
  const files = new Map<string, { bytes: Uint8Array<ArrayBuffer>; type: string }>();
  try {
    for (const e of Deno.readDirSync(dir)) {
      const ext = e.name.split(".").pop() ?? "";
      if (!e.isFile || !Object.hasOwn(TYPES, ext)) continue;
      files.set(e.name, { bytes: Deno.readFileSync(`${dir}/${e.name}`), type: TYPES[ext] });
    }
  } catch (e) {
    throw new InvalidConfig({ field: "web", message: `web: cannot read ${dir}: ${String(e)}` });
  }
  if (!files.has("index.html")) {
    throw new InvalidConfig({
      field: "web",
      message: `web: ${dir} has no index.html (build it with deno task web:build)`,
    });
  }
  return files;
};

/** Processes are served unless they opt out (`http: false`); functions only when they opt in. */
const servedOverHttp = (c: EngineCommand): boolean =>
  !c.hidden && (c.kind === "process" ? c.http !== false : c.http === true);

const httpCommands = (e: EngineCli): string[] =>
  Object.entries(e.commands).flatMap(([name, c]) => (servedOverHttp(c) ? [name] : []));

/** The failure of an Exit's cause (a typed failure, else the defect). */
const failureOf = (cause: Cause.Cause<unknown>): unknown => {
  const f = Cause.failureOption(cause);
  return f._tag === "Some" ? f.value : Cause.squash(cause);
};

/**
 * One answer per failure, from the shared table (`ERROR_CODES`): status, message and the field
 * at fault. Defects answer 500 without their stack.
 */
const problemOf = (e: unknown): { status: number; error: string; field?: string } => {
  if (e instanceof HttpProblem) return { status: e.status, error: e.error, field: e.field };
  if (e instanceof InvalidConfig) {
    return {
      status: 422,
      error: e.message.replace(/^--[^:]+: /, `${e.field}: `),
      field: `config.${e.field}`,
    };
  }
  if (e instanceof UsageError) return { status: 400, error: e.message, field: e.flag };
  if (isLibraryError(e)) {
    return {
      status: codesOf(e).http,
      error: e.message,
      field: e._tag === "GpuUnavailable"
        ? "config.backend"
        : e._tag === "NumericalDivergence"
        ? "config"
        : undefined,
    };
  }
  return { status: 500, error: `internal error: ${e instanceof Error ? e.message : String(e)}` };
};

/** Over HTTP, integer parameters of a function may not exceed `max` (unless their default does). */
const countLimit = (
  cmd: EngineCommand,
  config: unknown,
  max: number,
): InvalidConfig | undefined => {
  for (const p of commandParams(cmd)) {
    if (p.kind !== "int") continue;
    let v: unknown = config;
    for (const k of p.path) v = (v as Record<string, unknown> | undefined)?.[k];
    const dflt = typeof p.default === "number" ? p.default : 0;
    if (typeof v === "number" && v > Math.max(max, dflt)) {
      return new InvalidConfig({
        field: p.field,
        message: `${p.field} must be at most ${Math.max(max, dflt)} over HTTP`,
        allowed: `≤ ${Math.max(max, dflt)}`,
      });
    }
  }
  return undefined;
};
