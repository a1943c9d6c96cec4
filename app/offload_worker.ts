/**
 * Web Worker body of {@link ./offload.ts}: runs one function command at a time off the HTTP
 * handler's thread. It loads only the engine a message names (one dynamic import per engine, kept
 * for the worker's life), checks that it is the engine the handler serves (name, version, a
 * function command of that name), runs the orchestrator's `runInvocation` and posts progress, then
 * the result or the failure (a library error by its tag and fields, so the handler answers it
 * exactly as it answers the same failure inline).
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { Cause, Effect, Exit } from "effect";
import { type EngineCli, type ProgressEvent, runInvocation } from "@neuroplastic/core/sim";
import type { OffloadReply, OffloadRequest } from "./offload.ts";

/** The engines a worker can load, each by a literal import so every bundler and `deno info` sees it. */
const loaders: { readonly [name: string]: () => Promise<{ cli: EngineCli }> } = {
  walk: () => import("@neuroplastic/engines/walk"),
  sorn: () => import("@neuroplastic/engines/sorn"),
  genreg: () => import("@neuroplastic/engines/genreg"),
  "hebbian-rnn": () => import("@neuroplastic/engines/hebbian-rnn"),
  lndp: () => import("@neuroplastic/engines/lndp"),
  rsgn: () => import("@neuroplastic/engines/rsgn"),
};

const loaded = new Map<string, Promise<EngineCli>>();

const reply = (m: OffloadReply): void => self.postMessage(m);

self.onmessage = async (e: MessageEvent<OffloadRequest>) => {
  const job = e.data;
  const load = Object.hasOwn(loaders, job.engine) ? loaders[job.engine] : undefined;
  if (!load) return reply({ type: "unknown", reason: `no worker module for ${job.engine}` });
  let engine: EngineCli;
  try {
    if (!loaded.has(job.engine)) loaded.set(job.engine, load().then((m) => m.cli));
    engine = await loaded.get(job.engine)!;
  } catch (err) {
    return reply({ type: "unknown", reason: `cannot load ${job.engine}: ${String(err)}` });
  }
  const cmd = Object.hasOwn(engine.commands, job.command)
    ? engine.commands[job.command]
    : undefined;
  if (engine.version !== job.version || !cmd || cmd.kind !== "function") {
    return reply({
      type: "unknown",
      reason: `${job.engine}@${job.version} ${job.command} differs`,
    });
  }
  const flag = new Int32Array(job.cancel);
  const exit = await Effect.runPromiseExit(
    runInvocation(engine, job.command, { configInput: job.configInput, options: job.options }, {
      progress: (ev: ProgressEvent) => reply({ type: "progress", ev }),
      // the request's abort, read from shared memory (this worker's event loop is busy meanwhile)
      signal: {
        get aborted() {
          return Atomics.load(flag, 0) === 1;
        },
      } as AbortSignal,
    }),
  );
  if (Exit.isSuccess(exit)) return reply({ type: "result", result: exit.value });
  const f = Cause.failureOption(exit.cause);
  if (f._tag === "Some") {
    const err = f.value as unknown as Record<string, unknown>;
    return reply({ type: "failure", tag: String(err._tag), fields: { ...err } });
  }
  const d = Cause.squash(exit.cause);
  reply({ type: "defect", message: d instanceof Error ? d.message : String(d) });
};
