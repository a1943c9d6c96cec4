/**
 * `np sweep` — the command-line front of {@link ./sweep.ts}.
 *
 * @module
 */
import { Effect } from "effect";
import { InvalidConfig } from "@neuroplastic/core/errors";
import { stateHash } from "@neuroplastic/core/checkpoint";
import { progressReporter } from "@neuroplastic/core/sim";
import { expandSweep } from "./jobs.ts";
import type { EngineCli } from "@neuroplastic/core/sim";
import { consumeQueue, runSweepKv, runSweepWorkers } from "./sweep.ts";

const usage =
  "usage: np sweep <engine> --grid grid.json [--workers W] [--queue kv [--kv path]] [--out dir] [--json]\n" +
  "       np sweep consume --kv path [--idle-exit seconds]";

/**
 * Runs `np sweep ...`; returns the exit code.
 *
 * @example
 * ```ts ignore
 * import { sweepMain } from "./sweep_cli.ts";
 * await sweepMain(["walk"], { grid: "g.json" }, console.log, console.error, engines);
 * ```
 */
export const sweepMain = async (
  positional: readonly string[],
  flags: { readonly [k: string]: string | boolean },
  out: (s: string) => void,
  err: (s: string) => void,
  engines: readonly EngineCli[],
): Promise<number> => {
  const [target] = positional;
  if (!target) {
    err(usage);
    return 2;
  }
  if (target === "consume") {
    if (typeof flags.kv !== "string") {
      err("np sweep consume: --kv <path> is required");
      return 2;
    }
    const idle = flags["idle-exit"] === undefined ? Infinity : Number(flags["idle-exit"]) * 1000;
    await consumeQueue(flags.kv, engines, () =>
      new Promise((r) => {
        if (Number.isFinite(idle)) setTimeout(r, idle);
      }));
    return 0;
  }
  const engine = engines.find((e) => e.name === target);
  if (!engine) {
    err(
      `np sweep: unknown engine '${target}'. Known engines: ${
        engines.map((e) => e.name).join(", ")
      }`,
    );
    return 2;
  }
  if (typeof flags.grid !== "string") {
    err(`np sweep: --grid <file> is required\n${usage}`);
    return 2;
  }
  const workers = flags.workers === undefined ? 1 : Number(flags.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    err(`np sweep: --workers must be an integer in [1, 64]`);
    return 2;
  }
  const queue = flags.queue === undefined ? "workers" : String(flags.queue);
  if (queue !== "kv" && queue !== "workers") {
    err(`np sweep: --queue must be kv (or absent for Web Workers)`);
    return 2;
  }
  let jobs;
  try {
    jobs = expandSweep(engine, JSON.parse(Deno.readTextFileSync(flags.grid)));
  } catch (e) {
    if (e instanceof InvalidConfig) err(`np sweep: invalid grid: ${e.field}: ${e.message}`);
    else err(`np sweep: cannot read grid ${flags.grid}: ${(e as Error).message}`);
    return 2;
  }
  const outDir = typeof flags.out === "string" ? flags.out : undefined;
  if (outDir) Deno.mkdirSync(outDir, { recursive: true });
  const report = progressReporter({
    label: `sweep ${engine.name}`,
    unit: "job",
    write: (l) => flags.quiet ? undefined : err(l),
  });
  const t0 = performance.now();
  const sweepId = stateHash(jobs).slice(0, 16);
  const outcome = queue === "kv"
    ? await runSweepKv(
      typeof flags.kv === "string"
        ? flags.kv
        : outDir
        ? `${outDir}/sweep.sqlite3`
        : await Deno.makeTempFile({ suffix: ".sqlite3" }),
      sweepId,
      jobs,
      workers,
      report,
    )
    : await Effect.runPromise(runSweepWorkers(jobs, workers, report));
  const result = {
    engine: engine.name,
    command: "sweep",
    queue,
    workers,
    jobs: jobs.length,
    sweepId,
    redelivered: outcome.redelivered,
    elapsedMs: Math.round(performance.now() - t0),
    stateHash: stateHash(outcome.results.map((r) => r.stateHash)),
    results: outcome.results,
  };
  if (outDir) {
    Deno.writeTextFileSync(`${outDir}/sweep.json`, JSON.stringify(result, null, 2) + "\n");
  }
  if (flags.json) out(JSON.stringify(result));
  else {
    out(
      `${jobs.length} jobs on ${workers} ${
        queue === "kv" ? "KV-queue consumer(s)" : "worker(s)"
      } in ${result.elapsedMs} ms`,
    );
    for (const r of outcome.results) {
      const { id, seed, config, stateHash: h, engine: _e, command: _c, steps: _s, ...figs } = r;
      out(
        `${id} seed=${seed} ${JSON.stringify(config)} ${JSON.stringify(figs)} ${
          String(h).slice(0, 12)
        }`,
      );
    }
  }
  return 0;
};
