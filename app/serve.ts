/**
 * The HTTP handler (Deno Deploy / `deno serve`): `export default { fetch }`.
 *
 * Routes:
 * - `GET /health` → `{ ok: true }`
 * - `GET /v1/engines` → names, versions, descriptions, commands and default configs
 * - `POST /v1/<engine>/<command>` for custom commands marked `http: true` (e.g. `sorn batch`,
 *   `genreg population`, which take `backend: cpu|gpu|auto`), body `{ "flags"?: {...}, "seed"?: N,
 *   "steps"?: N }`; file flags (`config`, `out`, `params`) are refused
 * - `POST /v1/<engine>/<process command>` (e.g. `/v1/sorn/run`, `/v1/hebbian-rnn/mode-c-train`) with `{ "config"?: {...}, "seed"?: N, "steps"?: N }` → the same result
 *   object as `np <engine> run --json`; with `Accept: application/x-ndjson` (or `?stream=1`) the
 *   response streams one progress line per chunk and ends with `{ "result": ... }`.
 *
 * Limits (all configurable through {@link makeHandler}): body size (413), steps per request,
 * wall-clock budget (422 naming `steps`), engine limits (422 naming the field), malformed JSON or
 * invalid UTF-8 (400), unknown route (404), wrong method (405). Never a 500 for bad input.
 *
 * @module
 */
import { Cause, Effect, Exit, Option, Stream } from "effect";
import { GpuUnavailable, InvalidConfig, NumericalDivergence } from "@neuroplastic/core/errors";
import { key } from "@neuroplastic/core/random";
import {
  advance,
  decodeConfig,
  type EngineCli,
  type EngineCommand,
  firstNonFinite,
  mergeConfig,
  type Process,
} from "@neuroplastic/core/sim";
import { stateHash } from "@neuroplastic/core/checkpoint";
import { engines } from "./registry.ts";

/** Handler limits. */
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
}

/**
 * Default limits: 256 KiB bodies, 100,000 steps, 20 s of wall clock per request.
 *
 * @example
 * ```ts
 * import { defaultLimits, makeHandler } from "@neuroplastic/app/serve";
 * const { fetch } = makeHandler(undefined, { ...defaultLimits, maxSteps: 1_000 });
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
 * Builds a handler over a registry of engines with the given limits.
 *
 * @example
 * ```ts ignore
 * import { makeHandler } from "./serve.ts";
 * Deno.serve({ port: 8000 }, makeHandler().fetch);
 * ```
 */
export const makeHandler = (
  registry: readonly EngineCli[] = engines,
  limits: HandlerLimits = defaultLimits,
): { fetch: (req: Request) => Promise<Response> } => {
  const enginesBody = registry.map((e) => ({
    name: e.name,
    version: e.version,
    description: e.description,
    commands: Object.keys(e.commands),
    httpCommands: httpCommands(e),
    defaults: e.commands.run?.kind === "process" ? e.commands.run.process.defaults : null,
    defaultSteps: e.commands.run?.kind === "process" ? e.commands.run.process.defaultSteps : null,
    processes: Object.fromEntries(
      Object.entries(e.commands).flatMap(([name, c]) =>
        c.kind === "process"
          ? [[name, { defaults: c.process.defaults, defaultSteps: c.process.defaultSteps }]]
          : []
      ),
    ),
  }));

  const run = async (
    req: Request,
    engine: EngineCli,
    url: URL,
    name = "run",
  ): Promise<Response> => {
    const cmd = Object.hasOwn(engine.commands, name) ? engine.commands[name] : undefined;
    if (!cmd || cmd.kind !== "process") {
      return problem(404, `${engine.name} has no ${name} command`);
    }
    const process = cmd.process as Process<unknown, unknown>;
    const body = await readBody(req, limits.maxBodyBytes);
    if (!isObject(body)) throw new HttpProblem(422, "body must be a JSON object", "(root)");
    for (const k of Object.keys(body)) {
      if (!["config", "seed", "steps"].includes(k)) {
        throw new HttpProblem(422, `unknown field ${k}; allowed: config, seed, steps`, k);
      }
    }
    if (body.config !== undefined && !isObject(body.config)) {
      throw new HttpProblem(422, "config must be a JSON object", "config");
    }
    const seed = intField(body, "seed", 0, Number.MAX_SAFE_INTEGER, 0);
    const steps = intField(
      body,
      "steps",
      0,
      limits.maxSteps,
      Math.min(process.defaultSteps, limits.maxSteps),
    );
    const decoded = Effect.runSyncExit(
      decodeConfig(process.config, mergeConfig(process.defaults, body.config ?? {})),
    );
    if (Exit.isFailure(decoded)) {
      const e = Cause.squash(decoded.cause) as InvalidConfig;
      throw new HttpProblem(422, e.message, `config.${e.field}`);
    }
    const config = decoded.value;
    const bad = process.limits?.(config) ?? process.httpLimits?.(config);
    if (bad) throw new HttpProblem(422, bad.message, `config.${bad.field}`);
    let state: unknown;
    try {
      state = process.init(config, key(seed));
    } catch (e) {
      if (e instanceof InvalidConfig) throw new HttpProblem(422, e.message, `config.${e.field}`);
      throw e;
    }
    const streaming = url.searchParams.get("stream") === "1" ||
      (req.headers.get("accept") ?? "").includes("application/x-ndjson");
    const deadline = performance.now() + limits.budgetMs;
    const t0 = performance.now();
    // Adaptive chunks of ~20 ms, so the budget is checked often and other requests get turns.
    const events = Stream.unfoldEffect({ step: 0, state, n: 1 }, (cur) =>
      Effect.gen(function* () {
        if (cur.step >= steps) return Option.none();
        if (performance.now() > deadline) {
          return yield* Effect.fail(
            new HttpProblem(
              422,
              `run exceeded the ${limits.budgetMs} ms budget at step ${cur.step}; ask for fewer steps`,
              "steps",
            ),
          );
        }
        const n = Math.min(cur.n, steps - cur.step);
        const c0 = performance.now();
        const next = advance(process, config, cur.state, n);
        const dt = performance.now() - c0;
        const bad = firstNonFinite(next, process);
        if (bad !== undefined) {
          return yield* Effect.fail(new NumericalDivergence({ step: cur.step + n, field: bad }));
        }
        yield* Effect.yieldNow();
        const grow = dt < 5 ? 2 * n : dt > 40 ? Math.max(1, Math.floor(n / 2)) : n;
        const ev = { step: cur.step + n, state: next };
        return Option.some([ev, { ...ev, n: grow }] as const);
      }));
    const finish = (last: { step: number; state: unknown }) => ({
      engine: engine.name,
      command: name,
      seed,
      steps: last.step,
      elapsedMs: Math.round((performance.now() - t0) * 1000) / 1000,
      stateHash: stateHash(last.state),
      ...process.summary(last.state, config),
    });
    if (!streaming) {
      const exit = await Effect.runPromiseExit(Stream.runLast(events));
      if (Exit.isFailure(exit)) throw Cause.squash(exit.cause);
      const last = exit.value._tag === "Some" ? exit.value.value : { step: 0, state };
      return json(200, finish(last));
    }
    const enc = new TextEncoder();
    const body2 = new ReadableStream<Uint8Array>({
      start: async (controller) => {
        let last: { step: number; state: unknown } = { step: 0, state };
        let lastSent = -Infinity;
        const exit = await Effect.runPromiseExit(
          Stream.runForEach(events, (ev) =>
            Effect.sync(() => {
              last = ev;
              const now = performance.now();
              if (now - lastSent < 100) return; // at most ~10 progress lines per second
              lastSent = now;
              controller.enqueue(
                enc.encode(JSON.stringify({ progress: { step: ev.step, total: steps } }) + "\n"),
              );
            })),
        );
        if (Exit.isSuccess(exit)) {
          controller.enqueue(enc.encode(JSON.stringify({ result: finish(last) }) + "\n"));
        } else {
          const e = Cause.squash(exit.cause);
          controller.enqueue(
            enc.encode(JSON.stringify({ error: errorText(e), field: errorField(e) }) + "\n"),
          );
        }
        controller.close();
      },
    });
    return new Response(body2, {
      status: 200,
      headers: { "content-type": "application/x-ndjson" },
    });
  };

  /** Flags that name files: never accepted over HTTP. */
  const FILE_FLAGS = ["config", "out", "params", "checkpoint-dir", "quiet", "json"];

  // POST /v1/<engine>/<command> for custom commands that opted in with `http: true`
  // (e.g. `sorn batch`, `genreg population` with `backend`): body `{ flags?, seed?, steps? }`.
  const runCustom = async (
    req: Request,
    engine: EngineCli,
    name: string,
    cmd: Extract<EngineCommand, { kind: "custom" }>,
  ): Promise<Response> => {
    const body = await readBody(req, limits.maxBodyBytes);
    if (!isObject(body)) throw new HttpProblem(422, "body must be a JSON object", "(root)");
    for (const k of Object.keys(body)) {
      if (!["flags", "seed", "steps"].includes(k)) {
        throw new HttpProblem(422, `unknown field ${k}; allowed: flags, seed, steps`, k);
      }
    }
    const raw = body.flags ?? {};
    if (!isObject(raw)) throw new HttpProblem(422, "flags must be a JSON object", "flags");
    const flags: Record<string, string | boolean> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (FILE_FLAGS.includes(k)) {
        throw new HttpProblem(422, `flag ${k} is not available over HTTP`, `flags.${k}`);
      }
      if (typeof v === "boolean") flags[k] = v;
      else if (
        (typeof v === "string" && v.length <= 1024) ||
        (typeof v === "number" && Number.isFinite(v))
      ) {
        const maxCount = limits.maxCount ?? 1024;
        if (Number(v) > maxCount) {
          throw new HttpProblem(
            422,
            `flag ${k} must be at most ${maxCount} over HTTP`,
            `flags.${k}`,
          );
        }
        flags[k] = String(v);
      } else {
        throw new HttpProblem(
          422,
          `flag ${k} must be a string (≤ 1024 chars), a finite number or a boolean`,
          `flags.${k}`,
        );
      }
    }
    const seed = intField(body, "seed", 0, Number.MAX_SAFE_INTEGER, 0);
    const steps = body.steps === undefined
      ? undefined
      : intField(body, "steps", 0, limits.maxSteps, 0);
    const t0 = performance.now();
    const exit = await Effect.runPromiseExit(
      cmd.run({ flags, positional: [], seed, steps, outDir: undefined, progress: () => {} }).pipe(
        Effect.timeoutFail({
          duration: limits.budgetMs,
          onTimeout: () =>
            new HttpProblem(422, `${name} exceeded the ${limits.budgetMs} ms budget`, "steps"),
        }),
      ),
    );
    if (Exit.isFailure(exit)) {
      const e = Cause.squash(exit.cause);
      if (e instanceof InvalidConfig) throw new HttpProblem(422, e.message, `flags.${e.field}`);
      if (e instanceof GpuUnavailable) throw new HttpProblem(422, e.message, "flags.backend");
      throw e;
    }
    const out = exit.value;
    return json(200, {
      engine: engine.name,
      command: name,
      seed,
      steps: out.steps,
      elapsedMs: Math.round((performance.now() - t0) * 1000) / 1000,
      ...(out.state !== undefined ? { stateHash: stateHash(out.state) } : {}),
      ...out.figures,
    });
  };

  const fetch = async (req: Request): Promise<Response> => {
    try {
      const url = new URL(req.url);
      const parts = url.pathname.split("/").filter(Boolean);
      if (parts.length === 1 && parts[0] === "health") {
        return req.method === "GET" ? json(200, { ok: true }) : problem(405, "use GET");
      }
      if (parts[0] !== "v1") return problem(404, `no route ${url.pathname}`);
      if (parts.length === 2 && parts[1] === "engines") {
        return req.method === "GET" ? json(200, { engines: enginesBody }) : problem(405, "use GET");
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
        if (cmd?.kind === "process") {
          if (req.method !== "POST") return problem(405, "use POST");
          return await run(req, engine, url, parts[2]);
        }
        if (!cmd || cmd.kind !== "custom" || !cmd.http) {
          return problem(
            404,
            `${engine.name} has no HTTP command ${parts[2]}; available: ${
              httpCommands(engine).join(", ")
            }`,
            "command",
          );
        }
        if (req.method !== "POST") return problem(405, "use POST");
        return await runCustom(req, engine, parts[2], cmd);
      }
      return problem(404, `no route ${url.pathname}`);
    } catch (e) {
      if (e instanceof HttpProblem) return problem(e.status, e.error, e.field);
      if (e instanceof NumericalDivergence) return problem(422, e.message, "config");
      if (e instanceof InvalidConfig) return problem(422, e.message, `config.${e.field}`);
      if (e instanceof RangeError) return problem(422, e.message);
      return problem(500, `internal error: ${errorText(e)}`);
    }
  };
  return { fetch };
};

const httpCommands = (e: EngineCli): string[] =>
  Object.entries(e.commands).flatMap(([name, c]) => c.kind === "process" || c.http ? [name] : []);

const errorText = (e: unknown): string =>
  e instanceof HttpProblem ? e.error : e instanceof Error ? e.message : String(e);
const errorField = (
  e: unknown,
): string | undefined => (e instanceof HttpProblem ? e.field : undefined);

/**
 * The default handler, for `deno serve app/serve.ts` and Deno Deploy.
 *
 * @example
 * ```ts ignore
 * import handler from "./serve.ts";
 * const res = await handler.fetch(new Request("http://x/health"));
 * ```
 */
const handler: { fetch: (req: Request) => Promise<Response> } = makeHandler();
export default handler;
